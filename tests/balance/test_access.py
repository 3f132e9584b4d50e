"""Who reads a leader's balance, in the pages and the API: the leader and the line above, and
nobody else: not the leader's sellers, not a peer, not an administrator as such, and nobody
below a leader has a balance of their own. After a reorganisation the line is today's: the old
director no longer reads it, the new one does."""

import pytest
from django.utils import timezone

from leadwell.identity.services import user_create
from leadwell.org import services as org

from ..conftest import PASSWORD, PERSONA_KEYS, api_client

pytestmark = pytest.mark.django_db

# Lena's balance: hers and Dana's, who leads the leadership team Lena is on.
READS_LENA = {"leader", "director"}
# Who has a balance of their own at /balance/: the leaders (a director has the list).
HAS_OWN = {"leader", "other_leader"}


def lenas_page(personas) -> str:
    return f"/balance/leaders/{personas.leader.pk}/"


def lenas_api(personas) -> str:
    return f"/api/v1/balance/leaders/{personas.leader.pk}"


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_lenas_balance_page_is_read_by_lena_and_her_director_only(personas, viewer):
    response = personas.client(viewer).get(lenas_page(personas))
    if viewer == "leader":
        # Her own is at /balance/.
        assert response.status_code == 302 and response.url == "/balance/"
        return
    assert response.status_code == (200 if viewer in READS_LENA else 404), viewer
    if viewer == "director":
        assert "Balance: Lena Hart" in response.content.decode()


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_lenas_balance_in_the_api_is_read_by_lena_and_her_director_only(personas, viewer):
    response = personas.api(viewer).get(lenas_api(personas))
    assert response.status_code == (200 if viewer in READS_LENA else 404), viewer
    if viewer in READS_LENA:
        assert response.json()["leader"]["name"] == "Lena Hart"


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_balance_home_is_a_leaders_own_a_directors_list_and_nobody_elses(personas, viewer):
    response = personas.client(viewer).get("/balance/")
    if viewer in HAS_OWN:
        assert response.status_code == 200
        assert "Your balance" in response.content.decode()
    elif viewer == "director":
        assert response.status_code == 200
        page = response.content.decode()
        assert "Your leaders' balance" in page
        assert "Lena Hart" in page and "Owen Clarke" in page
    else:
        # A seller, their leader's own sellers included, and an administrator on no team.
        assert response.status_code == 404, viewer


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_ones_own_balance_in_the_api_is_a_leaders(personas, viewer):
    response = personas.api(viewer).get("/api/v1/balance")
    if viewer in {"seller", "seller2", "other_seller", "admin", "director"}:
        # A director reads their leaders' (/api/v1/balance/leaders), as on the page.
        assert response.status_code == 404, viewer
    else:
        assert response.status_code == 200, viewer
        me = getattr(personas, viewer)
        assert response.json()["leader"]["id"] == me.pk


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_leaders_list_in_the_api_is_a_directors_and_empty_for_everyone_else(personas, viewer):
    response = personas.api(viewer).get("/api/v1/balance/leaders")
    assert response.status_code == 200
    names = [row["leader"]["name"] for row in response.json()]
    assert names == (["Lena Hart", "Owen Clarke"] if viewer == "director" else []), viewer


def test_a_peer_leader_reads_neither_lenas_page_nor_her_api_and_the_refusal_names_nothing(
    personas,
):
    page = personas.client("other_leader").get(lenas_page(personas))
    api = personas.api("other_leader").get(lenas_api(personas))
    assert page.status_code == api.status_code == 404
    assert "Lena" not in page.content.decode() and "Lena" not in api.content.decode()


def test_a_seller_has_no_balance_even_at_their_own_address(personas):
    sam = personas.seller
    assert personas.client("seller").get(f"/balance/leaders/{sam.pk}/").status_code == 302
    assert personas.api("seller").get(f"/api/v1/balance/leaders/{sam.pk}").status_code == 404
    # Their leader reads them as a person, but a seller leads no team: no balance.
    assert personas.client("leader").get(f"/balance/leaders/{sam.pk}/").status_code == 404
    assert personas.api("leader").get(f"/api/v1/balance/leaders/{sam.pk}").status_code == 404


def test_a_leader_does_not_read_their_directors_balance(personas):
    dana = personas.director
    assert personas.client("leader").get(f"/balance/leaders/{dana.pk}/").status_code == 404
    assert personas.api("leader").get(f"/api/v1/balance/leaders/{dana.pk}").status_code == 404


def test_an_unknown_person_is_a_404_like_any_other(personas):
    assert personas.client("director").get("/balance/leaders/999999/").status_code == 404
    assert personas.api("director").get("/api/v1/balance/leaders/999999").status_code == 404


def test_nobody_signed_out_reads_a_balance(personas, client):
    response = client.get(lenas_page(personas))
    assert response.status_code == 302 and "/signin/" in response.url
    assert client.get(lenas_api(personas)).status_code == 401


# -- After a reorganisation -------------------------------------------------------------------


@pytest.fixture
def rita(personas):
    """Lena moves today into the West leadership team, which Rita leads."""
    rita = org.person_create(name="Rita Vance", email="rita.vance@example.com", title="Director")
    user_create(email=rita.email, password=PASSWORD)
    rita.refresh_from_db()
    west = org.team_create(name="West Leadership", office=personas.leadership.office)
    today = timezone.localdate()
    org.person_lead_team(person=rita, team=west, on=today)
    org.person_move(person=personas.leader, team=west, on=today)
    return rita


def test_after_lena_moves_her_old_director_no_longer_reads_her_balance(personas, rita):
    dana_page = personas.client("director").get("/balance/")
    assert dana_page.status_code == 200
    assert "Lena Hart" not in dana_page.content.decode()
    assert "Owen Clarke" in dana_page.content.decode()
    assert personas.client("director").get(lenas_page(personas)).status_code == 404
    assert personas.api("director").get(lenas_api(personas)).status_code == 404
    listed = personas.api("director").get("/api/v1/balance/leaders").json()
    assert [row["leader"]["name"] for row in listed] == ["Owen Clarke"]


def test_after_lena_moves_her_new_director_reads_her_balance(personas, rita):
    client = personas.client("director")
    client.force_login(rita.user)
    home = client.get("/balance/")
    assert home.status_code == 200
    assert f'href="/balance/leaders/{personas.leader.pk}/"' in home.content.decode()
    assert client.get(lenas_page(personas)).status_code == 200
    api = api_client(rita.user)
    assert api.get(lenas_api(personas)).status_code == 200
    listed = api.get("/api/v1/balance/leaders").json()
    assert [row["leader"]["name"] for row in listed] == ["Lena Hart"]


def test_after_lena_moves_she_still_reads_her_own_and_her_sellers_still_do_not(personas, rita):
    assert personas.client("leader").get("/balance/").status_code == 200
    for seller in ("seller", "seller2"):
        assert personas.client(seller).get(lenas_page(personas)).status_code == 404
        assert personas.api(seller).get(lenas_api(personas)).status_code == 404

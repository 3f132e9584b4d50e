"""Who reads the signals, in the pages and the API, for every persona: a signal about a person
is their management line's; nobody reads one about themselves, a peer or anyone else, and
administrators read none."""

import pytest

from leadwell.metrics.compute import recompute

from ..conftest import PERSONA_KEYS
from .conftest import called_and_booked

pytestmark = pytest.mark.django_db

# Sam's line: Lena leads his team, Dana leads Lena's.
READS_SAM = {"leader", "director"}
READS_LENA = {"director"}
HAS_A_BOARD = {"leader", "other_leader", "director"}


@pytest.fixture
def sandbagging_sam(personas, quarters):
    for quarter in quarters[-6:]:
        called_and_booked(personas.seller, quarter, called=70_000, booked=100_000)
    recompute()
    return personas.seller


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_signals_page_opens_for_leaders_and_directors_only(personas, sandbagging_sam, viewer):
    response = personas.client(viewer).get("/signals/")
    assert response.status_code == (200 if viewer in HAS_A_BOARD else 404)
    page = response.content.decode()
    shows_sam = "Sam Ortiz" in page and "Consistently low" in page
    assert shows_sam is (viewer == "leader")


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_sellers_signal_page_is_read_by_their_line_and_by_nobody_else(
    personas, sandbagging_sam, viewer
):
    response = personas.client(viewer).get(f"/signals/people/{sandbagging_sam.pk}/")
    if viewer == "seller":
        assert response.status_code == 302 and response.url == "/signals/"
        assert personas.client(viewer).get(response.url).status_code == 404
        return
    assert response.status_code == (200 if viewer in READS_SAM else 404)
    if viewer in READS_SAM:
        assert "Consistently low" in response.content.decode()


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_leaders_signal_page_is_read_by_their_director_and_shows_their_sellers(
    personas, sandbagging_sam, viewer
):
    response = personas.client(viewer).get(f"/signals/people/{personas.leader.pk}/")
    expected = 302 if viewer == "leader" else 200 if viewer in READS_LENA else 404
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Lena Hart" in page and "Sam Ortiz" in page and "Consistently low" in page


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_signals_api_answers_a_persons_line_and_404_to_everyone_else(
    personas, sandbagging_sam, viewer
):
    api = personas.api(viewer)
    one = api.get(f"/api/v1/signals/people/{sandbagging_sam.pk}")
    assert one.status_code == (200 if viewer in READS_SAM else 404)
    if viewer in READS_SAM:
        assert one.json()["own"]["consistently_low"] is True
        assert one.json()["own"]["low"] == 6
    board = api.get("/api/v1/signals")
    assert board.status_code == 200
    named = {signal["person"]["name"] for signal in board.json()["reports"]}
    assert ("Sam Ortiz" in named) is (viewer == "leader")
    if viewer not in HAS_A_BOARD:
        assert board.json()["reports"] == []


def test_the_lead_up_hub_links_the_signals_for_a_leader_and_a_director(personas):
    for viewer in ("leader", "director"):
        page = personas.client(viewer).get("/lead-up/").content.decode()
        assert 'href="/signals/"' in page

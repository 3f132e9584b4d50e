import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadwell.org import services

from .conftest import ORG_START

pytestmark = pytest.mark.django_db


def page(client: Client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def hire_sellers(team, count: int, prefix: str = "Extra") -> None:
    for i in range(count):
        person = services.person_create(name=f"{prefix} Seller {i:03d}", title="Account Executive")
        services.person_join_team(person=person, team=team, on=ORG_START)


def test_a_leader_sees_their_teams_and_people_on_their_home_page(personas):
    html = page(personas.client("leader"), reverse("home"))
    assert "My teams and people" in html
    assert "Boston Enterprise" in html and "Sam Ortiz" in html and "Sofia Berg" in html
    assert "Omar Reyes" not in html  # on another leader's team
    assert "You report to <strong>Dana Whitfield</strong>" in html


def test_a_seller_sees_themselves_and_their_manager(personas):
    html = page(personas.client("seller"), reverse("home"))
    assert "My manager" in html and "Lena Hart" in html
    assert "Sofia Berg" in html  # a teammate by name
    assert f'href="{reverse("person", args=[personas.seller2.pk])}"' not in html


def test_a_director_sees_their_leaders_and_their_teams(personas):
    html = page(personas.client("director"), reverse("home"))
    assert "My leaders and their teams" in html
    for name in [
        "Lena Hart",
        "Owen Clarke",
        "Boston Enterprise",
        "Denver Mid-Market",
        "Omar Reyes",
    ]:
        assert name in html


def test_an_administrator_sees_the_organisation_and_the_way_to_manage_it(personas):
    html = page(personas.client("admin"), reverse("home"))
    assert "7 people" in html and "3 teams" in html
    assert reverse("admin:index") in html


def test_the_navigation_offers_administration_to_administrators_only(personas):
    assert "Administration</a>" in page(personas.client("admin"), reverse("home"))
    assert "Administration</a>" not in page(personas.client("leader"), reverse("home"))


def test_an_account_with_no_person_gets_a_clear_empty_state(db, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("lonely@example.com", "x" * 20))
    assert "not linked to a person" in page(client, reverse("home"))


def test_the_directory_finds_people_by_name_title_or_email(personas):
    client = personas.client("leader")
    html = page(client, reverse("directory"), q="berg")
    assert "Sofia Berg" in html and "Sam Ortiz" not in html
    assert "Omar Reyes" in page(client, reverse("directory"), q="OMAR.REYES@")
    assert "Nobody matches" in page(client, reverse("directory"), q="zzz")


def test_the_directory_search_answers_htmx_with_just_the_rows(personas):
    response = personas.client("leader").get(
        reverse("directory"), {"q": "sam"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Sam Ortiz" in html and "<html" not in html


def test_the_directory_is_paginated(personas):
    hire_sellers(personas.denver, 60)
    client = personas.client("leader")
    first = page(client, reverse("directory"))
    assert "Page 1 of 2" in first and "67 in all" in first
    second = page(client, reverse("directory"), page=2)
    assert "Sofia Berg" in second or "Sam Ortiz" in second
    assert "Page 2 of 2" in page(client, reverse("directory"), page=99)  # past the end: last page


@pytest.mark.parametrize("url_name", ["home", "directory", "org-chart"])
def test_query_count_does_not_grow_with_the_number_of_people(personas, url_name):
    for key in ["leader", "director", "admin"]:
        client = personas.client(key)
        small = queries_for(client, reverse(url_name))
        hire_sellers(personas.boston, 25, prefix=f"{key} {url_name}")
        assert queries_for(client, reverse(url_name)) == small, key


def test_team_page_query_count_does_not_grow_with_its_members(personas):
    client = personas.client("leader")
    url = reverse("team", args=[personas.boston.pk])
    small = queries_for(client, url)
    hire_sellers(personas.boston, 30)
    assert queries_for(client, url) == small


def test_the_person_page_shows_reporting_line_reports_and_history(personas):
    services.person_join_team(
        person=personas.seller2, team=personas.denver, on=ORG_START.replace(year=2025)
    )
    html = page(personas.client("director"), reverse("person", args=[personas.seller2.pk]))
    assert "Owen Clarke" in html and "Dana Whitfield" in html
    assert "Boston Enterprise" in html and "Denver Mid-Market" in html  # old and new team
    leader_page = page(personas.client("leader"), reverse("person", args=[personas.leader.pk]))
    assert "Direct reports" in leader_page and "Sam Ortiz" in leader_page


def test_the_org_chart_shows_the_management_tree(personas):
    html = page(personas.client("seller"), reverse("org-chart")).split('<ul class="tree">')[1]
    director_at = html.index("Dana Whitfield")
    assert director_at < html.index("Lena Hart") < html.index("Sam Ortiz")
    assert "Denver Mid-Market" in html


def test_the_org_chart_has_an_empty_state(db, django_user_model):
    client = Client()
    client.force_login(
        django_user_model.objects.create_user("first@example.com", "x" * 20, is_staff=True)
    )
    assert "No teams yet" in page(client, reverse("org-chart"))


def test_an_unknown_address_gets_a_product_404_page(personas):
    response = personas.client("seller").get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()

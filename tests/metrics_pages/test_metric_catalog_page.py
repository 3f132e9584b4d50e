"""The metric catalog page: every metric's name, definition, unit, direction and roll-up, for
everyone signed in, linked from every scorecard row."""

import html as html_lib

import pytest
from django.urls import reverse

from leadwell.metrics import catalog
from tests.conftest import PERSONA_KEYS
from tests.metrics_pages.test_scorecard_pages import page, results  # noqa: F401

CATALOG = "/metrics/catalog/"


def entry(html: str, key: str) -> str:
    """The catalog's card of one metric."""
    start = html.index(f'id="{key}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_the_catalog_lists_every_metric_with_its_unit_direction_and_roll_up(personas, settings):
    settings.LEADWELL_CURRENCY = "EUR"
    response = personas.client("seller").get(CATALOG)
    assert response.status_code == 200
    html = html_lib.unescape(response.content.decode())
    for metric in catalog.METRICS:
        card = entry(html, metric.key)
        assert metric.name in card and metric.definition in card
        assert catalog.UNIT_WORDS[metric.unit] in card
        assert catalog.DIRECTION_WORDS[metric.direction] in card
        assert catalog.ROLLUP_WORDS[metric.rollup] in card
    assert "Money, in the reporting currency (EUR)" in entry(html, "bookings")
    assert "Lower is better" in entry(html, "sales_cycle_days")
    assert "Recomputed" in entry(html, "win_rate") and "Added up" in entry(html, "bookings")
    assert "Prospecting" in entry(html, "pipeline_created")  # the diagnostic map's causes


@pytest.mark.django_db
def test_every_persona_signed_in_may_open_the_catalog(personas):
    for viewer in PERSONA_KEYS:
        assert personas.client(viewer).get(CATALOG).status_code == 200, viewer


@pytest.mark.django_db
def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(CATALOG)
    assert response.status_code == 302
    assert response.url.startswith(reverse("signin"))


@pytest.mark.django_db
def test_every_scorecard_row_links_its_metric_to_the_catalog(results):  # noqa: F811
    link = f'href="{CATALOG}#win_rate"'
    person = results.client("seller").get(page("person", results.seller.pk)).content.decode()
    for metric in catalog.METRICS:
        assert f'href="{CATALOG}#{metric.key}"' in person, metric.key
    team = results.client("leader").get(page("team", results.boston.pk)).content.decode()
    office = results.client("director").get(page("office", results.boston_office.pk))
    org = results.client("director").get(page("org")).content.decode()
    gaps = results.client("seller").get(page("gaps", results.seller.pk)).content.decode()
    for html in (team, office.content.decode(), org, gaps):
        assert link in html


@pytest.mark.django_db
def test_the_footer_leads_to_the_catalog(personas):
    html = personas.client("seller").get(reverse("home")).content.decode()
    assert f'href="{CATALOG}"' in html

"""The scorecard, gap, deals, target and export pages: who may open them, what they show, and
that their query counts do not grow with the sellers or deals shown."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target, TeamSettings
from leadwell.org import services as org_services
from leadwell.org.models import Office
from tests.conftest import ORG_START, PERSONA_KEYS, deal

PERIOD = "2025-Q2"
Q2 = datetime.date(2025, 4, 1)

# Who may open a seller's scorecard: the seller and their management line, never peers, the
# other team, or an administrator as such.
LINE = {
    "seller": {"seller", "leader", "director"},
    "seller2": {"seller2", "leader", "director"},
    "other_seller": {"other_seller", "other_leader", "director"},
}


# Deals here are created 40 days before they close.
CYCLE = 40


@pytest.fixture
def results(personas):
    """Sam won two of three deals in 2025-Q2 against a quota of 100,000; Sofia won one; Omar,
    on the other team, won one."""
    day = Q2 + datetime.timedelta(days=20)
    deal(personas.seller, "won", 30_000, day, cycle_days=CYCLE, name="Deal Sam Ortiz 1")
    deal(personas.seller, "won", 20_000, day, cycle_days=CYCLE, name="Deal Sam Ortiz 2")
    deal(personas.seller, "lost", 10_000, day, cycle_days=CYCLE, name="Deal Sam Ortiz 3")
    deal(personas.seller2, "won", 77_777, day, cycle_days=CYCLE, name="Deal Sofia Berg 1")
    deal(personas.other_seller, "won", 5_000, day, cycle_days=CYCLE)
    deal(personas.seller, "open", 40_000, day + datetime.timedelta(days=30), cycle_days=CYCLE)
    Quota.objects.create(
        person=personas.seller, period_kind="quarter", period_start=Q2, amount=100_000
    )
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.8, valid_from=Q2)
    recompute(today=datetime.date(2025, 11, 1))
    return personas


def page(name: str, *args) -> str:
    return reverse(f"metrics:{name}", args=args) + f"?period={PERIOD}"


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["person", "gaps", "deals", "person_targets"])
def test_a_sellers_scorecard_pages_open_only_for_the_seller_and_their_line(results, view):
    for subject, allowed in LINE.items():
        person = getattr(results, subject)
        for viewer in PERSONA_KEYS:
            response = results.client(viewer).get(page(view, person.pk))
            expected = 200 if viewer in allowed else 404
            assert response.status_code == expected, (view, viewer, subject)
            if expected == 404:
                assert f"of {person.name}" not in response.content.decode()


@pytest.mark.django_db
def test_the_sellers_scorecard_shows_figures_targets_gaps_and_trend_charts(results):
    html = results.client("seller").get(page("person", results.seller.pk)).content.decode()
    assert "Scorecard of Sam Ortiz" in html
    assert "50,000" in html  # bookings: 30,000 + 20,000 won in the quarter
    assert "100,000" in html  # the quota is the bookings target
    assert "66.7%" in html  # win rate: two of three decided deals
    assert "80.0%" in html and "team standard" in html  # the team's win-rate standard
    assert "short by 13.3 pp" in html
    assert html.count("<svg") >= 4  # trend charts, server-rendered
    assert "<script" not in html.split("</head>")[1]  # the charts carry no script
    assert "/static/metrics/charts.css" in html.split("</head>")[0]  # nor their own styles


@pytest.mark.django_db
def test_a_yearly_scorecard_charts_only_the_years_with_figures(results):
    url = reverse("metrics:person", args=[results.seller.pk]) + "?period=FY2025"
    html = results.client("leader").get(url).content.decode()
    assert "<h2>Trend by year</h2>" in html
    # Eight years back are asked for; only FY2025 has figures, so each chart names it alone.
    assert set(re.findall(r'class="major">(FY\d{4})</text>', html)) == {"FY2025"}


@pytest.mark.django_db
def test_the_deals_behind_bookings_are_the_won_deals_of_the_period(results):
    url = reverse("metrics:deals", args=[results.seller.pk]) + f"?period={PERIOD}&metric=bookings"
    html = results.client("leader").get(url).content.decode()
    assert "Deal Sam Ortiz 1" in html and "Deal Sam Ortiz 2" in html
    assert "Deal Sam Ortiz 3" not in html  # lost
    assert "Deal Sofia Berg 1" not in html  # someone else's


@pytest.mark.django_db
def test_the_gap_page_lists_gaps_with_root_causes_and_splits_the_bookings_gap(results):
    html = results.client("leader").get(page("gaps", results.seller.pk)).content.decode()
    assert '#win_rate" title="What win rate measures">Win rate</a>: 66.7% against 80.0%' in html
    assert "Qualification" in html  # from the diagnostic map
    assert "short by 50,000" in html  # bookings against the quota
    assert "Short by 13.3 pp" in html  # a difference of percentages, in percentage points
    for driver in ["Volume of deals decided", "Win rate", "Average deal size"]:
        assert driver in html
    assert "explains most" in html


@pytest.mark.django_db
def test_the_leader_sees_each_sellers_line_and_a_member_sees_only_totals_and_wins(results):
    url = page("team", results.boston.pk)
    leader = results.client("leader").get(url).content.decode()
    assert "Sam Ortiz" in leader and "Sofia Berg" in leader
    assert "1 gap" in leader or "gaps" in leader
    assert "77,777" in leader  # Sofia's bookings on her line
    member = results.client("seller").get(url).content.decode()
    assert "Team totals" in member
    assert "127,777" in member  # the team's bookings
    assert "Sofia Berg</strong> won 1 deal" in member  # recognition of wins
    assert "77,777" not in member  # but not a peer's own figures
    # The page's CSRF token is random letters: it is left out, so it never spells "gap".
    words = re.sub(r"[A-Za-z0-9]{32,}", "", member).lower().replace("gaps are private", "")
    assert "gap" not in words
    for outsider in ["other_seller", "other_leader", "admin"]:
        assert results.client(outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_a_public_ranking_is_off_until_the_leader_turns_it_on(results):
    url = page("team", results.boston.pk)
    assert "Ranking by bookings" not in results.client("seller").get(url).content.decode()
    refused = results.client("seller").post(
        reverse("metrics:team_ranking", args=[results.boston.pk]), {"public_ranking": "on"}
    )
    assert refused.status_code == 404
    results.client("leader").post(
        reverse("metrics:team_ranking", args=[results.boston.pk]), {"public_ranking": "on"}
    )
    assert TeamSettings.objects.get(team=results.boston).public_ranking
    html = results.client("seller").get(url).content.decode()
    assert "Ranking by bookings" in html and "77,777" in html


@pytest.mark.django_db
def test_office_and_organisation_scorecards_roll_up_for_the_director(results):
    north_america = Office.objects.get(name="North America")
    html = results.client("director").get(page("office", north_america.pk)).content.decode()
    assert "132,777" in html  # every team's bookings
    assert "Boston office" in html and "Denver office" in html  # drill down
    org = results.client("director").get(page("org")).content.decode()
    assert "132,777" in org
    for viewer in ["leader", "seller", "other_leader", "admin"]:
        assert results.client(viewer).get(page("org")).status_code == 404
    assert results.client("leader").get(page("office", north_america.pk)).status_code == 404
    boston = results.client("leader").get(page("office", results.boston_office.pk))
    assert boston.status_code == 200


@pytest.mark.django_db
def test_scorecards_home_takes_each_role_to_its_own_scorecard(results):
    def landing(viewer: str) -> str:
        return results.client(viewer).get(reverse("metrics:home"))["Location"]

    assert landing("director") == reverse("metrics:org")
    assert landing("leader") == reverse("metrics:team", args=[results.boston.pk])
    assert landing("seller") == reverse("metrics:person", args=[results.seller.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_exactly_what_the_viewer_may_see(results, fmt):
    def export(viewer: str, scope: str, scope_id: int) -> tuple[int, str]:
        url = reverse("metrics:export", args=[scope, scope_id, fmt]) + f"?period={PERIOD}"
        response = results.client(viewer).get(url)
        if response.status_code != 200:
            return response.status_code, ""
        if fmt == "csv":
            return 200, response.content.decode()
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return 200, "\n".join(
            ",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)
        )

    status, text = export("seller", "person", results.seller.pk)
    assert status == 200 and "Sam Ortiz" in text and "50000" in text.replace(".0", "")
    assert export("seller2", "person", results.seller.pk)[0] == 404
    assert export("admin", "person", results.seller.pk)[0] == 404
    _, leader_view = export("leader", "team", results.boston.pk)
    assert "Sofia Berg" in leader_view  # each seller's line for the leader
    _, member_view = export("seller", "team", results.boston.pk)
    assert "Boston Enterprise" in member_view and "Sofia Berg" not in member_view
    assert export("other_seller", "team", results.boston.pk)[0] == 404
    assert export("leader", "org", 0)[0] == 404


@pytest.mark.django_db
def test_an_exported_name_that_looks_like_a_formula_is_neutralised(results):
    results.seller.name = "=HYPERLINK(evil)"
    results.seller.save()
    url = reverse("metrics:export", args=["person", results.seller.pk, "csv"]) + f"?period={PERIOD}"
    rows = list(csv.reader(io.StringIO(results.client("leader").get(url).content.decode())))
    assert any("'=HYPERLINK(evil)" in row for row in rows)
    assert not any("=HYPERLINK(evil)" in row for row in rows)


@pytest.mark.django_db
def test_the_leader_sets_a_team_standard_and_a_seller_may_not(results):
    url = reverse("metrics:team_standards", args=[results.boston.pk])
    form = {"metric": "meetings_per_week", "value": "6", "valid_from": "2025-04-01"}
    assert results.client("seller").post(url, form).status_code == 404
    assert not Target.objects.filter(metric="meetings_per_week").exists()
    response = results.client("leader").post(url, form, follow=True)
    assert "Saved: Meetings per week" in response.content.decode()
    target = Target.objects.get(metric="meetings_per_week")
    assert (target.team, target.value, target.set_by) == (results.boston, 6.0, results.leader)
    listing = results.client("seller").get(url).content.decode()
    assert "Meetings per week" in listing and "Set a standard" not in listing


@pytest.mark.django_db
def test_a_personal_target_typed_as_a_percent_overrides_the_team_standard(results):
    url = reverse("metrics:person_targets", args=[results.seller.pk])
    form = {
        "metric": "win_rate",
        "value": "60%",
        "valid_from": "2025-04-01",
        "agreed_on": "2025-03-28",
    }
    assert results.client("seller").post(url, form).status_code == 404  # agreed with the line
    assert not Target.objects.filter(person=results.seller).exists()
    results.client("leader").post(url, form)
    target = Target.objects.get(person=results.seller)
    assert (target.value, target.agreed_on) == (0.6, datetime.date(2025, 3, 28))
    html = results.client("seller").get(page("person", results.seller.pk)).content.decode()
    assert "60.0%" in html and "personal target" in html


@pytest.mark.django_db
def test_a_bad_target_is_refused_with_a_message_and_nothing_is_saved(results):
    url = reverse("metrics:person_targets", args=[results.seller.pk])
    client = results.client("leader")
    for form, field in [
        ({"metric": "no_such_metric", "value": "1", "valid_from": "2025-04-01"}, "metric"),
        ({"metric": "win_rate", "value": "lots", "valid_from": "2025-04-01"}, "value"),
        ({"metric": "win_rate", "value": "0.5", "valid_from": "someday"}, "valid_from"),
        ({"metric": "win_rate", "value": "3000%", "valid_from": "2025-04-01"}, "value"),
    ]:
        response = client.post(url, {**form, "agreed_on": "2025-04-01"})
        assert response.status_code == 422
        html = response.content.decode()
        assert f'<p class="field-error" id="{field}-error">' in html, form
        assert html.count('aria-invalid="true"') == 1
        assert 'class="message error"' not in html  # beside the field, not at the top
    assert not Target.objects.filter(person=results.seller).exists()


@pytest.mark.django_db
def test_a_refused_target_keeps_what_was_typed_and_shows_the_message_beside_the_field(results):
    url = reverse("metrics:person_targets", args=[results.seller.pk])
    typed = {"metric": "win_rate", "value": "lots", "valid_from": "2025-05-02"}
    response = results.client("leader").post(url, {**typed, "agreed_on": "2025-04-30"})
    html = response.content.decode()
    assert '<option value="win_rate" selected>' in html
    assert 'value="lots"' in html and 'value="2025-05-02"' in html and 'value="2025-04-30"' in html
    field = re.search(r"<input id=\"value\"[^>]*>", html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="value-help value-error"' in field.group(0)
    assert '<p class="field-error" id="value-error">Enter a number' in html


@pytest.mark.django_db
def test_a_bad_period_says_so_and_an_empty_period_points_to_the_latest_with_figures(results):
    client = results.client("seller")
    url = reverse("metrics:person", args=[results.seller.pk])
    bad = client.get(url + "?period=sometime").content.decode()
    assert "not a period" in bad
    empty = client.get(url + "?period=2030-Q1").content.decode()
    assert "No figures for Q1 FY2030 (1 Jan \u2013 31 Mar 2030)" in empty
    assert "?period=FY2025-Q2" in empty and "Q2 FY2025 (1 Apr \u2013 30 Jun 2025)" in empty
    year = client.get(url + "?period=FY2025").content.decode()
    assert "FY2025" in year and "50,000" in year


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_scorecard_pages_query_count_does_not_grow_with_sellers_or_deals(results):
    client = results.client("director")
    urls = [
        page("team", results.boston.pk),
        page("person", results.seller.pk),
        page("gaps", results.seller.pk),
        page("office", Office.objects.get(name="North America").pk),
        page("org"),
    ]
    before = [_queries(client, url) for url in urls]
    for number in range(6):
        newcomer = org_services.person_create(name=f"New Seller {number}", title="AE")
        org_services.person_join_team(person=newcomer, team=results.boston, on=ORG_START)
        for n in range(5):
            day = Q2 + datetime.timedelta(days=n)
            deal(newcomer, "won", 1_000 + n, day, cycle_days=CYCLE)
            deal(results.seller, "won", 500, day, cycle_days=CYCLE)
    recompute(today=datetime.date(2025, 11, 1))
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert "New Seller 5" in client.get(urls[0]).content.decode()


@pytest.mark.django_db
def test_administrators_edit_the_diagnostic_map_and_gap_analysis_reads_it(results):
    from leadwell.metrics.models import Diagnosis

    admin = results.client("admin")
    assert admin.get("/admin/metrics/diagnosis/").status_code == 200
    assert admin.get("/admin/metrics/target/").status_code == 404  # targets are private
    response = admin.post(
        "/admin/metrics/diagnosis/add/",
        {
            "metric": "win_rate",
            "cause": "Champion building",
            "explanation": "No champion.",
            "order": 9,
        },
    )
    assert response.status_code == 302
    assert Diagnosis.objects.filter(cause="Champion building").exists()
    html = results.client("leader").get(page("gaps", results.seller.pk)).content.decode()
    assert "Champion building" in html


@pytest.mark.django_db
def test_a_seller_who_moved_away_keeps_past_periods_private_from_the_old_leader(results):
    """Sam moves to Denver: Lena still sees her team's totals for 2025-Q2, but no longer his line."""
    from leadwell.org.models import Membership

    Membership.objects.filter(person=results.seller).update(valid_until=datetime.date(2025, 10, 1))
    org_services.person_join_team(
        person=results.seller, team=results.denver, on=datetime.date(2025, 10, 1)
    )
    recompute(today=datetime.date(2025, 11, 1))
    html = results.client("leader").get(page("team", results.boston.pk)).content.decode()
    sellers_table = html.split('<table class="table sellers">')[1].split("</table>")[0]
    assert "Sofia Berg" in sellers_table and "Sam Ortiz" not in sellers_table
    assert results.client("leader").get(page("person", results.seller.pk)).status_code == 404


@pytest.mark.django_db
def test_each_role_finds_its_scorecard_on_the_home_page(results):
    home = {key: results.client(key).get(reverse("home")).content.decode() for key in PERSONA_KEYS}
    assert reverse("metrics:org") in home["director"]
    assert reverse("metrics:team", args=[results.boston.pk]) in home["leader"]
    assert reverse("metrics:person", args=[results.seller.pk]) in home["seller"]
    assert reverse("metrics:org") not in home["leader"]


@pytest.mark.django_db
def test_the_team_page_its_export_and_the_api_show_each_viewer_the_same_sellers(results):
    # Sofia counted for Boston in Q2 but has since moved to Denver: out of Lena's line today.
    org_services.person_join_team(
        person=results.seller2, team=results.denver, on=datetime.date(2025, 8, 1)
    )
    boston = results.boston.pk
    export_url = reverse("metrics:export", args=["team", boston, "csv"]) + f"?period={PERIOD}"
    for viewer, shown in [
        ("director", ["Sam Ortiz", "Sofia Berg"]),
        ("leader", ["Sam Ortiz"]),
        ("seller", []),
    ]:
        client = results.client(viewer)
        on_page = [card.name for card, _ in client.get(page("team", boston)).context["seller_rows"]]
        exported = client.get(export_url).content.decode()
        in_export = sorted(
            {row[2] for row in csv.reader(io.StringIO(exported)) if row[0] == "person"}
        )
        listed = results.api(viewer).get(f"/api/v1/scorecards/teams/{boston}?period={PERIOD}")
        from_api = [card["who"]["name"] for card in listed.json()["sellers"] or []]
        assert on_page == in_export == from_api == shown, viewer


@pytest.mark.django_db
def test_the_target_form_names_the_currency_of_a_money_metric(results):
    html = (
        results.client("leader")
        .get(reverse("metrics:team_standards", args=[results.boston.pk]))
        .content.decode()
    )
    assert "Bookings (USD)" in html and "(money)" not in html
    assert "Win rate (percent)" in html

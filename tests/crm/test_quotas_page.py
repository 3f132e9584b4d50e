"""The quotas page: a leader sets their members' quotas, the director above sets the leader's
team's own quota, and each team shows its own quota beside what its members add up to.

The shared personas (tests/conftest.py): Dana Whitfield leads Leadership, whose members are
Lena Hart (leads Boston Enterprise: Sam Ortiz, Sofia Berg) and Owen Clarke (leads Denver
Mid-Market: Omar Reyes). Ada Ng is an administrator on no team.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from leadwell.audit.models import Change, Kind
from leadwell.crm.models import Quota
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.models import Scope
from tests.conftest import stored_figure

pytestmark = pytest.mark.django_db

Q2 = period_of(datetime.date(2025, 4, 1), PeriodKind.QUARTER)
URL = reverse("quotas") + f"?period={Q2.name}"


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


def quota(**whose) -> Decimal | None:
    found = Quota.objects.filter(period_kind="quarter", period_start=Q2.start, **whose).first()
    return found.amount if found else None


def figure(kind: str, scope_id: int, metric: str = "quota") -> float | None:
    return stored_figure(kind, scope_id, Q2, metric)


def team_section(html: str, team) -> str:
    found = re.search(rf'<section[^>]*data-team="{team.pk}".*?</section>', html, re.S)
    assert found is not None, team
    return found.group(0)


def test_a_leader_sets_a_members_quota_and_the_scorecard_shows_it(personas):
    p = personas
    client = p.client("leader")
    html = client.get(URL).content.decode()
    boston = team_section(html, p.boston)
    assert "Quota (USD)" in boston
    assert f'name="person-{p.seller.pk}"' in boston
    assert f'name="team-{p.boston.pk}"' not in boston  # handed down from above
    assert f'data-team="{p.denver.pk}"' not in html

    response = client.post(URL, {"period": Q2.name, f"person-{p.seller.pk}": "120,000"})
    assert response.status_code == 302
    assert quota(person=p.seller) == Decimal("120000")
    assert figure(Scope.PERSON, p.seller.pk) == 120_000
    assert figure(Scope.TEAM, p.boston.pk) == 120_000  # no team quota: the members' sum
    scorecard = client.get(
        reverse("metrics:person", args=[p.seller.pk]) + f"?period={Q2.name}"
    ).content.decode()
    assert "120,000" in scorecard


def test_a_team_shows_its_members_sum_beside_its_own_quota(personas):
    p = personas
    for seller, amount in [(p.seller, 200_000), (p.seller2, 180_000)]:
        Quota.objects.create(
            person=seller, period_kind="quarter", period_start=Q2.start, amount=amount
        )
    Quota.objects.create(
        team=p.boston, period_kind="quarter", period_start=Q2.start, amount=400_000
    )
    boston = team_section(p.client("leader").get(URL).content.decode(), p.boston)
    assert "Team quota 400,000 · members add up to 380,000." in boston
    assert "The team is measured against its own quota." in boston


def test_the_director_sets_a_leaders_team_quota(personas):
    p = personas
    client = p.client("director")
    html = client.get(URL).content.decode()
    assert f'name="team-{p.boston.pk}"' in team_section(html, p.boston)
    assert f'name="team-{p.leadership.pk}"' not in team_section(html, p.leadership)
    response = client.post(URL, {"period": Q2.name, f"team-{p.boston.pk}": "400000"})
    assert response.status_code == 302
    assert quota(team=p.boston) == Decimal("400000")
    assert figure(Scope.TEAM, p.boston.pk) == 400_000


def test_a_leader_cannot_set_their_own_teams_quota_nor_their_own(personas):
    p = personas
    client = p.client("leader")
    for field in (f"team-{p.boston.pk}", f"person-{p.leader.pk}"):
        assert client.post(URL, {"period": Q2.name, field: "1"}).status_code == 404
    assert not Quota.objects.exists()


def test_a_seller_gets_404(personas):
    client = personas.client("seller")
    assert client.get(URL).status_code == 404
    post = client.post(URL, {"period": Q2.name, f"person-{personas.seller2.pk}": "1"})
    assert post.status_code == 404
    assert not Quota.objects.exists()


def test_a_leader_cannot_set_the_quota_of_a_seller_in_another_team(personas):
    p = personas
    response = p.client("leader").post(
        URL, {"period": Q2.name, f"person-{p.seller.pk}": "5", f"person-{p.other_seller.pk}": "9"}
    )
    assert response.status_code == 404
    assert not Quota.objects.exists()  # all or nothing


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", "Enter an amount in USD, such as 400000."),
        ("-5", "A quota cannot be negative."),
        ("10.005", "At most two decimals (cents)."),
        ("1e40", "Too large"),
    ],
)
def test_an_invalid_value_keeps_what_was_typed_with_the_message(personas, typed, message):
    p = personas
    response = p.client("leader").post(
        URL, {"period": Q2.name, f"person-{p.seller.pk}": typed, f"person-{p.seller2.pk}": "7"}
    )
    assert response.status_code == 200
    row = re.search(rf'<tr data-person="{p.seller.pk}">.*?</tr>', response.content.decode(), re.S)
    assert row is not None
    assert f'value="{typed}"' in row.group(0)
    assert message in row.group(0)
    assert 'aria-invalid="true"' in row.group(0)
    assert not Quota.objects.exists()  # nothing saved, the valid field neither


def test_clearing_a_quota_asks_first_and_says_what_will_change(personas):
    p = personas
    Quota.objects.create(person=p.seller, period_kind="quarter", period_start=Q2.start, amount=5)
    client = p.client("leader")
    asked = client.post(URL, {"period": Q2.name, f"person-{p.seller.pk}": ""})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Clear and save" in html
    assert "Sam Ortiz: 5 → <strong>no quota</strong>" in html
    assert quota(person=p.seller) == 5
    done = client.post(URL, {"period": Q2.name, f"person-{p.seller.pk}": "", "confirm": "clear"})
    assert done.status_code == 302
    assert quota(person=p.seller) is None


def test_the_change_is_in_the_audit_trail(personas):
    p = personas
    client = p.client("leader")
    client.post(URL, {"period": Q2.name, f"person-{p.seller.pk}": "100000"})
    client.post(URL, {"period": Q2.name, f"person-{p.seller.pk}": "110000"})
    changes = list(Change.objects.filter(kind=Kind.QUOTA).order_by("pk"))
    assert [c.action for c in changes] == ["created", "changed"]
    last = changes[-1]
    assert last.summary == f"Quota of Sam Ortiz for {Q2.short_label} changed"
    assert last.subject_id == p.seller.pk
    assert last.actor_person_id == p.leader.pk
    assert last.changes["amount"] == ["100000.00", "110000.00"]
    trail = client.get(reverse("audit-trail")).content.decode()
    assert f"Quota of Sam Ortiz for {Q2.short_label} changed" in trail


def test_an_administrator_sets_any_quota(personas):
    p = personas
    client = p.client("admin")
    html = client.get(URL).content.decode()
    assert f'name="team-{p.leadership.pk}"' in html
    response = client.post(
        URL, {"period": Q2.name, f"team-{p.leadership.pk}": "1000000", f"person-{p.leader.pk}": "1"}
    )
    assert response.status_code == 302
    assert quota(team=p.leadership) == Decimal("1000000")

"""The signals beside a self-assessment are the metrics app's own figures for the same person and
quarter: pipeline horizon, new customers and segments sold into, each against the person's
previous four quarters (median) and the team's median this quarter. Checked here against the
stored figures, read independently."""

import datetime
import statistics

import pytest

from leadwell.crm.models import Account
from leadwell.leadership.pivot import objective, selectors, services
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.compute import recompute
from leadwell.metrics.formatting import format_value

from ...conftest import deal, stored_figure
from .conftest import this_quarter

pytestmark = pytest.mark.django_db


def quarters_back(count: int):
    """The `count` quarters before this one, oldest first, and this one last."""
    found = [this_quarter()]
    while len(found) < count + 1:
        found.insert(0, period_of(found[0].start - datetime.timedelta(days=1), PeriodKind.QUARTER))
    return found


@pytest.fixture
def history(personas):
    """Sam wins new customers in varied segments each quarter and keeps pipeline far ahead;
    Sofia wins one this quarter and keeps her pipeline close."""
    segments = ["Enterprise", "Mid-Market", "SMB"]
    number = 0
    for index, quarter in enumerate(quarters_back(5)):
        for n in range(index % 3 + 1):
            number += 1
            account = Account.objects.create(name=f"Customer {number}", segment=segments[n])
            deal(
                personas.seller,
                "won",
                10_000,
                quarter.start + datetime.timedelta(days=5 + n),
                account=account,
            )
    current = this_quarter()
    far = current.next().next().start + datetime.timedelta(days=10)
    deal(personas.seller, "open", 30_000, far, created=current.start)
    deal(
        personas.seller,
        "open",
        10_000,
        current.end - datetime.timedelta(days=1),
        created=current.start,
    )
    deal(
        personas.seller2,
        "open",
        20_000,
        current.end - datetime.timedelta(days=1),
        created=current.start,
    )
    deal(
        personas.seller2,
        "won",
        5_000,
        current.start + datetime.timedelta(days=2),
        account=Account.objects.create(name="Sofia's first", segment="SMB"),
    )
    recompute()


def test_the_signals_equal_the_stored_figures_for_the_same_quarter(personas, history):
    quarters = quarters_back(4)
    current = quarters[-1]
    sam, sofia = personas.seller.pk, personas.seller2.pk
    signals = {s.key: s for s in objective.signals_for(sam, current, [sam, sofia])}
    assert set(signals) == {"pipeline_horizon", "new_accounts", "segments_sold_into"}
    for key, signal in signals.items():
        assert signal.value == stored_figure("person", sam, current, key), key
        past = [stored_figure("person", sam, q, key) for q in quarters[:-1]]
        past = [v for v in past if v is not None]
        assert signal.own_past == (statistics.median(past) if past else None), key
        assert signal.past_quarters == len(past)
        team = [stored_figure("person", pk, current, key) for pk in (sam, sofia)]
        team = [v for v in team if v is not None]
        assert signal.team_median == (statistics.median(team) if team else None), key
    # The history makes each signal a figure, so the comparison above compares something.
    assert signals["pipeline_horizon"].value is not None
    assert signals["new_accounts"].value is not None and signals["new_accounts"].past_quarters
    assert signals["segments_sold_into"].team_median is not None


def test_the_self_assessment_shows_the_same_figures_as_the_metrics(personas, history):
    services.challenge_issue(issuer=personas.leader, quarter=this_quarter())
    assessment = services.assessment_start(person=personas.seller, quarter=this_quarter())
    assert sorted(selectors.team_ids_for(assessment)) == sorted(
        [personas.seller.pk, personas.seller2.pk]
    )
    page = personas.client("seller").get(f"/leadership/pivot/assessments/{assessment.pk}/")
    shown = page.content.decode()
    for key in objective.SIGNALS:
        value = stored_figure("person", personas.seller.pk, this_quarter(), key)
        expected = format_value(value, catalog.get(key).unit)
        assert f'data-signal="{key}">{expected}</strong>' in shown, key
    api = personas.api("leader").get(f"/api/v1/pivot/assessments/{assessment.pk}").json()
    by_key = {s["metric"]: s["value"] for s in api["signals"]}
    assert by_key["new_accounts"] == stored_figure(
        "person", personas.seller.pk, this_quarter(), "new_accounts"
    )


def test_a_seller_reads_no_team_median_made_of_fewer_than_three_colleagues(personas, history):
    # With Sofia alone beside Sam, a median of the two gives Sofia's figure away to Sam.
    current = quarters_back(4)[-1]
    sam, sofia = personas.seller.pk, personas.seller2.pk
    as_sam = objective.signals_for(
        sam, current, [sam, sofia], fewest_colleagues=objective.FEWEST_COLLEAGUES
    )
    assert all(s.team_median is None for s in as_sam)
    assert any(s.median_withheld for s in as_sam)
    services.challenge_issue(issuer=personas.leader, quarter=this_quarter())
    assessment = services.assessment_start(person=personas.seller, quarter=this_quarter())
    page = personas.client("seller").get(f"/leadership/pivot/assessments/{assessment.pk}/")
    assert "shown once three or more colleagues have a figure" in page.content.decode()
    api = personas.api("seller").get(f"/api/v1/pivot/assessments/{assessment.pk}").json()
    assert all(s["team_median"] is None for s in api["signals"])
    # Their leader reads every colleague's figures anyway: the median stands for them.
    api = personas.api("leader").get(f"/api/v1/pivot/assessments/{assessment.pk}").json()
    assert any(s["team_median"] is not None for s in api["signals"])

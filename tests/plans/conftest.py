"""A plan for Boston Enterprise (Lena's team: Sam and Sofia) for this fiscal year, taken as far
as each test needs: given, assigned, committed."""

import pytest

from leadwell.plans import services
from leadwell.plans.selectors import this_fiscal_year


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


def each_quarter(amount) -> dict[int, object]:
    return {q: amount for q in services.QUARTERS}


def given(p, *, team=240_000, sam=115_000, sofia=125_000):
    return services.plan_input_save(
        by=p.user("leader"),
        team=p.boston,
        fiscal_year=this_fiscal_year(),
        team_amounts=each_quarter(team),
        people={p.seller.pk: each_quarter(sam), p.seller2.pk: each_quarter(sofia)},
        pipeline="Three times coverage for the first half.",
        market="Steady; one competitor cut prices.",
        capacity="Both sellers all year.",
    )


def assigned(p, *, team=250_000, sam=120_000, sofia=130_000):
    cycle = given(p)
    return services.plan_assign(
        by=p.user("director"),
        cycle=cycle,
        team_amounts=each_quarter(team),
        people={p.seller.pk: each_quarter(sam), p.seller2.pk: each_quarter(sofia)},
    )


def committed(p, **amounts):
    return services.plan_commit(by=p.user("leader"), cycle=assigned(p, **amounts))

"""`leadwell scorecard`, `leadwell gaps` and `leadwell recompute`: results against targets from
the command line.

These read the summary tables (run `leadwell recompute` after changing data by other means
than `leadwell import`, which keeps them current). The command line is the operator's tool:
whoever can run it can read the whole database, so no viewer's access policy applies here.
"""

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from leadwell.lib.periods import Period
    from leadwell.metrics.catalog import Metric
    from leadwell.metrics.gaps import Analysis
    from leadwell.metrics.selectors import Card, Line
    from leadwell.org.models import Person, Team

FORMATS = ["table", "json", "csv", "xlsx"]
MISSING = "—"


# -- Options shared by the commands ---------------------------------------------------------------

period_option = click.option(
    "--period",
    "period_text",
    metavar="PERIOD",
    help="The period: a quarter (2017-Q2, FY2017-Q2), a fiscal year (FY2017) or a month "
    "(2017-03). Default: the current quarter (for a scorecard: the latest quarter with results "
    "when the current one has none yet, which it says).",
)
person_option = click.option(
    "--person",
    "person_texts",
    multiple=True,
    metavar="ID|E-MAIL|NAME",
    help="A person by id, e-mail or full name (case and spacing do not matter). Repeatable.",
)
team_option = click.option(
    "--team",
    "team_text",
    metavar="NAME",
    help="A team by name (or id).",
)


def format_option(rows: str) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help=f"table for reading; json for scripts; csv and xlsx for spreadsheets ({rows}).",
    )


output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output (needed for xlsx on a terminal).",
)


def register(main: click.Group, data_dir_option: Callable, setup: Callable) -> None:
    @main.command("scorecard")
    @data_dir_option
    @period_option
    @person_option
    @team_option
    @click.option(
        "--metric",
        "metric_keys",
        multiple=True,
        metavar="KEY",
        help="Show only this metric (its identifier, e.g. win_rate). Repeatable.",
    )
    @format_option("one row per person and metric")
    @output_option
    def scorecard_command(
        data_dir: str | None,
        period_text: str | None,
        person_texts: tuple[str, ...],
        team_text: str | None,
        metric_keys: tuple[str, ...],
        output_format: str,
        output: Path | None,
    ) -> None:
        """Print scorecards: each metric's value, target and gap for a period.

        \b
        Whose scorecards:
          --person ...   those people (repeat --person for several)
          --team NAME    the team's own card, then one for each seller counted for the
                         team in the period
          neither        everyone who has figures in the period, by name

        With --format json, one object per person (or team) and period: who (kind, id, name,
        email), the period, and metrics mapping each metric's identifier to its value, target,
        target_source, gap and unit. Percents are fractions (0.312 is 31.2%); a gap is how far
        a value falls short of its target, null when it meets it.
        """
        setup(data_dir)
        from leadwell.metrics import exports
        from leadwell.metrics.models import Scope
        from leadwell.metrics.selectors import default_period, group_cards, person_cards

        period = resolve_period(period_text)
        metrics = resolve_metrics(metric_keys)
        people, team = resolve_selection(person_texts, team_text, period)
        if period_text is None:
            # The current quarter when it has results, else the latest that has (and say so).
            scope, ids = (
                (Scope.TEAM, [team.pk])
                if team is not None
                else (Scope.PERSON, [p.pk for p in people] if person_texts else None)
            )
            shown, note = default_period(scope, ids)
            if note:
                click.echo(note, err=True)
                period = shown
                people, team = resolve_selection(person_texts, team_text, period)
        cards: list[Card] = []
        if team is not None:
            cards += group_cards(Scope.TEAM, [team], period)
        cards += person_cards(people, period)
        if metrics:
            for card in cards:
                card.lines = [line for line in card.lines if line.metric.key in metrics]
        if not cards:
            _explain_nothing(period, team)

        _write(
            output_format,
            output,
            records=lambda: [exports.card_record(card) for card in cards],
            table=lambda: exports.scorecard_table(cards),
            title=f"Scorecards {period.short_label}",
            text=lambda: "\n".join(render_card(card) for card in cards),
        )

    @main.command("gaps")
    @data_dir_option
    @period_option
    @person_option
    @team_option
    @format_option("one row per metric below target and per driver of the bookings gap")
    @output_option
    def gaps_command(
        data_dir: str | None,
        period_text: str | None,
        person_texts: tuple[str, ...],
        team_text: str | None,
        output_format: str,
        output: Path | None,
    ) -> None:
        """Print gap analyses: for each seller, every metric below target with the size of its
        gap and its likely root causes, and the bookings gap split into its drivers.

        \b
        Whose analyses:
          --person ...   those people (repeat --person for several)
          --team NAME    each seller counted for the team in the period
          neither        everyone who has figures in the period, by name

        With --format json, one object per seller: who, period, bookings_gap (bookings minus
        their target: negative when short), main_driver (the driver that cost most), drivers
        (key, name, actual, reference, unit, amount; the amounts add up to bookings_gap) and
        gaps (metric, name, value, target, gap, unit, causes), largest gap first. A metric's
        gap is how far it falls short of its target, always positive.
        """
        setup(data_dir)
        from leadwell.metrics import exports
        from leadwell.metrics.gaps import analyse

        period = resolve_period(period_text)
        people, team = resolve_selection(person_texts, team_text, period)
        analyses = [analyse(person, period) for person in people]
        if not analyses:
            _explain_nothing(period, team)

        _write(
            output_format,
            output,
            records=lambda: [exports.analysis_record(a) for a in analyses],
            table=lambda: exports.gaps_table(analyses),
            title=f"Gaps {period.short_label}",
            text=lambda: "\n".join(render_analysis(a) for a in analyses),
        )

    @main.command("recompute")
    @data_dir_option
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON summary instead of text.")
    def recompute_command(data_dir: str | None, as_json: bool) -> None:
        """Rebuild every summary (figures of people, teams, offices and the organisation) from
        the CRM data. Imports keep the summaries current; run this after changing the data or
        the fiscal year by other means."""
        setup(data_dir)
        from django.db import transaction

        from leadwell.crm.importing.writers.rates import convert_stale
        from leadwell.metrics.compute import recompute

        if not as_json:
            click.echo("Recomputing the summaries…", err=True)
        started = time.monotonic()
        with transaction.atomic():
            # Deals not yet in today's reporting currency (LEADWELL_CURRENCY changed, or
            # their rate came by other means) are converted first, so every figure is in it.
            converted = convert_stale()
            outcome = recompute()
        seconds = round(time.monotonic() - started, 2)
        if as_json:
            click.echo(
                _json(
                    {
                        "people_periods": outcome.people_periods,
                        "scopes": outcome.scopes,
                        "deals_converted": converted,
                        "seconds": seconds,
                    }
                )
            )
        else:
            click.echo(
                f"Recomputed the summaries of {outcome.scopes:,} scopes and periods "
                f"({outcome.people_periods:,} person-periods) in {seconds:.1f}s."
            )
            if converted:
                click.echo(f"Converted {converted:,} deal(s) into the reporting currency first.")


# -- Finding the period, the people and the team --------------------------------------------------


def resolve_period(text: str | None) -> "Period":
    from leadwell.lib.periods import PeriodKind, parse_period
    from leadwell.metrics.selectors import current_period

    if text is None:
        return current_period(PeriodKind.QUARTER)
    try:
        return parse_period(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--period'") from None


def resolve_metrics(keys: Sequence[str]) -> set[str]:
    from leadwell.metrics.catalog import BY_KEY

    unknown = [key for key in keys if key not in BY_KEY]
    if unknown:
        raise click.BadParameter(
            f"unknown metric {unknown[0]!r}; known: {', '.join(sorted(BY_KEY))}",
            param_hint="'--metric'",
        )
    return set(keys)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _describe(person: "Person") -> str:
    email = f" <{person.email}>" if person.email else ""
    return f"{person.name}{email} (id {person.pk})"


def find_person(text: str) -> "Person":
    """The one person with this id, e-mail (any case) or name (any case and spacing);
    click.BadParameter (exit code 2) when there is none or more than one."""
    from leadwell.org.models import Person

    def bad(message: str) -> click.BadParameter:
        return click.BadParameter(message, param_hint="'--person'")

    wanted = " ".join(text.split())
    if not wanted:
        raise bad("give a person's id, e-mail or name.")
    if wanted.isdigit():
        found = Person.objects.filter(pk=int(wanted)).first()
        if found is None:
            raise bad(f"no person has the id {wanted}.")
        return found
    if "@" in wanted:
        found = Person.objects.filter(email__iexact=wanted).first()
        if found is None:
            raise bad(f"no person has the e-mail {wanted}.")
        return found
    key = _normal(wanted)
    ids = [pk for pk, name in Person.objects.values_list("pk", "name") if _normal(name) == key]
    matches = list(Person.objects.filter(pk__in=ids).order_by("pk"))
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(_describe(p) for p in matches)
        raise bad(f"{len(matches)} people are called {wanted!r}: {listed}. Use the id or e-mail.")
    near = list(Person.objects.search(wanted)[:5])
    hint = f" Did you mean: {'; '.join(_describe(p) for p in near)}?" if near else ""
    raise bad(f"no person is called {wanted!r}.{hint}")


def find_team(text: str) -> "Team":
    from leadwell.org.models import Team

    def bad(message: str) -> click.BadParameter:
        return click.BadParameter(message, param_hint="'--team'")

    wanted = " ".join(text.split())
    if wanted.isdigit():
        found = Team.objects.filter(pk=int(wanted)).first()
        if found is None:
            raise bad(f"no team has the id {wanted}.")
        return found
    teams = list(Team.objects.order_by("name"))
    matches = [team for team in teams if _normal(team.name) == _normal(wanted)]
    if len(matches) == 1:
        return matches[0]
    near = [team.name for team in teams if _normal(wanted) in _normal(team.name)]
    if near:
        hint = f" Did you mean: {', '.join(near[:10])}?"
    elif teams:
        names = [team.name for team in teams]
        hint = f" Teams: {', '.join(names[:10])}{', …' if len(names) > 10 else ''}."
    else:
        hint = " There are no teams yet."
    raise bad(f"no team is called {wanted!r}.{hint}")


def resolve_selection(
    person_texts: Sequence[str], team_text: str | None, period: "Period"
) -> tuple[list["Person"], "Team | None"]:
    """The people a command is about, and the team when --team was given."""
    from leadwell.metrics.models import Parts, Scope
    from leadwell.metrics.selectors import team_people
    from leadwell.org.models import Person

    if person_texts and team_text:
        raise click.UsageError("Give either --person or --team, not both.")
    if team_text is not None:
        team = find_team(team_text)
        return team_people(team, period), team
    if person_texts:
        people: list[Person] = []
        for text in person_texts:
            person = find_person(text)
            if person not in people:
                people.append(person)
        return people, None
    # Everyone with a row of summaries for the period has figures in it.
    with_figures = Parts.objects.filter(
        scope_kind=Scope.PERSON, period_kind=period.kind.value, period_start=period.start
    ).values("scope_id")
    return list(Person.objects.filter(pk__in=with_figures).order_by("name", "pk")), None


def _explain_nothing(period: "Period", team: "Team | None") -> None:
    """Say on standard error why there is nothing to show, and what to try."""
    from django.db.models import Max
    from django.utils import timezone

    from leadwell.metrics.models import Parts, Scope

    if team is not None:
        click.echo(f"No seller counted for {team.name} in {period.label}.", err=True)
        return
    figures = Parts.objects.filter(scope_kind=Scope.PERSON, period_kind=period.kind.value)
    latest = (
        figures.filter(period_start__lte=timezone.localdate()).aggregate(last=Max("period_start"))[
            "last"
        ]
        or figures.aggregate(last=Max("period_start"))["last"]
    )
    if latest is None:
        click.echo(
            "No figures yet: import CRM data with `leadwell import`, or run `leadwell recompute`.",
            err=True,
        )
        return
    from leadwell.lib.periods import period_of

    other = period_of(latest, period.kind)
    click.echo(
        f"No figures for {period.label}. The latest {period.kind.value} with figures is "
        f"{other.label}: try --period {other.name}.",
        err=True,
    )


# -- Output ---------------------------------------------------------------------------------------


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _write(output_format: str, output, *, records, table, title: str, text) -> None:
    """Print or save in the chosen format; each form is built only when asked for."""
    from leadwell.metrics import exports

    if output_format == "json":
        emit(_json(records()), output)
    elif output_format == "csv":
        emit(exports.to_csv(*table()), output)
    elif output_format == "xlsx":
        header, rows = table()
        emit_binary(exports.to_xlsx(header, rows, title=title), output)
    else:
        emit(text(), output)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        if text:
            click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text if text.endswith("\n") or not text else text + "\n", "utf-8")
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error}") from None
    click.echo(f"Wrote {output}", err=True)


def emit_binary(data: bytes, output: Path | None) -> None:
    if output is None:
        # sys.stdout's byte stream, not click.get_binary_stream: Click 8.5 deprecates that
        # (it is then untyped, so mypy rejects the call). Under CliRunner this is its buffer.
        stdout = sys.stdout.buffer
        if stdout.isatty():
            raise click.UsageError(
                "A workbook or PDF is not for a terminal: give --output FILE or redirect "
                "the output to a file."
            )
        stdout.write(data)
        stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error}") from None
    click.echo(f"Wrote {output}", err=True)


def format_value(value: float | None, unit: str, *, signed: bool = False) -> str:
    from leadwell.metrics.formatting import format_value as by_unit

    return by_unit(value, unit, signed=signed)


def format_line_value(line: "Line") -> str:
    from leadwell.metrics.formatting import format_line_value as by_line

    return by_line(line)


def format_gap(value: float | None, unit: str) -> str:
    """A shortfall in the metric's unit; a percent's in percentage points."""
    if value is None:
        return ""
    from leadwell.metrics.formatting import format_difference

    return format_difference(value, unit)


def _align(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  " + "   ".join(cells).rstrip())
    return lines


def _heading(card: "Card") -> str:
    from leadwell.metrics.models import Scope

    who = card.name
    if card.scope_kind == Scope.TEAM:
        who = f"Team {card.name}"
    elif card.scope_kind == Scope.OFFICE:
        who = f"Office {card.name}"
    if card.email:
        who += f" <{card.email}>"
    from leadwell.lib.currency import reporting_currency

    return f"{who} · {card.period.label} · amounts in {reporting_currency()}"


def _target(line: "Line") -> str:
    from leadwell.metrics.formatting import format_target

    if line.target is None:
        return ""
    return format_target(line.target, line.metric)


def render_card(card: "Card") -> str:
    rows = [["Metric", "Value", "Target", "Gap"]]
    for line in card.lines:
        metric: Metric = line.metric
        rows.append(
            [
                metric.name,
                format_line_value(line),
                _target(line),
                format_gap(line.gap, metric.unit),
            ]
        )
    return "\n".join([_heading(card), *_align(rows, right=(1, 2, 3)), ""])


def _driver_value(key: str, value: float | None) -> str:
    from leadwell.metrics.gaps import DRIVER_UNITS

    if value is None:
        return MISSING
    if key == "volume":
        return f"{value:,.1f} deals"
    return format_value(value, DRIVER_UNITS[key])


def render_analysis(analysis: "Analysis") -> str:
    card = analysis.card
    out = [_heading(card)]
    bookings = card.line("bookings")
    if bookings.target is None:
        out.append(f"  Bookings {format_value(bookings.value, 'money')}: no bookings target.")
    else:
        difference = analysis.bookings_gap or 0.0
        verdict = (
            f"{format_value(-difference, 'money')} short"
            if difference < 0
            else f"{format_value(difference, 'money')} above"
        )
        source = f" ({bookings.target_source})" if bookings.target_source else ""
        out.append(
            f"  Bookings {format_value(bookings.value, 'money')} against a target of "
            f"{format_value(bookings.target, 'money')}{source}: {verdict}."
        )
    if analysis.drivers:
        out.append(f"  The bookings gap by driver, compared with {analysis.reference_source}:")
        main = analysis.main_driver
        rows = [["Driver", "Actual", "Reference", "Effect", ""]]
        for driver in analysis.drivers:
            rows.append(
                [
                    driver.name,
                    _driver_value(driver.key, driver.actual),
                    _driver_value(driver.key, driver.reference),
                    format_value(driver.amount, "money", signed=True),
                    "← main driver" if main is not None and driver.key == main.key else "",
                ]
            )
        rows.append(
            [
                "Together: the bookings gap",
                "",
                "",
                format_value(analysis.bookings_gap, "money", signed=True),
                "",
            ]
        )
        out += ["  " + line for line in _align(rows, right=(1, 2, 3))]
        if analysis.whole_gap_note:
            out.append(f"  {analysis.whole_gap_note}")
    if not analysis.gaps:
        out.append("  No metric below its target.")
    else:
        out.append("  Below target:")
        rows = [["Metric", "Value", "Target", "Gap"]]
        causes: list[list[str]] = []
        for gap in analysis.gaps:
            unit = gap.metric.unit
            rows.append(
                [
                    gap.metric.name,
                    format_value(gap.line.value, unit),
                    _target(gap.line),
                    format_gap(gap.size, unit),
                ]
            )
            causes.append(
                [f"{c.cause}: {c.explanation}" if c.explanation else c.cause for c in gap.causes]
            )
        aligned = _align(rows, right=(1, 2, 3))
        out += ["  " + aligned[0]]
        for line, reasons in zip(aligned[1:], causes, strict=True):
            out.append("  " + line)
            out += [f"        likely cause: {reason}" for reason in reasons]
    return "\n".join([*out, ""])

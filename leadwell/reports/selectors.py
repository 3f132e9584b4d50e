"""Reading upward reports through the access policy: the lists of each home, one report with
its figures (the snapshot once sent, else live), the strategies carried forward, and which
reports are overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from leadwell import policy
from leadwell.coaching import selectors as coaching
from leadwell.crm import selectors as crm
from leadwell.lib.currency import reporting_currency
from leadwell.metrics import selectors as metrics
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person
from leadwell.reports import figures
from leadwell.reports.models import DEFAULT_CADENCE, Report, ReportCadence, ReportComment
from leadwell.reports.periods import CADENCE_KIND, ReportPeriod, period_for
from leadwell.reports.services import due_on, period_of_report


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related("leader", "team", "read_by")


def visible_reports(viewer: policy.Asker) -> QuerySet[Report]:
    return policy.visible(viewer, "view", _reports())


def report_for(viewer: policy.Asker, report_id: int, action: str = "view") -> Report:
    report = policy.get_or_404(
        viewer,
        "view",
        _reports().prefetch_related(
            "strategies__owner",
            Prefetch("comments", queryset=ReportComment.objects.select_related("author")),
        ),
        pk=report_id,
    )
    if action != "view":
        policy.require(viewer, action, report)
    return report


def report_figures(report: Report, today: datetime.date | None = None) -> dict:
    """What the report shows: the figures frozen when it was sent, never live ones; a draft's
    are built from the summaries as they are today."""
    if report.is_sent and report.snapshot is not None:
        return report.snapshot
    return figures.build(
        leader=report.leader,
        team=report.team,
        period=period_of_report(report),
        today=today or timezone.localdate(),
    )


def cadence_of(leader: Person) -> str:
    found = ReportCadence.objects.filter(leader=leader).values_list("cadence", flat=True).first()
    return found or DEFAULT_CADENCE


def cadences(leaders: list[Person]) -> dict[int, str]:
    found = dict(
        ReportCadence.objects.filter(leader__in=leaders).values_list("leader_id", "cadence")
    )
    return {p.pk: found.get(p.pk, DEFAULT_CADENCE) for p in leaders}


def current_period(leader: Person, today: datetime.date) -> ReportPeriod:
    """The period the leader's next report is about: the last one finished, by their cadence."""
    return period_for(CADENCE_KIND[cadence_of(leader)], today).previous()


def leaders_reporting_to(person: Person, today: datetime.date) -> list[Person]:
    """The people who report to `person` and lead a team: whose reports they receive."""
    reports = org.direct_reports(person, today)
    leading = Membership.objects.on(today).leaders().filter(person__in=reports)
    return list(Person.objects.filter(pk__in=leading.values("person_id")).order_by("name"))


def reports_up(person: Person, today: datetime.date) -> bool:
    """Whether the person owes reports: they lead a team and have someone above them."""
    return org.teams_led_by(person, today).exists() and org.manager_of(person, today) is not None


@dataclass(frozen=True)
class OwnReports:
    """Where a leader's own reports stand: the one due next, and the last one sent."""

    period: ReportPeriod
    due_on: datetime.date
    next_report: Report | None
    last_sent: Report | None
    is_overdue: bool
    # Earlier periods' reports still not sent past their due date (never started, or drafts).
    earlier_overdue: list["Overdue"]


def own_reports(viewer: policy.Asker, today: datetime.date) -> OwnReports | None:
    """The viewer's next report and last sent one; None for someone who owes no report."""
    me = policy.viewer_for(viewer).person
    if me is None or not reports_up(me, today):
        return None
    period = current_period(me, today)
    mine = visible_reports(viewer).filter(leader=me)
    next_report = mine.filter(period_start=period.start).order_by("-id").first()
    due = next_report.due_on if next_report else due_on(period)
    return OwnReports(
        period=period,
        due_on=due,
        next_report=next_report,
        last_sent=mine.filter(status=Report.Status.SENT).order_by("-sent_at").first(),
        is_overdue=due < today and not (next_report and next_report.is_sent),
        earlier_overdue=[
            o
            for o in overdue_reports(viewer, today)
            if o.leader == me and o.period.start != period.start
        ],
    )


def latest_sent(viewer: policy.Asker, leaders: list[Person]) -> dict[int, Report]:
    """Each leader's last sent report the viewer may open, by leader."""
    found: dict[int, Report] = {}
    sent = visible_reports(viewer).filter(leader__in=leaders, status=Report.Status.SENT)
    for report in sent.order_by("sent_at"):
        found[report.leader_id] = report
    return found


@dataclass(frozen=True)
class Overdue:
    """A report not sent by its due date: the leader, the period and the draft when started."""

    leader: Person
    period: ReportPeriod
    due_on: datetime.date
    report: Report | None


def overdue_reports(viewer: policy.Asker, today: datetime.date | None = None) -> list[Overdue]:
    """The reports not sent by their due date that the viewer should see flagged: their own
    (a leader) and those of the leaders reporting to them (a director). A report never started
    is overdue as well as an unsent draft."""
    today = today or timezone.localdate()
    me = policy.viewer_for(viewer).person
    if me is None:
        return []
    leaders = leaders_reporting_to(me, today)
    if reports_up(me, today):
        leaders = [me, *leaders]
    found: dict[tuple[int, datetime.date], Overdue] = {}
    drafts = (
        visible_reports(viewer)
        .filter(leader__in=leaders, status=Report.Status.DRAFT, due_on__lt=today)
        .order_by("due_on")
    )
    for draft in drafts:
        key = (draft.leader_id, draft.period_start)
        found[key] = Overdue(draft.leader, period_of_report(draft), draft.due_on, draft)
    kinds = cadences(leaders)
    sent_or_started = set(
        Report.objects.filter(leader__in=leaders).values_list("leader_id", "period_start")
    )
    for leader in leaders:
        period = period_for(CADENCE_KIND[kinds[leader.pk]], today).previous()
        due = due_on(period)
        key = (leader.pk, period.start)
        if due < today and key not in sent_or_started:
            found[key] = Overdue(leader, period, due, None)
    return sorted(found.values(), key=lambda o: (o.due_on, o.leader.name))


def unread_reports(viewer: policy.Asker) -> list[Report]:
    """Sent reports waiting for the viewer to read them: those of the people they lead."""
    me = policy.viewer_for(viewer).person
    if me is None:
        return []
    return list(
        visible_reports(viewer)
        .filter(status=Report.Status.SENT, read_at__isnull=True)
        .exclude(leader=me)
        .order_by("sent_at")
    )


def previous_report(report: Report) -> Report | None:
    """The leader's last sent report on the same team before this one's period."""
    return (
        Report.objects.filter(
            leader_id=report.leader_id,
            team_id=report.team_id,
            status=Report.Status.SENT,
            period_start__lt=report.period_start,
        )
        .prefetch_related("strategies__owner")
        .order_by("-period_start")
        .first()
    )


@dataclass(frozen=True)
class CarriedForward:
    """A strategy of the previous report, as this one shows it: its status, and where the
    metric it aimed at stood then and stands now."""

    strategy: object
    metric_name: str
    unit: str
    then: float | None
    now: float | None


def carried_forward(report: Report, shown: dict) -> list[CarriedForward]:
    before = previous_report(report)
    if before is None:
        return []
    names = {m["key"]: (m["name"], m["unit"]) for m in shown.get("metrics", [])}
    found = []
    for strategy in before.strategies.all():
        name, unit = names.get(strategy.effect_metric, ("", ""))
        now = (
            figures.metric_value(shown, strategy.effect_metric) if strategy.effect_metric else None
        )
        found.append(CarriedForward(strategy, name, unit, strategy.metric_then, now))
    return found


@dataclass(frozen=True)
class Suggestion:
    """Something that may lie behind a miss, offered to the leader to link from the
    explanation: its words and the page that shows it."""

    text: str
    url: str

    @property
    def line(self) -> str:
        """As the explanation's links hold it."""
        return f"{self.text} | {self.url}"


def explanation_suggestions(report: Report, today: datetime.date) -> list[Suggestion]:
    """Each seller's gaps no coaching item works on yet, and the deals each lost in the
    report's period: counts and links, for the leader to pick from."""
    period = period_of_report(report).figures_period
    people = metrics.team_people(report.team, period)
    found = []
    for overview in coaching.overviews(people, period, today):
        if overview.open_gaps:
            names = ", ".join(line.metric.name.lower() for line in overview.open_gaps)
            url = reverse("metrics:gaps", args=[overview.person.pk])
            found.append(
                Suggestion(
                    f"{overview.person.name}: gaps in {names}", f"{url}?period={period.name}"
                )
            )
    lost = crm.lost_deals([p.pk for p in people], period)
    # The largest losses first: those the director will ask about.
    for person in sorted(people, key=lambda p: -lost.get(p.pk, (0, 0))[1]):
        if person.pk in lost:
            count, amount = lost[person.pk]
            url = reverse("metrics:deals", args=[person.pk])
            found.append(
                Suggestion(
                    f"{person.name}: {count} deal{pluralize(count)} lost in {period.label} "
                    f"({amount:,.0f} {reporting_currency()})",
                    f"{url}?period={period.name}&metric=deals_decided",
                )
            )
    return found

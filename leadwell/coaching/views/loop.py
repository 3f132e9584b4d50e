"""The coaching loop's pages: a seller's coaching, a team's, and one coaching item from the gap
it was opened from to its evaluated result.

Every read and write asks leadwell.policy first (refused is 404) and every write goes through
leadwell.coaching.services. Forms post and redirect without JavaScript; with htmx, the item
page's forms swap the item's body in place.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.coaching import measure, selectors, services
from leadwell.coaching.forms import Posted, split_refusal
from leadwell.coaching.models import (
    Assignment,
    AssignmentTemplate,
    CoachingItem,
    Evaluation,
    PersonalGoal,
    Skill,
)
from leadwell.lib import dates
from leadwell.lib.periods import parse_period, period_of
from leadwell.metrics import catalog
from leadwell.metrics.formatting import format_value
from leadwell.metrics.models import Scope
from leadwell.metrics.views import period_from_request, period_picker
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team

ONE_DAY = datetime.timedelta(days=1)
# The fields each form of the item page shows, by the form's name (the name a per-assignment
# form has before its "-<id>"): a refusal's message about one of them goes beside it.
ITEM_FORM_FIELDS = {
    "diagnosis": ("skills", "evidence", "seller_view", "goal"),
    "note": ("text",),
    "assignment": (
        "template",
        "title",
        "description",
        "skill",
        "owner",
        "started_on",
        "due_on",
        "leader_rating_before",
    ),
    "done": ("note", "seller_rating_after"),
    "rate": ("before", "after"),
}
EVALUATION_FIELDS = ("was_done", "outcome", "leader_rating_after", "note")


# -- Shared helpers -------------------------------------------------------------------------------


@dataclass
class Effect:
    """An evaluation's stored measurement, ready to show: the metric before and since the
    assignment started."""

    before: str
    after: str
    before_from: datetime.date | None
    before_last: datetime.date | None
    after_from: datetime.date | None
    after_last: datetime.date | None
    improved: bool | None


def effect_of(evaluation: Evaluation | None, metric: catalog.Metric | None) -> Effect | None:
    if evaluation is None or metric is None or not evaluation.metric:
        return None
    before, after = evaluation.before_value, evaluation.after_value
    return Effect(
        before=format_value(before, metric.unit),
        after=format_value(after, metric.unit),
        before_from=evaluation.before_from,
        before_last=evaluation.before_last,
        after_from=evaluation.after_from,
        after_last=evaluation.after_last,
        improved=measure.improved(metric, before, after),
    )


@dataclass
class ItemRow:
    item: CoachingItem
    metric: catalog.Metric | None
    stage: str
    effect: Effect | None = None
    evaluation: Evaluation | None = None


# -- Where "Coaching" leads -----------------------------------------------------------------------


def coaching_home(request: HttpRequest) -> HttpResponse:
    """A leader to their team's coaching, a seller to their own."""
    me = policy.person_or_404(request.user)
    led = org.teams_led_by(me).order_by("name").first()
    if led is not None:
        return redirect("coaching:team", led.pk)
    return redirect("coaching:person", me.pk)


# -- A seller's coaching --------------------------------------------------------------------------


def person_coaching(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    return _person_page(request, person)


def _person_page(request: HttpRequest, person: Person, **extra) -> HttpResponse:
    # The same period as the seller's scorecard and the leader's home when none is asked
    # for: the latest with results while the current one has none, so the gaps agree.
    period = period_from_request(request, (Scope.PERSON, person.pk))
    today = timezone.localdate()
    found = selectors.overview(person, period, today)
    open_rows = [
        ItemRow(i, catalog.BY_KEY.get(i.metric), selectors.stage(i, today))
        for i in found.open_items
    ]
    closed_rows = []
    for item, evaluation in found.closed:
        metric = catalog.BY_KEY.get(item.metric)
        closed_rows.append(
            ItemRow(item, metric, "Closed", effect_of(evaluation, metric), evaluation)
        )
    me = policy.viewer_for(request.user).person
    context = {
        "person": person,
        "is_self": me is not None and me.pk == person.pk,
        "overview": found,
        "open_rows": open_rows,
        "closed_rows": closed_rows,
        # Opening items and evaluating assignments are the management line's.
        "may_open": policy.can(request.user, "open_coaching", person),
        "today": today,
        "field_errors": {},
        "problems": [],
        "posted": {},
        **period_picker(period),
        **extra,
    }
    return render(request, "coaching/person.html", context)


# -- A team's coaching ----------------------------------------------------------------------------


@dataclass
class SellerRow:
    person: Person
    gaps_untaken: int
    items_open: int
    waiting: int
    closed: int
    improved: int
    plan: selectors.PlanStatus


def team_coaching(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(request.user, "view_scorecard", Team, pk=team_id)
    me = policy.person_or_404(request.user)
    period = period_from_request(request, (Scope.TEAM, team.pk))
    today = timezone.localdate()
    members = org.members_of([team]).exclude(pk=me.pk)
    sellers = list(policy.visible(request.user, "view_coaching", members).order_by("name"))
    plans = {s.person.pk: s for s in selectors.plan_statuses(sellers)}
    rows, waiting, closed_rows = [], [], []
    for found in selectors.overviews(sellers, period, today):
        improved = 0
        waiting += found.waiting
        for item, evaluation in found.closed:
            metric = catalog.BY_KEY.get(item.metric)
            effect = effect_of(evaluation, metric)
            improved += bool(effect and effect.improved)
            closed_rows.append(ItemRow(item, metric, "Closed", effect, evaluation))
        rows.append(
            SellerRow(
                found.person,
                gaps_untaken=len(found.open_gaps),
                items_open=len(found.open_items),
                waiting=len(found.waiting),
                closed=len(found.closed),
                improved=improved,
                plan=plans[found.person.pk],
            )
        )
    context = {
        "team": team,
        "rows": rows,
        "waiting": sorted(waiting, key=lambda a: (a.due_on, a.pk)),
        "closed_rows": sorted(
            closed_rows, key=lambda r: r.item.closed_at or r.item.opened_at, reverse=True
        ),
        "late": selectors.late_one_on_ones(me, today),
        "overdue_plans": [r.plan for r in rows if r.plan.overdue(today)],
        "today": today,
        **period_picker(period),
    }
    return render(request, "coaching/team.html", context)


# -- Opening an item ------------------------------------------------------------------------------


@require_POST
def item_open(request: HttpRequest, person_id: int) -> HttpResponse:
    """Open a coaching item from a gap (metric and period) or by hand (a title)."""
    person = policy.get_or_404(request.user, "open_coaching", Person, pk=person_id)
    form = Posted(request.POST)
    metric, title, period = form.text("metric"), form.text("title"), None
    back = redirect("coaching:person", person.pk)
    if metric:
        try:
            period = parse_period(form.text("period"))
        except ValueError as problem:
            messages.error(request, f"Could not open the coaching item: {problem}")
            return back
    started = timezone.now()
    try:
        item = services.item_open(
            person=person,
            by=policy.person_or_404(request.user),
            metric=metric,
            period=period,
            title=title,
        )
    except ValidationError as problem:
        if metric:
            messages.error(
                request, "Could not open the coaching item: " + " ".join(problem.messages)
            )
            return back
        # Opened by hand: the typed title comes back with its message beside it.
        beside, above = split_refusal(problem, ("title",))
        return _person_page(
            request, person, field_errors=beside, problems=above, posted=request.POST
        )
    if item.opened_at >= started:
        messages.success(request, f"Coaching item opened: {item.title}.")
    else:
        messages.info(request, "This gap already has an open coaching item: here it is.")
    return redirect("coaching:item", item.pk)


# -- One item -------------------------------------------------------------------------------------


def _item(request: HttpRequest, item_id: int) -> CoachingItem:
    item = selectors.item_detail(item_id)
    if item is None:
        raise Http404("No coaching item found")
    policy.require(request.user, "view", item)
    return item


def _item_for(request: HttpRequest, item_id: int, action: str) -> CoachingItem:
    return policy.get_or_404(
        request.user, action, CoachingItem.objects.select_related("person"), pk=item_id
    )


def _assignment_for(request: HttpRequest, assignment_id: int, action: str) -> Assignment:
    """An assignment the viewer may `action` on its item (or, for complete, on itself)."""
    queryset = Assignment.objects.select_related("item", "item__person")
    if action == "complete":
        return policy.get_or_404(request.user, "complete", queryset, pk=assignment_id)
    assignment = policy.get_or_404(request.user, "view", queryset, pk=assignment_id)
    policy.require(request.user, action, assignment.item)
    return assignment


def _skills_for(item: CoachingItem, ticked: set[int] | None) -> list[tuple[Skill, bool, bool]]:
    """(skill, suggested, chosen): the active library, the skills that often explain a gap in
    the item's metric first, and any chosen skill kept even if since retired. `ticked` are the
    boxes of a diagnosis that was not saved, shown again as they were."""
    chosen = {s.pk for s in item.skills.all()}
    skills = Skill.objects.filter(is_active=True) | Skill.objects.filter(pk__in=chosen)
    shown = chosen if ticked is None else ticked
    rows = [(s, item.metric in (s.metrics or []), s.pk in shown) for s in skills]
    return sorted(rows, key=lambda r: (not r[1], r[0].name))


def _templates_for(item: CoachingItem) -> tuple[list[AssignmentTemplate], list[AssignmentTemplate]]:
    """The assignment library split into those developing the item's root-cause skills and
    the rest."""
    chosen = {s.pk for s in item.skills.all()}
    suggested: list[AssignmentTemplate] = []
    others: list[AssignmentTemplate] = []
    for template in AssignmentTemplate.objects.filter(is_active=True).prefetch_related("skills"):
        develops = {s.pk for s in template.skills.all()}
        (suggested if develops & chosen else others).append(template)
    return suggested, others


def _item_context(request: HttpRequest, item: CoachingItem, **extra) -> dict:
    today = timezone.localdate()
    me = policy.viewer_for(request.user).person
    metric = catalog.BY_KEY.get(item.metric)
    is_open = item.status == CoachingItem.Status.OPEN
    may_manage = policy.can(request.user, "manage", item)
    may_discuss = policy.can(request.user, "discuss", item)
    is_seller = me is not None and me.pk == item.person_id
    side = "seller" if is_seller else "leader"
    failed_form, posted = extra.get("failed", ""), Posted(extra.get("posted") or QueryDict())
    beside = extra.get("field_errors", {}).get(failed_form, {})
    assignments = []
    for assignment in item.assignments.all():
        evaluation = assignment.evaluation if assignment.is_evaluated else None
        rate_form = f"rate-{assignment.pk}"
        # The rating fields show the viewer's own saved ratings, or what they typed if refused.
        if failed_form == rate_form:
            rated = {"before": posted.text("before"), "after": posted.text("after")}
        else:
            rated = {
                when: str(getattr(assignment, f"{side}_rating_{when}") or "")
                for when in ("before", "after")
            }
        assignments.append(
            {
                "a": assignment,
                "overdue": assignment.is_overdue(today),
                "waiting": selectors.waiting(assignment, today),
                "evaluation": evaluation,
                "effect": effect_of(evaluation, metric),
                # Anyone in the loop may mark an open assignment done; the seller usually does.
                "may_complete": assignment.status == Assignment.Status.OPEN
                and is_open
                and not evaluation,
                "may_evaluate": may_manage
                and is_open
                and not evaluation
                and assignment.status != Assignment.Status.DROPPED,
                "done_form": f"done-{assignment.pk}",
                "rate_form": rate_form,
                "rated": rated,
                "errors": beside if failed_form in (rate_form, f"done-{assignment.pk}") else {},
            }
        )
    goals = PersonalGoal.objects.filter(person_id=item.person_id, status=PersonalGoal.Status.ACTIVE)
    if item.goal_id:
        goals = goals | PersonalGoal.objects.filter(pk=item.goal_id)
    suggested, others = _templates_for(item) if may_manage and is_open else ([], [])
    ticked = None
    if extra.get("failed") == "diagnosis":
        ticked = set(Posted(extra["posted"]).ids("skills"))
    history = [(e.label, e) for e in item.events.all()]
    context: dict = {
        "item": item,
        "metric": metric,
        "gap_period": period_of(item.period_start, item.period_kind).short_label
        if item.period_start and item.period_kind
        else "",
        "stage": selectors.stage(item, today),
        "is_open": is_open,
        "is_seller": is_seller,
        "may_manage": may_manage,
        "may_discuss": may_discuss,
        "assignments": assignments,
        "skills": _skills_for(item, ticked) if may_discuss and is_open else [],
        "goals": list(goals.order_by("area", "title")),
        "suggested": suggested,
        "others": others,
        "history": history,
        "today": today,
        "ratings": range(1, 6),
        "failed": "",
        "problems": [],
        "field_errors": {},
        "posted": {},
        "notice": "",
    }
    context.update(extra)
    return context


def _show_item(request: HttpRequest, item_id: int, status: int = 200, **extra) -> HttpResponse:
    item = _item(request, item_id)
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    template = "coaching/_item_body.html" if htmx else "coaching/item.html"
    return render(request, template, _item_context(request, item, **extra), status=status)


def item_page(request: HttpRequest, item_id: int) -> HttpResponse:
    return _show_item(request, item_id)


def _saved(request: HttpRequest, item_id: int, notice: str) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _show_item(request, item_id, notice=notice)
    messages.success(request, notice)
    return redirect("coaching:item", item_id)


def _refused(request: HttpRequest, item_id: int, form: str, problem: ValidationError):
    """Show the item again with the typed text kept, each message beside its field and the
    rest above the form."""
    beside, above = split_refusal(problem, ITEM_FORM_FIELDS[form.split("-")[0]])
    return _show_item(
        request,
        item_id,
        failed=form,
        problems=above,
        field_errors={form: beside} if beside else {},
        posted=request.POST,
    )


@require_POST
def item_diagnose(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for(request, item_id, "discuss")
    form = Posted(request.POST)
    chosen = set(form.ids("skills"))
    current = set(item.skills.values_list("pk", flat=True))
    # Unticking every box posts no "skills" at all: the form says it showed them.
    skills_posted = "skills" in request.POST or form.flag("skills_shown")
    goal, clear_goal = None, False
    if "goal" in request.POST:  # a form without the field leaves the link as it is
        goal_id = form.id("goal")
        if goal_id is None:
            clear_goal = item.goal_id is not None
        elif goal_id != item.goal_id:
            goal = PersonalGoal.objects.filter(pk=goal_id, person_id=item.person_id).first()
            if goal is None:
                form.fail("goal", f"Link one of {item.person.name}'s own goals.")
    try:
        form.check()
        services.item_diagnose(
            item=item,
            by=policy.person_or_404(request.user),
            # Unchanged parts are left alone so the history records only what changed.
            skills=list(Skill.objects.filter(pk__in=chosen))
            if skills_posted and chosen != current
            else None,
            evidence=form.optional_text("evidence"),
            seller_view=form.optional_text("seller_view"),
            goal=goal,
            clear_goal=clear_goal,
        )
    except ValidationError as problem:
        return _refused(request, item.pk, "diagnosis", problem)
    return _saved(request, item.pk, "Diagnosis saved.")


@require_POST
def item_note(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for(request, item_id, "discuss")
    try:
        services.item_note(
            item=item, by=policy.person_or_404(request.user), text=request.POST.get("text", "")
        )
    except ValidationError as problem:
        return _refused(request, item.pk, "note", problem)
    return _saved(request, item.pk, "Note added.")


@require_POST
def assignment_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for(request, item_id, "manage")
    me = policy.person_or_404(request.user)
    form = Posted(request.POST)
    template = None
    if form.text("template"):
        template_id = form.id("template") or 0
        template = AssignmentTemplate.objects.filter(pk=template_id, is_active=True).first()
        if template is None:
            form.fail("template", "Choose an assignment from the library, or write your own.")
    skill_id = form.id("skill")
    skill = Skill.objects.filter(pk=skill_id).first() if skill_id is not None else None
    started_on = form.date("started_on", "Starts on")
    due_on = form.date("due_on", "Due on")
    rating = form.rating("leader_rating_before")
    try:
        form.check()
        assignment = services.assignment_add(
            item=item,
            by=me,
            template=template,
            title=form.text("title"),
            description=form.text("description"),
            skill=skill,
            owner=me if form.text("owner") == "me" else item.person,
            started_on=started_on,
            due_on=due_on,
            leader_rating_before=rating,
        )
    except ValidationError as problem:
        return _refused(request, item.pk, "assignment", problem)
    when = dates.day(assignment.due_on)
    return _saved(request, item.pk, f"Assignment agreed: {assignment.title}, due {when}.")


@require_POST
def assignment_complete(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment_for(request, assignment_id, "complete")
    me = policy.person_or_404(request.user)
    form = Posted(request.POST)
    # The rating after is the seller's own: a manager marking it done does not give it.
    rating = form.rating("seller_rating_after") if me.pk == assignment.item.person_id else None
    try:
        form.check()
        services.assignment_complete(
            assignment=assignment, by=me, note=form.text("note"), seller_rating_after=rating
        )
    except ValidationError as problem:
        return _refused(request, assignment.item_id, f"done-{assignment.pk}", problem)
    return _saved(request, assignment.item_id, f"Marked done: {assignment.title}.")


@require_POST
def assignment_rate(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment_for(request, assignment_id, "discuss")
    form = Posted(request.POST)
    before, after = form.rating("before"), form.rating("after")
    try:
        form.check()
        services.assignment_rate(
            assignment=assignment, by=policy.person_or_404(request.user), before=before, after=after
        )
    except ValidationError as problem:
        return _refused(request, assignment.item_id, f"rate-{assignment.pk}", problem)
    return _saved(request, assignment.item_id, "Rating saved.")


# -- Evaluating an assignment ---------------------------------------------------------------------


def _window(window: measure.Window, metric: catalog.Metric) -> dict:
    return {
        "start": window.start,
        "last": window.until - ONE_DAY,
        "months": window.months,
        "value": format_value(window.value, metric.unit),
        "averaged": window.averaged,
        "running": window.running,
    }


def assignment_evaluate(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The leader's evaluation: the live before/after measurement, then done or not, the
    outcome and a rating after."""
    assignment = _assignment_for(request, assignment_id, "manage")
    item = assignment.item
    if assignment.is_evaluated:
        messages.info(request, "This assignment has been evaluated already.")
        return redirect("coaching:item", item.pk)
    today = timezone.localdate()
    form = Posted(request.POST)
    problems: list[str] = []
    field_errors: dict[str, list[str]] = {}
    refused = False
    if request.method == "POST":
        outcome = form.text("outcome")
        rating = form.rating("leader_rating_after")
        if form.text("was_done") not in {"yes", "no"}:
            form.fail("was_done", "Say whether the assignment was done.")
        try:
            form.check()
            services.assignment_evaluate(
                assignment=assignment,
                by=policy.person_or_404(request.user),
                was_done=form.text("was_done") == "yes",
                outcome=outcome,
                note=form.text("note"),
                leader_rating_after=rating,
            )
        except ValidationError as problem:
            refused = True
            field_errors, problems = split_refusal(problem, EVALUATION_FIELDS)
        else:
            label = Evaluation.Outcome(outcome).label
            messages.success(request, f"Evaluated: {assignment.title}. {label}.")
            return redirect("coaching:item", item.pk)
    metric = catalog.BY_KEY.get(item.metric)
    measured = None
    if metric is not None:
        found = measure.measure(item.person_id, item.metric, assignment.started_on, today)
        measured = {
            "pending": found.pending,
            "measured_from": found.measured_from,
            "before": _window(found.before, metric),
            "after": _window(found.after, metric),
            "improved": found.improved,
        }
    context = {
        "assignment": assignment,
        "item": item,
        "metric": metric,
        "measured": measured,
        "outcomes": Evaluation.Outcome.choices,
        "ratings": range(1, 6),
        "problems": problems,
        "field_errors": field_errors,
        "posted": request.POST if refused else {},
        # The rating shown: the one just typed when refused, else the one saved.
        "rating": form.text("leader_rating_after")
        if refused
        else str(assignment.leader_rating_after or ""),
        "today": today,
    }
    return render(request, "coaching/evaluate.html", context)

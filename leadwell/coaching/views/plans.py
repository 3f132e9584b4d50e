"""A direct report's professional development plan: written by the management line, read and
commented on by the seller, reviewed every month (an overdue review is flagged)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.coaching import selectors, services
from leadwell.coaching.forms import Posted, split_refusal
from leadwell.coaching.models import DevelopmentPlan, PlanAction, PlanComment, Skill
from leadwell.org.models import Person

# The fields each form of the plan page shows: a refusal's message about one goes beside it.
PLAN_FORM_FIELDS = {
    "plan": ("strengths", "skills", "development_notes", "aspiration", "readiness"),
    "action": ("text", "due_on"),
    "review": ("reviewed_on", "progress", "next_steps"),
    "comment": ("text",),
}


def _plan_of(person: Person) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.filter(person=person)
        .prefetch_related(
            "skills_to_develop",
            "actions",
            Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
        )
        .first()
    )


def _plan_context(request: HttpRequest, person: Person, **extra) -> dict:
    plan = _plan_of(person)
    today = timezone.localdate()
    status = selectors.plan_statuses([person])[0]
    chosen = {s.pk for s in plan.skills_to_develop.all()} if plan else set()
    context: dict = {
        "person": person,
        "plan": plan,
        "is_self": policy.person_or_404(request.user).pk == person.pk,
        "may_manage": policy.can(request.user, "manage_plan", person),
        "may_comment": plan is not None and policy.can(request.user, "comment", plan),
        "status": status,
        "overdue": status.overdue(today),
        "reviews": selectors.latest_reviews(plan) if plan else [],
        "skills": Skill.objects.filter(is_active=True) | Skill.objects.filter(pk__in=chosen),
        "chosen": chosen,
        "readiness": DevelopmentPlan.Readiness.choices,
        "today": today,
        "failed": "",
        "problems": [],
        "field_errors": {},
        "posted": {},
    }
    context.update(extra)
    return context


def _show(request: HttpRequest, person: Person, partial: str = "", **extra) -> HttpResponse:
    """The plan page, or one of its parts when htmx asked for it."""
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    template = f"coaching/{partial}" if partial and htmx else "coaching/plan.html"
    return render(request, template, _plan_context(request, person, **extra))


def _refused(request: HttpRequest, person: Person, form: str, problem: ValidationError, partial=""):
    """Show the plan again with the typed text kept, each message beside its field and the
    rest above the form."""
    extra: dict = {}
    beside, above = split_refusal(problem, PLAN_FORM_FIELDS[form])
    if form == "plan":  # the boxes ticked, not the skills saved
        extra["chosen"] = set(Posted(request.POST).ids("skills"))
    return _show(
        request,
        person,
        partial,
        failed=form,
        problems=above,
        field_errors={form: beside} if beside else {},
        posted=request.POST,
        **extra,
    )


def _saved(request: HttpRequest, person: Person, notice: str, partial: str = "") -> HttpResponse:
    if partial and request.htmx:  # type: ignore[attr-defined]
        return _show(request, person, partial)
    messages.success(request, notice)
    return redirect("coaching:plan", person.pk)


def plan_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    if request.method == "POST":
        policy.require(request.user, "manage_plan", person)
        form = Posted(request.POST)
        try:
            services.plan_save(
                person=person,
                strengths=form.text("strengths"),
                skills_to_develop=list(Skill.objects.filter(pk__in=form.ids("skills"))),
                development_notes=form.text("development_notes"),
                aspiration=form.text("aspiration"),
                readiness=form.text("readiness"),
            )
        except ValidationError as problem:
            return _refused(request, person, "plan", problem)
        return _saved(request, person, "Development plan saved.")
    return _show(request, person)


def _plan_for(request: HttpRequest, person_id: int, action: str) -> tuple[Person, DevelopmentPlan]:
    """The person's plan, when the viewer may `action` it; 404 before the plan exists."""
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    plan = DevelopmentPlan.objects.filter(person=person).first()
    if plan is None:
        raise Http404("No development plan yet")
    policy.require(request.user, action, plan)
    return person, plan


@require_POST
def plan_action_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person, plan = _plan_for(request, person_id, "change")
    form = Posted(request.POST)
    due_on = form.date("due_on", "Due on")
    try:
        form.check()
        services.plan_action_add(plan=plan, text=form.text("text"), due_on=due_on)
    except ValidationError as problem:
        return _refused(request, person, "action", problem, "_plan_actions.html")
    return _saved(request, person, "Action added.", "_plan_actions.html")


@require_POST
def plan_action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = policy.get_or_404(
        request.user, "view", PlanAction.objects.select_related("plan__person"), pk=action_id
    )
    policy.require(request.user, "change", action.plan)
    done = Posted(request.POST).flag("done")
    services.plan_action_set_done(action=action, done=done)
    notice = f"Done: {action.text}." if done else f"Open again: {action.text}."
    return _saved(request, action.plan.person, notice, "_plan_actions.html")


@require_POST
def plan_review_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person, plan = _plan_for(request, person_id, "change")
    form = Posted(request.POST)
    reviewed_on = form.date("reviewed_on", "Reviewed on")
    try:
        form.check()
        services.plan_review_add(
            plan=plan,
            by=policy.person_or_404(request.user),
            progress=form.text("progress"),
            next_steps=form.text("next_steps"),
            reviewed_on=reviewed_on,
        )
    except ValidationError as problem:
        return _refused(request, person, "review", problem)
    return _saved(request, person, "Monthly review recorded.")


@require_POST
def plan_comment_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person, plan = _plan_for(request, person_id, "comment")
    try:
        services.plan_comment_add(
            plan=plan, by=policy.person_or_404(request.user), text=request.POST.get("text", "")
        )
    except ValidationError as problem:
        return _refused(request, person, "comment", problem, "_plan_comments.html")
    return _saved(request, person, "Comment added.", "_plan_comments.html")

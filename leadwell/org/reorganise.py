"""The administrators' reorganising pages: move a person to another team, change a team's leader
or office, create an office or a team.

Each page is a form, then a confirmation that says in words what will change and what it does
to the scorecards, then the change (org/services.py, recorded in the audit trail from the
request). A refused form comes back as typed, each message beside its field; so does a
confirmation whose change was refused meanwhile (someone else changed the chart).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from leadwell import policy
from leadwell.lib import dates
from leadwell.org import selectors, services
from leadwell.org.models import Office, Person, Team

Problems = dict[str, list[str]]


@dataclass
class Field:
    name: str
    label: str
    kind: str  # "text", "date" or "select"
    options: list[tuple[str, str]] = field(default_factory=list)
    help: str = ""
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"reorganise-{self.name}"


@dataclass
class Step:
    """One reorganising page: its fields, how it reads and checks them, what it says before
    it applies them, and how it applies them."""

    title: str
    intro: str
    fields: list[Field]
    defaults: dict[str, str]
    read: Callable[[QueryDict], tuple[dict[str, Any], Problems]]
    check: Callable[[dict[str, Any]], Problems]
    question: Callable[[dict[str, Any]], tuple[str, list[str]]]  # the question, what follows
    apply: Callable[[dict[str, Any]], Any]
    done: Callable[[Any], tuple[str, str]]  # the message, where to go next
    back: str  # where "Cancel" leads
    button: str


def _two_steps(request: HttpRequest, step: Step) -> HttpResponse:
    values = {
        **step.defaults,
        **{f.name: request.GET[f.name] for f in step.fields if f.name in request.GET},
    }
    if request.method == "POST":
        values = {f.name: request.POST.get(f.name, "").strip() for f in step.fields}
        parsed, problems = step.read(request.POST)
        if not problems:
            problems = step.check(parsed)
        if not problems and request.POST.get("confirmed") == "yes":
            try:
                result = step.apply(parsed)
            except ValidationError as refused:
                problems = refused.message_dict
            else:
                text, address = step.done(result)
                messages.success(request, text)
                return redirect(address)
        if not problems:
            question, follows = step.question(parsed)
            change = f"{request.path}?{urlencode(values)}"
            context = {"step": step, "question": question, "follows": follows, "values": values}
            return render(request, "org/confirm.html", context | {"change": change})
        return _form(request, step, values, problems)
    return _form(request, step, values, {})


def _form(request: HttpRequest, step: Step, values: dict[str, str], problems: Problems):
    for f in step.fields:
        f.value = values.get(f.name, "")
        f.errors = problems.get(f.name, [])
    rest = [m for name, found in problems.items() if name not in values for m in found]
    context = {"step": step, "problems": problems, "other_problems": rest}
    return render(request, "org/reorganise.html", context, status=422 if problems else 200)


# -- Reading the fields -----------------------------------------------------------------------


def _day(form: QueryDict, problems: Problems, name: str = "on") -> datetime.date | None:
    text = form.get(name, "").strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems[name] = ["Enter a date like 2027-01-01." if text else "Choose a day."]
        return None


def _pick(model: type[Model], form: QueryDict, problems: Problems, name: str, message: str, **only):
    """The object whose id the form's `name` holds (None when empty; a message when unknown)."""
    text = form.get(name, "").strip()
    if not text:
        return None
    found = model._default_manager.filter(pk=text, **only).first() if text.isdigit() else None
    if found is None:
        problems[name] = [message]
    return found


def _team_options() -> list[tuple[str, str]]:
    teams = Team.objects.select_related("office").order_by("name")
    return [("", "Choose a team")] + [
        (str(t.pk), f"{t.name} · {t.office.name}" if t.office else t.name) for t in teams
    ]


def _people_options(blank: str) -> list[tuple[str, str]]:
    people = Person.objects.active().order_by("name", "pk")
    return [("", blank)] + [
        (str(p.pk), f"{p.name} · {p.title}" if p.title else p.name) for p in people
    ]


def _office_options(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(str(o.pk), o.name) for o in Office.objects.order_by("name")]


def _date_field(help: str) -> Field:
    return Field("on", "From", "date", help=help)


def _today() -> str:
    return timezone.localdate().isoformat()


def _until(day: datetime.date) -> str:
    return dates.day(day - datetime.timedelta(days=1))


# -- The pages ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def person_move(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "change", Person.objects.active(), pk=person_id)
    team = selectors.team_of(person)

    def read(form: QueryDict) -> tuple[dict[str, Any], Problems]:
        problems: Problems = {}
        to = _pick(Team, form, problems, "team", "Choose one of the teams listed.")
        if to is None and "team" not in problems:
            problems["team"] = ["Choose the team to move them to."]
        return {"team": to, "on": _day(form, problems)}, problems

    def question(v: dict[str, Any]) -> tuple[str, list[str]]:
        on, to = v["on"], v["team"]
        was = selectors.team_of(person, on)
        leader = selectors.leader_of(to, on)
        move = f"from {was.name} to {to.name}" if was else f"to {to.name}"
        follows = [
            f"{person.name}'s scorecards from {dates.day(on)} count in {to.name}"
            + (f"; up to {_until(on)} they stay with {was.name}." if was else "."),
            f"From that day {person.name} reports to {leader.name}."
            if leader
            else f"{to.name} has no leader on that day: {person.name} reports to nobody.",
        ]
        return f"Move {person.name} {move} from {dates.day(on)}?", follows

    step = Step(
        title=f"Move {person.name} to another team",
        intro=f"{person.name} is on {team.name} today."
        if team
        else f"{person.name} is on no team today.",
        fields=[
            Field("team", "To team", "select", _team_options()),
            _date_field(
                "The first day on the new team. Their membership of the current team ends the "
                "day before; a future day plans the move."
            ),
        ],
        defaults={"on": _today()},
        read=read,
        check=lambda v: services.move_problems(person=person, team=v["team"], on=v["on"]),
        question=question,
        apply=lambda v: services.person_move(person=person, team=v["team"], on=v["on"]),
        done=lambda m: (
            f"{person.name} is on {m.team.name} from {dates.day(m.valid_from)}.",
            reverse("person", args=[person.pk]),
        ),
        back=reverse("person", args=[person.pk]),
        button="Move",
    )
    return _two_steps(request, step)


@require_http_methods(["GET", "POST"])
def team_leader(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(request.user, "change", Team, pk=team_id)
    current = selectors.leader_of(team)

    def read(form: QueryDict) -> tuple[dict[str, Any], Problems]:
        problems: Problems = {}
        leader = _pick(
            Person, form, problems, "leader", "Choose one of the people listed.", is_active=True
        )
        if leader is None and "leader" not in problems:
            problems["leader"] = ["Choose who leads the team."]
        return {"leader": leader, "on": _day(form, problems)}, problems

    def question(v: dict[str, Any]) -> tuple[str, list[str]]:
        on, leader = v["on"], v["leader"]
        was = selectors.leader_of(team, on)
        follows = [
            f"From {dates.day(on)} {team.name}'s members report to {leader.name}"
            + (f"; up to {_until(on)} they reported to {was.name}." if was else "."),
            f"{leader.name} may then read their scorecards and coaching, as their manager.",
        ]
        return f"Make {leader.name} the leader of {team.name} from {dates.day(on)}?", follows

    step = Step(
        title=f"Change the leader of {team.name}",
        intro=f"{current.name} leads {team.name} today."
        if current
        else f"{team.name} has no leader today.",
        fields=[
            Field("leader", "New leader", "select", _people_options("Choose a person")),
            _date_field("The first day the new leader leads the team."),
        ],
        defaults={"on": _today()},
        read=read,
        check=lambda v: services.leader_problems(team=team, leader=v["leader"], on=v["on"]),
        question=question,
        apply=lambda v: services.team_leader_change(team=team, leader=v["leader"], on=v["on"]),
        done=lambda m: (
            f"{m.person.name} leads {team.name} from {dates.day(m.valid_from)}.",
            reverse("team", args=[team.pk]),
        ),
        back=reverse("team", args=[team.pk]),
        button="Change the leader",
    )
    return _two_steps(request, step)


@require_http_methods(["GET", "POST"])
def team_office(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(
        request.user, "change", Team.objects.select_related("office"), pk=team_id
    )

    def read(form: QueryDict) -> tuple[dict[str, Any], Problems]:
        problems: Problems = {}
        office = _pick(Office, form, problems, "office", "Choose one of the offices listed.")
        return {"office": office}, problems

    def question(v: dict[str, Any]) -> tuple[str, list[str]]:
        office = v["office"]
        where = f"into {office.name}" if office else "out of every office"
        follows = [
            "A team's office is not dated: this applies to every period, past ones included. "
            f"The office scorecards count {team.name}'s results under "
            + (f"{office.name}" if office else "no office")
            + (f" and no longer under {team.office.name}." if team.office else "."),
            "To keep an office's past figures as they were, create a new team in the new office "
            "and move the people to it from a day instead.",
        ]
        return f"Move {team.name} {where}, from now on and for the past?", follows

    step = Step(
        title=f"Change the office of {team.name}",
        intro=f"{team.name} is in {team.office.name}."
        if team.office
        else f"{team.name} is in no office.",
        fields=[Field("office", "Office", "select", _office_options("No office"))],
        defaults={"office": str(team.office_id or "")},
        read=read,
        check=lambda v: services.team_office_problems(team=team, office=v["office"]),
        question=question,
        apply=lambda v: services.team_office_change(team=team, office=v["office"]),
        done=lambda t: (
            f"{t.name} is in {t.office.name}." if t.office else f"{t.name} is in no office.",
            reverse("team", args=[t.pk]),
        ),
        back=reverse("team", args=[team.pk]),
        button="Change the office",
    )
    return _two_steps(request, step)


@require_http_methods(["GET", "POST"])
def office_new(request: HttpRequest) -> HttpResponse:
    policy.require_may(request.user, "org.administer")

    def read(form: QueryDict) -> tuple[dict[str, Any], Problems]:
        problems: Problems = {}
        parent = _pick(Office, form, problems, "parent", "Choose one of the offices listed.")
        name, kind = form.get("name", ""), form.get("kind", "")
        return {"name": name, "kind": kind, "parent": parent}, problems

    def question(v: dict[str, Any]) -> tuple[str, list[str]]:
        kind = Office.Kind(v["kind"]).label.lower()
        within = f" within {v['parent'].name}" if v["parent"] else ""
        name = " ".join(v["name"].split())
        return f"Create the {kind} {name}{within}?", [
            "It has no teams yet: create a team in it, or move a team into it, next."
        ]

    step = Step(
        title="New office",
        intro="A regional office, a region or a business unit: teams belong to one, and the "
        "office scorecards add up their teams.",
        fields=[
            Field("name", "Name", "text"),
            Field("kind", "Kind", "select", [(k.value, k.label) for k in Office.Kind]),
            Field("parent", "Within", "select", _office_options("Nothing: at the top")),
        ],
        defaults={"kind": Office.Kind.OFFICE.value},
        read=read,
        check=lambda v: services.office_problems(name=v["name"], kind=v["kind"]),
        question=question,
        apply=lambda v: services.office_create(name=v["name"], kind=v["kind"], parent=v["parent"]),
        done=lambda o: (f"{o.get_kind_display()} {o.name} created.", reverse("org-chart")),
        back=reverse("administration"),
        button="Create the office",
    )
    return _two_steps(request, step)


@require_http_methods(["GET", "POST"])
def team_new(request: HttpRequest) -> HttpResponse:
    policy.require_may(request.user, "org.administer")

    def read(form: QueryDict) -> tuple[dict[str, Any], Problems]:
        problems: Problems = {}
        office = _pick(Office, form, problems, "office", "Choose one of the offices listed.")
        leader = _pick(
            Person, form, problems, "leader", "Choose one of the people listed.", is_active=True
        )
        on = _day(form, problems) if leader is not None else None
        return {
            "name": form.get("name", ""),
            "office": office,
            "leader": leader,
            "on": on,
        }, problems

    def question(v: dict[str, Any]) -> tuple[str, list[str]]:
        name = " ".join(v["name"].split())
        office = f" in {v['office'].name}" if v["office"] else ""
        follows = [
            f"{v['leader'].name} leads it from {dates.day(v['on'])}."
            if v["leader"]
            else "It has no leader yet: choose one on the team's page.",
            "It has no members yet: move people into it from their pages.",
        ]
        return f"Create the team {name}{office}?", follows

    step = Step(
        title="New team",
        intro="A team has one leader at a time; its members report to that leader.",
        fields=[
            Field("name", "Name", "text"),
            Field("office", "Office", "select", _office_options("No office")),
            Field("leader", "Leader", "select", _people_options("Nobody yet")),
            _date_field("The first day the leader leads the team."),
        ],
        defaults={"on": _today()},
        read=read,
        check=lambda v: services.team_problems(name=v["name"], leader=v["leader"], on=v["on"]),
        question=question,
        apply=lambda v: services.team_create(
            name=v["name"], office=v["office"], leader=v["leader"], on=v["on"]
        ),
        done=lambda t: (f"Team {t.name} created.", reverse("team", args=[t.pk])),
        back=reverse("administration"),
        button="Create the team",
    )
    return _two_steps(request, step)

"""The audit trail's page and API, and a person's notices.

Each viewer reads the changes the policy lets them (leadwell/audit/rules.py): administrators all
of them; a leader those about the people and teams below them; anyone what is about
themselves. Confidential objects are recorded without their content, so nothing here can show
coaching.
"""

import datetime

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from leadwell import policy
from leadwell.audit import services as audit
from leadwell.audit.models import Change, Kind, Notice
from leadwell.lib.api_input import Filters, Id, Pages

CHANGES_PER_PAGE = 50
NOTICES_PER_PAGE = 50


def changes_for(
    viewer: policy.Asker,
    *,
    person: str = "",
    person_id: int | None = None,
    kind: str = "",
    flagged: bool = False,
) -> QuerySet[Change]:
    """The changes the viewer may read, newest first, narrowed by person (a name or part of
    one, or an id), kind and whether flagged."""
    policy.require_may(viewer, "audit.view_trail")
    changes = policy.visible(viewer, "view", Change.objects.all())
    if person_id is not None:
        changes = changes.filter(subject_id=person_id)
    if person.strip():
        text = " ".join(person.split())
        changes = changes.filter(Q(subject__name__icontains=text) | Q(actor_label__icontains=text))
    if kind:
        changes = changes.filter(kind=kind)
    if flagged:
        changes = changes.filter(flagged=True)
    return changes.select_related("subject", "team").order_by("-at", "-id")


def unread_notices(viewer: policy.Asker) -> QuerySet[Notice]:
    unread = Notice.objects.filter(read_at__isnull=True).select_related("change__subject")
    return policy.visible(viewer, "view", unread)


# -- Pages ----------------------------------------------------------------------------------------


def trail_page(request: HttpRequest) -> HttpResponse:
    person = request.GET.get("person", "").strip()
    kind = request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else ""
    flagged = request.GET.get("flagged") == "on"
    changes = changes_for(request.user, person=person, kind=kind, flagged=flagged)
    page = Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in (("person", person), ("kind", kind)) if v}
    if flagged:
        filters["flagged"] = "on"
    return render(
        request,
        "web/audit_trail.html",
        {
            "page": page,
            "person": person,
            "kind": kind,
            "flagged": flagged,
            "kinds": Kind.choices,
            "filters": filters,
        },
    )


def notices_page(request: HttpRequest) -> HttpResponse:
    notices = policy.visible(request.user, "view", Notice.objects.all()).select_related(
        "change__subject"
    )
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/notices.html", {"page": page})


@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = policy.get_or_404(request.user, "view", Notice, pk=notice_id)
    audit.notice_mark_read(notice=notice)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return redirect(back or "notices")


# -- API ------------------------------------------------------------------------------------------

router = Router(tags=["Audit trail"])


class ChangeOut(Schema):
    id: int
    at: datetime.datetime
    actor: str = Field(description="Who made the change, as named then")
    via: str = Field(description="page, api, admin, import, command or system")
    import_run_id: int | None
    kind: str
    action: str
    summary: str
    subject_id: int | None = Field(description="The person it is about")
    team_id: int | None = Field(description="The team it is about")
    changes: dict = Field(
        description="field: [old, new]; for a confidential object field: null (it changed; "
        "its content is never recorded)"
    )
    confidential: bool
    flagged: bool = Field(
        description="Whoever changed a reporting line gained access to the person's coaching"
    )

    @staticmethod
    def resolve_actor(change: Change) -> str:
        return change.actor_label


class ChangeFilter(Filters):
    person_id: Id | None = Field(None, description="Only changes about this person")
    kind: Kind | None = Field(None, description="Only changes of this kind")
    flagged: bool = Field(False, description="Only flagged changes")


@router.get(
    "/audit/changes",
    response=list[ChangeOut],
    summary="The audit trail: changes you may read, newest first",
    description="Administrators read every change; a leader those about the people and teams "
    "below them; anyone those about themselves.",
)
@paginate(Pages, page_size=CHANGES_PER_PAGE)
def change_list(request: HttpRequest, filters: Query[ChangeFilter]):
    return changes_for(
        request.user,
        person_id=filters.person_id,
        kind=filters.kind or "",
        flagged=filters.flagged,
    )

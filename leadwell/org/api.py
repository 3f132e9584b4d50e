import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from leadwell import policy
from leadwell.lib.api_input import Filters, Id, Pages
from leadwell.org import selectors

router = Router(tags=["people"])


class PersonRef(Schema):
    id: int
    name: str
    title: str


class TeamRef(Schema):
    id: int
    name: str


class PersonCard(Schema):
    id: int
    name: str
    title: str
    email: str | None
    team: TeamRef | None = Field(None)

    @staticmethod
    def resolve_team(obj) -> dict | None:
        team_id = getattr(obj, "team_id", None)
        return {"id": team_id, "name": obj.team_name} if team_id else None


class MembershipOut(Schema):
    team: TeamRef
    role: str
    valid_from: datetime.date
    valid_until: datetime.date | None


class PersonDetail(PersonCard):
    role: str
    management_line: list[PersonRef]
    direct_reports: list[PersonRef]
    reporting_history: list[MembershipOut]


class PeopleFilter(Filters):
    q: str = Field("", description="Part of a name, e-mail or title")


@router.get(
    "/people/",
    response=list[PersonCard],
    summary="The people directory (everyone a colleague may see)",
)
@paginate(Pages, page_size=50)
def people(request: HttpRequest, filters: Query[PeopleFilter]):
    found = policy.visible(request.user, "view", selectors.people_with_team().active())
    return found.search(filters.q).order_by("name", "pk")  # type: ignore[attr-defined]


@router.get(
    "/people/{person_id}",
    response=PersonDetail,
    summary="One person's page: reporting line and reports (self, management line, admins)",
)
def person(request: HttpRequest, person_id: Id):
    found = policy.get_or_404(request.user, "view_page", selectors.people_with_team(), pk=person_id)
    found.role = selectors.role_of(found).value  # type: ignore[attr-defined]
    found.management_line = selectors.management_line(found)  # type: ignore[attr-defined]
    found.direct_reports = list(selectors.direct_reports(found).order_by("name"))  # type: ignore[attr-defined]
    found.reporting_history = list(  # type: ignore[attr-defined]
        found.memberships.select_related("team").order_by("-valid_from")
    )
    return found

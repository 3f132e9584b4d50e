from ninja import Router, Schema

from leadwell import policy
from leadwell.org import selectors
from leadwell.org.api import PersonRef, TeamRef

router = Router(tags=["me"])


class MeOut(Schema):
    email: str
    is_administrator: bool
    person: PersonRef | None
    role: str | None
    team: TeamRef | None
    manager: PersonRef | None


@router.get("/me", response=MeOut, summary="Who am I: my account, my place in the organisation")
def me(request):
    viewer = policy.viewer_for(request.user)
    person = viewer.person
    return {
        "email": request.user.email,
        "is_administrator": viewer.is_admin,
        "person": person,
        "role": viewer.role.value if viewer.role else None,
        "team": selectors.team_of(person) if person else None,
        "manager": selectors.manager_of(person) if person else None,
    }

"""What the org chart holds about a person, for their own data export
(leadwell.lib.personal_data)."""

from leadwell.lib.personal_data import Holding
from leadwell.org.models import Membership, Person

PERSONAL_DATA = (
    Holding(
        key="person",
        title="You in the org chart",
        model=Person,
        rows=lambda person: Person.objects.filter(pk=person.pk),
        fields=("id", "name", "email", "title", "is_active", "created_at"),
        # The account a person signs in with is exported by identity, from the same link.
        via=("user",),
    ),
    Holding(
        key="reporting_lines",
        title="Your reporting lines: the teams you were a member or the leader of, and when",
        model=Membership,
        rows=lambda person: Membership.objects.filter(person=person),
        fields=("id", "team", "role", "valid_from", "valid_until"),
        via=("person",),
    ),
)

"""What operating agreements hold about a person, for their own data export
(leadwell.lib.personal_data).

An agreement and its versions are the leader's who wrote them; an acknowledgement is the
person's who gave it.
"""

from django.db.models import Q

from leadwell.agreements.models import Acknowledgement, Agreement, AgreementVersion
from leadwell.lib.personal_data import Erasable, Holding, NotExported

PERSONAL_DATA = (
    Holding(
        key="operating_agreements",
        title="Your operating agreements with your team and your director",
        model=Agreement,
        rows=lambda person: Agreement.objects.filter(leader=person),
        fields=("id", "made_with", "leader", "team", "director", "created_at"),
        via=("leader",),
    ),
    NotExported(
        Agreement,
        "director",
        "The director an agreement is made with reads it as the leader's line; it is the "
        "leader's, in the leader's export.",
    ),
    Holding(
        key="operating_agreement_versions",
        title="The versions of your operating agreements",
        model=AgreementVersion,
        rows=lambda person: AgreementVersion.objects.filter(agreement__leader=person),
        fields=("id", "agreement", "number", "commitments", "published_at", "created_at"),
    ),
    Holding(
        key="agreement_acknowledgements",
        title="The operating agreement versions you acknowledged",
        model=Acknowledgement,
        rows=lambda person: Acknowledgement.objects.filter(person=person),
        fields=("id", "version", "acknowledged_at"),
        via=("person",),
    ),
)

# What erasing a departed person removes: the agreements they wrote, with every version and the
# acknowledgements given to it, and their own acknowledgements of others' agreements. Children
# before their parents, so nothing cascades beyond what is counted.
ERASABLE = (
    Erasable(
        "agreement_acknowledgements",
        "Acknowledgements they gave, and those given to their agreements",
        Acknowledgement,
        lambda person: Acknowledgement.objects.filter(
            Q(person=person) | Q(version__agreement__leader=person)
        ),
    ),
    Erasable(
        "operating_agreement_versions",
        "The versions of the operating agreements they wrote",
        AgreementVersion,
        lambda person: AgreementVersion.objects.filter(agreement__leader=person),
    ),
    Erasable(
        "operating_agreements",
        "The operating agreements they wrote",
        Agreement,
        lambda person: Agreement.objects.filter(leader=person),
    ),
)

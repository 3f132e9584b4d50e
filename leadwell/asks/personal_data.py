"""What extra asks hold about a person, for their own data export (leadwell.lib.personal_data).

An ask belongs to the director who made it and the leader it was made of: it goes into both
their exports, and the leader's assessment into the leader's. A deal asked of a seller goes
into the seller's.
"""

from django.db.models import Q

from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment
from leadwell.lib.personal_data import Erasable, Holding, NotExported

PERSONAL_DATA = (
    Holding(
        key="asks",
        title="The extra asks made of you, or that you made of a leader",
        model=Ask,
        rows=lambda person: Ask.objects.filter(Q(director=person) | Q(leader=person)),
        fields=(
            "id",
            "director",
            "leader",
            "team",
            "period_start",
            "amount",
            "reason",
            "asked_on",
            "decision",
            "decided_on",
            "decline_reason",
            "without_assessment",
        ),
        via=("director", "leader"),
    ),
    NotExported(
        Ask,
        "recorded_by",
        "Whoever typed the ask in is its director or its leader, in whose exports it is.",
    ),
    Holding(
        key="assessments",
        title="Your assessments of the asks made of you",
        model=Assessment,
        rows=lambda person: Assessment.objects.filter(ask__leader=person),
        fields=(
            "id",
            "ask",
            "assessed_on",
            "recommendation",
            "next_pipeline",
            "next_quota",
            "next_forecast",
        ),
    ),
    Holding(
        key="assessed_deals",
        title="The deals you ticked in your assessments, with their concessions",
        model=AssessedDeal,
        rows=lambda person: AssessedDeal.objects.filter(assessment__ask__leader=person),
        fields=(
            "id",
            "assessment",
            "opportunity",
            "amount",
            "close_date",
            "discount_percent",
            "terms",
        ),
    ),
    Holding(
        key="deals_asked_of_you",
        title="The deals your leader asked you to close sooner",
        model=AskedDeal,
        rows=lambda person: AskedDeal.objects.filter(seller=person),
        fields=("id", "ask", "opportunity", "amount", "close_date"),
        via=("seller",),
    ),
)


# What erasing a departed leader removes: the asks made of them, with their assessments and
# the deals asked. Children before their parents.

ERASABLE = (
    Erasable(
        "asked_deals",
        "Deals asked of sellers in the asks made of them",
        AskedDeal,
        lambda person: AskedDeal.objects.filter(ask__leader=person),
    ),
    Erasable(
        "assessed_deals",
        "Deals ticked in their assessments",
        AssessedDeal,
        lambda person: AssessedDeal.objects.filter(assessment__ask__leader=person),
    ),
    Erasable(
        "assessments",
        "Their assessments of extra asks",
        Assessment,
        lambda person: Assessment.objects.filter(ask__leader=person),
    ),
    Erasable(
        "asks",
        "The extra asks made of them",
        Ask,
        lambda person: Ask.objects.filter(leader=person),
    ),
)

"""The pivot to leadership: what is held about a person, for their export and erasure.

A self-assessment, its answers and the manager's responses to it are about the person who
assessed themself: all go into their export. A challenge is the words of the leader who
issued it, and goes into theirs.
"""

from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)
from leadwell.lib.personal_data import Erasable, Holding, NotExported

PERSONAL_DATA = (
    Holding(
        key="pivot_challenges",
        title="The pivot to leadership challenges you issued",
        model=PivotChallenge,
        rows=lambda person: PivotChallenge.objects.filter(issuer=person),
        fields=("id", "quarter_start", "message", "issued_on"),
        via=("issuer",),
    ),
    Holding(
        key="pivot_assessments",
        title="Your pivot to leadership self-assessments",
        model=PivotAssessment,
        rows=lambda person: PivotAssessment.objects.filter(person=person),
        fields=("id", "challenge", "quarter_start", "practised", "status", "submitted_on"),
        via=("person",),
    ),
    Holding(
        key="pivot_answers",
        title="Your answers per standard in your self-assessments",
        model=PivotAnswer,
        rows=lambda person: PivotAnswer.objects.filter(assessment__person=person),
        fields=("id", "assessment", "standard", "rating", "example"),
    ),
    Holding(
        key="pivot_responses",
        title="Your manager's responses to your self-assessments",
        model=PivotResponse,
        rows=lambda person: PivotResponse.objects.filter(answer__assessment__person=person),
        fields=("id", "answer", "by", "text", "responded_on", "plan_action"),
    ),
    NotExported(
        PivotResponse,
        "by",
        "A response is about the person who assessed themself, and goes into their export; the "
        "manager who wrote it is named there.",
    ),
)

# What erasing a departed person removes: their self-assessments with the answers and the
# responses to them. The challenges they issued stay: they are their team's history (and each
# team member's assessment hangs on one). Children before their parents.
ERASABLE = (
    Erasable(
        "pivot_responses",
        "Responses to their pivot self-assessments",
        PivotResponse,
        lambda person: PivotResponse.objects.filter(answer__assessment__person=person),
    ),
    Erasable(
        "pivot_answers",
        "Their answers in their pivot self-assessments",
        PivotAnswer,
        lambda person: PivotAnswer.objects.filter(assessment__person=person),
    ),
    Erasable(
        "pivot_assessments",
        "Their pivot self-assessments",
        PivotAssessment,
        lambda person: PivotAssessment.objects.filter(person=person),
    ),
)

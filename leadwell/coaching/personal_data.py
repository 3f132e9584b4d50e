"""What coaching holds about a person, for their own data export (leadwell.lib.personal_data).

Coaching belongs to the person coached: their goals, items, assignments, evaluations and plan
go into their export, with what their leaders wrote in them, and never into a leader's (a
leader's export holds their own coaching, not their sellers'). A 1:1 belongs to its two people:
its meetings, points, actions and shared notes go into both exports; a private note goes into
its author's only.
"""

from django.db.models import Q

from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    PrivateNote,
    TalkingPoint,
)
from leadwell.lib.personal_data import Erasable, Holding, NotExported


def _party(person, series: str = "series__") -> Q:
    return Q(**{f"{series}leader": person}) | Q(**{f"{series}report": person})


IN_THE_SELLERS_RECORD = (
    "It is written in someone else's coaching, which goes into that person's export only: a "
    "leader's export holds their own coaching, never their sellers'."
)

PERSONAL_DATA = (
    Holding(
        key="personal_goals",
        title="Your personal goals",
        model=PersonalGoal,
        rows=lambda person: PersonalGoal.objects.filter(person=person),
        fields=("id", "area", "title", "detail", "horizon", "status", "created_at", "updated_at"),
        via=("person",),
    ),
    Holding(
        key="coaching_items",
        title="Coaching items about you",
        model=CoachingItem,
        rows=lambda person: CoachingItem.objects.filter(person=person),
        fields=(
            "id",
            "title",
            "metric",
            "period_kind",
            "period_start",
            "value_at_open",
            "target_at_open",
            "opened_by",
            "opened_at",
            "skills",
            "evidence",
            "seller_view",
            "goal",
            "status",
            "closed_at",
        ),
        via=("person",),
    ),
    NotExported(CoachingItem, "opened_by", IN_THE_SELLERS_RECORD),
    Holding(
        key="coaching_history",
        title="The history of the coaching items about you: each step, who took it, and notes",
        model=CoachingEvent,
        rows=lambda person: CoachingEvent.objects.filter(item__person=person),
        fields=("id", "item", "at", "by", "kind", "text"),
    ),
    NotExported(CoachingEvent, "by", IN_THE_SELLERS_RECORD),
    Holding(
        key="assignments",
        title="Developmental assignments in your coaching items",
        model=Assignment,
        rows=lambda person: Assignment.objects.filter(item__person=person),
        fields=(
            "id",
            "item",
            "template",
            "skill",
            "title",
            "description",
            "owner",
            "started_on",
            "due_on",
            "status",
            "done_on",
            "done_note",
            "seller_rating_before",
            "seller_rating_after",
            "leader_rating_before",
            "leader_rating_after",
            "created_at",
        ),
    ),
    NotExported(
        Assignment,
        "owner",
        "An assignment goes into the export of the person its coaching item is about, whoever "
        "owns it. " + IN_THE_SELLERS_RECORD,
    ),
    Holding(
        key="evaluations",
        title="Evaluations of your assignments, with the metric measured before and after",
        model=Evaluation,
        rows=lambda person: Evaluation.objects.filter(item__person=person),
        fields=(
            "id",
            "assignment",
            "item",
            "evaluated_by",
            "evaluated_on",
            "was_done",
            "outcome",
            "note",
            "metric",
            "before_from",
            "before_value",
            "after_from",
            "after_until",
            "after_value",
        ),
    ),
    NotExported(Evaluation, "evaluated_by", IN_THE_SELLERS_RECORD),
    Holding(
        key="development_plan",
        title="Your development plan",
        model=DevelopmentPlan,
        rows=lambda person: DevelopmentPlan.objects.filter(person=person),
        fields=(
            "id",
            "strengths",
            "skills_to_develop",
            "development_notes",
            "aspiration",
            "readiness",
            "started_on",
            "updated_at",
        ),
        via=("person",),
    ),
    Holding(
        key="plan_actions",
        title="The actions in your development plan",
        model=PlanAction,
        rows=lambda person: PlanAction.objects.filter(plan__person=person),
        fields=("id", "text", "due_on", "done_on"),
    ),
    Holding(
        key="plan_reviews",
        title="The monthly reviews of your development plan",
        model=PlanReview,
        rows=lambda person: PlanReview.objects.filter(plan__person=person),
        fields=("id", "reviewed_on", "progress", "next_steps", "by"),
    ),
    NotExported(PlanReview, "by", IN_THE_SELLERS_RECORD),
    Holding(
        key="plan_comments",
        title="Comments on your development plan",
        model=PlanComment,
        rows=lambda person: PlanComment.objects.filter(plan__person=person),
        fields=("id", "author", "text", "created_at"),
    ),
    NotExported(PlanComment, "author", IN_THE_SELLERS_RECORD),
    Holding(
        key="one_on_ones",
        title="Your weekly 1:1s, as the leader or the report",
        model=OneOnOneSeries,
        rows=lambda person: OneOnOneSeries.objects.filter(_party(person, "")),
        fields=("id", "leader", "report", "weekday", "started_on", "ended_on"),
        via=("leader", "report"),
    ),
    Holding(
        key="one_on_one_meetings",
        title="The meetings of your 1:1s: the answer to the Monday question and shared notes",
        model=Meeting,
        rows=lambda person: Meeting.objects.filter(_party(person)),
        fields=("id", "series", "scheduled_on", "status", "held_at", "answer", "shared_notes"),
    ),
    Holding(
        key="talking_points",
        title="The talking points of your 1:1s",
        model=TalkingPoint,
        rows=lambda person: TalkingPoint.objects.filter(_party(person)),
        fields=("id", "series", "raised_for", "discussed_in", "added_by", "text", "created_at"),
        # Only the two people in a 1:1 add points to it, so each is in the adder's export.
        via=("added_by",),
    ),
    Holding(
        key="one_on_one_actions",
        title="The action items of your 1:1s",
        model=ActionItem,
        rows=lambda person: ActionItem.objects.filter(_party(person)),
        fields=(
            "id",
            "series",
            "raised_in",
            "text",
            "owner",
            "due_on",
            "done_in",
            "done_on",
            "from_question",
            "created_at",
        ),
        # An action is owned by one of the 1:1's two people, so it is in the owner's export.
        via=("owner",),
    ),
    Holding(
        key="private_notes",
        title="Your private notes on your 1:1s (the other person's are theirs alone)",
        model=PrivateNote,
        rows=lambda person: PrivateNote.objects.filter(author=person),
        fields=("id", "meeting", "text", "updated_at"),
        via=("author",),
    ),
)


# What erasing a departed person removes: their coaching, their plan, the 1:1s they attended as
# the report (with both people's notes on them), and the private notes they wrote on anyone's
# 1:1. The 1:1s they led stay: they are their reports' history. Children before their parents.
def _reported(person) -> dict:
    return {"series__report": person}


ERASABLE = (
    Erasable(
        "evaluations",
        "Evaluations of their assignments",
        Evaluation,
        lambda person: Evaluation.objects.filter(item__person=person),
    ),
    Erasable(
        "assignments",
        "Developmental assignments",
        Assignment,
        lambda person: Assignment.objects.filter(item__person=person),
    ),
    Erasable(
        "coaching_history",
        "Steps in the history of their coaching items",
        CoachingEvent,
        lambda person: CoachingEvent.objects.filter(item__person=person),
    ),
    Erasable(
        "coaching_items",
        "Coaching items (gap, diagnosis, evidence)",
        CoachingItem,
        lambda person: CoachingItem.objects.filter(person=person),
    ),
    Erasable(
        "personal_goals",
        "Personal goals",
        PersonalGoal,
        lambda person: PersonalGoal.objects.filter(person=person),
    ),
    Erasable(
        "plan_comments",
        "Comments on their development plan",
        PlanComment,
        lambda person: PlanComment.objects.filter(plan__person=person),
    ),
    Erasable(
        "plan_reviews",
        "Monthly reviews of their development plan",
        PlanReview,
        lambda person: PlanReview.objects.filter(plan__person=person),
    ),
    Erasable(
        "plan_actions",
        "Actions of their development plan",
        PlanAction,
        lambda person: PlanAction.objects.filter(plan__person=person),
    ),
    Erasable(
        "development_plan",
        "Development plan",
        DevelopmentPlan,
        lambda person: DevelopmentPlan.objects.filter(person=person),
    ),
    Erasable(
        "private_notes",
        "Private notes on their 1:1s (both people's), and those they wrote on others' 1:1s",
        PrivateNote,
        lambda person: PrivateNote.objects.filter(
            Q(meeting__series__report=person) | Q(author=person)
        ),
    ),
    Erasable(
        "talking_points",
        "Talking points of their 1:1s",
        TalkingPoint,
        lambda person: TalkingPoint.objects.filter(**_reported(person)),
    ),
    Erasable(
        "one_on_one_actions",
        "Action items of their 1:1s",
        ActionItem,
        lambda person: ActionItem.objects.filter(**_reported(person)),
    ),
    Erasable(
        "one_on_one_meetings",
        "Meetings of their 1:1s (answers to the Monday question, shared notes)",
        Meeting,
        lambda person: Meeting.objects.filter(**_reported(person)),
    ),
    Erasable(
        "one_on_ones",
        "Their weekly 1:1s with their leaders",
        OneOnOneSeries,
        lambda person: OneOnOneSeries.objects.filter(report=person),
    ),
)

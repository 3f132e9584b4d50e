from django.urls import path

from leadwell.coaching.views import exports, goals, loop, plans

app_name = "coaching"

urlpatterns = [
    path("coaching/", loop.coaching_home, name="home"),
    path("coaching/people/<int:person_id>/", loop.person_coaching, name="person"),
    path("coaching/teams/<int:team_id>/", loop.team_coaching, name="team"),
    path("coaching/people/<int:person_id>/items/new/", loop.item_open, name="item_open"),
    path("coaching/items/<int:item_id>/", loop.item_page, name="item"),
    path("coaching/items/<int:item_id>/diagnosis/", loop.item_diagnose, name="item_diagnose"),
    path("coaching/items/<int:item_id>/notes/", loop.item_note, name="item_note"),
    path("coaching/items/<int:item_id>/assignments/", loop.assignment_add, name="assignment_add"),
    path(
        "coaching/assignments/<int:assignment_id>/done/",
        loop.assignment_complete,
        name="assignment_complete",
    ),
    path(
        "coaching/assignments/<int:assignment_id>/rating/",
        loop.assignment_rate,
        name="assignment_rate",
    ),
    path(
        "coaching/assignments/<int:assignment_id>/evaluation/",
        loop.assignment_evaluate,
        name="assignment_evaluate",
    ),
    path("coaching/people/<int:person_id>/goals/", goals.goal_list, name="goals"),
    path("coaching/goals/<int:goal_id>/", goals.goal_edit, name="goal"),
    path("coaching/people/<int:person_id>/plan/", plans.plan_page, name="plan"),
    path(
        "coaching/people/<int:person_id>/plan/actions/",
        plans.plan_action_add,
        name="plan_action_add",
    ),
    path(
        "coaching/plan-actions/<int:action_id>/done/",
        plans.plan_action_done,
        name="plan_action_done",
    ),
    path(
        "coaching/people/<int:person_id>/plan/reviews/",
        plans.plan_review_add,
        name="plan_review_add",
    ),
    path(
        "coaching/people/<int:person_id>/plan/comments/",
        plans.plan_comment_add,
        name="plan_comment_add",
    ),
    path(
        "coaching/people/<int:person_id>/history.<str:fmt>",
        exports.coaching_history,
        name="history",
    ),
]

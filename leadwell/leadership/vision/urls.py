from django.urls import path

from leadwell.leadership.vision import views

urlpatterns = [
    path("leadership/vision/", views.vision_mine, name="vision_mine"),
    path("leadership/vision/save/", views.vision_save, name="vision_save"),
    path("leadership/vision/publish/", views.vision_publish, name="vision_publish"),
    path("leadership/vision/goals/", views.goal_add, name="vision_goal_add"),
    path("leadership/vision/goals/<int:goal_id>/", views.goal_page, name="vision_goal"),
    path("leadership/vision/goals/<int:goal_id>/edit/", views.goal_edit, name="vision_goal_edit"),
    path(
        "leadership/vision/goals/<int:goal_id>/serving/",
        views.goal_serving,
        name="vision_goal_serving",
    ),
    path(
        "leadership/vision/goals/<int:goal_id>/remove/",
        views.goal_remove,
        name="vision_goal_remove",
    ),
    path("leadership/vision/leaders/", views.vision_leaders, name="vision_leaders"),
    path("leadership/vision/teams/<int:team_id>/", views.vision_team, name="vision_team"),
    path("leadership/vision/<int:vision_id>/", views.vision_detail, name="vision_detail"),
]

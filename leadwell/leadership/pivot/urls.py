"""The pivot pages, under /leadership/pivot/ (included by leadwell/leadership/urls.py)."""

from django.urls import path

from leadwell.leadership.pivot import views

urlpatterns = [
    path("leadership/pivot/", views.pivot_quarter, name="pivot_quarter"),
    path("leadership/pivot/issue/", views.pivot_issue, name="pivot_issue"),
    path("leadership/pivot/start/", views.pivot_start, name="pivot_start"),
    path("leadership/pivot/roll-up/", views.pivot_rollup, name="pivot_rollup"),
    path("leadership/pivot/leaders/<int:person_id>/", views.pivot_team, name="pivot_team"),
    path(
        "leadership/pivot/assessments/<int:assessment_id>/",
        views.pivot_assessment,
        name="pivot_assessment",
    ),
    path(
        "leadership/pivot/answers/<int:answer_id>/response/",
        views.pivot_respond,
        name="pivot_respond",
    ),
]

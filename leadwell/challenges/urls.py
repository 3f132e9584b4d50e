from django.urls import path

from leadwell.challenges import views

app_name = "challenges"

urlpatterns = [
    path("challenges/", views.register, name="register"),
    path("challenges/<int:challenge_id>/", views.challenge_page, name="challenge"),
    path("challenges/<int:challenge_id>/triage/", views.triage, name="triage"),
    path("challenges/<int:challenge_id>/escalate/", views.escalate, name="escalate"),
    path("challenges/<int:challenge_id>/answer/", views.answer, name="answer"),
    path("challenges/<int:challenge_id>/close/", views.close, name="close"),
    path("challenges/<int:challenge_id>/actions/", views.action_add, name="action_add"),
    path("challenges/actions/<int:action_id>/done/", views.action_done, name="action_done"),
]

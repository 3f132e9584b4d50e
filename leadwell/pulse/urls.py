from django.urls import path

from leadwell.pulse import views

app_name = "pulse"

urlpatterns = [
    path("pulse/", views.pulse_home, name="home"),
    path("pulse/open/", views.pulse_open, name="open"),
    path("pulse/participation/", views.participation, name="participation"),
    path("pulse/teams/<int:team_id>/", views.team_page, name="team"),
    path("pulse/<int:pulse_id>/answer/", views.answer, name="answer"),
    path("pulse/results/<uuid:group_id>/respond/", views.respond, name="respond"),
]

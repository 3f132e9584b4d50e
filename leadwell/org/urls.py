from django.urls import path

from leadwell.org import reorganise, views

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:person_id>/move/", reorganise.person_move, name="person-move"),
    path("teams/<int:team_id>/", views.team_page, name="team"),
    path("teams/<int:team_id>/leader/", reorganise.team_leader, name="team-leader"),
    path("teams/<int:team_id>/office/", reorganise.team_office, name="team-office"),
    path("org/", views.org_chart, name="org-chart"),
    path("org/teams/new/", reorganise.team_new, name="team-new"),
    path("org/offices/new/", reorganise.office_new, name="office-new"),
]

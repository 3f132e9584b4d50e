from django.urls import path

from leadwell.org import views

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("teams/<int:team_id>/", views.team_page, name="team"),
    path("org/", views.org_chart, name="org-chart"),
]

from django.urls import path

from leadwell.metrics import views

app_name = "metrics"

urlpatterns = [
    path("scorecards/", views.scorecards_home, name="home"),
    path("metrics/catalog/", views.metric_catalog, name="catalog"),
    path("scorecards/people/<int:person_id>/", views.person_scorecard, name="person"),
    path("scorecards/people/<int:person_id>/gaps/", views.person_gaps, name="gaps"),
    path("scorecards/people/<int:person_id>/deals/", views.person_deals, name="deals"),
    path("scorecards/people/<int:person_id>/targets/", views.person_targets, name="person_targets"),
    path("scorecards/teams/<int:team_id>/", views.team_scorecard, name="team"),
    path("scorecards/teams/<int:team_id>/standards/", views.team_standards, name="team_standards"),
    path("scorecards/teams/<int:team_id>/ranking/", views.team_ranking, name="team_ranking"),
    path("scorecards/offices/<int:office_id>/", views.office_scorecard, name="office"),
    path("scorecards/organisation/", views.org_scorecard, name="org"),
    path(
        "scorecards/<str:scope>/<int:scope_id>/export.<str:fmt>",
        views.export,
        name="export",
    ),
]

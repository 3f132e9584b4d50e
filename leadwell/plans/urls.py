from django.urls import path

from leadwell.plans import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.plans_home, name="home"),
    path("plans/<int:team_id>/<int:fiscal_year>/", views.plan, name="plan"),
    path("plans/<int:team_id>/<int:fiscal_year>/input/", views.plan_input, name="input"),
    path("plans/<int:team_id>/<int:fiscal_year>/assign/", views.plan_assign, name="assign"),
    path("plans/<int:team_id>/<int:fiscal_year>/commit/", views.plan_commit, name="commit"),
    path("plans/<int:team_id>/<int:fiscal_year>/changes/", views.change_ask, name="ask"),
    path(
        "plans/<int:team_id>/<int:fiscal_year>/take-over/",
        views.plan_take_over,
        name="take-over",
    ),
    path("plans/changes/<int:change_id>/answer/", views.change_answer, name="answer"),
]

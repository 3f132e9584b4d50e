from django.urls import path

from leadwell.balance import views

app_name = "balance"

urlpatterns = [
    path("balance/", views.balance_home, name="home"),
    path("balance/leaders/<int:person_id>/", views.leader_balance, name="leader"),
]

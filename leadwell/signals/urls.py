from django.urls import path

from leadwell.signals import views

app_name = "signals"

urlpatterns = [
    path("signals/", views.signals_page, name="page"),
    path("signals/people/<int:person_id>/", views.person_signals_page, name="person"),
]

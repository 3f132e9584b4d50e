from django.urls import path

from leadwell.asks import views

app_name = "asks"

urlpatterns = [
    path("asks/", views.asks_home, name="home"),
    path("asks/<int:ask_id>/", views.ask_page, name="ask"),
    path("asks/<int:ask_id>/assessment/", views.assess, name="assess"),
    path("asks/<int:ask_id>/decision/", views.decide, name="decide"),
]

from django.urls import URLPattern

app_name = "debriefs"

urlpatterns: list[URLPattern] = []

from django.urls import path

from leadwell.agreements import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreements_home, name="home"),
    path("agreements/start/", views.agreement_start, name="start"),
    path("agreements/<int:agreement_id>/", views.agreement_page, name="agreement"),
    path("agreements/<int:agreement_id>/draft/", views.draft_save, name="draft"),
    path(
        "agreements/versions/<int:version_id>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
]

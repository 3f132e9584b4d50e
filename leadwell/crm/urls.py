from django.urls import path

from leadwell.crm import views

urlpatterns = [
    path("quotas/", views.quotas, name="quotas"),
    path("forecast/", views.forecast_call, name="forecast-call"),
    path("imports/", views.imports, name="imports"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/<int:run_id>/", views.import_review, name="import-review"),
    path("imports/<int:run_id>/start/", views.import_start, name="import-start"),
    path("imports/<int:run_id>/stages/", views.import_stages, name="import-stages"),
    path(
        "imports/<int:run_id>/file-options/",
        views.import_file_options,
        name="import-file-options",
    ),
    path("imports/<int:run_id>/progress/", views.import_progress, name="import-progress"),
    path("imports/<int:run_id>/errors.csv", views.import_errors_csv, name="import-errors"),
    path("imports/<int:run_id>/records/", views.import_records, name="import-records"),
]

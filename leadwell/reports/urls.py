from django.urls import path

from leadwell.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.reports_page, name="list"),
    path("reports/draft/", views.draft_start, name="draft"),
    path("reports/cadence/<int:person_id>/", views.cadence_set, name="cadence"),
    path("reports/<int:report_id>/", views.report_page, name="report"),
    path("reports/<int:report_id>/report.pdf", views.report_pdf, name="pdf"),
    path("reports/<int:report_id>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("reports/<int:report_id>/explanation/", views.explanation_save, name="explanation"),
    path("reports/<int:report_id>/strategies/", views.strategy_add, name="strategy_add"),
    path("reports/<int:report_id>/send/", views.report_send, name="send"),
    path("reports/<int:report_id>/comments/", views.comment_add, name="comment"),
    path("reports/<int:report_id>/read/", views.mark_read, name="read"),
    path(
        "reports/strategies/<int:strategy_id>/remove/",
        views.strategy_remove,
        name="strategy_remove",
    ),
    path(
        "reports/strategies/<int:strategy_id>/follow-up/",
        views.strategy_follow_up,
        name="strategy_follow_up",
    ),
]

from django.contrib import admin
from django.urls import include, path

from leadwell.api import api
from leadwell.web import audit_trail, lead_up
from leadwell.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("administration/", web_views.administration_home, name="administration"),
    path("audit/", audit_trail.trail_page, name="audit-trail"),
    path("lead-up/", lead_up.lead_up_page, name="lead-up"),
    path("settings/", web_views.settings_page, name="settings"),
    path("people/<int:person_id>/", web_views.person_page, name="person"),
    path("people/<int:person_id>/erase/", web_views.erase_page, name="person-erase"),
    path("my-team/", web_views.my_team, name="my-team"),
    path("notices/", audit_trail.notices_page, name="notices"),
    path("notices/<int:notice_id>/read/", audit_trail.notice_read, name="notice-read"),
    path("profile/my-data.json", web_views.personal_data, name="personal-data"),
    path("", include("leadwell.identity.urls")),
    path("", include("leadwell.org.urls")),
    path("", include("leadwell.crm.urls")),
    path("", include("leadwell.metrics.urls")),
    path("", include("leadwell.coaching.urls")),
    path("", include("leadwell.coaching.meeting_urls")),
    path("", include("leadwell.plans.urls")),
    path("", include("leadwell.debriefs.urls")),
    path("", include("leadwell.agreements.urls")),
    path("", include("leadwell.challenges.urls")),
    path("", include("leadwell.balance.urls")),
    path("", include("leadwell.asks.urls")),
    path("", include("leadwell.reports.urls")),
    path("", include("leadwell.signals.urls")),
    path("", include("leadwell.conditioning.urls")),
    path("", include("leadwell.pulse.urls")),
    path("", include("leadwell.leadership.urls")),
    path("", include("leadwell.cadences.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = "leadwell.web.views.not_found"
handler403 = "leadwell.web.views.forbidden"
handler500 = "leadwell.web.views.server_error"

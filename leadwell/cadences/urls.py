from django.urls import path
from django.views.generic import RedirectView

app_name = "cadences"

urlpatterns: list = [
    # TEMPORARY, on the digests' branch only, so e-mails can name the address: the
    # preferences' branch brings the real one-click unsubscribe page under this name, and its
    # line replaces this one at merge.
    path(
        "notifications/unsubscribe/<str:token>/",
        RedirectView.as_view(url="/notifications/settings/"),
        name="unsubscribe",
    ),
]

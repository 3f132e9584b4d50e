from django.urls import path

from leadwell.cadences.views import feeds, preferences, undelivered

app_name = "cadences"

urlpatterns: list = [
    path("notifications/", preferences.notifications, name="list"),
    path("notifications/read/", preferences.notifications_read, name="read_all"),
    path(
        "notifications/<int:notification_id>/read/",
        preferences.notification_read,
        name="read",
    ),
    path("notifications/settings/", preferences.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", preferences.unsubscribe_page, name="unsubscribe"),
    path("calendar/<str:token>.ics", feeds.feed_calendar, name="feed"),
    path("profile/calendar-feed/new/", feeds.feed_make, name="feed_make"),
    path("profile/calendar-feed/<int:feed_id>/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("administration/mail/", undelivered.undelivered_page, name="undelivered"),
    path(
        "administration/mail/<int:delivery_id>/send-again/",
        undelivered.send_again_page,
        name="undelivered-send-again",
    ),
]

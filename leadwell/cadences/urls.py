from django.urls import path

from leadwell.cadences.views import feeds

app_name = "cadences"

urlpatterns: list = [
    path("calendar/<str:token>.ics", feeds.feed_calendar, name="feed"),
    path("profile/calendar-feed/new/", feeds.feed_make, name="feed_make"),
    path("profile/calendar-feed/<int:feed_id>/revoke/", feeds.feed_revoke, name="feed_revoke"),
]

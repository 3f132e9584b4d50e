from django.urls import path

from leadwell.cadences.views import undelivered

app_name = "cadences"

urlpatterns: list = [
    path("administration/mail/", undelivered.undelivered_page, name="undelivered"),
    path(
        "administration/mail/<int:delivery_id>/send-again/",
        undelivered.send_again_page,
        name="undelivered-send-again",
    ),
]

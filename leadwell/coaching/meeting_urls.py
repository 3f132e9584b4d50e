from django.urls import path

from leadwell.coaching.views import one_on_ones as views

app_name = "one_on_ones"

urlpatterns = [
    path("one-on-ones/", views.series_list, name="list"),
    path("one-on-ones/start/", views.series_start, name="start"),
    path("one-on-ones/<int:series_id>/", views.series_page, name="series"),
    path("one-on-ones/<int:series_id>/day/", views.series_day, name="day"),
    path("one-on-ones/<int:series_id>/plan/", views.series_plan, name="plan"),
    path("one-on-ones/meetings/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("one-on-ones/meetings/<int:meeting_id>/points/", views.point_add, name="point_add"),
    path(
        "one-on-ones/meetings/<int:meeting_id>/points/<int:point_id>/discussed/",
        views.point_discussed,
        name="point_discussed",
    ),
    path("one-on-ones/meetings/<int:meeting_id>/actions/", views.action_add, name="action_add"),
    path(
        "one-on-ones/meetings/<int:meeting_id>/actions/<int:action_id>/done/",
        views.action_done,
        name="action_done",
    ),
    path("one-on-ones/meetings/<int:meeting_id>/answer/", views.answer_write, name="answer"),
    path(
        "one-on-ones/meetings/<int:meeting_id>/answer/actions/",
        views.answer_to_actions,
        name="answer_actions",
    ),
    path(
        "one-on-ones/meetings/<int:meeting_id>/shared-notes/",
        views.shared_notes_write,
        name="shared_notes",
    ),
    path(
        "one-on-ones/meetings/<int:meeting_id>/private-note/",
        views.private_note_write,
        name="private_note",
    ),
    path("one-on-ones/meetings/<int:meeting_id>/held/", views.meeting_held, name="held"),
]

from django.urls import URLPattern, path

from leadwell.leadership.yourself import views

urlpatterns: list[URLPattern] = [
    path("leadership/yourself/", views.my_page, name="yourself"),
    path(
        "leadership/yourself/people/<int:person_id>/",
        views.person_page,
        name="yourself_person",
    ),
    path(
        "leadership/yourself/people/<int:person_id>/feedback/",
        views.feedback_give,
        name="yourself_feedback",
    ),
    path("leadership/yourself/aspirations/", views.aspiration_add, name="yourself_aspiration_add"),
    path(
        "leadership/yourself/aspirations/<int:goal_id>/",
        views.aspiration_page,
        name="yourself_aspiration",
    ),
    path(
        "leadership/yourself/aspirations/<int:goal_id>/actions/",
        views.action_add,
        name="yourself_action_add",
    ),
    path(
        "leadership/yourself/actions/<int:action_id>/done/",
        views.action_done,
        name="yourself_action_done",
    ),
]

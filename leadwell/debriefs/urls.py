from django.urls import path

from leadwell.debriefs import views

app_name = "debriefs"

urlpatterns = [
    path("debriefs/", views.debriefs_home, name="home"),
    path("debriefs/leaders/<int:leader_id>/new/", views.debrief_new, name="new"),
    path("debriefs/<int:debrief_id>/", views.debrief_page, name="debrief"),
    path("debriefs/<int:debrief_id>/actions/", views.action_add, name="action_add"),
    path("debriefs/actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("talks/", views.talks_page, name="talks"),
    path("talks/departments/", views.departments_page, name="departments"),
]

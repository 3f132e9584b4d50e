from django.urls import path

from leadwell.conditioning import views

app_name = "conditioning"

urlpatterns = [
    path("conditioning/", views.conditioning_list, name="list"),
    path("accounts/<int:account_id>/", views.account_page, name="account"),
]

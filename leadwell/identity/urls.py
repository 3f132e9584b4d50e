from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from leadwell.identity import views

urlpatterns = [
    path("signin/", views.SignInView.as_view(), name="signin"),
    path("signout/", auth_views.LogoutView.as_view(), name="signout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="identity/password_reset.html",
            email_template_name="identity/password_reset_email.txt",
            subject_template_name="identity/password_reset_subject.txt",
            success_url=reverse_lazy("password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="identity/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="identity/password_reset_confirm.html",
            success_url=reverse_lazy("password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="identity/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]

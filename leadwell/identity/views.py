from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from leadwell import policy
from leadwell.identity import services
from leadwell.identity.forms import SignInForm, TokenForm
from leadwell.identity.models import ApiToken
from leadwell.lib import page_sections


class SignInView(auth_views.LoginView):
    template_name = "identity/signin.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "identity/password_change.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)


def _profile(request: HttpRequest, *, form: TokenForm, new_secret: str = "") -> HttpResponse:
    tokens = list(policy.visible(request.user, "view", ApiToken.objects.all()))
    last_used = services.tokens_last_used(tokens)
    for token in tokens:
        token.last_used = last_used[token.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "identity/profile.html",
        {
            "form": form,
            "tokens": tokens,
            "new_secret": new_secret,
            # Other apps' sections (the calendar feed), which identity knows nothing of.
            "sections": page_sections.sections("profile", request.user, request=request),
        },
    )


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            token, secret = services.token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
            messages.success(
                request, f"Token “{token.name}” created. Copy it now: it is shown only once."
            )
            return _profile(request, form=TokenForm(), new_secret=secret)
        return _profile(request, form=form)
    return _profile(request, form=TokenForm())


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = policy.get_or_404(
        request.user, "revoke", ApiToken, pk=token_id, revoked_at__isnull=True
    )
    if request.method == "POST":
        services.token_revoke(token=token)
        messages.success(
            request, f"Token “{token.name}” is revoked; scripts using it are refused from now on."
        )
        return redirect("profile")
    return render(request, "identity/token_revoke.html", {"token": token})

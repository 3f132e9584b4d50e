from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": (
            "That e-mail and password do not match an account. Check both and try again."
        ),
        "inactive": "This account is switched off. Ask your administrator.",
    }

    def clean_username(self) -> str:
        # E-mail addresses are stored in lower case; people type them any way they like.
        return self.cleaned_data["username"].strip().lower()


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="What will use it, e.g. “weekly export script”.",
    )

"""The sign-in, password and token forms, refused, keep what was typed (never a password) and
say what is wrong beside the field; a refusal about the whole form shows above it."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from leadwell.identity.models import ApiToken

from .conftest import PASSWORD, field_beside_message

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_signing_in_with_something_that_is_not_an_email_keeps_it_and_says_so_beside_it(personas):
    page = page_of(
        Client().post(reverse("signin"), {"username": "sam.ortiz", "password": PASSWORD})
    )
    field = field_beside_message(
        page, "id_username", "Enter a valid email address.", error_id="id_username_error"
    )
    assert 'value="sam.ortiz"' in field
    assert PASSWORD not in page


def test_a_wrong_password_is_said_above_the_form_not_beside_a_field(personas):
    page = page_of(
        Client().post(
            reverse("signin"), {"username": "sam.ortiz@example.com", "password": "not-it"}
        )
    )
    assert '<div class="errors" role="alert"><p>That e-mail and password do not match' in page
    assert 'aria-invalid="true"' not in page
    assert 'value="sam.ortiz@example.com"' in page


def test_a_new_password_typed_differently_twice_is_refused_beside_the_confirmation(personas):
    client = personas.client("seller")
    page = page_of(
        client.post(
            reverse("password-change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a-brand-new-password-1",
                "new_password2": "a-brand-new-password-2",
            },
        )
    )
    field_beside_message(
        page,
        "id_new_password2",
        "The two password fields didn\u2019t match.",
        error_id="id_new_password2_error",
    )
    assert "see the message beside the field" in page


def test_a_password_reset_for_a_mistyped_email_keeps_it_and_says_so_beside_it(personas):
    page = page_of(Client().post(reverse("password-reset"), {"email": "sam@ortiz"}))
    field = field_beside_message(
        page, "id_email", "Enter a valid email address.", error_id="id_email_error"
    )
    assert 'value="sam@ortiz"' in field


def test_a_new_password_too_short_is_refused_beside_it_on_the_reset_link(personas):
    user = personas.user("seller")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    client = Client()
    link = client.get(reverse("password-reset-confirm", args=[uid, token]), follow=True)
    set_password = link.redirect_chain[-1][0]
    page = page_of(
        client.post(set_password, {"new_password1": "short1", "new_password2": "short1"})
    )
    field_beside_message(
        page, "id_new_password2", "at least 12 characters", error_id="id_new_password2_error"
    )


def test_an_api_token_without_a_name_is_refused_beside_the_name_and_its_help_stays(personas):
    page = page_of(personas.client("seller").post(reverse("profile"), {"name": "  "}))
    field = field_beside_message(
        page, "id_name", "This field is required.", error_id="id_name_error"
    )
    assert 'aria-describedby="id_name_helptext id_name_error"' in field
    assert '<div class="help" id="id_name_helptext">' in page
    assert not ApiToken.objects.exists()

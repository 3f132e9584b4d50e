import logging
import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import leadwell.settings as leadwell_settings

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("signin"), {"username": email, "password": password})


def test_a_seller_signs_in_with_their_email_and_lands_on_their_home_page(personas):
    client = Client()
    response = sign_in(client, "Sam.Ortiz@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "Sam Ortiz" in home and "Lena Hart" in home  # me and my manager


def test_signing_in_starts_a_new_session_key(personas):
    client = Client()
    client.get(reverse("signin"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, "sam.ortiz@example.com", PASSWORD)
    assert client.session.session_key != before


def test_a_session_lasts_twelve_hours_at_most(personas):
    client = Client()
    sign_in(client, "sam.ortiz@example.com", PASSWORD)
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert client.session.get_expiry_age() <= 12 * 3600


def test_a_wrong_password_is_refused_and_logged_without_the_password(personas, caplog):
    caplog.set_level(logging.INFO, logger="leadwell.security")
    response = sign_in(Client(), "sam.ortiz@example.com", "not-my-password-at-all")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "sign-in failed: email=sam.ortiz@example.com" in caplog.text
    assert "not-my-password-at-all" not in caplog.text


def test_repeated_failures_lock_out_that_email_from_that_address(personas):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam.ortiz@example.com", "a-wrong-password-123")
    locked = sign_in(client, "sam.ortiz@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another person signing in from the same address is not punished for it.
    assert sign_in(Client(), "sofia.berg@example.com", PASSWORD).status_code == 302


def test_thirty_failures_across_different_emails_lock_that_address_out(personas, caplog):
    caplog.set_level(logging.WARNING, logger="leadwell.security")
    assert settings.LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT == 30
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(29):  # never more than one try per e-mail: the pair limit never trips
        sign_in(sprayer, f"someone{n}@example.com", "Summer2026!Summer2026!")
    assert "sign-in paused" not in caplog.text
    sign_in(sprayer, "sofia.berg@example.com", "Summer2026!Summer2026!")  # the thirtieth

    # Even the right password of a thirty-first e-mail is refused from that address.
    locked = sign_in(sprayer, "sam.ortiz@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "signing in from this address is paused" in locked.content.decode()
    assert "_auth_user_id" not in sprayer.session
    assert "sign-in paused for the address: client=203.0.113.9" in caplog.text
    # A colleague from another address still signs in, with an e-mail the sprayer tried too.
    colleague = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(colleague, "sofia.berg@example.com", PASSWORD).status_code == 302


def test_twenty_nine_failures_from_one_address_lock_nothing(personas):
    office = Client(REMOTE_ADDR="203.0.113.10")
    for n in range(29):
        sign_in(office, f"typo{n}@example.com", "a-wrong-password-123")
    assert sign_in(office, "sam.ortiz@example.com", PASSWORD).status_code == 302


def test_the_address_limit_is_a_setting(personas, settings):
    settings.LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.11")
    for n in range(3):
        sign_in(client, f"someone{n}@example.com", "a-wrong-password-123")
    assert sign_in(client, "sam.ortiz@example.com", PASSWORD).status_code == 429


def test_behind_the_proxy_failures_count_against_the_address_the_proxy_saw(personas, settings):
    settings.BEHIND_PROXY = True
    settings.LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    proxy = "10.0.0.2"
    # The sprayer forges an address on the left; the proxy appends the one it saw.
    sprayer = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.9")
    for n in range(3):
        sign_in(sprayer, f"someone{n}@example.com", "a-wrong-password-123")
    assert sign_in(sprayer, "sam.ortiz@example.com", PASSWORD).status_code == 429
    # Everyone else reaches Leadwell through the same proxy, and is not locked out.
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(colleague, "sam.ortiz@example.com", PASSWORD).status_code == 302


class QuickPBKDF2(PBKDF2PasswordHasher):
    """The PBKDF2 hasher Leadwell used before, with few iterations to keep the test quick: the
    iterations are written in the hash, so Django's own PBKDF2 hasher verifies it."""

    iterations = 1000


def test_leadwell_hashes_new_passwords_with_argon2_and_still_verifies_pbkdf2():
    hashers = leadwell_settings.PASSWORD_HASHERS
    assert hashers[0] == "leadwell.identity.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


def test_a_password_stored_with_pbkdf2_is_rehashed_with_argon2_when_its_owner_signs_in(
    personas, settings
):
    settings.PASSWORD_HASHERS = leadwell_settings.PASSWORD_HASHERS  # the tests use MD5
    user = personas.user("seller")
    user.password = make_password(PASSWORD, hasher=QuickPBKDF2())
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$1000$")

    client = Client()
    response = sign_in(client, "sam.ortiz@example.com", PASSWORD)

    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    client.post(reverse("signout"))
    assert sign_in(Client(), "sam.ortiz@example.com", PASSWORD).status_code == 302  # still mine


def test_a_password_needs_twelve_characters_at_least():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("short-pass1")
    validate_password("long enough pass phrase")


def test_a_person_changes_their_password(personas):
    client = personas.client("seller")
    response = client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": "tiny", "new_password2": "tiny"},
    )
    assert "at least 12 characters" in response.content.decode()
    new = "a-brand-new-pass-phrase"
    response = client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert sign_in(Client(), "sam.ortiz@example.com", new).status_code == 302


def test_a_forgotten_password_is_reset_through_an_emailed_link(personas):
    client = Client()
    client.post(reverse("password-reset"), {"email": "sam.ortiz@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    new = "reset-to-this-pass-phrase"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert sign_in(Client(), "sam.ortiz@example.com", new).status_code == 302


def test_a_reset_for_an_unknown_email_sends_nothing_and_says_the_same(personas):
    response = Client().post(
        reverse("password-reset"), {"email": "nobody@example.com"}, follow=True
    )
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_signing_out_ends_the_session(personas):
    client = personas.client("seller")
    assert client.get(reverse("signout")).status_code == 405  # a link cannot sign you out
    client.post(reverse("signout"))
    assert client.get(reverse("home")).status_code == 302


def test_pages_send_signed_out_visitors_to_sign_in_and_the_api_answers_401(personas):
    client = Client()
    for url in [reverse("home"), reverse("directory"), reverse("org-chart"), reverse("profile")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("signin"))
    assert client.get("/api/v1/me").status_code == 401


def test_forms_refuse_a_post_without_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("signin"), {"username": "sam.ortiz@example.com", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_a_refused_access_is_logged_with_ids_only(personas, caplog):
    caplog.set_level(logging.WARNING, logger="leadwell.security")
    client = personas.client("seller")
    response = client.get(reverse("person", args=[personas.seller2.pk]))
    assert response.status_code == 404
    assert (
        f"access refused: user={personas.user('seller').pk} action=Person.view_page" in caplog.text
    )
    assert personas.seller2.name not in caplog.text

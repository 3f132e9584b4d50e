"""LEADWELL_EMAIL_URL names the mail server in one address, read by django-environ."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from leadwell.lib.email_url import email_settings


def test_a_starttls_address_with_an_encoded_login_gives_every_smtp_setting():
    found = email_settings("smtp+tls://us%40er:p%2Fw@mail.example:587")

    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "us@er",
        "EMAIL_HOST_PASSWORD": "p/w",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }


def test_an_ssl_address_uses_tls_from_the_start():
    found = email_settings("smtp+ssl://user:secret@mail.example:465")

    assert (found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"], found["EMAIL_PORT"]) == (
        True,
        False,
        465,
    )


def test_without_an_address_mail_is_printed_on_the_console():
    found = email_settings("consolemail://")

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("localhost", 25)


def test_a_wrong_scheme_is_refused_with_the_schemes_to_use_and_never_the_password():
    with pytest.raises(ImproperlyConfigured) as refused:
        email_settings("smpt://user:hunter2@mail.example:465")

    message = str(refused.value)
    assert "smtp+tls://" in message
    assert "smtp+ssl://" in message
    assert "hunter2" not in message
    assert "user:***@mail.example:465" in message

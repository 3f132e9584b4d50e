"""Sealing held answers: Fernet (AES with an HMAC, from the `cryptography` package) under a key
derived from the installation's SECRET_KEY, which lives in the environment or the data
directory's settings, never in the database. Someone who reads the database alone reads no
held answer; the app reads them to write a group once it is large enough."""

import base64
import json
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Binds the derived key to this use: the same secret derives other keys for other uses.
PURPOSE = b"leadwell.pulse.held-answers"


class CannotUnseal(Exception):
    """The held answers were sealed under another secret key (it was changed since)."""


def _fernet() -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(answers: list[dict]) -> str:
    """The answers, shuffled, as one sealed text (empty for none)."""
    if not answers:
        return ""
    shuffled = list(answers)
    secrets.SystemRandom().shuffle(shuffled)
    return _fernet().encrypt(json.dumps(shuffled).encode()).decode()


def unseal(sealed: str) -> list[dict]:
    if not sealed:
        return []
    try:
        return json.loads(_fernet().decrypt(sealed.encode()))
    except InvalidToken as error:
        raise CannotUnseal(
            "The held pulse answers were sealed under another secret key: set "
            "LEADWELL_SECRET_KEY back to the key in use when they were given."
        ) from error

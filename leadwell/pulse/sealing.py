"""Sealing held answers: AES-GCM (from the `cryptography` package) under a key derived from the
installation's SECRET_KEY, which lives in the environment (or, for a development install, the
data directory's `secret_key` file), never in the database. Someone who reads the database
alone reads no held answer; the app reads them to write a group once it is large enough.

What the sealed text could still say is closed off too: AES-GCM carries no time (Fernet would
carry the time of the last answer in clear), and every answer is padded to one fixed size
before sealing, so the sealed text's length tells how many answers wait and nothing of how
long any comment is. A key in SECRET_KEY_FALLBACKS still unseals (the next write seals under
the current key), so the key can be rotated the way Django rotates it.
"""

import base64
import json
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Binds the derived key to this use: the same secret derives other keys for other uses.
PURPOSE = b"leadwell.pulse.held-answers"
NONCE_BYTES = 12
# Each answer takes this many bytes once sealed, whatever its comment: the longest comment
# (pulse.services.COMMENT_LENGTH characters, up to 6 bytes each as JSON: a control character
# is written \\u0000) and the scores.
ANSWER_BYTES = 2000 * 6 + 256


class CannotUnseal(Exception):
    """The held answers were sealed under another secret key (changed since, and not kept in
    SECRET_KEY_FALLBACKS)."""


def _key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret.encode()
    )


def _pad(answer: dict) -> bytes:
    data = json.dumps(answer, ensure_ascii=False).encode()
    if len(data) > ANSWER_BYTES:
        raise ValueError("An answer is longer than a sealed answer can hold.")
    return data + b"\0" * (ANSWER_BYTES - len(data))


def seal(answers: list[dict]) -> str:
    """The answers, shuffled and each padded to one size, as one sealed text (empty for none)."""
    if not answers:
        return ""
    shuffled = list(answers)
    secrets.SystemRandom().shuffle(shuffled)
    plain = b"".join(_pad(a) for a in shuffled)
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, plain, PURPOSE)
    return base64.b64encode(nonce + sealed).decode()


def unseal(sealed: str) -> list[dict]:
    if not sealed:
        return []
    raw = base64.b64decode(sealed)
    nonce, body = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            plain = AESGCM(_key(secret)).decrypt(nonce, body, PURPOSE)
        except InvalidTag:
            continue
        chunks = [plain[i : i + ANSWER_BYTES] for i in range(0, len(plain), ANSWER_BYTES)]
        return [json.loads(chunk.rstrip(b"\0")) for chunk in chunks]
    raise CannotUnseal(
        "The held pulse answers were sealed under another secret key: set LEADWELL_SECRET_KEY "
        "back to the key in use when they were given, or keep that key in the fallbacks."
    )

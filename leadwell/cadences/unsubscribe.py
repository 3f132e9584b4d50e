"""One-click unsubscribing: each e-mail carries an address that turns that kind of e-mail off
for its person, without signing in (RFC 8058: a POST to the address in List-Unsubscribe).

The address holds the person and the kind, signed with the secret key, so it cannot be made
up for someone else, and it does not expire: an old e-mail's link still works.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from leadwell.cadences.models import Kind

SALT = "leadwell.cadences.unsubscribe"


def token_for(person_id: int, kind: str) -> str:
    return signing.dumps({"p": person_id, "k": str(kind)}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, Kind] | None:
    """The person's id and the kind the token unsubscribes from; None for a token not made
    here (or altered)."""
    try:
        value = signing.loads(token, salt=SALT)
        return int(value["p"]), Kind(value["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def url_for(person_id: int, kind: str) -> str:
    """The absolute address an e-mail's List-Unsubscribe header and footer link carry."""
    path = reverse("cadences:unsubscribe", args=[token_for(person_id, kind)])
    return settings.SITE_URL + path

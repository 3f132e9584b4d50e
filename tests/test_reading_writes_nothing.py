"""Reading never writes: a page view or an API read leaves the database as it was, so no read
waits for the write lock an import holds on SQLite (see docs/decisions.md)."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from leadwell.identity.models import ApiToken
from leadwell.identity.services import token_create, tokens_save_uses

from .conftest import deal

pytestmark = pytest.mark.django_db

WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|REPLACE|ALTER|DROP|CREATE|ANALYZE|BEGIN|SAVEPOINT)\b", re.I
)
TEMPORARY = re.compile(r'^\s*(CREATE\s+(TEMPORARY|INDEX)|DROP\s+TABLE\s+IF\s+EXISTS)|"?lw_', re.I)
API_READS = [
    "/api/v1/me",
    "/api/v1/people/",
    "/api/v1/metrics/",
    "/api/v1/targets/",
    "/api/v1/one-on-ones/",
    "/api/v1/imports/",
]


class Writes(list):
    """The statements that change the database's own tables (temporary tables do not lock),
    each with the address being read."""

    url = ""


@contextmanager
def writes() -> Iterator[Writes]:
    found = Writes()

    def watch(execute, sql, params, many, context):
        if WRITE.match(sql) and not TEMPORARY.search(sql[:120]):
            found.append((found.url, sql[:120]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield found


def crawl(client, found: Writes, limit: int = 60) -> int:
    """Follow the links of the pages a persona can open, from the home page."""
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(("/signout", "/admin/", "/static/")):
            continue
        seen.add(url)
        found.url = url
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            links = re.findall(r'href="(/[^"#]*)"', response.content.decode())
            queue += [link.replace("&amp;", "&") for link in links if link not in seen]
    return len(seen)


def test_reading_any_page_or_the_api_writes_nothing(personas):
    for seller in (personas.seller, personas.seller2):
        deal(seller, "won", 1000, "2024-02-10")
        deal(seller, "open", 5000, "2024-05-20")
    for key in ("seller", "leader", "director", "admin"):
        client = personas.client(key)
        api = personas.api(key)
        with writes() as found:
            pages = crawl(client, found)
            for url in API_READS:
                found.url = url
                api.get(url)
        assert pages > 5, key
        assert found == [], key


def test_an_api_call_notes_its_token_use_and_the_worker_saves_it(personas):
    token, secret = token_create(user=personas.user("seller"), name="script")
    client = personas.client("seller")
    assert "never" in client.get(reverse("profile")).content.decode()

    with writes() as found:
        response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and found == []
    token.refresh_from_db()
    assert token.last_used_at is None  # noted, not written
    assert "0\xa0minutes ago" in client.get(reverse("profile")).content.decode()

    assert tokens_save_uses() == 1
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert used is not None
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert tokens_save_uses() == 0  # the same minute: nothing new to save
    assert ApiToken.objects.get(pk=token.pk).last_used_at == used

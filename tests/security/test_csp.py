"""Every page carries a strict Content-Security-Policy and needs no exception to it.

Each demo persona signs in and follows the links it reaches (a few pages of each kind, so
every kind of page is seen without reading all of them): every HTML answer sends the policy,
which allows no inline or evaluated script, no plug-in, no framing and forms to Leadwell only,
and the page holds no inline script, event handler or (where the policy forbids them) style.
The API's interactive docs and Django's admin are crawled too."""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from leadwell import demo
from tests.conftest import TEST_SETTINGS, once_per_ci_run

from .csp import Crawl, directives, inline_problems, page_kind, policy_problems

# The policy header and the pages' markup do not depend on the database: once per CI run.
pytestmark = [pytest.mark.django_db, once_per_ci_run]

STARTS = ["/", "/api/v1/docs", "/admin/"]


@pytest.fixture(scope="module")
def context(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo organisation, generated once for the module and rolled back after it."""
    with (
        override_settings(**TEST_SETTINGS, UPLOAD_DIR=tmp_path_factory.mktemp("uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield demo.generate()
        transaction.set_rollback(True)


def fetcher(client: Client):
    def fetch(url: str):
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        html = None
        if content_type.startswith("text/html") and not response.streaming:
            html = response.content.decode()
        return response.status_code, html, response.get("Content-Security-Policy")

    return fetch


def crawl_as(person) -> tuple[Crawl, list[str]]:
    client = Client()
    client.force_login(person.user)
    crawl = Crawl(fetch=fetcher(client))
    problems = []
    for url, status, html, header in crawl.pages(STARTS):
        if status >= 500:
            problems.append(f"{url}: answered {status}")
        if html is None:
            continue
        problems += [f"{url}: {p}" for p in policy_problems(header)]
        problems += [f"{url}: {p}" for p in inline_problems(html, header)]
    return crawl, problems


@pytest.mark.parametrize(
    "key", ["director", "leader", "seller", "other_seller", "other_leader", "admin"]
)
def test_every_page_a_persona_reaches_sends_a_strict_policy_and_holds_no_inline_script(
    context, key
):
    (persona,) = [p for p in context.personas if p.key == key]
    crawl, problems = crawl_as(persona.person)
    assert not problems, "\n".join(problems)
    kinds = {page_kind(url) for url in crawl.visited}
    assert len(kinds) >= 15, sorted(kinds)  # the crawl reached far beyond the home page
    if key in ("leader", "seller"):
        reached = {"/scorecards/people/N/", "/coaching/items/N/", "/one-on-ones/meetings/N/"}
        assert reached <= kinds, reached - kinds  # charts, coaching and 1:1s are in the crawl
    if key == "admin":
        assert any(kind.startswith("/admin/org/person/N/change/") for kind in kinds)


def test_the_main_policy_is_the_one_the_brief_asks_for(context):
    (seller,) = [p for p in context.personas if p.key == "seller"]
    client = Client()
    client.force_login(seller.person.user)
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }


def test_only_the_api_docs_may_show_data_images_and_nothing_else_is_relaxed(context):
    (seller,) = [p for p in context.personas if p.key == "seller"]
    client = Client()
    client.force_login(seller.person.user)
    main = directives(client.get("/").headers["Content-Security-Policy"])
    docs = directives(client.get("/api/v1/docs").headers["Content-Security-Policy"])
    assert docs == main | {"img-src": ["'self'", "data:"]}


def test_the_sign_in_page_and_the_not_found_page_send_the_policy_too(client):
    for url, status in [("/signin/", 200), ("/signin/nowhere/", 404), ("/admin/", 404)]:
        response = client.get(url)
        assert response.status_code == status, url
        assert not policy_problems(response.headers.get("Content-Security-Policy")), url


def test_a_page_with_an_inline_script_or_handler_would_fail_the_check():
    strict = "default-src 'self'; object-src 'none'"
    assert inline_problems('<script src="/static/x.js"></script>', strict) == []
    assert inline_problems('<script type="application/json">{"a": 1}</script>', strict) == []
    assert inline_problems("<script>alert(1)</script>", strict) == ["inline script: alert(1)"]
    assert inline_problems('<button onclick="go()">', strict) == [
        "inline event handler: button onclick='go()'"
    ]
    assert inline_problems('<div hx-on::before-swap="x()">', strict)
    assert inline_problems("<svg><style>.a{}</style></svg>", strict)
    assert inline_problems('<p style="color: red">', strict)
    assert inline_problems('<p style="color: red">', "style-src 'unsafe-inline'") == []


def test_a_policy_that_allows_inline_scripts_would_fail_the_check():
    good = (
        "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none';"
        " form-action 'self'"
    )
    assert policy_problems(good) == []
    assert policy_problems(good + "; script-src 'self' 'unsafe-inline'")
    assert policy_problems(good.replace("default-src 'self'", "default-src *"))
    assert policy_problems(good.replace("; frame-ancestors 'none'", ""))
    assert policy_problems(None) == ["no Content-Security-Policy header"]

"""The Content-Security-Policy enforced in a real browser: the demo's people open the main pages
(a page of each kind their links reach: scorecards with their charts, coaching, 1:1s, plans,
the API's interactive docs, Django's admin) and the browser reports no breach of the policy.
The `page` fixture fails any browser test whose pages broke the policy (tests/browser/conftest.py);
here it is the point of the test, so the pages reached are checked to be the main ones."""

import pytest
from playwright.sync_api import Error, Page, expect

from leadwell import demo
from tests.security.csp import Crawl, page_kind

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = {
    "leader": {
        "/",
        "/scorecards/people/N/",
        "/scorecards/teams/N/",
        "/coaching/items/N/",
        "/coaching/people/N/plan/",
        "/one-on-ones/meetings/N/",
        "/org/",
        "/profile/",
        "/balance/",
    },
    "director": {
        "/scorecards/organisation/",
        "/scorecards/teams/N/",
        "/people/N/",
        "/balance/",
        "/balance/leaders/N/",
    },
    "admin": {"/admin/", "/imports/"},
}


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/signin/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def browse(page: Page, url: str):
    """Open `url` as a person would; downloads (exports) are not pages."""
    try:
        response = page.goto(url)
    except Error as error:
        if "Download is starting" in str(error):
            return 200, None, None
        raise
    assert response is not None
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("text/html"):
        return response.status, None, None
    page.wait_for_load_state("load")
    return response.status, page.content(), None


@pytest.mark.parametrize("key", ["leader", "director", "seller", "admin"])
def test_the_main_pages_break_no_content_policy_in_the_browser(page: Page, policy_violations, key):
    context = demo.generate()
    (persona,) = [p for p in context.personas if p.key == key]
    sign_in(page, persona.person.email, persona.password)
    # Enough pages to reach each main page kind past the lead-up and balance pages.
    crawl = Crawl(fetch=lambda url: browse(page, url), per_kind=1, limit=100)
    for url, status, *_ in crawl.pages(["/", "/api/v1/docs", "/admin/"]):
        assert status < 500, url
        assert not policy_violations, f"{url} broke the policy:\n" + "\n".join(policy_violations)
    kinds = {page_kind(url) for url in crawl.visited}
    assert MAIN_PAGES.get(key, set()) <= kinds, "\n".join(sorted(kinds))


def test_the_api_docs_work_from_leadwells_own_files(page: Page, personas, live_server):
    sign_in(page, "sam.ortiz@example.com", PASSWORD)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Leadwell API")).to_be_visible()
    operation = page.locator(".opblock-summary").filter(has_text="/api/v1/me").first
    operation.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status")).to_contain_text("200")
    # No CDN: Swagger UI comes with django-ninja's static files.
    assert requested and all(url.startswith(live_server.url) for url in requested), requested

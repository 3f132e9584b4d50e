import os

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module", autouse=True)
def _seed_rows_back_after_the_module(django_db_blocker):
    """Browser tests commit, so each ends by truncating every table, the rows Leadwell's data
    migrations seed (skills, the stage map, the diagnostic map) included. After the module's
    last test those are put back, for the tests that run next in this process (pytest-django
    runs these last, but under xdist a worker may run other files after them)."""
    yield
    from ..conftest import put_seed_rows_back

    with django_db_blocker.unblock():
        put_seed_rows_back()


@pytest.fixture(scope="module")
def browser(chromium_path_session):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser is
    # open; Django would otherwise refuse the tests' own (synchronous) database calls. The
    # variable is set only while the browser is open and removed after.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path_session, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def chromium_path_session():
    import shutil

    from ..conftest import require

    path = os.environ.get("LEADWELL_CHROMIUM") or shutil.which("chromium")
    if not path:
        require("Debian's chromium is not installed (apt-get install chromium)")
    return path


# Every page reports each breach of its Content-Security-Policy to the test, across navigations.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.leadwellPolicyViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class PolicyViolations(list):
    """The Content-Security-Policy breaches the browser reported while a test ran: from the
    pages' securitypolicyviolation events and from the console."""

    def watch(self, context) -> None:
        context.expose_function("leadwellPolicyViolation", lambda report: self.append(report))
        context.add_init_script(REPORT_VIOLATIONS)

    def console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.append(f"console: {message.text}")


@pytest.fixture
def policy_violations():
    return PolicyViolations()


@pytest.fixture
def page(browser, live_server, policy_violations):
    """A page in a fresh browser context; any breach of the content policy fails the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    policy_violations.watch(context)
    page = context.new_page()
    page.on("console", policy_violations.console)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not policy_violations, "the page broke its Content-Security-Policy:\n" + "\n".join(
        policy_violations
    )

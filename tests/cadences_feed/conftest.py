"""The browser tests' fixtures, for this directory's browser test (test_feed_browser.py):
a test asks for `page` to drive Chromium; the others never start it."""

from tests.browser.conftest import (  # noqa: F401 (fixtures, found by pytest by name)
    browser,
    chromium_path_session,
    page,
    policy_violations,
)

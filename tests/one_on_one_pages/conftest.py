# The browser fixtures live with the browser tests; the 1:1 browser flow uses them too.
from tests.browser.conftest import browser, chromium_path_session, page  # noqa: F401

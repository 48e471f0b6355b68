import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright. Never `playwright install`.

    Function-scoped on purpose: Playwright's sync API keeps an event loop running in the test
    thread while it is open, and under a running loop Django hands the thread a new database
    connection object, which lacks the serialized reference data that transactional tests
    restore. Closing Playwright after each browser test keeps later tests intact."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: apt-get install chromium (.ci/run does this)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Only violations come back in full: axe does not ship back the details of what passed.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def assert_accessible(axe, page):
    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()

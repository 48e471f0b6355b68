import pytest

from tests.browser.conftest import CHROMIUM_ARGS, axe, page  # noqa: F401

BROWSER_TESTS = "tests/security/test_browser_csp.py"


@pytest.fixture(scope="module")
def browser():
    """Like tests/browser's Chromium, but closed after this module: Playwright's sync API allows
    one instance at a time, and tests/browser keeps its own open until the session ends."""
    import shutil

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: apt-get install chromium (.ci/run does this)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run this directory's browser tests before tests/browser/ starts its session-wide Chromium."""
    ours = [item for item in items if item.nodeid.startswith(BROWSER_TESTS)]
    first = next(
        (i for i, item in enumerate(items) if item.nodeid.startswith("tests/browser/")), None
    )
    if not ours or first is None or items.index(ours[0]) < first:
        return
    rest = [item for item in items if not item.nodeid.startswith(BROWSER_TESTS)]
    first = rest.index(items[first])
    items[:] = rest[:first] + ours + rest[first:]

"""Journeys: each person's main work walked in Debian's Chromium through the real pages.

Staff log in as a person does: the login page, then the two-step set-up page, where the test reads
the key the page shows and types the code an authenticator app would compute from it
(`django_otp.oath.TOTP`), then "I have saved my codes – continue". Guides and participants use the
site at phone width (390 px), the admin is used at 1280 px. Every journey saves full-page
screenshots with `shot(...)` under `test-results/journeys/<test>/` (kept out of git) and asserts
what the database holds afterwards."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import AXE_TAGS, assert_accessible, axe, browser  # noqa: F401

PASSWORD = "et-langt-kodeord-til-test-42"  # noqa: S105
ADMIN_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 390, "height": 844}
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "journeys"

__all__ = ["AXE_TAGS", "assert_accessible", "shot", "staff_login", "guide_login"]


def totp_code(grouped_key: str) -> str:
    """The code a phone's authenticator app shows now for the key as the set-up page prints it."""
    key = "".join(grouped_key.split()).upper()
    key += "=" * (-len(key) % 8)
    return f"{TOTP(base64.b32decode(key)).token():06d}"


def shot(page, request, name: str) -> Path:
    """A full-page screenshot in the test's own output folder."""
    folder = RESULTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _login_form(page, email: str, password: str) -> None:
    page.get_by_label("E-mailadresse").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def staff_login(page, email: str, password: str = PASSWORD, *, start: str = "/admin/") -> str:
    """Log a staff user in through the login page and set up the two-step login on the set-up
    page, as a new coordinator does. Returns the key the page showed."""
    page.goto(start)
    _login_form(page, email, password)
    page.wait_for_url(re.compile(r"/to-trin/opsaet/"))
    key = page.locator("#totp-secret").inner_text()
    page.get_by_label("Den 6-cifrede kode fra appen").fill(totp_code(key))
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url(re.compile(r"/to-trin/reservekoder/"))
    page.get_by_role("link", name=re.compile("Jeg har gemt mine koder")).click()
    page.wait_for_load_state()
    return key


def guide_login(page, email: str, password: str = PASSWORD, *, start: str = "/dashboard/"):
    page.goto(start)
    _login_form(page, email, password)
    page.wait_for_load_state()


@pytest.fixture
def admin_page(browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=ADMIN_VIEWPORT)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):  # noqa: F811
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport=PHONE_VIEWPORT, is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def coordinator(org1):
    """A coordinator of Peer to Peer Odense with a password and no two-step device yet."""
    from tests.factories import coordinator_of

    user = coordinator_of(org1, email="koordinator@example.test", first_name="Karen")
    user.set_password(PASSWORD)
    user.save()
    return user

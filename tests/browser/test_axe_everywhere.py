"""0 axe violations (WCAG 2.2 A/AA) on every page, in Danish and in English (issue 17, point 7).

Walks every page the access matrix knows (tests/security/test_access_matrix.py) as a role that may
open it, and every admin page a coordinator uses (the list, change and add page of each model
with organisation data, the admin's front page), in Chromium, and runs axe on each. The person is
signed in by copying a test client's session (staff verified with their second factor) into the
browser; the language is chosen with the language switcher's cookie.

Accessibility does not depend on the database engine: the walk runs in the SQLite pass of
`make test` and is left out of the PostgreSQL pass (tests/conftest.py), which exists for locking,
concurrency and aggregates.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.conftest import AXE_OPTIONS
from tests.security.test_access_matrix import (
    SCOPED_ADMIN_MODELS,
    TABLE,
    _admin_object,
    client_for,
    world,  # noqa: F401 - the access matrix's people and records
)

pytestmark = [pytest.mark.browser, pytest.mark.once, pytest.mark.django_db(transaction=True)]

# Who opens a page, in order of preference: the role whose page it is.
VIEWERS = [
    "guide_a",
    "coordinator_1",
    "anonymous",
    "participant_b",
    "facilitator_other",
    "superuser",
]
# Not pages a person reads: health checks, calendar files, JSON, redirects.
NOT_HTML = {
    "core:healthz",
    "core:readyz",
    "core:after_login",
    "courses:calendar",
    "dashboard:calendar_feed",
    "privacy:my_data_json",
    "scoped_view_on_site",
}


def public_pages(world):  # noqa: F811
    pages = []
    for name, (method, build, expected, _may_see) in sorted(TABLE.items()):
        if method != "get" or name in NOT_HTML:
            continue
        role = next((r for r in VIEWERS if expected.get(r, 200) == 200), None)
        if role is None:
            continue
        url = build(role, world)
        if _is_html_page(role, world, url):  # not a download (the evaluation export)
            pages.append((name, role, url))
    return pages


def admin_pages(world):  # noqa: F811
    from django.apps import apps

    pages = [("admin:index", "coordinator_1", reverse("admin:index"))]
    candidates = []
    for label in SCOPED_ADMIN_MODELS:
        model = apps.get_model(label)
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        candidates.append((f"{label} list", reverse(f"{prefix}_changelist")))
        obj = _admin_object(model, world)
        if obj is not None:
            candidates.append((f"{label} change", reverse(f"{prefix}_change", args=[obj.pk])))
        candidates.append((f"{label} add", reverse(f"{prefix}_add")))
    # The pages a coordinator can open (a superuser's user list is not theirs).
    pages += [
        (name, "coordinator_1", url)
        for name, url in candidates
        if _is_html_page("coordinator_1", world, url)
    ]
    return pages


def _is_html_page(role, world, url) -> bool:  # noqa: F811
    response = client_for(role, world).get(url)
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _context_for(browser, live_server, world, role, language):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    client = client_for(role, world)
    if settings.SESSION_COOKIE_NAME in client.cookies:
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        )
    context.add_cookies(cookies)
    return context


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_page_has_an_axe_violation(browser, live_server, axe, world, language):  # noqa: F811
    pages = public_pages(world) + admin_pages(world)
    # The walk covers what it says: the participants', guides', reports' and admin pages.
    names = {name for name, _role, _url in pages}
    assert {"dashboard:home", "matching:status", "reports:overview", "admin:index"} <= names
    assert sum(name.endswith(" list") for name in names) >= 15, sorted(names)
    assert len(pages) >= 70, len(pages)
    contexts = {}
    found = {}
    try:
        for name, role, url in pages:
            if role not in contexts:
                contexts[role] = _context_for(browser, live_server, world, role, language)
                contexts[role].new_page()
            page = contexts[role].pages[0]
            response = page.goto(url)
            assert response.status == 200, (name, role, url, response.status)
            results = axe.run(page, options=AXE_OPTIONS)
            for violation in results.response["violations"]:
                targets = [
                    f"{', '.join(node['target'])} ({node['html'][:120]})"
                    for node in violation["nodes"][:2]
                ]
                found.setdefault(name, []).append(f"{violation['id']}: {targets}")
    finally:
        for context in contexts.values():
            context.close()
    assert found == {}, "\n".join(f"{name}: {items}" for name, items in found.items())

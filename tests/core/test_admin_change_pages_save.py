"""Every admin page a coordinator uses can be saved with the demo data (issue 12, point 2).

For every organisation-scoped model in the admin, the test opens change pages as the demo's
coordinator and as its organisation admin, posts the form back exactly as the browser would send it
unchanged (every field, every inline with its management form), and expects the admin's own
"changed successfully" message and no error. The peer guide's page keeps the guide's own login.
"""

from __future__ import annotations

import pytest
from django.contrib import admin, messages
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from core.models import User
from core.scoping import is_scoped_model, scope_to_user
from tests.htmlforms import form_data

PER_MODEL = 3  # a few rows of each model: different statuses take different paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123


def _scoped_admins():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if is_scoped_model(model)
        ),
        key=lambda pair: pair[0]._meta.label,
    )


def _errors_on(page: str) -> list[str]:
    """The admin's error blocks, as text a person would read in the test's failure message."""
    import re

    blocks = re.findall(r'<(?:ul|p) class="errorlist[^"]*"[^>]*>(.*?)</(?:ul|p)>', page, re.S)
    note = re.findall(r'<p class="errornote">(.*?)</p>', page, re.S)
    return [re.sub(r"<[^>]+>", " ", b).strip() for b in note + blocks]


def _save_unchanged(client, model, obj) -> str | None:
    """Post the change page back as it is; the problem in words, or None when it saved."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    if page.status_code != 200:
        return f"GET {url} answered {page.status_code}"
    html = page.content.decode()
    if 'name="_save"' not in html:
        return None  # a read-only page: nothing to save
    data = form_data(html, f"{opts.model_name}_form")
    response = client.post(url, data, follow=True)
    if response.status_code != 200 or not response.redirect_chain:
        return f"{url}: not saved: {_errors_on(response.content.decode())}"
    levels = [(m.level, str(m)) for m in response.context["messages"]]
    # The admin's own message, in Danish: "… blev ændret." ("… was changed successfully.")
    if not any(level == messages.SUCCESS and "ændret" in text for level, text in levels) or any(
        level >= messages.WARNING for level, _text in levels
    ):
        return f"{url}: messages {levels}"
    return None


@pytest.mark.parametrize("email", ["koordinator@p2p-odense.test", "leder@p2p-odense.test"])
def test_every_scoped_change_page_saves_unchanged(client, demo, email):
    user = User.objects.get(email=email)
    client.force_login(user)
    problems, saved = [], []
    probe = RequestFactory().get("/admin/")
    probe.user = user
    for model, model_admin in _scoped_admins():
        if not model_admin.has_view_or_change_permission(probe):
            continue  # not on this person's admin at all
        rows = list(scope_to_user(model._default_manager.all(), user).order_by("pk")[:PER_MODEL])
        for obj in rows:
            problem = _save_unchanged(client, model, obj)
            if problem:
                problems.append(problem)
            else:
                saved.append(model._meta.label)
    assert not problems, "\n".join(problems)
    # The pages the issue names were really walked (and saved), not skipped.
    for label in ["volunteers.PeerGuide", "matching.SupportRequest", "participants.Participant"]:
        assert label in saved


def test_saving_a_guide_page_keeps_the_guides_own_login(client, demo):
    from volunteers.models import PeerGuide

    client.force_login(User.objects.get(email="koordinator@p2p-odense.test"))
    guide = PeerGuide.objects.select_related("user").get(user__email="sofie@guide.test")
    url = reverse("admin:volunteers_peerguide_change", args=[guide.pk])
    page = client.get(url)
    assert "sofie@guide.test" in page.text
    data = form_data(page.text, "peerguide_form")
    data["capacity"] = ["4"]
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, _errors_on(response.content.decode())
    guide.refresh_from_db()
    assert (guide.capacity, guide.user.email) == (4, "sofie@guide.test")

"""Every change list's rows are drawn by core.admin_rows (issue 15: per column once, not per cell)
and read exactly as Django's own rows would: the same cells, classes, links (with the list's
filters kept), yes/no icons and empty values, for every admin, as a superuser and a coordinator,
on the demo data."""

import html

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.core.management import call_command
from django.urls import reverse

from core import admin_rows
from core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def _changelists():
    return sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def _rows(rows):
    return [[str(cell) for cell in row] for row in rows]


def _compare(client, url, params=None):
    response = client.get(url, params or {})
    if response.status_code != 200:  # no permission to see this list: nothing drawn
        return 0
    cl = response.context["cl"]
    ours, django = _rows(admin_rows.results(cl)), _rows(admin_list.results(cl))
    assert ours == django, url
    page = response.content.decode()
    for row in ours:
        assert "".join(row) in page, url  # the page drew these rows
    return len(ours)


@pytest.mark.parametrize("email", ["admin@peerplatform.test", "koordinator@p2p-odense.test"])
def test_every_change_list_draws_the_rows_django_would(client, demo, email):
    user = User.objects.get(email=email)
    client.force_login(user)  # verified with a second factor (tests/conftest.py)
    drawn = 0
    for app_label, model_name in _changelists():
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        drawn += _compare(client, url)
        drawn += _compare(client, url, {"o": "-1"})  # a sorted list: its links keep the order
    assert drawn > 100  # the demo fills the lists


def test_links_keep_the_lists_filters_and_popups_draw_as_django_does(client, demo):
    user = User.objects.get(email="admin@peerplatform.test")
    client.force_login(user)  # verified with a second factor (tests/conftest.py)
    url = reverse("admin:volunteers_peerguide_changelist")
    assert _compare(client, url, {"status__exact": "active", "q": "a"})
    response = client.get(url, {"status__exact": "active"})
    assert "_changelist_filters=status__exact%3Dactive" in html.unescape(response.content.decode())
    assert _compare(client, url, {"_popup": "1", "_to_field": "id"})

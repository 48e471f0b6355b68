"""Every page a coordinator, a guide or the public opens costs the same number of queries on the
demo data and on a larger data set (issue 15, point 4): at most 15, however many rows the page
shows or counts behind its columns.

The pages: every admin change list and change page of an organisation-scoped model (found in
`admin.site._registry`, as the site is core.admin_site's), the admin's front page with the
coordinator's overview, the guide's dashboard and match page, and the public pages. Each is opened
once on the demo data (after one warm-up request, so that caches of content types and the like are
filled) and again after tests/scaled_data.py has multiplied the rows: more guides, participants,
requests, matches and cohorts, many more meetings on every match, more sessions and enrollments
on every cohort. A change page is measured on the same object both times; its related rows grew.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Organisation, User
from core.scoping import is_scoped_model, scope_to_user
from tests.scaled_data import grow

MAX_QUERIES = 15
STAFF = ["koordinator@p2p-odense.test", "leder@p2p-odense.test"]
GUIDE = "sofie@guide.test"

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from courses.models import CohortSession, SessionChange
    from volunteers.models import OnboardingPolicy

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    organisation = Organisation.objects.get(memberships__user__email=STAFF[0])
    # The demo moves no session; one moved session gives the change log a row to open.
    session = CohortSession.objects.filter(cohort__organisation=organisation).first()
    SessionChange.objects.create(
        session=session, kind=SessionChange.Kind.MOVED, old_starts_at=session.starts_at
    )
    OnboardingPolicy.objects.get_or_create(organisation=organisation)
    return organisation


def _scoped_admin_pages(users) -> list[tuple[str, User, str]]:
    """(label, viewer, url) for each scoped model's change list and its first row's change page,
    seen by the first of `users` who may view the model."""
    pages = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda pair: pair[0]._meta.label
    ):
        if not is_scoped_model(model):
            continue
        for user in users:
            probe = RequestFactory().get("/admin/")
            probe.user = user
            if model_admin.has_view_or_change_permission(probe):
                break
        else:
            continue
        opts = model._meta
        label = opts.label
        pages.append(
            (f"{label} list", user, reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        )
        first = scope_to_user(model._default_manager.all(), user).order_by("pk").first()
        assert first is not None, f"the demo has no {label} for {user}: nothing to measure"
        pages.append(
            (
                f"{label} #{first.pk}",
                user,
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]),
            )
        )
    return pages


def _other_pages(organisation) -> list[tuple[str, User | None, str]]:
    from courses.models import Cohort
    from matching.models import Match

    coordinator = User.objects.get(email=STAFF[0])
    guide = User.objects.get(email=GUIDE)
    match = Match.objects.filter(guide__user=guide, status="active").order_by("pk").first()
    cohort = Cohort.objects.filter(organisation=organisation, status="open").order_by("pk").first()
    return [
        ("admin index (overview)", coordinator, reverse("admin:index")),
        ("guide dashboard", guide, reverse("dashboard:home")),
        ("guide match page", guide, reverse("guide_matching:detail", args=[match.pk])),
        ("home page", None, "/"),
        ("course catalogue", None, reverse("courses:catalogue")),
        ("course page", None, reverse("courses:detail", args=[cohort.pk])),
        ("activity calendar", None, reverse("activities:calendar")),
        ("guide's activities", guide, reverse("activities:mine")),
    ]


def _count(client, user, url) -> tuple[int, int, list[str]]:
    client.logout()
    if user is not None:
        client.force_login(user)
    client.get(url)  # warm-up: content types, permissions, sessions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries), [q["sql"] for q in queries.captured_queries]


def test_every_page_has_the_same_query_count_on_more_data(client, demo):
    users = [User.objects.get(email=email) for email in STAFF]
    pages = _scoped_admin_pages(users) + _other_pages(demo)
    small = {label: _count(client, user, url) for label, user, url in pages}
    grow(demo, times=4)
    problems = []
    for label, user, url in pages:
        status, count, _sql = small[label]
        status_after, count_after, sql_after = _count(client, user, url)
        if status != 200 or status_after != 200:
            problems.append(f"{label} {url}: answered {status} / {status_after}")
        elif count > MAX_QUERIES or count_after != count:
            problems.append(f"{label} {url}: {count} queries, then {count_after}")
    assert not problems, "\n".join(problems)

"""The guide list's extension hook (volunteers.guide_list): matching adds its columns through it,
without subclassing or re-registering volunteers' admin."""

import ast
import datetime
import pathlib

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from matching.models import Meeting
from tests.factories import MatchFactory, PeerGuideFactory
from volunteers import guide_list
from volunteers.admin import PeerGuideAdmin
from volunteers.models import PeerGuide

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:volunteers_peerguide_changelist")
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _headers(response) -> list[str]:
    return [
        str(header["class_attrib"]).split("column-")[1].split('"')[0].split()[0]
        for header in response.context["result_headers"]
        if "column-" in str(header["class_attrib"])
    ]


def test_the_guide_list_is_volunteers_own_admin():
    assert type(admin.site._registry[PeerGuide]) is PeerGuideAdmin


def test_volunteers_does_not_import_matching():
    for path in (ROOT / "volunteers").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("matching"), path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("matching") for a in node.names), path


def test_match_columns_take_their_places(client, coordinator1, org1):
    guide = PeerGuideFactory(organisation=org1, capacity=3, user__first_name="Sofie")
    match = MatchFactory(request__participant__organisation=org1, guide=guide)
    Meeting.objects.create(
        match=match,
        starts_at=timezone.now() - datetime.timedelta(days=4),
        status="held",
        duration_minutes=30,
    )
    client.force_login(coordinator1)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    # One organisation: no organisation column; "capacity" became "matches / capacity".
    assert _headers(response) == [
        "name",
        "status",
        "employment",
        "municipality",
        "matches_vs_capacity",
        "days_since_last_meeting",
        "days_in_status",
    ]
    assert "1 / 3" in response.text
    assert '<td class="field-days_since_last_meeting">4</td>' in response.text


def test_days_since_last_meeting_is_the_latest_held_over_all_the_guides_matches(
    client, coordinator1, org1
):
    guide = PeerGuideFactory(organisation=org1, capacity=3)
    now = timezone.now()
    for days, status in [(9, "held"), (2, "held"), (1, "cancelled")]:
        match = MatchFactory(request__participant__organisation=org1, guide=guide)
        Meeting.objects.create(
            match=match,
            starts_at=now - datetime.timedelta(days=days),
            status=status,
            duration_minutes=30,
        )
    client.force_login(coordinator1)
    assert '<td class="field-days_since_last_meeting">2</td>' in client.get(CHANGELIST).text


def test_sorting_by_a_match_column(client, coordinator1, org1):
    busy = PeerGuideFactory(organisation=org1, capacity=3, user__first_name="Travl")
    PeerGuideFactory(organisation=org1, capacity=3, user__first_name="Ledig")
    for _ in range(2):
        MatchFactory(request__participant__organisation=org1, guide=busy)
    client.force_login(coordinator1)
    first = client.get(CHANGELIST)
    index = _headers(first).index("matches_vs_capacity") + 1  # the checkbox column is 0
    ascending = client.get(f"{CHANGELIST}?o={index}")
    descending = client.get(f"{CHANGELIST}?o=-{index}")
    assert [g.name for g in ascending.context["cl"].result_list][-1].startswith("Travl")
    assert [g.name for g in descending.context["cl"].result_list][0].startswith("Travl")


@pytest.fixture
def extra_columns():
    keys = []

    def register(**kwargs):
        keys.append(kwargs["key"])
        guide_list.register_guide_column(guide_list.GuideColumn(**kwargs))

    yield register
    for key in keys:
        guide_list.unregister_guide_column(key)


def test_an_app_adds_a_column_before_another_or_last(client, coordinator1, org1, extra_columns):
    from django.db.models import Value

    PeerGuideFactory(organisation=org1)
    extra_columns(
        key="supervision_due",
        description="supervision due",
        value=lambda guide: guide.supervision_due,
        annotate=lambda guides: guides.annotate(supervision_due=Value("snart")),
        before="status",
    )
    extra_columns(key="shoe_size", description="shoe size", value=lambda guide: 42)
    client.force_login(coordinator1)
    response = client.get(CHANGELIST)
    headers = _headers(response)
    assert headers[:3] == ["name", "supervision_due", "status"]
    assert headers[-1] == "shoe_size"
    assert "snart" in response.text
    assert "Shoe size" in response.text

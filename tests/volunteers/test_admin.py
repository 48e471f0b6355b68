"""Coordinators' admin for guides: scoping, actions, expiring items, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PeerGuideFactory, onboarded
from volunteers.models import OnboardingCheck, PeerGuide, Qualification


def test_list_shows_only_own_organisations_guides(client, coordinator1, org1, org2):
    mine = PeerGuideFactory(organisation=org1, user__first_name="Mine")
    theirs = PeerGuideFactory(organisation=org2, user__first_name="Theirs")
    client.force_login(coordinator1)
    response = client.get(reverse("admin:volunteers_peerguide_changelist"))
    assert response.status_code == 200
    assert mine.name in response.text
    assert theirs.name not in response.text
    other = client.get(reverse("admin:volunteers_peerguide_change", args=[theirs.pk]), follow=True)
    assert theirs.name not in other.text


def test_activate_action_reports_what_is_missing(client, coordinator1, org1):
    guide = PeerGuideFactory(organisation=org1, status="in_training")
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:volunteers_peerguide_changelist"),
        {"action": "activate_guide", "_selected_action": [guide.pk]},
        follow=True,
    )
    assert "Samtale afholdt mangler" in response.text
    guide.refresh_from_db()
    assert guide.status == "in_training"
    onboarded(guide)
    client.post(
        reverse("admin:volunteers_peerguide_changelist"),
        {"action": "activate_guide", "_selected_action": [guide.pk]},
    )
    guide.refresh_from_db()
    assert guide.status == "active"
    assert guide.history.get().actor == coordinator1


def test_action_cannot_touch_another_organisations_guide(client, coordinator1, org2):
    theirs = PeerGuideFactory(organisation=org2, status="applied")
    client.force_login(coordinator1)
    client.post(
        reverse("admin:volunteers_peerguide_changelist"),
        {"action": "invite_to_interview", "_selected_action": [theirs.pk]},
    )
    theirs.refresh_from_db()
    assert theirs.status == "applied"


def test_change_page_shows_what_is_missing(client, coordinator1, org1):
    guide = PeerGuideFactory(organisation=org1, status="in_training")
    client.force_login(coordinator1)
    response = client.get(reverse("admin:volunteers_peerguide_change", args=[guide.pk]))
    assert "Peerguideuddannelsen er ikke registreret som gennemført" in response.text


def test_expiring_page_lists_items_within_60_days(client, coordinator1, org1, org2):
    today = timezone.localdate()
    soon = PeerGuideFactory(organisation=org1, user__first_name="Snart")
    later = PeerGuideFactory(organisation=org1, user__first_name="Senere")
    theirs = PeerGuideFactory(organisation=org2, user__first_name="Anden")
    OnboardingCheck.objects.create(
        guide=soon, kind="criminal_record", done_on=today, expires_on=today + datetime.timedelta(30)
    )
    Qualification.objects.create(
        guide=later,
        kind="wrap_facilitator",
        issued_on=today,
        expires_on=today + datetime.timedelta(90),
    )
    Qualification.objects.create(
        guide=theirs,
        kind="wrap_facilitator",
        issued_on=today,
        expires_on=today + datetime.timedelta(5),
    )
    client.force_login(coordinator1)
    response = client.get(reverse("admin:volunteers_peerguide_expiring"))
    assert response.status_code == 200
    assert soon.name in response.text
    assert later.name not in response.text
    assert theirs.name not in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_guide_list_query_count_does_not_grow(
    client, coordinator1, org1, count, django_assert_max_num_queries
):
    PeerGuideFactory.create_batch(count, organisation=org1)
    client.force_login(coordinator1)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:volunteers_peerguide_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == count


def test_supervision_session_can_be_recorded(client, coordinator1, org1):
    guide = PeerGuideFactory(organisation=org1)
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:volunteers_supervisionsession_add"),
        {
            "organisation": org1.pk,
            "date": "2026-11-20",
            "kind": "group",
            "supervisor": "Psykolog Hansen",
            "attendees": [guide.pk],
            "duration_minutes": 90,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert guide.supervision_sessions.count() == 1


def test_checkins_needing_follow_up_can_be_marked(client, coordinator1, org1):
    from volunteers import services

    guide = PeerGuideFactory(organisation=org1)
    checkin = services.record_checkin(guide=guide, answer=1)
    client.force_login(coordinator1)
    response = client.get(
        reverse("admin:volunteers_wellbeingcheckin_changelist") + "?follow_up=yes"
    )
    assert guide.name in response.text
    client.post(
        reverse("admin:volunteers_wellbeingcheckin_changelist"),
        {"action": "mark_followed_up", "_selected_action": [checkin.pk]},
    )
    checkin.refresh_from_db()
    assert not checkin.needs_follow_up
    assert checkin.followed_up_by == coordinator1
    assert PeerGuide.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 4])
def test_guide_change_page_has_a_fixed_query_count(
    client, coordinator1, org1, rows, django_assert_num_queries
):
    """The guide's page reads the guide once with its login, organisation and onboarding policy,
    municipality, terms and every inline's rows; the "what is missing" line and the checklist come
    from the same rows. More rows of each kind: the same queries (issue 15, point 4)."""
    from core.models import ExperienceArea, Interest
    from volunteers.models import GuideStatusChange, OnboardingPolicy, TrainingRecord

    OnboardingPolicy.objects.create(organisation=org1, requires_references=True)
    guide = PeerGuideFactory(organisation=org1, status="in_training")
    guide.experience_areas.set(ExperienceArea.objects.all()[:rows])
    guide.interests.set(Interest.objects.all()[:rows])
    today = timezone.localdate()
    kinds = [OnboardingCheck.Kind.INTERVIEW, OnboardingCheck.Kind.CRIMINAL_RECORD][: min(rows, 2)]
    for kind in kinds:
        OnboardingCheck.objects.create(guide=guide, kind=kind, done_on=today)
    for n in range(rows):
        TrainingRecord.objects.create(
            guide=guide, course_name=f"Course {n}", completed_on=today, is_peer_guide_training=False
        )
        Qualification.objects.create(guide=guide, kind="other", issued_on=today)
        GuideStatusChange.objects.create(
            guide=guide, from_status="applied", to_status="screening", actor=coordinator1
        )
    client.force_login(coordinator1)
    url = reverse("admin:volunteers_peerguide_change", args=[guide.pk])
    client.get(url)  # warm-up: content types
    # Session, user, device, permissions; the guide with its login, organisation, policy and
    # municipality; its experience areas, interests, checks, trainings, qualifications and status
    # changes; the organisation choices. The two lists of terms come from the cache
    # (core.selectors.terms).
    with django_assert_num_queries(12):
        response = client.get(url)
    page = response.text
    for prefix in ("trainings", "qualifications", "history"):
        assert f'name="{prefix}-TOTAL_FORMS" value="{rows}"' in page
    assert f'name="checks-TOTAL_FORMS" value="{len(kinds)}"' in page
    # The same rows give what is missing and the checklist: the references the policy asks for and
    # the peer-guide training (the trainings recorded are further training).
    assert "Referencer tjekket mangler" in page
    assert "Peerguideuddannelsen er ikke registreret som gennemført" in page
    assert 'value="references"' in page
    assert 'value="training"' in page
    assert guide.municipality.name in page


def test_guide_page_saves_its_rows_read_with_the_guide(client, coordinator1, org1):
    """The inlines' rows come with the guide; a row edited, a row deleted and a checklist item
    ticked on the page are saved as before."""
    from tests.htmlforms import form_data
    from volunteers.models import TrainingRecord

    guide = PeerGuideFactory(organisation=org1, status="in_training")
    today = timezone.localdate()
    interview = OnboardingCheck.objects.create(guide=guide, kind="interview", done_on=today)
    course = TrainingRecord.objects.create(
        guide=guide, course_name="Førstehjælp", completed_on=today, is_peer_guide_training=False
    )
    client.force_login(coordinator1)
    url = reverse("admin:volunteers_peerguide_change", args=[guide.pk])
    data = form_data(client.get(url).text, "peerguide_form")
    assert data["checks-0-id"] == [str(interview.pk)]
    data["checks-0-note"] = ["Holdt i Odense"]
    assert data["trainings-0-id"] == [str(course.pk)]
    data["trainings-0-DELETE"] = ["on"]
    data["checklist"] = ["confidentiality"]
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.text
    interview.refresh_from_db()
    assert interview.note == "Holdt i Odense"
    assert not TrainingRecord.objects.filter(pk=course.pk).exists()
    assert set(guide.checks.values_list("kind", flat=True)) == {"interview", "confidentiality"}

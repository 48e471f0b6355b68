"""The guide's dashboard: own data only, profile, pause, check-in, fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import PeerGuideFactory, UserFactory, onboarded
from volunteers.models import PeerGuide, WellbeingCheckIn


@pytest.fixture
def guide(org1):
    return onboarded(PeerGuideFactory(organisation=org1, user__first_name="Sofie"))


def test_dashboard_greets_the_guide(client, guide):
    client.force_login(guide.user)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert "Hej Sofie" in response.text


def test_non_guide_gets_404_and_coordinator_goes_to_admin(client, db, coordinator1):
    client.force_login(UserFactory())
    assert client.get(reverse("dashboard:home")).status_code == 404
    client.force_login(coordinator1)
    assert client.get(reverse("dashboard:home")).url == reverse("admin:index")


def test_guide_in_onboarding_sees_what_is_missing(client, org1):
    guide = PeerGuideFactory(organisation=org1, status="in_training")
    client.force_login(guide.user)
    response = client.get(reverse("dashboard:home"))
    assert "Samtale afholdt mangler" in response.text


def test_guide_sees_nothing_of_other_guides(client, guide, org1):
    other = PeerGuideFactory(organisation=org1, user__first_name="Andreas", presentation="Hemmelig")
    client.force_login(guide.user)
    for name in ["dashboard:home", "dashboard:profile"]:
        text = client.get(reverse(name)).text
        assert other.user.email not in text
        assert "Hemmelig" not in text


def test_profile_edit(client, guide):
    client.force_login(guide.user)
    response = client.post(
        reverse("dashboard:profile"),
        {
            "presentation": "Jeg kan lide lange gåture.",
            "languages": ["da", "en"],
            "meets_in_person": "on",
            "availability": ["0-morning", "6-evening"],
            "capacity": 3,
        },
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.presentation == "Jeg kan lide lange gåture."
    assert guide.capacity == 3
    assert guide.availability == ["0-morning", "6-evening"]
    assert guide.languages == ["da", "en"]


def test_profile_bad_input_gives_field_errors(client, guide):
    client.force_login(guide.user)
    response = client.post(
        reverse("dashboard:profile"),
        {"capacity": 99, "availability": ["x"], "languages": ["klingon"]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"capacity", "availability", "languages"} <= set(errors)
    guide.refresh_from_db()
    assert guide.capacity == 2


def test_pause_with_return_date_and_come_back(client, guide):
    client.force_login(guide.user)
    until = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(reverse("dashboard:pause"), {"until": until.isoformat()})
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.status == PeerGuide.Status.PAUSED
    assert guide.paused_until == until
    assert guide.history.get().actor == guide.user
    client.post(reverse("dashboard:resume"))
    guide.refresh_from_db()
    assert guide.status == PeerGuide.Status.ACTIVE


def test_pause_needs_a_future_date(client, guide):
    client.force_login(guide.user)
    response = client.post(reverse("dashboard:pause"), {"until": "2020-01-01"})
    assert response.status_code == 200
    assert "until" in response.context["pause_form"].errors
    guide.refresh_from_db()
    assert guide.status == PeerGuide.Status.ACTIVE


def test_low_checkin_prompts_the_coordinator(client, guide, coordinator1):
    client.force_login(guide.user)
    client.post(reverse("dashboard:checkin"), {"answer": 1, "comment": "Det er tungt"})
    checkin = WellbeingCheckIn.objects.get()
    assert checkin.needs_follow_up
    prompt = Notification.objects.get(kind="volunteers.checkin_follow_up")
    assert prompt.recipient == coordinator1.email
    assert "Det er tungt" not in prompt.body_text  # the comment stays in the admin


def test_good_checkin_prompts_nobody(client, guide, coordinator1):
    client.force_login(guide.user)
    client.post(reverse("dashboard:checkin"), {"answer": 4})
    assert not WellbeingCheckIn.objects.get().needs_follow_up
    assert not Notification.objects.exists()


@pytest.mark.parametrize("count", [5, 50])
def test_dashboard_query_count_does_not_grow_with_guides(
    client, guide, org1, count, django_assert_max_num_queries
):
    PeerGuideFactory.create_batch(count, organisation=org1)
    client.force_login(guide.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboard:home")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboard:profile")).status_code == 200

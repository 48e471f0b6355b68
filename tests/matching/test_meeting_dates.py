"""A meeting is marked held or no-show only once its time has passed; cancelling is possible at
any time. The same rule holds on the guide's page, in the services and in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import dates
from matching import services
from matching.forms import MeetingAdminForm
from matching.models import Match, Meeting
from tests.factories import MatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(org1):
    return MatchFactory(request__participant__organisation=org1, status=Match.Status.ACTIVE)


def _meeting(match, **delta):
    return Meeting.objects.create(
        match=match, starts_at=timezone.now() + datetime.timedelta(**delta)
    )


def test_a_future_meeting_cannot_be_a_no_show_but_can_be_cancelled(match):
    future = _meeting(match, days=5)
    with pytest.raises(ValidationError) as refused:
        services.set_meeting_status(meeting=future, guide=match.guide, status="no_show")
    assert refused.value.code == "future"
    when = dates.moment(future.starts_at)
    assert when in refused.value.messages[0]
    future.refresh_from_db()
    assert future.status == "planned"
    services.set_meeting_status(meeting=future, guide=match.guide, status="cancelled")
    future.refresh_from_db()
    assert future.status == "cancelled"


def test_a_past_meeting_can_be_a_no_show(match):
    past = _meeting(match, minutes=-30)
    services.set_meeting_status(meeting=past, guide=match.guide, status="no_show")
    past.refresh_from_db()
    assert past.status == "no_show"


def test_a_planned_meeting_cannot_be_logged_held_before_it_happens(match):
    future = _meeting(match, hours=2)
    with pytest.raises(ValidationError):
        services.log_meeting(
            match=match,
            guide=match.guide,
            starts_at=future.starts_at,
            duration_minutes=60,
            mode="phone",
            meeting=future,
        )
    future.refresh_from_db()
    assert future.status == "planned"
    # They met earlier than planned: logged with the time they met, it is held.
    services.log_meeting(
        match=match,
        guide=match.guide,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        duration_minutes=60,
        mode="phone",
        meeting=future,
    )
    future.refresh_from_db()
    assert future.status == "held"


def test_the_guide_page_offers_held_and_no_show_only_for_past_meetings(client, match):
    past = _meeting(match, hours=-2)
    future = _meeting(match, days=3)
    client.force_login(match.guide.user)
    page = client.get(reverse("guide_matching:detail", args=[match.pk]))
    text = page.content.decode()
    assert text.count('value="no_show"') == 1
    assert text.count(f'name="meeting" value="{past.pk}"') == 1
    assert f'name="meeting" value="{future.pk}"' not in text
    response = client.post(
        reverse("guide_matching:meeting_status", args=[match.pk, future.pk]),
        {"status": "no_show"},
    )
    assert response.status_code == 302
    future.refresh_from_db()
    assert future.status == "planned"


def test_the_admin_form_refuses_held_or_no_show_in_the_future(match):
    future = _meeting(match, days=2)
    data = {
        "match": match.pk,
        "status": "no_show",
        "starts_at": timezone.localtime(future.starts_at).strftime("%Y-%m-%d %H:%M:%S"),
        "mode": "phone",
        "themes": "[]",
    }
    form = MeetingAdminForm(data, instance=future)
    assert not form.is_valid()
    assert "status" in form.errors
    form = MeetingAdminForm({**data, "status": "cancelled"}, instance=future)
    assert form.is_valid(), form.errors

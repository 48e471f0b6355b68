"""The guide's match pages: own data only (another guide gets 404), actions in a few taps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, Meeting
from tests.factories import MatchFactory, PeerGuideFactory


@pytest.fixture
def match(org1):
    return MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Anna",
        request__participant__phone="20304050",
        guide__user__first_name="Sofie",
        status="accepted",
    )


def test_guide_sees_own_match_with_contact(client, match):
    client.force_login(match.guide.user)
    response = client.get(reverse("guide_matching:detail", args=[match.pk]))
    assert response.status_code == 200
    assert "Anna" in response.text
    assert "20 30 40 50" in response.text or "+4520304050" in response.text


def test_another_guide_gets_404_everywhere(client, match, org1):
    other = PeerGuideFactory(organisation=org1)
    meeting = Meeting.objects.create(match=match, starts_at=timezone.now())
    client.force_login(other.user)
    assert client.get(reverse("guide_matching:detail", args=[match.pk])).status_code == 404
    for name, args in [
        ("guide_matching:accept", [match.pk]),
        ("guide_matching:decline", [match.pk]),
        ("guide_matching:plan_meeting", [match.pk]),
        ("guide_matching:log_meeting", [match.pk]),
        ("guide_matching:meeting_status", [match.pk, meeting.pk]),
        ("guide_matching:end", [match.pk]),
        ("guide_matching:feedback", [match.pk, "fit_check"]),
    ]:
        response = client.post(reverse(name, args=args), {"status": "cancelled", "reason": "x"})
        assert response.status_code == 404, name
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    dashboard = client.get(reverse("dashboard:home"))
    assert "Anna" not in dashboard.text


def test_plan_and_log_from_the_dashboard(client, match):
    client.force_login(match.guide.user)
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("guide_matching:plan_meeting", args=[match.pk]),
        {"starts_at": when, "mode": "walk", "place": "Havnen"},
    )
    assert response.status_code == 302
    planned = Meeting.objects.get()
    home = client.get(reverse("dashboard:home"))
    assert "Næste møde" in home.text
    past = (timezone.localtime() - datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("guide_matching:log_meeting", args=[match.pk]),
        {"meeting": planned.pk, "starts_at": past, "duration_minutes": 45, "mode": "walk"},
    )
    planned.refresh_from_db()
    assert planned.status == "held"
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE


def test_bad_meeting_input_gives_field_errors(client, match):
    client.force_login(match.guide.user)
    response = client.post(
        reverse("guide_matching:log_meeting", args=[match.pk]),
        {"starts_at": "igår", "duration_minutes": 9999, "mode": "teleport"},
    )
    assert response.status_code == 200
    errors = response.context["log_form"].errors
    assert {"starts_at", "duration_minutes", "mode"} <= set(errors)
    assert not Meeting.objects.exists()
    # The form comes back open, not folded away, and the error summary takes the focus.
    page = response.text
    log_section = page[page.index('<details open class="mb-3">') :]
    assert log_section.index("Registrér et møde, I har haft") < log_section.index("</details>")
    assert 'id="error-summary" autofocus' in log_section
    assert page.count('<details open class="mb-') == 1  # planning and ending stay folded


def test_a_refused_log_shows_on_the_open_form(client, match):
    client.force_login(match.guide.user)
    past = timezone.localtime() - datetime.timedelta(hours=3)
    meeting = Meeting.objects.create(match=match, starts_at=past, mode="walk")
    data = {
        "meeting": meeting.pk,
        "starts_at": past.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 45,
        "mode": "walk",
    }
    url = reverse("guide_matching:log_meeting", args=[match.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)  # logged twice (a double tap): the service refuses
    assert again.status_code == 200
    assert "Kun et planlagt møde kan registreres som holdt." in again.text
    assert again.text.count('<details open class="mb-') == 1
    assert Meeting.objects.get().status == "held"


def test_accept_and_decline_from_the_dashboard(client, org1):
    proposed = MatchFactory(request__participant__organisation=org1, status="proposed")
    client.force_login(proposed.guide.user)
    response = client.post(reverse("guide_matching:decline", args=[proposed.pk]), {"reason": ""})
    assert response.status_code == 200
    client.post(reverse("guide_matching:decline", args=[proposed.pk]), {"reason": "Syg"})
    proposed.refresh_from_db()
    assert proposed.status == "declined"


@pytest.mark.parametrize("count", [3, 30])
def test_dashboard_query_count_is_fixed(client, org1, count, django_assert_max_num_queries):
    guide = PeerGuideFactory(organisation=org1, capacity=10)
    for _ in range(count):
        m = MatchFactory(request__participant__organisation=org1, guide=guide)
        Meeting.objects.create(match=m, starts_at=timezone.now() + datetime.timedelta(days=1))
        Meeting.objects.create(
            match=m,
            starts_at=timezone.now() - datetime.timedelta(days=1),
            status="held",
            duration_minutes=60,
        )
    client.force_login(guide.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert len(response.context["matches"]) == count


def test_a_long_history_of_meetings_comes_a_page_at_a_time(client, match):
    from matching.guide_views import MEETINGS_PER_PAGE

    now = timezone.now()
    for days in range(MEETINGS_PER_PAGE + 3):
        Meeting.objects.create(
            match=match,
            starts_at=now - datetime.timedelta(days=days + 1),
            status="held",
            duration_minutes=60,
        )
    client.force_login(match.guide.user)
    url = reverse("guide_matching:detail", args=[match.pk])
    first = client.get(url)
    assert len(first.context["meetings"]) == MEETINGS_PER_PAGE
    assert "Side 1 af 2" in first.text
    assert '<a class="page-link" href="?page=2">Ældre møder</a>' in first.text
    assert "Nyere møder" not in first.text
    second = client.get(url, {"page": 2})
    assert len(second.context["meetings"]) == 3
    assert '<a class="page-link" href="?page=1">Nyere møder</a>' in second.text

"""Structured data in the coordinator's admin reads as a person reads it (issue 12, point 5):
availability as a weekday × part-of-day grid, languages and themes as checkboxes and names, match
reasons as sentences, stale and fit-check flags as warning badges with words, and the request list
waiting-first. No raw JSON such as ["1-evening"] on any of these pages."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from matching.models import Feedback, Meeting
from tests.factories import MatchFactory, PeerGuideFactory, SupportRequestFactory
from tests.htmlforms import form_data

RAW_JSON = re.compile(r"\[&quot;|\[\"|&quot;\]|\"\]")


def test_guide_page_shows_availability_grid_and_language_checkboxes(client, coordinator1, org1):
    guide = PeerGuideFactory(
        organisation=org1, availability=["3-afternoon", "1-evening"], languages=["da", "en"]
    )
    client.force_login(coordinator1)
    url = reverse("admin:volunteers_peerguide_change", args=[guide.pk])
    html = client.get(url).content.decode()
    assert not RAW_JSON.search(html)
    assert 'class="availability-grid"' in html
    assert re.search(r'value="1-evening"[^>]*aria-label="Tirsdag aften"[^>]*checked', html)
    assert re.search(r'name="languages" value="en"[^>]*checked', html)
    data = form_data(html, "peerguide_form")
    data["availability"] = ["6-morning", "0-evening"]
    data["languages"] = ["da", "ar"]
    assert client.post(url, data).status_code == 302
    guide.refresh_from_db()
    assert guide.availability == ["0-evening", "6-morning"]  # calendar order
    assert guide.languages == ["da", "ar"]


def test_request_page_shows_the_grid(client, coordinator1, org1):
    request = SupportRequestFactory(participant__organisation=org1, availability=["4-morning"])
    client.force_login(coordinator1)
    url = reverse("admin:matching_supportrequest_change", args=[request.pk])
    html = client.get(url).content.decode()
    assert not RAW_JSON.search(html)
    assert re.search(r'value="4-morning"[^>]*aria-label="Fredag formiddag"[^>]*checked', html)


def test_match_page_reasons_as_sentences_and_meeting_themes_by_name(client, coordinator1, org1):
    match = MatchFactory(
        request__participant__organisation=org1, reasons=["both like gåture", "close in age"]
    )
    Meeting.objects.create(
        match=match,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        status="held",
        duration_minutes=60,
        themes=["relations", "coping"],
    )
    client.force_login(coordinator1)
    html = client.get(reverse("admin:matching_match_change", args=[match.pk])).content.decode()
    assert not RAW_JSON.search(html)
    assert "<li>Both like gåture.</li>" in html
    assert "Relationer og netværk" in html


def test_meeting_page_themes_by_name_or_as_checkboxes(client, coordinator1, org1, admin_user):
    match = MatchFactory(request__participant__organisation=org1)
    meeting = Meeting.objects.create(
        match=match, starts_at=timezone.now(), status="planned", themes=["work"]
    )
    client.force_login(coordinator1)
    html = client.get(reverse("admin:matching_meeting_change", args=[meeting.pk])).text
    assert not RAW_JSON.search(html)
    assert "Arbejde og uddannelse" in html  # coordinators may only view meetings
    client.force_login(admin_user)
    html = client.get(reverse("admin:matching_meeting_change", args=[meeting.pk])).text
    assert not RAW_JSON.search(html)
    assert re.search(r'name="themes" value="work"[^>]*checked', html)


def test_match_list_flags_are_warning_badges_with_words(client, coordinator1, org1):
    stale = MatchFactory(
        request__participant__organisation=org1,
        started_at=timezone.now() - datetime.timedelta(days=60),
    )
    Feedback.objects.create(match=stale, kind="fit_check", respondent="guide", answer="no")
    client.force_login(coordinator1)
    html = client.get(reverse("admin:matching_match_changelist")).content.decode()
    assert "badge-warning" in html
    assert "Gået i stå: over 21 dage" in html
    assert "Match-tjek: nej" in html
    assert "icon-yes.svg" not in html  # no green tick for a warning


def test_request_list_waiting_first_longest_wait_first(client, coordinator1, org1):
    now = timezone.now()

    def make(status, days, name):
        return SupportRequestFactory(
            participant__organisation=org1,
            participant__first_name=name,
            status=status,
            confirmed_at=now - datetime.timedelta(days=days),
        )

    closed = make("closed", 300, "Lukket")
    newer = make("waiting", 2, "Ny")
    older = make("waiting", 40, "Gammel")
    matched = make("matched", 100, "Matchet")
    client.force_login(coordinator1)
    response = client.get(reverse("admin:matching_supportrequest_changelist"))
    assert list(response.context["cl"].result_list) == [older, newer, matched, closed]

"""Coordinators' matching admin: waiting list, suggestions, proposals, batch, match list."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import ExperienceArea, Interest
from matching.models import Match, Meeting, SupportRequest
from tests.factories import MatchFactory, PeerGuideFactory, SupportRequestFactory
from tests.htmlforms import form_data


def test_waiting_requests_sorted_by_waiting_time_with_days(client, coordinator1, org1, org2):
    now = timezone.now()
    newer = SupportRequestFactory(
        participant__organisation=org1,
        participant__first_name="Ny",
        confirmed_at=now - datetime.timedelta(days=2),
    )
    older = SupportRequestFactory(
        participant__organisation=org1,
        participant__first_name="Gammel",
        confirmed_at=now - datetime.timedelta(days=40),
    )
    SupportRequestFactory(participant__organisation=org2, participant__first_name="Fremmed")
    client.force_login(coordinator1)
    response = client.get(reverse("admin:matching_supportrequest_changelist") + "?status=waiting")
    rows = list(response.context["cl"].result_list)
    assert rows == [older, newer]
    assert "Fremmed" not in response.text
    assert ">40<" in response.text


def test_suggestions_with_reasons_and_propose(client, coordinator1, org1):
    angst = ExperienceArea.objects.get(slug="angst")
    request = SupportRequestFactory(participant__organisation=org1)
    request.experience_areas.set([angst])
    good = PeerGuideFactory(organisation=org1, user__first_name="God")
    good.experience_areas.set([angst])
    PeerGuideFactory(organisation=org1, user__first_name="Pause", status="paused")
    client.force_login(coordinator1)
    url = reverse("admin:matching_supportrequest_change", args=[request.pk])
    page = client.get(url)
    suggestions = page.context["suggestions"]
    assert suggestions[0].guide == good
    assert any("angst" in r.lower() for r in suggestions[0].reasons)
    assert all(s.guide.status == "active" for s in suggestions)
    response = client.post(
        reverse("admin:matching_supportrequest_propose", args=[request.pk, good.pk])
    )
    assert response.status_code == 302
    match = Match.objects.get()
    assert (match.guide, match.status, match.proposed_by) == (good, "proposed", coordinator1)
    assert match.reasons


def test_request_page_shows_a_renamed_term_and_a_changed_request_at_the_next_view(
    client, coordinator1, org1
):
    """The terms' names are kept in the cache and the form's ticks are read once for the
    ranking too: a renamed term and a request saved with other terms show at the next view."""
    angst = ExperienceArea.objects.get(slug="angst")
    walks = Interest.objects.get(slug="gature")
    request = SupportRequestFactory(participant__organisation=org1)
    request.experience_areas.set([angst])
    guide = PeerGuideFactory(organisation=org1)
    guide.experience_areas.set([angst])
    guide.interests.set([walks])
    client.force_login(coordinator1)
    url = reverse("admin:matching_supportrequest_change", args=[request.pk])

    def seen():
        html = client.get(url).text
        suggestions = html[html.index('id="suggestions"') :]
        return suggestions[: suggestions.index("</fieldset>")].lower(), html

    reasons, html = seen()
    assert "<li>begge har erfaring med angst.</li>" in reasons
    assert re.search(rf'value="{angst.pk}"[^>]*checked[^>]*>\s*Angst</label>', html)

    angst.name, angst.name_en = "Uro", "Unease"
    angst.save()
    reasons, html = seen()
    assert "<li>begge har erfaring med uro.</li>" in reasons
    assert re.search(rf'value="{angst.pk}"[^>]*checked[^>]*>\s*Uro</label>', html)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reasons, html = seen()
    assert "<li>both have experience with unease.</li>" in reasons
    assert re.search(rf'value="{angst.pk}"[^>]*checked[^>]*>\s*Unease</label>', html)

    data = form_data(html, "supportrequest_form")
    data["experience_areas"], data["interests"] = [], [str(walks.pk)]
    assert client.post(url, data).status_code == 302
    assert list(request.interests.all()) == [walks]
    assert not request.experience_areas.exists()
    reasons, html = seen()
    assert "both like walks" in reasons
    assert "unease" not in reasons
    assert re.search(rf'value="{walks.pk}"[^>]*checked[^>]*>\s*Walks</label>', html)


def test_cannot_propose_a_guide_of_another_organisation(client, coordinator1, org1, org2):
    request = SupportRequestFactory(participant__organisation=org1)
    theirs = PeerGuideFactory(organisation=org2)
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:matching_supportrequest_propose", args=[request.pk, theirs.pk])
    )
    assert response.status_code == 404
    assert not Match.objects.exists()


def test_batch_proposal_and_confirmation(client, coordinator1, org1):
    requests = [SupportRequestFactory(participant__organisation=org1) for _ in range(3)]
    guides = [PeerGuideFactory(organisation=org1, capacity=1) for _ in range(2)]
    client.force_login(coordinator1)
    page = client.get(reverse("admin:matching_supportrequest_batch"))
    pairs = page.context["pairs"]
    assert len(pairs) == 2
    assert {p.guide for p in pairs} == set(guides)
    chosen = [f"{p.request.pk}:{p.guide.pk}" for p in pairs]
    # Junk, an id no database column holds and a pair twice change nothing more.
    junk = ["x:y", "1", f"{2**70}:{guides[0].pk}", "0:0", chosen[0]]
    client.post(reverse("admin:matching_supportrequest_batch"), {"pair": chosen + junk})
    assert Match.objects.filter(status="proposed").count() == 2
    assert (
        SupportRequest.objects.filter(pk__in=[r.pk for r in requests], status="waiting").count()
        == 1
    )
    # Each proposal records the score and reasons the page showed, as one made by hand does.
    for pair in pairs:
        match = Match.objects.get(request=pair.request, guide=pair.guide)
        assert (match.score, match.reasons) == (pair.score, pair.reasons)
        assert match.reasons


def test_a_batch_pair_no_longer_proposed_is_scored_on_its_own(client, coordinator1, org1):
    request = SupportRequestFactory(participant__organisation=org1)
    guide, other = PeerGuideFactory.create_batch(2, organisation=org1)
    client.force_login(coordinator1)
    [shown] = client.get(reverse("admin:matching_supportrequest_batch")).context["pairs"]
    unshown = other if shown.guide == guide else guide  # e.g. a page opened before a change
    client.post(
        reverse("admin:matching_supportrequest_batch"), {"pair": f"{request.pk}:{unshown.pk}"}
    )
    match = Match.objects.get(request=request)
    assert match.guide == unshown
    assert match.score is not None
    assert match.reasons


def _batch(client, page=None):
    url = reverse("admin:matching_supportrequest_batch")
    return client.get(url, {"page": page} if page else {})


def _shown(response):
    return [(p.request.pk, p.guide.pk) for p in response.context["pairs"]]


def test_batch_proposal_pages_its_pairs_and_confirms_one_page(
    client, coordinator1, org1, monkeypatch
):
    from matching import admin as matching_admin

    monkeypatch.setattr(matching_admin, "BATCH_PAGE_SIZE", 2)
    requests = SupportRequestFactory.create_batch(5, participant__organisation=org1)
    PeerGuideFactory.create_batch(3, organisation=org1, capacity=1)
    client.force_login(coordinator1)
    first, second = _batch(client), _batch(client, page=2)
    assert len(_shown(first)) == 2
    assert len(_shown(second)) == 1
    assert not set(_shown(first)) & set(_shown(second))
    assert (first.context["waiting"], first.context["unassigned"]) == (5, 2)
    assert (first.context["page_obj"].number, second.context["page_obj"].number) == (1, 2)
    assert f'href="?organisation={org1.pk}&amp;page=2"' in first.text
    assert _batch(client, page="junk").status_code == 200  # a junk page number: the first page

    # Sending a page proposes exactly its pairs; the rest are proposed afresh at the next view.
    chosen = [f"{r}:{g}" for r, g in _shown(second)]
    client.post(reverse("admin:matching_supportrequest_batch") + "?page=2", {"pair": chosen})
    assert [(m.request_id, m.guide_id) for m in Match.objects.all()] == _shown(second)
    again = _batch(client)
    assert again.context["waiting"] == 4
    assert len(again.context["page_obj"].paginator.object_list) == 2
    assert not {r for r, _ in _shown(again)} & {m.request_id for m in Match.objects.all()}
    assert {r.pk for r in requests} >= {r for r, _ in _shown(again)}


def test_batch_proposal_follows_every_change_at_the_next_view(client, coordinator1, org1):
    """The solve is cached between page views, never past a change: a new request, a change to
    a waiting request's wishes, a new guide and changed weights each show at once."""
    from matching.models import MatchingWeights

    angst = ExperienceArea.objects.get(slug="angst")
    guide = PeerGuideFactory(organisation=org1, capacity=1)
    guide.experience_areas.set([angst])
    first = SupportRequestFactory(participant__organisation=org1)
    client.force_login(coordinator1)
    assert _shown(_batch(client)) == [(first.pk, guide.pk)]
    assert _shown(_batch(client)) == [(first.pk, guide.pk)]  # from the cache

    second = SupportRequestFactory(participant__organisation=org1)
    assert _batch(client).context["waiting"] == 2
    second.experience_areas.add(angst)  # now the better match for the only guide
    assert _shown(_batch(client)) == [(second.pk, guide.pk)]

    newcomer = PeerGuideFactory(organisation=org1, capacity=1)
    assert set(_shown(_batch(client))) == {(second.pk, guide.pk), (first.pk, newcomer.pk)}

    MatchingWeights.objects.update_or_create(organisation=org1, defaults={"min_score": 100})
    assert _shown(_batch(client)) == []


@pytest.mark.parametrize("count", [3, 40])
def test_batch_proposal_has_a_fixed_query_count(
    client, coordinator1, org1, count, django_assert_num_queries
):
    from core.models import Interest

    interest = Interest.objects.first()
    for request in SupportRequestFactory.create_batch(count, participant__organisation=org1):
        request.interests.add(interest)
    for guide in PeerGuideFactory.create_batch(count, organisation=org1, capacity=2):
        guide.interests.add(interest)
    MatchFactory.create_batch(count, request__participant__organisation=org1, status="declined")
    client.force_login(coordinator1)
    assert _batch(client).status_code == 200  # builds the guide pool and solves
    # The solve kept (with the requests' rows): one aggregate of which requests wait, on any
    # database, and no request rows read; the terms' names come from the cache.
    queries = 9
    with django_assert_num_queries(queries):
        response = _batch(client)
    assert len(response.context["pairs"]) == count
    url = reverse("admin:matching_supportrequest_batch")
    with django_assert_num_queries(queries):  # the organisation chosen: the same queries
        assert client.get(url, {"organisation": org1.pk, "page": 1}).context["organisation"] == org1


def test_match_list_columns_and_stale_flag(client, coordinator1, org1):
    fresh = MatchFactory(request__participant__organisation=org1)
    Meeting.objects.create(
        match=fresh,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        status="held",
        duration_minutes=90,
    )
    stale = MatchFactory(
        request__participant__organisation=org1,
        started_at=timezone.now() - datetime.timedelta(days=60),
    )
    Meeting.objects.create(
        match=stale,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        status="held",
        duration_minutes=60,
    )
    client.force_login(coordinator1)
    response = client.get(reverse("admin:matching_match_changelist") + "?stale=yes")
    assert list(response.context["cl"].result_list) == [stale]
    all_rows = client.get(reverse("admin:matching_match_changelist"))
    row = next(m for m in all_rows.context["cl"].result_list if m.pk == fresh.pk)
    assert row.meetings_held == 1
    assert row.minutes_held == 90


def test_end_match_from_admin(client, coordinator1, org1):
    match = MatchFactory(request__participant__organisation=org1)
    client.force_login(coordinator1)
    url = reverse("admin:matching_match_end", args=[match.pk])
    bad = client.post(url, {"reason": "", "closing_conversation_held": "yes"})
    assert bad.status_code == 200
    client.post(url, {"reason": "moved", "closing_conversation_held": "no"})
    match.refresh_from_db()
    assert (match.status, match.closure_reason, match.closing_conversation_held) == (
        "ended",
        "moved",
        False,
    )


def test_guide_admin_shows_matches_versus_capacity(client, coordinator1, org1):
    guide = PeerGuideFactory(organisation=org1, capacity=3)
    MatchFactory(request__participant__organisation=org1, guide=guide)
    client.force_login(coordinator1)
    response = client.get(reverse("admin:volunteers_peerguide_changelist"))
    assert "1 / 3" in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_admin_lists_have_fixed_query_counts(
    client, coordinator1, org1, count, django_assert_max_num_queries
):
    for _ in range(count):
        m = MatchFactory(request__participant__organisation=org1)
        Meeting.objects.create(
            match=m, starts_at=timezone.now(), status="held", duration_minutes=30
        )
        SupportRequestFactory(participant__organisation=org1)
    client.force_login(coordinator1)
    for name in [
        "admin:matching_match_changelist",
        "admin:matching_supportrequest_changelist",
        "admin:volunteers_peerguide_changelist",
        "admin:matching_meeting_changelist",
    ]:
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_feedback_does_not_multiply_meeting_hours(client, coordinator1, org1):
    from matching.models import Feedback

    match = MatchFactory(request__participant__organisation=org1)
    for _ in range(2):
        Meeting.objects.create(
            match=match, starts_at=timezone.now(), status="held", duration_minutes=60
        )
    Feedback.objects.create(match=match, kind="fit_check", respondent="guide", answer="no")
    Feedback.objects.create(match=match, kind="fit_check", respondent="participant", answer="no")
    client.force_login(coordinator1)
    response = client.get(reverse("admin:matching_match_changelist"))
    [row] = response.context["cl"].result_list
    assert (row.meetings_held, row.minutes_held, row.fit_no) == (2, 120, True)


def _propose(client, request, guide):
    return client.post(
        reverse("admin:matching_supportrequest_propose", args=[request.pk, guide.pk]), follow=True
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [({"status": "paused"}, "holder pause"), ({"capacity": 0}, "er fuld")],
)
def test_proposal_to_a_paused_or_full_guide_is_refused_with_a_message(
    client, coordinator1, org1, change, words
):
    request = SupportRequestFactory(participant__organisation=org1)
    guide = PeerGuideFactory(organisation=org1, user__first_name="Bente", **change)
    client.force_login(coordinator1)
    response = _propose(client, request, guide)
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert "Bente" in str(message)
    assert words in str(message)
    assert not Match.objects.exists()
    request.refresh_from_db()
    assert request.status == "waiting"


def test_request_page_proposes_without_a_nested_form_and_says_why_guides_are_missing(
    client, coordinator1, org1
):
    from matching.models import MatchingWeights

    angst = ExperienceArea.objects.get(slug="angst")
    MatchingWeights.objects.create(organisation=org1, min_score=30)
    request = SupportRequestFactory(participant__organisation=org1, guide_language="da")
    request.experience_areas.set([angst])
    good = PeerGuideFactory(organisation=org1, user__first_name="God")
    good.experience_areas.set([angst])
    full = PeerGuideFactory(organisation=org1, capacity=1, user__first_name="Fuld")
    full.experience_areas.set([angst])
    MatchFactory(request__participant__organisation=org1, guide=full)
    PeerGuideFactory(organisation=org1, languages=["en"], user__first_name="Engelsk")
    PeerGuideFactory(  # shares nothing with the request: score 0
        organisation=org1,
        user__first_name="Lav",
        municipality=None,
        availability=[],
        birth_year=None,
    )
    PeerGuideFactory(organisation=org1, status="paused", user__first_name="Pause")
    client.force_login(coordinator1)
    page = client.get(reverse("admin:matching_supportrequest_change", args=[request.pk]))
    html = page.content.decode()
    assert [s.guide for s in page.context["suggestions"]] == [good]
    assert "<li>begge har erfaring med angst.</li>" in html.lower()  # a sentence, not JSON
    missing = " ".join(page.context["missing"])
    assert "1 er fuld" in missing
    assert "1 taler ikke" in missing
    assert "under minimumsscoren på 30" in missing
    assert "Pause" not in missing
    # The "Propose" button submits a form of its own that is not inside the change form.
    change_form_end = html.index("</form>", html.index('id="supportrequest_form"'))
    assert f'form="propose-{good.pk}"' in html[:change_form_end]
    assert html.index(f'<form id="propose-{good.pk}"') > change_form_end
    assert html.count("<form") - html.count("</form>") == 0


def test_pause_action_pauses_running_matches_and_names_the_ones_it_cannot(
    client, coordinator1, org1
):
    running = MatchFactory(request__participant__organisation=org1, status="active")
    proposed = MatchFactory(request__participant__organisation=org1, status="proposed")
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:matching_match_changelist"),
        {"action": "pause_matches", "_selected_action": [running.pk, proposed.pk]},
        follow=True,
    )
    running.refresh_from_db()
    proposed.refresh_from_db()
    assert (running.status, proposed.status) == ("paused", "proposed")
    shown = [str(m) for m in response.context["messages"]]
    assert "1 match sat på pause." in shown
    assert any(text.startswith(f"{proposed}: ") for text in shown)


@pytest.mark.django_db
def test_the_meeting_list_counts_at_most_a_cap_and_says_so(client, coordinator1, org1, monkeypatch):
    """The meetings list does not count hundreds of thousands of rows on every view: past the
    cap it says "more than" and still pages through the newest."""
    from core.admin_paging import CappedCountPaginator

    match = MatchFactory(request__participant__organisation=org1, status="active")
    start = timezone.now() - datetime.timedelta(days=30)
    for day in range(7):
        Meeting.objects.create(match=match, starts_at=start + datetime.timedelta(days=day))
    client.force_login(coordinator1)
    url = reverse("admin:matching_meeting_changelist")
    response = client.get(url, headers={"accept-language": "en"})
    assert "7 meetings" in response.text

    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    response = client.get(url, headers={"accept-language": "en"})
    assert "More than 5 meetings: filter or search to narrow the list." in response.text
    assert len(response.context["cl"].result_list) == 7  # one page (100 a page) shows them all

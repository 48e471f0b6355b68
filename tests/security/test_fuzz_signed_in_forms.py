"""Every form a signed-in peer guide or course facilitator can post outside the admin, posted with
generated junk (the JUNK of test_fuzz_public_forms, plus bad dates and times where a field takes
one): it answers with field errors, a success or a refusal, never a 500; an invalid post changes
nothing; what a success stores passes the model's own validation; and markup that is stored comes
back escaped on the guide's own pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from courses.models import Attendance
from matching.models import Feedback, Match, MatchStatusChange, Meeting, SupportRequest
from tests.factories import (
    MatchFactory,
    PeerGuideFactory,
    make_cohort,
    make_enrollment,
    onboarded,
)
from tests.security.test_fuzz_public_forms import FUZZ, JUNK, SCRIPT, id_examples
from volunteers.models import PeerGuide, WellbeingCheckIn

pytestmark = pytest.mark.django_db

ALLOWED = {200, 302, 400, 403, 404, 409}
# What markup looks like when it was not escaped (MARKUP's tags, verbatim).
RAW_MARKUP = ("<script>alert", "<img src=x", "<svg/onload")

BAD_DATES = st.sampled_from(
    [
        "0001-01-01",
        "9999-12-31",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "31.12.2026",
        "12/31/2026",
        "2026-1-1",
        "+275760-09-13",
        "1970-01-01",
        "20260101",
    ]
)
BAD_TIMES = st.sampled_from(["00:00", "23:59", "24:00", "10:61", "10:00:00", "25:00", "T", ""])
BAD_DATETIMES = st.one_of(
    st.builds(lambda d, t: f"{d}T{t}", BAD_DATES, BAD_TIMES),
    st.builds(lambda d, t: f"{d} {t}", BAD_DATES, BAD_TIMES),
    st.sampled_from(
        [
            "2026-03-29T02:30",  # does not exist in Copenhagen (clocks go forward)
            "2026-10-25T02:30",  # exists twice in Copenhagen (clocks go back)
            "2026-06-01T10:00+05:00",
            "2026-06-01T10:00Z",
            "10:00",
        ]
    ),
    BAD_DATES,
)


def junk_for(base, *, dates=(), datetimes=()):
    """Junk for any subset of `base`'s fields; date and date-time fields also get bad dates."""
    per_field = {}
    for name in base:
        if name in dates:
            per_field[name] = st.one_of(BAD_DATES, JUNK)
        elif name in datetimes:
            per_field[name] = st.one_of(BAD_DATETIMES, JUNK)
        else:
            per_field[name] = JUNK
    return st.fixed_dictionaries({}, optional=per_field)


def assert_escaped(response):
    text = response.content.decode(errors="replace")
    for raw in RAW_MARKUP:
        assert raw not in text, (response.request["PATH_INFO"], raw)


def post(client, url, data, **kwargs):
    response = client.post(url, data, **kwargs)
    assert response.status_code in ALLOWED, (response.status_code, data)
    assert_escaped(response)
    return response


def shown_escaped(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    assert_escaped(page)
    return page


def rows(*querysets):
    return [list(queryset.order_by("pk").values()) for queryset in querysets]


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- who posts -----------------------------------------------------------------------------------


@pytest.fixture
def guide(org1, client):
    guide = onboarded(PeerGuideFactory(organisation=org1, user__first_name="Sofie", capacity=10))
    client.force_login(guide.user)
    return guide


def a_match(guide, status, **kwargs):
    if status == "ended":
        kwargs.update(ended_at=timezone.now(), closure_reason="goals_reached")
    return MatchFactory(
        guide=guide,
        request__participant__organisation=guide.organisation,
        request__participant__first_name="Anna",
        status=status,
        started_at=None if status in ("proposed", "accepted") else timezone.now(),
        **kwargs,
    )


def match_state(match):
    return rows(
        Match.objects.filter(pk=match.pk),
        SupportRequest.objects.filter(pk=match.request_id),
        MatchStatusChange.objects.filter(match=match),
        Meeting.objects.filter(match=match),
        Feedback.objects.filter(match=match),
    )


# --- the guide's dashboard -----------------------------------------------------------------------


def test_profile_form(client, guide):
    url = reverse("dashboard:profile")
    base = {
        "presentation": "Jeg kan lide gåture.",
        "interests": [],
        "languages": ["da"],
        "meets_in_person": "on",
        "meets_online": "",
        "availability": ["1-evening"],
        "capacity": "2",
    }

    @FUZZ
    @given(junk_for(base))
    @id_examples("interests")
    def run(values):
        before = rows(PeerGuide.objects.filter(pk=guide.pk), guide.interests.all())
        response = post(client, url, {**base, **values})
        if response.status_code == 302:
            stored = PeerGuide.objects.get(pk=guide.pk)
            stored.full_clean()
            shown_escaped(client, url)
        else:
            assert rows(PeerGuide.objects.filter(pk=guide.pk), guide.interests.all()) == before

    run()


def test_markup_in_the_presentation_is_escaped(client, guide):
    url = reverse("dashboard:profile")
    response = client.post(
        url, {"presentation": f"Hej {SCRIPT}", "availability": ["1-evening"], "capacity": "2"}
    )
    assert response.status_code == 302
    assert SCRIPT in PeerGuide.objects.get(pk=guide.pk).presentation
    page = shown_escaped(client, url)
    assert "&lt;script&gt;" in page.text
    shown_escaped(client, reverse("dashboard:home"))


def test_pause_form(client, guide):
    url = reverse("dashboard:pause")
    base = {"until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(), "note": ""}

    @FUZZ
    @given(junk_for(base, dates={"until"}))
    def run(values):
        PeerGuide.objects.filter(pk=guide.pk).update(status="active", paused_until=None)
        before = rows(PeerGuide.objects.filter(pk=guide.pk), guide.history.all())
        response = post(client, url, {**base, **values})
        if response.status_code == 302:
            stored = PeerGuide.objects.get(pk=guide.pk)
            assert stored.status == "paused"
            assert stored.paused_until > timezone.localdate()
            stored.full_clean()
            for change in guide.history.all():
                change.full_clean()
            shown_escaped(client, reverse("dashboard:home"))
        else:
            assert rows(PeerGuide.objects.filter(pk=guide.pk), guide.history.all()) == before

    run()


def test_checkin_form(client, guide):
    url = reverse("dashboard:checkin")
    base = {"answer": "4", "wants_contact": "", "comment": ""}

    @FUZZ
    @given(junk_for(base))
    def run(values):
        count = WellbeingCheckIn.objects.count()
        response = post(client, url, {**base, **values})
        stored = WellbeingCheckIn.objects.count() - count
        if response.status_code == 302:
            assert stored == 1
        elif stored:  # a hard answer is met with who to call at once, on the page
            assert response.status_code == 200
            assert response.templates[0].name == "dashboard/checkin_support.html"
        if stored:
            assert stored == 1
            WellbeingCheckIn.objects.latest("pk").full_clean()

    run()


def test_forms_without_fields_ignore_junk(client, guide):
    """ "I am back" and "make a new calendar address" take no input: junk changes nothing else."""

    @FUZZ
    @given(junk_for({"status": "", "calendar_token": "", "until": "", "guide": ""}))
    def run(values):
        PeerGuide.objects.filter(pk=guide.pk).update(status="paused")
        post(client, reverse("dashboard:resume"), values)
        assert PeerGuide.objects.get(pk=guide.pk).status == "active"
        token = PeerGuide.objects.get(pk=guide.pk).calendar_token
        post(client, reverse("dashboard:reset_calendar"), values)
        new_token = PeerGuide.objects.get(pk=guide.pk).calendar_token
        assert new_token != token
        assert new_token not in {str(v) for v in values.values()}

    run()


# --- the guide's match pages ---------------------------------------------------------------------


def test_accept_ignores_junk(client, guide):
    @FUZZ
    @given(junk_for({"reason": "", "status": "", "guide": ""}))
    def run(values):
        match = a_match(guide, "proposed")
        post(client, reverse("guide_matching:accept", args=[match.pk]), values)
        match.refresh_from_db()
        assert match.status == "accepted"
        assert match.guide_id == guide.pk

    run()


def test_decline_form(client, guide):
    base = {"reason": "Jeg har ikke tid lige nu."}

    @FUZZ
    @given(junk_for(base))
    def run(values):
        match = a_match(guide, "proposed")
        before = match_state(match)
        url = reverse("guide_matching:decline", args=[match.pk])
        response = post(client, url, {**base, **values})
        match.refresh_from_db()
        if match.status == "declined":
            assert response.status_code == 302
            match.full_clean()
            assert match.decline_reason.strip()
            assert SupportRequest.objects.get(pk=match.request_id).status == "waiting"
        else:
            assert match_state(match) == before

    run()


def test_plan_meeting_form(client, guide):
    match = a_match(guide, "accepted")
    url = reverse("guide_matching:plan_meeting", args=[match.pk])
    base = {
        "starts_at": local_input(timezone.now() + datetime.timedelta(days=3)),
        "mode": "in_person",
        "place": "Caféen",
    }

    @FUZZ
    @given(junk_for(base, datetimes={"starts_at"}))
    @example({"starts_at": "9999-12-31T23:59"})  # was stored: a meeting in the year 9999
    @example({"starts_at": "9999-12-31T23:59-05:00"})  # was a 500: past the end of the calendar
    def run(values):
        before = match_state(match)
        response = post(client, url, {**base, **values})
        after = Meeting.objects.filter(match=match)
        if after.count() == len(before[3]) + 1:
            assert response.status_code == 302
            meeting = after.latest("pk")
            meeting.full_clean()
            assert meeting.status == "planned"
            shown_escaped(client, reverse("guide_matching:detail", args=[match.pk]))
            shown_escaped(client, reverse("dashboard:home"))
        else:
            assert match_state(match) == before

    run()


def test_log_meeting_form(client, guide):
    past = local_input(timezone.now() - datetime.timedelta(days=1))
    base = {
        "meeting": "",
        "starts_at": past,
        "duration_minutes": "45",
        "mode": "walk",
        "themes": ["everyday", "coping"],
        "note": "Vi gik en tur.",
    }

    @FUZZ
    @given(junk_for(base, datetimes={"starts_at"}), st.booleans())
    @example({"meeting": "\x1f"}, False)  # was a 500: a meeting id that is no number
    @id_examples("meeting", extra=(True,))
    @example({"starts_at": "0001-01-01T00:00"}, True)  # was a 500: before year 1 in UTC
    @example({"starts_at": "1900-01-01T10:00"}, False)  # was stored as held
    def run(values, planned):
        match = a_match(guide, "accepted")
        meeting = Meeting.objects.create(
            match=match, starts_at=timezone.now() - datetime.timedelta(hours=2), mode="phone"
        )
        data = {**base, "meeting": meeting.pk if planned else ""} | values
        before = match_state(match)
        response = post(client, reverse("guide_matching:log_meeting", args=[match.pk]), data)
        held = Meeting.objects.filter(match=match, status="held")
        if held.exists():
            assert response.status_code == 302
            assert held.count() == 1
            held.get().full_clean()
            assert Match.objects.get(pk=match.pk).status == "active"
            shown_escaped(client, reverse("guide_matching:detail", args=[match.pk]))
        else:
            assert match_state(match) == before

    run()


def test_a_meeting_more_than_a_year_away_is_refused_at_the_field(client, guide):
    match = a_match(guide, "accepted")
    far = local_input(timezone.now() + datetime.timedelta(days=400))
    response = client.post(
        reverse("guide_matching:plan_meeting", args=[match.pk]),
        {"starts_at": far, "mode": "walk"},
    )
    assert response.status_code == 200
    assert "Tjek datoen. Den skal ligge inden for et år fra i dag." in response.text
    response = client.post(
        reverse("guide_matching:log_meeting", args=[match.pk]),
        {"starts_at": "0001-01-01T00:00", "duration_minutes": "60", "mode": "walk"},
    )
    assert response.status_code == 200
    assert "Tjek datoen." in response.text
    assert not Meeting.objects.filter(match=match).exists()
    assert Match.objects.get(pk=match.pk).status == "accepted"


@pytest.mark.parametrize("meeting", ["abc", "\x1f", "99999", "other"])
def test_logging_a_meeting_not_on_this_match_is_refused_at_the_field(client, guide, meeting):
    match = a_match(guide, "accepted")
    other = Meeting.objects.create(
        match=a_match(guide, "accepted"), starts_at=timezone.now(), mode="walk"
    )
    response = client.post(
        reverse("guide_matching:log_meeting", args=[match.pk]),
        {
            "meeting": other.pk if meeting == "other" else meeting,
            "starts_at": local_input(timezone.now() - datetime.timedelta(hours=2)),
            "duration_minutes": "60",
            "mode": "walk",
        },
    )
    assert response.status_code == 200
    assert "Vi kunne ikke finde det møde." in response.text
    assert not Meeting.objects.filter(match=match).exists()
    assert Meeting.objects.get(pk=other.pk).status == "planned"


def test_meeting_status_form(client, guide):
    match = a_match(guide, "active")

    @FUZZ
    @given(junk_for({"status": "cancelled"}))
    def run(values):
        meeting = Meeting.objects.create(
            match=match, starts_at=timezone.now() + datetime.timedelta(days=1), mode="walk"
        )
        url = reverse("guide_matching:meeting_status", args=[match.pk, meeting.pk])
        post(client, url, values)
        meeting.refresh_from_db()
        assert meeting.status in ("planned", "cancelled", "no_show")
        if meeting.status != "planned":
            posted = values.get("status")
            assert (posted[-1] if isinstance(posted, list) else posted) == meeting.status

    run()


def test_end_match_form(client, guide):
    base = {"reason": "goals_reached", "closing_conversation_held": "yes", "note": ""}

    @FUZZ
    @given(junk_for(base))
    def run(values):
        match = a_match(guide, "active")
        before = match_state(match)
        response = post(client, reverse("guide_matching:end", args=[match.pk]), {**base, **values})
        match.refresh_from_db()
        if match.status == "ended":
            assert response.status_code == 302
            match.full_clean()
            for change in match.history.all():
                change.full_clean()
        else:
            assert match_state(match) == before

    run()


def test_feedback_forms(client, guide):
    kinds = st.one_of(
        st.sampled_from(["fit_check", "exit"]), st.from_regex(r"[a-z_]{1,20}", fullmatch=True)
    )

    @FUZZ
    @given(junk_for({"answer": "yes", "rating": "4"}), kinds)
    def run(values, kind):
        match = a_match(guide, "ended" if kind == "exit" else "active")
        before = match_state(match)
        post(client, reverse("guide_matching:feedback", args=[match.pk, kind]), values)
        answers = Feedback.objects.filter(match=match)
        if answers.exists():
            answers.get().full_clean()
            assert answers.get().kind == kind
        else:
            assert match_state(match) == before

    run()


# --- the facilitator's cohort --------------------------------------------------------------------


@pytest.fixture
def cohort(org1):
    cohort = make_cohort(org1, status="running")
    make_enrollment(cohort, first_name="Ida")
    return cohort


def test_attendance_form(client, cohort):
    facilitator = cohort.facilitators.first()
    client.force_login(facilitator.user)
    session = cohort.sessions.get(number=1)
    enrollment = cohort.enrollments.get()
    url = reverse("courses:mark", args=[cohort.pk, session.pk, enrollment.pk])
    sheet = reverse("courses:attendance", args=[cohort.pk, session.pk])

    @FUZZ
    @given(junk_for({"status": "present"}), st.booleans())
    def run(values, htmx):
        before = rows(Attendance.objects.all())
        headers = {"HX-Request": "true"} if htmx else {}
        response = post(client, url, values, headers=headers)
        # Refused or not, the answer is the row or the page again (200) or a redirect (302), and
        # whatever is stored is valid and what was asked for.
        assert response.status_code in (200, 302), response.status_code
        if rows(Attendance.objects.all()) != before:
            record = Attendance.objects.get()
            record.full_clean()
            assert record.status == values["status"]
        shown_escaped(client, sheet)
        shown_escaped(client, reverse("courses:my_cohort", args=[cohort.pk]))

    run()


def test_cohort_pages_escape_markup_from_junk_urls(client, cohort):
    """The facilitator's pages take no query input, but junk in the query string is harmless."""
    client.force_login(cohort.facilitators.first().user)
    session = cohort.sessions.get(number=1)

    @FUZZ
    @given(junk_for({"status": "", "session": "", "page": ""}))
    def run(values):
        for url in (
            reverse("courses:my_cohort", args=[cohort.pk]),
            reverse("courses:attendance", args=[cohort.pk, session.pk]),
        ):
            page = client.get(url, values)
            assert page.status_code == 200
            assert_escaped(page)

    run()

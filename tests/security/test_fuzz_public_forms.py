"""Every public form, posted with generated junk (control characters, HTML and script tags, very
long values, any unicode, lists where a string is expected, numbers as strings): it answers with
field errors or a success, never a 500; and markup that is stored comes back escaped wherever it is
shown (admin, the guide's dashboard, the participant's own pages, HTML e-mails)."""

import datetime
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matching import services as matching_services
from notifications.models import Notification
from notifications.services import make_unsubscribe_token
from participants import links
from participants.services import WHO5_LINK_PURPOSE
from privacy.services import SELF_SERVICE_PURPOSE
from tests.factories import (
    MatchFactory,
    ParticipantFactory,
    SupportRequestFactory,
    make_cohort,
    who5_measurement,
)
from tests.form_data import guide_application_data, support_request_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OK = {200, 302, 400, 404, 409, 429}
SCRIPT = "<script>alert('x')</script>"

MARKUP = st.sampled_from(
    [
        SCRIPT,
        '"><img src=x onerror=alert(1)>',
        "<svg/onload=alert(1)>",
        "{{ request }}{% debug %}",
        "javascript:alert(1)",
        "' OR 1=1 --",
        "&lt;b&gt;",
    ]
)
JUNK = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=20),  # control chars
    MARKUP,
    MARKUP.map(lambda m: f"Anna {m} Hansen"),
    st.integers(min_value=200, max_value=20_000).map(lambda n: "å" * n),  # very long
    st.text(max_size=60),  # any unicode
    st.integers(min_value=-(10**20), max_value=10**20).map(str),  # numbers as strings
    st.sampled_from(["", " ", "0", "-1", "1e400", "NaN", "None", "null", "true", "[]", "{}"]),
    st.lists(st.text(max_size=12), min_size=0, max_size=3),  # a list where a string is expected
)


# Ids that no database column holds. Every model-choice field is tried with each of them on every
# run (besides what the random draws find): they were 500s on SQLite (core.fields).
UNHOLDABLE_IDS = [str(2**63), str(-(2**63) - 1), str(10**20), "1e400"]


def id_examples(*fields, extra=()):
    """Explicit examples: each of `fields` posted with each unholdable id (and `extra` as the
    test's further arguments)."""

    def decorate(run):
        for name in fields:
            for value in UNHOLDABLE_IDS:
                run = example({name: value}, *extra)(run)
                run = example({name: ["1", value]}, *extra)(run)
        return run

    return decorate


def junk_for(fields):
    return st.dictionaries(st.sampled_from(sorted(fields)), JUNK, max_size=len(fields))


def post(client, url, data):
    cache.clear()  # per-IP rate limits
    response = client.post(url, data)
    assert response.status_code in OK, (response.status_code, data)
    return response


# --- the forms -----------------------------------------------------------------------------------


@pytest.fixture
def request_data(org1):
    return support_request_data(org1, help_wanted="Gåture.", website="")


@pytest.fixture
def application_data(org1):
    return guide_application_data(org1)


@pytest.fixture
def signup(org1):
    cohort = make_cohort(org1, status="open")
    data = {
        "first_name": "Bo",
        "last_name": "",
        "phone": "",
        "email": "bo@example.test",
        "birth_year": "",
        "municipality": "",
        "consent": "on",
        "website": "",
    }
    return reverse("courses:detail", args=[cohort.pk]), data


def test_support_request_form(client, request_data):
    @FUZZ
    @given(junk_for(request_data))
    @id_examples("organisation", "municipality", "experience_areas", "interests")
    def run(values):
        post(client, reverse("matching:request_support"), {**request_data, **values})

    run()


def test_guide_application_form(client, application_data):
    @FUZZ
    @given(junk_for(application_data))
    @id_examples("organisation", "municipality", "experience_areas", "interests")
    def run(values):
        post(client, reverse("volunteers:apply"), {**application_data, **values})

    run()


def test_course_signup_form(client, signup):
    url, data = signup

    @FUZZ
    @given(junk_for(data))
    @id_examples("municipality")
    def run(values):
        post(client, url, {**data, **values})

    run()


def test_status_page_forms(client, org1):
    support_request = SupportRequestFactory(participant__organisation=org1)
    url = reverse(
        "matching:status",
        args=[links.make_token(pk=support_request.pk, purpose=matching_services.STATUS)],
    )
    base = {"action": "contact", "email": "ny@example.test", "phone": ""}

    @FUZZ
    @given(junk_for(base))
    def run(values):
        post(client, url, {**base, **values})

    run()


def test_who5_form(client, org1):
    participant = ParticipantFactory(organisation=org1)
    counter = iter(range(1, 10_000))
    base = {f"item{i}": "3" for i in range(1, 6)} | {"evaluation": "on"}

    @FUZZ
    @given(junk_for(base | {"decline": ""}))
    def run(values):
        measurement = who5_measurement(participant, source_id=next(counter))
        token = links.make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)
        post(client, reverse("participants:who5", args=[token]), {**base, **values})

    run()


def test_unsubscribe_page(client):
    good = make_unsubscribe_token(recipient="a@example.test", category="reminder")

    @FUZZ
    @given(st.one_of(st.text(min_size=1, max_size=80), st.just(good), MARKUP))
    def run(token):
        cache.clear()
        url = reverse("notifications:unsubscribe", args=["x"]).replace(
            "/x/", f"/{quote(token, safe='')}/"
        )
        for method in (client.get, client.post):
            assert method(url).status_code in OK

    run()


def test_privacy_self_service_forms(client, org1):
    participant = ParticipantFactory(organisation=org1)
    token = links.make_token(pk=participant.pk, purpose=SELF_SERVICE_PURPOSE)

    @FUZZ
    @given(junk_for({"purpose": "", "confirm": ""}))
    def run(values):
        post(client, reverse("privacy:withdraw", args=[token]), values)
        values = {k: v for k, v in values.items() if k != "confirm"}  # never erase here
        post(client, reverse("privacy:erase", args=[token]), values)

    run()


# --- stored markup is shown escaped --------------------------------------------------------------


def test_markup_in_a_request_is_escaped_everywhere(client, request_data, coordinator1, org1):
    cache.clear()
    response = client.post(
        reverse("matching:request_support"),
        {**request_data, "first_name": f"Anna{SCRIPT}", "help_wanted": f"Hjælp {SCRIPT}"},
    )
    assert response.status_code == 302
    from matching.models import SupportRequest

    support_request = SupportRequest.objects.get()
    participant = support_request.participant
    assert SCRIPT in participant.first_name  # stored as text, escaped when shown
    for notification in Notification.objects.all():
        assert "<script>" not in notification.body_html

    client.force_login(coordinator1)
    pages = [
        reverse("admin:participants_participant_change", args=[participant.pk]),
        reverse("admin:matching_supportrequest_change", args=[support_request.pk]),
        reverse("admin:participants_participant_trail", args=[participant.pk]),
    ]
    match = MatchFactory(request=support_request, organisation=org1, status="accepted")
    client.force_login(match.guide.user)
    guide_pages = [reverse("guide_matching:detail", args=[match.pk]), reverse("dashboard:home")]
    privacy_page = reverse(
        "privacy:my_data", args=[links.make_token(pk=participant.pk, purpose=SELF_SERVICE_PURPOSE)]
    )
    for user, urls in (
        (coordinator1, pages),
        (match.guide.user, guide_pages),
        (None, [privacy_page]),
    ):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            assert "<script>alert" not in page.text, url
    page = client.get(privacy_page)
    assert "&lt;script&gt;" in page.text


def test_markup_in_an_application_is_escaped_in_the_admin(client, application_data, coordinator1):
    from volunteers.models import PeerGuide

    cache.clear()
    response = client.post(
        reverse("volunteers:apply"),
        {**application_data, "first_name": f"Sofie{SCRIPT}", "motivation": SCRIPT},
    )
    assert response.status_code == 302
    guide = PeerGuide.objects.get()
    client.force_login(coordinator1)
    for url in (
        reverse("admin:volunteers_peerguide_changelist"),
        reverse("admin:volunteers_peerguide_change", args=[guide.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;" in page.text


def test_markup_in_a_course_signup_is_escaped_for_the_facilitator(client, signup, org1):
    from courses.models import Cohort, Enrollment
    from courses.services import confirm_enrollment

    url, data = signup
    cache.clear()
    assert client.post(url, {**data, "first_name": f"Bo{SCRIPT}"}).status_code == 302
    enrollment = confirm_enrollment(enrollment=Enrollment.objects.get())
    cohort = Cohort.objects.get()
    facilitator = cohort.facilitators.first()
    client.force_login(facilitator.user)
    page = client.get(reverse("courses:my_cohort", args=[cohort.pk]))
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;" in page.text
    assert enrollment.participant.first_name.startswith("Bo<script>")


def test_a_future_meeting_place_with_markup_is_escaped(client, org1):
    match = MatchFactory(request__participant__organisation=org1, status="accepted")
    client.force_login(match.guide.user)
    starts = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        reverse("guide_matching:plan_meeting", args=[match.pk]),
        {"starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "mode": "in_person", "place": SCRIPT},
    )
    assert response.status_code in (200, 302)
    page = client.get(reverse("guide_matching:detail", args=[match.pk]))
    assert "<script>alert" not in page.text

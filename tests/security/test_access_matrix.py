"""The access matrix: every URL of the project × every role, on objects owned by guide A in
organisation 1. The URL list is discovered from the resolver, so a new URL without a row here
fails `test_every_url_has_a_row`. Besides the status code, a response that a role may not see
must not contain participant A's name or e-mail (the "secret").

Roles: anonymous; a participant holding the links of *another* participant (B); guide A; guide B
(same organisation); a facilitator of another cohort; coordinator of organisation 1; coordinator
of organisation 2; superuser.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from core.scoping import is_scoped_model
from participants import links
from tests.factories import (
    MatchFactory,
    OrganisationFactory,
    PeerGuideFactory,
    SupportRequestFactory,
    UserFactory,
    coordinator_of,
)

SECRET_NAME = "Zorabelle"
SECRET_EMAIL = "zorabelle.secret@example.test"
ROLES = [
    "anonymous",
    "participant_b",
    "guide_b",
    "facilitator_other",
    "coordinator_2",
    "coordinator_1",
    "superuser",
    "guide_a",  # last: the owner's POSTs may change state
]


@pytest.fixture
def world(db):
    from courses.models import Cohort, CohortSession, Enrollment, Programme
    from matching.models import Meeting
    from participants.models import WellBeingMeasurement

    org1 = OrganisationFactory(name="Org One")
    org2 = OrganisationFactory(name="Org Two")
    guide_a = PeerGuideFactory(organisation=org1, user__first_name="Guidea", capacity=5)
    guide_b = PeerGuideFactory(organisation=org1, user__first_name="Guideb")
    facilitator = PeerGuideFactory(organisation=org1, user__first_name="Facil")
    match = MatchFactory(
        guide=guide_a,
        request__participant__organisation=org1,
        request__participant__first_name=SECRET_NAME,
        request__participant__email=SECRET_EMAIL,
        status="active",
    )
    participant_a = match.request.participant
    meeting = Meeting.objects.create(
        match=match, starts_at=timezone.now() + datetime.timedelta(days=2), place="Havnen"
    )
    request_b = SupportRequestFactory(
        participant__organisation=org1, participant__first_name="Bentley"
    )
    programme = Programme.objects.filter(kind="wrap").first()
    start = timezone.localdate() + datetime.timedelta(days=7)

    def cohort(title, facilitators):
        c = Cohort.objects.create(
            programme=programme,
            organisation=org1,
            title=title,
            first_date=start,
            weekday=start.weekday(),
            start_time=datetime.time(17, 0),
            session_minutes=120,
            status="open",
        )
        c.facilitators.set(facilitators)
        CohortSession.objects.create(
            cohort=c,
            number=1,
            starts_at=timezone.now() + datetime.timedelta(days=7),
            ends_at=timezone.now() + datetime.timedelta(days=7, hours=2),
        )
        return c

    cohort_a = cohort("Hold A", [guide_a])
    cohort_other = cohort("Hold F", [facilitator])
    enrollment_a = Enrollment.objects.create(
        cohort=cohort_a, participant=participant_a, status="enrolled"
    )
    enrollment_b = Enrollment.objects.create(
        cohort=cohort_a, participant=request_b.participant, status="enrolled"
    )
    measurement_a = WellBeingMeasurement.objects.create(
        participant=participant_a,
        organisation=org1,
        source="match",
        source_id=match.pk,
        timepoint="start",
        due_at=timezone.now(),
    )
    measurement_b = WellBeingMeasurement.objects.create(
        participant=request_b.participant,
        organisation=org1,
        source="match",
        source_id=request_b.pk,
        timepoint="start",
        due_at=timezone.now(),
    )
    from activities.models import Activity, Occurrence, Rsvp

    activity_a = Activity.objects.create(
        organisation=org1,
        title="Gåtur A",
        description="Vi går.",
        place="Havnen",
        first_date=start,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        status="published",
    )
    activity_a.hosts.set([guide_a])
    occurrence_a = Occurrence.objects.create(
        activity=activity_a,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
    )
    rsvp_a = Rsvp.objects.create(
        occurrence=occurrence_a, participant=participant_a, status="coming"
    )
    rsvp_b = Rsvp.objects.create(
        occurrence=occurrence_a, participant=request_b.participant, status="coming"
    )
    from activities.models import Follow
    from core.models import Interest, Municipality

    walking, odense = Interest.objects.first(), Municipality.objects.get(name="Odense")
    follow_a = Follow.objects.create(
        participant=participant_a, interest=walking, municipality=odense, status="active"
    )
    follow_b = Follow.objects.create(
        participant=request_b.participant, interest=walking, municipality=odense
    )
    superuser = UserFactory(is_superuser=True, is_staff=True)
    from plans.models import Plan

    Plan.objects.create(participant=participant_a, organisation=org1)  # participant A's own plan
    return {
        "activity_a": activity_a,
        "occurrence_a": occurrence_a,
        "rsvp_a": rsvp_a,
        "rsvp_b": rsvp_b,
        "follow_a": follow_a,
        "follow_b": follow_b,
        "participant_b": request_b.participant,
        "org1": org1,
        "org2": org2,
        "guide_a": guide_a,
        "guide_b": guide_b,
        "facilitator": facilitator,
        "match": match,
        "meeting": meeting,
        "participant_a": participant_a,
        "request_a": match.request,
        "request_b": request_b,
        "cohort_a": cohort_a,
        "cohort_other": cohort_other,
        "session_a": cohort_a.sessions.get(),
        "enrollment_a": enrollment_a,
        "enrollment_b": enrollment_b,
        "measurement_a": measurement_a,
        "measurement_b": measurement_b,
        "coordinator_1": coordinator_of(org1),
        "coordinator_2": coordinator_of(org2),
        "superuser": superuser,
    }


def client_for(role, world) -> Client:
    client = Client()
    user = {
        "guide_a": world["guide_a"].user,
        "guide_b": world["guide_b"].user,
        "facilitator_other": world["facilitator"].user,
        "coordinator_1": world["coordinator_1"],
        "coordinator_2": world["coordinator_2"],
        "superuser": world["superuser"],
    }.get(role)
    if user is not None:
        client.force_login(user)
    return client


def token_owner(role, world, a_key, b_key):
    """Token URLs: everyone holds A's link, except the other participant, who holds their own."""
    return world[b_key] if role == "participant_b" else world[a_key]


# --- The table ----------------------------------------------------------------------------------
# name: (method, build(role, world) -> url, {role: status}, roles that may see the secret)
# `default` applies to roles not listed.

LOGIN = 302  # redirect to the login page
GUIDE_PAGE = {
    "anonymous": LOGIN,
    "participant_b": LOGIN,
    "guide_b": 404,
    "facilitator_other": 404,
    "coordinator_1": 302,  # staff are sent to the admin
    "coordinator_2": 302,
    "superuser": 302,
}
OWN_DASHBOARD = {
    "anonymous": LOGIN,
    "participant_b": LOGIN,
    "coordinator_1": 302,
    "coordinator_2": 302,
    "superuser": 302,
}
PUBLIC = {role: 200 for role in ROLES}
A_ONLY = {"guide_a"}


def match_url(name, extra=None):
    def build(role, w):
        return reverse(name, args=[w["match"].pk, *(extra(w) if extra else [])])

    return build


def token_url(name, purpose, a_key, b_key):
    def build(role, w):
        obj = token_owner(role, w, a_key, b_key)
        return reverse(name, args=[links.make_token(pk=obj.pk, purpose=purpose)])

    return build


ANYONE_WITH_LINK = {role: 200 for role in ROLES}
LINK_HOLDERS = set(ROLES) - {"participant_b"}

TABLE = {
    "core:home": ("get", lambda r, w: reverse("core:home"), PUBLIC, set()),
    "core:privacy": ("get", lambda r, w: reverse("core:privacy"), PUBLIC, set()),
    "core:accessibility": ("get", lambda r, w: reverse("core:accessibility"), PUBLIC, set()),
    "core:after_login": (
        "get",
        lambda r, w: reverse("core:after_login"),
        {role: 302 for role in ROLES},
        set(),
    ),
    "core:healthz": ("get", lambda r, w: reverse("core:healthz"), PUBLIC, set()),
    "core:readyz": ("get", lambda r, w: reverse("core:readyz"), PUBLIC, set()),
    # The admin's "view on site" (a cohort of organisation 1): another organisation's is not found.
    "scoped_view_on_site": (
        "get",
        lambda r, w: reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(w["cohort_a"]).pk, w["cohort_a"].pk],
        ),
        {role: 302 for role in ROLES} | {"coordinator_2": 404},
        set(),
    ),
    "login": (
        "get",
        lambda r, w: reverse("login"),
        {**PUBLIC, **{r: 302 for r in ROLES[2:]}},
        set(),
    ),
    "logout": ("post", lambda r, w: reverse("logout"), {role: 302 for role in ROLES}, set()),
    "password_reset": ("get", lambda r, w: reverse("password_reset"), PUBLIC, set()),
    "password_reset_done": ("get", lambda r, w: reverse("password_reset_done"), PUBLIC, set()),
    "password_reset_confirm": (
        "get",
        lambda r, w: reverse("password_reset_confirm", args=["MQ", "bad-token"]),
        PUBLIC,
        set(),
    ),
    "password_reset_complete": (
        "get",
        lambda r, w: reverse("password_reset_complete"),
        PUBLIC,
        set(),
    ),
    "set_language": (
        "post",
        lambda r, w: reverse("set_language"),
        {role: 302 for role in ROLES},
        set(),
    ),
    # Guide dashboard
    "dashboard:home": (
        "get",
        lambda r, w: reverse("dashboard:home"),
        {**OWN_DASHBOARD, "guide_a": 200, "guide_b": 200, "facilitator_other": 200},
        A_ONLY,
    ),
    "dashboard:profile": (
        "get",
        lambda r, w: reverse("dashboard:profile"),
        {**OWN_DASHBOARD, "guide_a": 200, "guide_b": 200, "facilitator_other": 200},
        set(),
    ),
    "dashboard:crisis": (
        "get",
        lambda r, w: reverse("dashboard:crisis"),
        {**OWN_DASHBOARD, "guide_a": 200, "guide_b": 200, "facilitator_other": 200},
        set(),
    ),
    "dashboard:pause": (
        "post",
        lambda r, w: reverse("dashboard:pause"),
        {**OWN_DASHBOARD, "guide_a": 200, "guide_b": 200, "facilitator_other": 200},
        set(),
    ),
    "dashboard:resume": (
        "post",
        lambda r, w: reverse("dashboard:resume"),
        {**OWN_DASHBOARD, "guide_a": 302, "guide_b": 302, "facilitator_other": 302},
        set(),
    ),
    "dashboard:checkin": (
        "post",
        lambda r, w: reverse("dashboard:checkin"),
        # An empty check-in is the guide's own dashboard again, with the error: guide A's shows
        # their own participant.
        {**OWN_DASHBOARD, "guide_a": 200, "guide_b": 200, "facilitator_other": 200},
        A_ONLY,
    ),
    "dashboard:reset_calendar": (
        "post",
        lambda r, w: reverse("dashboard:reset_calendar"),
        {**OWN_DASHBOARD, "guide_a": 302, "guide_b": 302, "facilitator_other": 302},
        set(),
    ),
    "dashboard:calendar_feed": (
        "get",  # guide A's private feed; the others try a made-up key
        lambda r, w: reverse(
            "dashboard:calendar_feed",
            args=[w["guide_a"].calendar_token if r == "guide_a" else "made-up-key"],
        ),
        {**{role: 404 for role in ROLES}, "guide_a": 200},
        A_ONLY,
    ),
    # The guide's match pages
    "guide_matching:detail": (
        "get",
        match_url("guide_matching:detail"),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "guide_matching:accept": (
        "post",
        match_url("guide_matching:accept"),
        {**GUIDE_PAGE, "guide_a": 302},
        set(),
    ),
    "guide_matching:decline": (
        "post",
        match_url("guide_matching:decline"),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "guide_matching:plan_meeting": (
        "post",
        match_url("guide_matching:plan_meeting"),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "guide_matching:log_meeting": (
        "post",
        match_url("guide_matching:log_meeting"),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "guide_matching:meeting_status": (
        "post",
        match_url("guide_matching:meeting_status", lambda w: [w["meeting"].pk]),
        {**GUIDE_PAGE, "guide_a": 302},
        set(),
    ),
    "guide_matching:end": (
        "post",
        match_url("guide_matching:end"),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "guide_matching:feedback": (
        "post",
        match_url("guide_matching:feedback", lambda w: ["fit_check"]),
        {**GUIDE_PAGE, "guide_a": 302},
        set(),
    ),
    # Public pages
    "volunteers:apply": ("get", lambda r, w: reverse("volunteers:apply"), PUBLIC, set()),
    "volunteers:apply_thanks": (
        "get",
        lambda r, w: reverse("volunteers:apply_thanks"),
        PUBLIC,
        set(),
    ),
    "matching:request_support": (
        "get",
        lambda r, w: reverse("matching:request_support"),
        PUBLIC,
        set(),
    ),
    "matching:request_thanks": (
        "get",
        lambda r, w: reverse("matching:request_thanks"),
        PUBLIC,
        set(),
    ),
    "matching:confirm": (
        "get",
        token_url("matching:confirm", "matching.confirm", "request_a", "request_b"),
        {role: 302 for role in ROLES},
        set(),
    ),
    "matching:status": (
        "get",
        token_url("matching:status", "matching.status", "request_a", "request_b"),
        ANYONE_WITH_LINK,
        LINK_HOLDERS,
    ),
    "matching:feedback_fit_check": (
        "get",
        token_url(
            "matching:feedback_fit_check", "matching.feedback.fit_check", "request_a", "request_b"
        ),
        {**ANYONE_WITH_LINK, "participant_b": 404},  # B has no match
        set(),
    ),
    "matching:feedback_exit": (
        "get",
        token_url("matching:feedback_exit", "matching.feedback.exit", "request_a", "request_b"),
        {**ANYONE_WITH_LINK, "participant_b": 404},
        set(),
    ),
    "courses:catalogue": ("get", lambda r, w: reverse("courses:catalogue"), PUBLIC, set()),
    "courses:detail": (
        "get",
        lambda r, w: reverse("courses:detail", args=[w["cohort_a"].pk]),
        PUBLIC,
        set(),
    ),
    "courses:signup_sent": (
        "get",
        lambda r, w: reverse("courses:signup_sent", args=[w["cohort_a"].pk]),
        PUBLIC,
        set(),
    ),
    "courses:calendar": (
        "get",
        lambda r, w: reverse("courses:calendar", args=[w["cohort_a"].pk]),
        PUBLIC,
        set(),
    ),
    "courses:confirm": (
        "get",  # already enrolled: straight on to the enrollment's own page
        token_url("courses:confirm", "course-confirm", "enrollment_a", "enrollment_b"),
        {role: 302 for role in ROLES},
        set(),
    ),
    "courses:manage": (
        "get",
        token_url("courses:manage", "course-enrollment", "enrollment_a", "enrollment_b"),
        ANYONE_WITH_LINK,
        LINK_HOLDERS,
    ),
    "courses:my_cohort": (
        "get",
        lambda r, w: reverse("courses:my_cohort", args=[w["cohort_a"].pk]),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "courses:attendance": (
        "get",
        lambda r, w: reverse("courses:attendance", args=[w["cohort_a"].pk, w["session_a"].pk]),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "courses:mark": (
        "post",
        lambda r, w: reverse(
            "courses:mark", args=[w["cohort_a"].pk, w["session_a"].pk, w["enrollment_a"].pk]
        ),
        {**GUIDE_PAGE, "guide_a": 302},  # no answer given: back to the sheet
        A_ONLY,
    ),
    "activities:calendar": ("get", lambda r, w: reverse("activities:calendar"), PUBLIC, set()),
    "activities:detail": (
        "get",
        lambda r, w: reverse("activities:detail", args=[w["activity_a"].pk]),
        PUBLIC,
        set(),
    ),
    "activities:ics": (
        "get",
        lambda r, w: reverse("activities:ics", args=[w["activity_a"].pk]),
        PUBLIC,
        set(),
    ),
    "activities:coming": (
        "get",
        lambda r, w: reverse("activities:coming", args=[w["occurrence_a"].pk]),
        PUBLIC,
        set(),
    ),
    "activities:coming_sent": (
        "get",
        lambda r, w: reverse("activities:coming_sent", args=[w["occurrence_a"].pk]),
        PUBLIC,
        set(),
    ),
    "activities:confirm": (
        "get",
        lambda r, w: reverse(
            "activities:confirm",
            args=[
                links.make_token(
                    pk=token_owner(r, w, "rsvp_a", "rsvp_b").pk, purpose="activities.confirm"
                )
            ],
        ),
        ANYONE_WITH_LINK,
        LINK_HOLDERS,
    ),
    "activities:follow": ("get", lambda r, w: reverse("activities:follow"), PUBLIC, set()),
    "activities:follow_sent": (
        "get",
        lambda r, w: reverse("activities:follow_sent"),
        PUBLIC,
        set(),
    ),
    "activities:follow_confirm": (
        "get",
        lambda r, w: reverse(
            "activities:follow_confirm",
            args=[
                links.make_token(
                    pk=token_owner(r, w, "follow_a", "follow_b").pk, purpose="activities.follow"
                )
            ],
        ),
        ANYONE_WITH_LINK,
        LINK_HOLDERS,
    ),
    "activities:follows": (
        "get",
        lambda r, w: reverse(
            "activities:follows",
            args=[
                links.make_token(
                    pk=token_owner(r, w, "participant_a", "participant_b").pk,
                    purpose="activities.follows",
                )
            ],
        ),
        ANYONE_WITH_LINK,
        LINK_HOLDERS,
    ),
    "activities:mine": ("get", lambda r, w: reverse("activities:mine"), OWN_DASHBOARD, set()),
    "activities:edit": (
        "get",
        lambda r, w: reverse("activities:edit", args=[w["activity_a"].pk]),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "activities:propose": (
        "get",
        lambda r, w: reverse("activities:propose"),
        OWN_DASHBOARD,
        set(),
    ),
    "activities:host_occurrence": (
        "get",
        lambda r, w: reverse("activities:host_occurrence", args=[w["occurrence_a"].pk]),
        {**GUIDE_PAGE, "guide_a": 200},
        A_ONLY,
    ),
    "notifications:unsubscribe": (
        "get",
        lambda r, w: reverse(
            "notifications:unsubscribe",
            args=[
                __import__("notifications.services", fromlist=["x"]).make_unsubscribe_token(
                    recipient=SECRET_EMAIL if r != "participant_b" else "bentley@example.test",
                    category="reminder",
                )
            ],
        ),
        ANYONE_WITH_LINK,
        LINK_HOLDERS,
    ),
    # A short link from a text is a redirect to the page it stands for (covered there); one
    # that was never made (or has expired) is the same 404 page for everyone.
    "short_link": (
        "get",
        lambda r, w: reverse("short_link", args=["nosuchcode"]),
        {role: 404 for role in ROLES},
        set(),
    ),
    "participants:who5": (
        "get",
        lambda r, w: reverse(
            "participants:who5",
            args=[
                links.make_token(
                    pk=token_owner(r, w, "measurement_a", "measurement_b").pk,
                    purpose="who5",
                )
            ],
        ),
        ANYONE_WITH_LINK,
        set(),
    ),
    # Offered only after a low answer; A's questionnaire is not answered, so nobody gets through.
    "participants:who5_contact": (
        "post",
        lambda r, w: reverse(
            "participants:who5_contact",
            args=[
                links.make_token(
                    pk=token_owner(r, w, "measurement_a", "measurement_b").pk,
                    purpose="who5",
                )
            ],
        ),
        {role: 404 for role in ROLES},
        set(),
    ),
}


# The participant's own data (signed self-service link): A's link shows A's data; the other
# participant's link shows only their own.
def _privacy_url(name, *tail):
    def build(role, w):
        request = w["request_b"] if role == "participant_b" else w["request_a"]
        token = links.make_token(pk=request.participant.pk, purpose="privacy")
        return reverse(name, args=[token, *tail])

    return build


TABLE["privacy:my_data"] = ("get", _privacy_url("privacy:my_data"), ANYONE_WITH_LINK, LINK_HOLDERS)
TABLE["privacy:my_data_json"] = (
    "get",
    _privacy_url("privacy:my_data_json"),
    ANYONE_WITH_LINK,
    LINK_HOLDERS,
)
TABLE["privacy:withdraw"] = (
    "post",
    _privacy_url("privacy:withdraw"),
    {role: 302 for role in ROLES},
    set(),
)
TABLE["privacy:erase"] = ("get", _privacy_url("privacy:erase"), ANYONE_WITH_LINK, set())

# The second login step: for logged-in users only. Staff in these tests are already verified, so
# the pages send them on; guides are never required to, but may set it up.
GUIDES = ("guide_a", "guide_b", "facilitator_other")
TABLE["twofactor_verify"] = (
    "get",
    lambda r, w: reverse("twofactor_verify"),
    {role: 302 for role in ROLES},
    set(),
)
TABLE["twofactor_enrol"] = (
    "get",
    lambda r, w: reverse("twofactor_enrol"),
    {**{role: 302 for role in ROLES}, **{g: 200 for g in GUIDES}},
    set(),
)
TABLE["twofactor_backup_codes"] = (
    "get",
    lambda r, w: reverse("twofactor_backup_codes"),
    {
        **{role: 302 for role in ROLES},
        "coordinator_1": 200,
        "coordinator_2": 200,
        "superuser": 200,
    },
    set(),
)

# Coordinator-only pages outside the model admin (reports).
STAFF_PAGE = {
    "anonymous": LOGIN,
    "participant_b": LOGIN,
    "guide_a": LOGIN,
    "guide_b": LOGIN,
    "facilitator_other": LOGIN,
    "coordinator_1": 200,
    "coordinator_2": 200,
    "superuser": 200,
}
for name, args in [
    ("reports:overview", []),
    ("reports:funder", []),
    ("reports:area", ["support"]),
]:
    TABLE[name] = ("get", lambda r, w, n=name, a=args: reverse(n, args=a), STAFF_PAGE, set())
# The pseudonymised evaluation export needs its own permission, which coordinators lack.
TABLE["reports:evaluation"] = (
    "get",
    lambda r, w: reverse("reports:evaluation"),
    {**STAFF_PAGE, "coordinator_1": 403, "coordinator_2": 403},
    set(),
)

# The codebook describes the export's columns and holds nothing about anyone: every report reader.
TABLE["reports:evaluation_codebook"] = (
    "get",
    lambda r, w: reverse("reports:evaluation_codebook"),
    STAFF_PAGE,
    set(),
)


# The participant's own plan (issue 19): no role here holds participant A's plan session, so
# every page of it sends them to the sign-in page; a sign-in link and a share link open for
# whoever holds them (the other participant holds their own).
def _sign_in_url(role, w):
    from plans.services import make_sign_in_token

    owner = w["request_b"].participant if role == "participant_b" else w["participant_a"]
    return reverse("plans:sign_in", args=[make_sign_in_token(owner)])


def _shared_url(role, w):
    from plans.models import Plan
    from plans.services import create_share_link

    owner = w["request_b"].participant if role == "participant_b" else w["participant_a"]
    plan, _ = Plan.objects.get_or_create(participant=owner, organisation=owner.organisation)
    new = create_share_link(plan=plan, section_keys=["crisis"])
    return reverse("plans:shared", args=[new.link.token])


TO_SIGN_IN = {role: 302 for role in ROLES}
TABLE.update(
    {
        "plans:start": ("get", lambda r, w: reverse("plans:start"), PUBLIC, set()),
        "plans:sign_in": ("get", _sign_in_url, ANYONE_WITH_LINK, LINK_HOLDERS),
        "plans:shared": ("get", _shared_url, ANYONE_WITH_LINK, LINK_HOLDERS),
        "plans:home": ("get", lambda r, w: reverse("plans:home"), TO_SIGN_IN, set()),
        "plans:section": (
            "get",
            lambda r, w: reverse("plans:section", args=["crisis"]),
            TO_SIGN_IN,
            set(),
        ),
        "plans:print": ("get", lambda r, w: reverse("plans:print"), TO_SIGN_IN, set()),
        "plans:print_crisis": (
            "get",
            lambda r, w: reverse("plans:print_crisis"),
            TO_SIGN_IN,
            set(),
        ),
        "plans:share": ("get", lambda r, w: reverse("plans:share"), TO_SIGN_IN, set()),
        "plans:revoke": ("post", lambda r, w: reverse("plans:revoke", args=[1]), TO_SIGN_IN, set()),
        "plans:sign_out": ("post", lambda r, w: reverse("plans:sign_out"), TO_SIGN_IN, set()),
        "guide_matching:goals": (
            "post",
            match_url("guide_matching:goals"),
            {**GUIDE_PAGE, "guide_a": 200},  # no goal written: the page again, with the error
            A_ONLY,
        ),
        "courses:invite_to_plan": (
            "post",
            lambda r, w: reverse("courses:invite_to_plan", args=[w["cohort_a"].pk]),
            {**GUIDE_PAGE, "guide_a": 302},
            set(),
        ),
    }
)

EXEMPT = {"?"}  # the media-files route only exists with DEBUG on


def all_url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # covered model by model below
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or "?"
                yield f"{namespace}:{name}" if namespace else name

    return set(walk(get_resolver().url_patterns))


def test_every_url_has_a_row():
    missing = all_url_names() - set(TABLE) - EXEMPT
    assert missing == set(), f"add these URLs to the access matrix: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_access(world, name):
    method, build, expected, may_see = TABLE[name]
    for role in ROLES:
        cache.clear()  # rate limits
        client = client_for(role, world)
        url = build(role, world)
        url_kwargs = resolve(url.split("?")[0]).kwargs
        response = getattr(client, method)(url)
        assert response.status_code == expected.get(role, 200), (
            f"{name} as {role}: {response.status_code}"
        )
        signed_in = role not in ("anonymous", "participant_b")
        if response.status_code == 200 and (signed_in or "token" in url_kwargs):
            # Personal data never stays in a browser's or a proxy's cache.
            assert "no-store" in response.get("Cache-Control", ""), f"{name} as {role}: cached"
        if role not in may_see and response.status_code == 200:
            body = response.content.decode(errors="replace")
            assert SECRET_NAME not in body, f"{name} leaks participant A to {role}"
            assert SECRET_EMAIL not in body, f"{name} leaks participant A to {role}"


# --- The admin: every model with organisation data, list and change page --------------------


def _admin_object(model, world):
    """An object of `model` that belongs to organisation 1 (guide A's side)."""

    candidates = {
        "core.organisation": world["org1"],
        "core.membership": world["coordinator_1"].memberships.first(),
        "core.user": world["guide_a"].user,
        "volunteers.peerguide": world["guide_a"],
        "participants.participant": world["participant_a"],
        "matching.supportrequest": world["request_a"],
        "matching.match": world["match"],
        "matching.meeting": world["meeting"],
        "courses.cohort": world["cohort_a"],
        "courses.enrollment": world["enrollment_a"],
        "activities.activity": world["activity_a"],
        "activities.occurrence": world["occurrence_a"],
        "activities.rsvp": world["rsvp_a"],
        "participants.wellbeingmeasurement": world["measurement_a"],
    }
    label = model._meta.label_lower
    if label in candidates:
        return candidates[label]
    return (
        model._default_manager.filter(
            **{model.organisation_path + "__in": [world["org1"].pk]}
        ).first()
        if model.organisation_path != "pk"
        else world["org1"]
    )


SCOPED_ADMIN_MODELS = sorted(
    (m._meta.label_lower for m in admin.site._registry if is_scoped_model(m)),
)


@pytest.mark.parametrize("label", SCOPED_ADMIN_MODELS)
def test_admin_pages_are_scoped(world, label):
    from django.apps import apps

    model = apps.get_model(label)
    opts = model._meta
    obj = _admin_object(model, world)
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    for role in ROLES:
        client = client_for(role, world)
        response = client.get(changelist)
        if role in ("anonymous", "participant_b", "guide_a", "guide_b", "facilitator_other"):
            assert response.status_code == 302, (label, role)  # to the admin login
            continue
        assert response.status_code in (200, 403), (label, role, response.status_code)
        if response.status_code == 200 and role == "coordinator_2":
            body = response.content.decode()
            assert SECRET_NAME not in body, (label, role)
            assert SECRET_EMAIL not in body, (label, role)
        if obj is None:
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = client.get(change)
        if role == "coordinator_2":
            # another organisation's object: "does not exist" (redirect) or no permission
            assert response.status_code in (302, 403), (label, role, response.status_code)
        elif role in ("coordinator_1", "superuser"):
            assert response.status_code in (200, 403), (label, role, response.status_code)
            if role == "superuser":
                assert response.status_code == 200, (label, role)

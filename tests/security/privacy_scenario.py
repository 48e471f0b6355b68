"""A participant who has been through everything: a request with free text and health data, a
declined proposal with a reason, an accepted match with a logged meeting (note and place), a
course with attendance, a WHO-5 answer, an opt-out, messages in the outbox, audit-trail and
admin-history entries. Every identifying string is unique, so a database dump can be searched."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from courses.models import Enrollment
from matching import services
from matching.models import SupportRequest
from notifications.models import Notification
from tests.factories import (
    PeerGuideFactory,
    make_cohort,
    onboarded,
    who5_measurement,
)
from tests.form_data import support_request_data

FIRST = "Zyxwarbelina"
LAST = "Quorvanstedt"
EMAIL = "zyx.quorvanstedt@example.test"
PHONE = "+4587654321"  # stored as typed in E.164 (core.fields.PhoneField)
HELP = "blåbærpandekager i regnvejr"
NOTE = "Pjuskebasse-hunden var med"
PLACE = "Snirkelvænget 17"
DECLINE = "Kender hende fra Trampolinklubben"
SECRETS = [FIRST, LAST, EMAIL, PHONE, "+4587654321", "87 65 43 21", HELP, NOTE, PLACE, DECLINE]


@dataclass
class Story:
    request: SupportRequest
    match: object
    enrollment: Enrollment
    status_url: str

    @property
    def participant(self):
        return self.request.participant


def _link(notification) -> str:
    return re.search(r"https?://[^/]+(/\S+)", notification.body_text).group(1)


def build(client, organisation, coordinator) -> Story:
    cache.clear()
    response = client.post(
        reverse("matching:request_support"),
        support_request_data(
            organisation,
            first_name=FIRST,
            last_name=LAST,
            phone=PHONE,
            email=EMAIL,
            birth_year=1977,
            help_wanted=f"Jeg vil gerne tale om {HELP}.",
            consent_evaluation="on",
        ),
    )
    assert response.status_code == 302, response.content[:500]
    request = SupportRequest.objects.get(participant__email=EMAIL)
    status_url = client.get(_link(Notification.objects.get(kind="matching.request_confirm"))).url
    client.post(status_url, {"action": "stop_reminders"})
    participant = request.participant

    first_guide = onboarded(PeerGuideFactory(organisation=organisation))
    declined = services.propose_match(request=request, guide=first_guide, actor=coordinator)
    services.decline_match(match=declined, guide=first_guide, reason=DECLINE)
    request.refresh_from_db()
    guide = onboarded(PeerGuideFactory(organisation=organisation))
    match = services.propose_match(request=request, guide=guide, actor=coordinator)
    services.accept_match(match=match, guide=guide)
    services.log_meeting(
        match=match,
        guide=guide,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        duration_minutes=60,
        mode="walk",
        themes=["everyday"],
        note=NOTE,
    )
    services.plan_meeting(
        match=match,
        guide=guide,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        mode="in_person",
        place=PLACE,
    )

    # Session 1 was a week ago (attendance is marked once a session has begun).
    cohort = make_cohort(
        organisation,
        status="running",
        first_date=timezone.localdate() - datetime.timedelta(days=7),
    )
    enrollment = Enrollment.objects.create(
        cohort=cohort,
        participant=participant,
        status="enrolled",
        confirmed_at=timezone.now(),
        enrolled_at=timezone.now(),
    )
    course_services.record_attendance(
        session=cohort.sessions.order_by("starts_at").first(),
        enrollment=enrollment,
        status="present",
        actor=coordinator,
    )
    who5_measurement(participant, source="match", source_id=match.pk, raw_score=17)

    # The coordinator edited the participant in the admin (Django's own history).
    AdminLogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(participant),
        object_id=str(participant.pk),
        object_repr=str(participant),
        action_flag=CHANGE,
        change_message="[]",
    )
    participant.last_name = LAST  # an audited save
    participant.save()
    match.refresh_from_db()
    return Story(request=request, match=match, enrollment=enrollment, status_url=status_url)


# --- everything else a person leaves behind (the pg_dump and export tests) ----------------------

OLD_EMAIL = EMAIL  # the address they signed up with, changed on the status page
NEW_EMAIL = "nyadresse.vrimpelstok@example.test"
NEW_PHONE = "+45 23 45 67 89"
CONTACT_NOTE = "spoerg efter Grummelbaek"
STATUS_NOTE = "Holder pause til Klumpedag"
OVERRIDE = "Fik ondt i Tudselinjen"
DUP_EMAIL = "dublet.snorkelhat@example.test"  # a second sign-up, later merged into the first
GOAL = "Gå til Pindsvinemarkedet hver lørdag"  # a goal on the match, in their own words
PLAN_LINE = "Te med honning og Tudemarie-musik"  # a line in their own plan (encrypted)
# Their names, their current address and the free texts they or a coordinator wrote: an export
# holds each of them (the old address only as a keyed hash), an erasure leaves none of them.
WORDS = [FIRST, LAST, NEW_EMAIL, HELP, NOTE, PLACE, DECLINE, CONTACT_NOTE, STATUS_NOTE, OVERRIDE]
EVERYTHING = SECRETS + [
    DUP_EMAIL,
    GOAL,
    PLAN_LINE,
    NEW_EMAIL,
    NEW_PHONE,
    "+4523456789",
    "23 45 67 89",
    CONTACT_NOTE,
    STATUS_NOTE,
    OVERRIDE,
]


@dataclass
class FullStory(Story):
    session_reminder: Notification
    who5_invitation: Notification
    session_change: Notification
    contact_wish: Notification
    duplicate_confirmation: Notification


def build_everything(client, organisation, coordinator) -> FullStory:
    """`build`, then: a course session reminder and a WHO-5 invitation to the first address, a
    change of e-mail and phone on the status page, a session change notice to the new address,
    a low WHO-5 whose "contact me" alerts the coordinator (with the first name), a goal on the
    match and a line in their own plan, an RSVP to an activity, a paused match with a note, a
    feedback answer, a result overridden with a reason, a contact note, a look at their own data
    page; and a second course sign-up with another address, which made a second record that a
    coordinator merged into the first (its confirmation e-mail stays in the outbox, the address
    only in the kept record's history as a keyed hash)."""
    from activities import services as activity_services
    from core.models import Interest
    from courses import jobs as course_jobs
    from matching.goals import set_goals
    from matching.models import Feedback
    from participants import jobs as who5_jobs
    from participants.merging import merge_participants
    from participants.services import ParticipantDetails, ask_to_be_contacted
    from plans import services as plan_services
    from plans.models import Plan
    from tests.activities.util import make_activity

    story = build(client, organisation, coordinator)
    participant = story.participant
    cohort = story.enrollment.cohort
    now = timezone.now()

    upcoming = cohort.sessions.filter(starts_at__gt=now).order_by("starts_at").first()
    course_jobs.send_session_reminders(now=upcoming.starts_at - datetime.timedelta(hours=12))
    session_reminder = Notification.objects.get(
        kind="courses.session_reminder_participant", recipient=OLD_EMAIL
    )
    who5_measurement(
        participant, source="cohort", source_id=cohort.pk, due_at=now - datetime.timedelta(hours=1)
    )
    who5_jobs.send_who5_invitations(now=now)
    who5_invitation = Notification.objects.get(
        kind="participants.who5_invitation", recipient=OLD_EMAIL
    )

    response = client.post(
        story.status_url, {"action": "contact", "email": NEW_EMAIL, "phone": NEW_PHONE}
    )
    assert response.status_code == 302, response.content[:500]
    participant.refresh_from_db()
    assert participant.email == NEW_EMAIL

    course_services.move_session(
        session=upcoming, starts_at=upcoming.starts_at + datetime.timedelta(hours=2)
    )
    session_change = Notification.objects.get(kind="courses.session_changed", recipient=NEW_EMAIL)

    low = who5_measurement(
        participant, source="match", source_id=story.match.pk, timepoint="end", raw_score=3
    )
    assert ask_to_be_contacted(measurement=low)
    contact_wish = Notification.objects.get(kind="participants.contact_wish")

    set_goals(match=story.match, texts=[GOAL])
    plan, _created = Plan.objects.get_or_create(
        participant=participant, organisation=participant.organisation
    )
    plan_services.save_section(plan=plan, key="toolbox", data={"tools": [PLAN_LINE]})
    # They said they would come to a walk (an RSVP, confirmed by the link in a message).
    occurrence = make_activity(organisation).occurrences.first()
    rsvp = activity_services.say_coming(
        occurrence=occurrence,
        details=ParticipantDetails(organisation=organisation, first_name=FIRST, email=NEW_EMAIL),
    )
    activity_services.confirm_rsvp(rsvp=rsvp)
    assert rsvp.participant_id == participant.pk
    # They follow walks where they live, and were told of a new one (a follow and its news).
    interest = Interest.objects.filter(is_active=True).order_by("pk").first()
    follow = activity_services.follow_interest(
        interest=interest,
        municipality=occurrence.activity.municipality,
        details=ParticipantDetails(organisation=None, first_name=FIRST, email=NEW_EMAIL),
    )
    activity_services.confirm_follow(follow=follow)
    assert follow.participant_id == participant.pk
    walk = make_activity(organisation, title="Ny gåtur", publish=False)
    walk.interests.set([interest])
    activity_services.publish_activity(activity=walk, actor=None)
    services.pause_match(match=story.match, actor=coordinator, note=STATUS_NOTE)
    Feedback.objects.create(
        match=story.match, kind="fit_check", respondent="participant", answer="yes"
    )
    Enrollment.objects.filter(pk=story.enrollment.pk).update(result_override_reason=OVERRIDE)
    type(participant).objects.filter(pk=participant.pk).update(contact_note=CONTACT_NOTE)
    participant.refresh_from_db()
    story.match.refresh_from_db()
    cache.clear()  # the sign-up form's rate limit
    other_cohort = make_cohort(organisation, title="Hold til dubletten")
    response = client.post(
        other_cohort.get_absolute_url(),
        {"first_name": FIRST, "last_name": LAST, "email": DUP_EMAIL, "consent": "on"},
    )
    assert response.status_code == 302, response.content[:500]
    duplicate = type(participant).objects.get(email=DUP_EMAIL)
    duplicate_confirmation = Notification.objects.get(recipient=DUP_EMAIL)
    merge_participants(survivor=participant, duplicate=duplicate, actor=coordinator)
    assert participant.merge_records.count() == 1

    # They looked at their own data (an access event).
    token = client.get(story.status_url).context["privacy_token"]
    assert client.get(reverse("privacy:my_data", args=[token])).status_code == 200
    return FullStory(
        request=story.request,
        match=story.match,
        enrollment=story.enrollment,
        status_url=story.status_url,
        session_reminder=session_reminder,
        who5_invitation=who5_invitation,
        session_change=session_change,
        contact_wish=contact_wish,
        duplicate_confirmation=duplicate_confirmation,
    )

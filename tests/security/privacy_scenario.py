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

from core.models import ExperienceArea, Interest, Municipality
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
        {
            "organisation": organisation.pk,
            "first_name": FIRST,
            "last_name": LAST,
            "phone": PHONE,
            "email": EMAIL,
            "birth_year": 1977,
            "municipality": Municipality.objects.get(name="Odense").pk,
            "experience_areas": [ExperienceArea.objects.get(slug="angst").pk],
            "interests": [Interest.objects.get(slug="gature").pk],
            "availability": ["1-evening"],
            "meets_in_person": "on",
            "gender_wish": "",
            "guide_language": "da",
            "help_wanted": f"Jeg vil gerne tale om {HELP}.",
            "consent_support": "on",
            "consent_health": "on",
            "consent_evaluation": "on",
        },
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

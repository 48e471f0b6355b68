"""Demo data for the coordinator's overview and the hand-over (run by seed_demo after the other
demos): Henrik, a guide of the Odense organisation who paused and has not come back on the date
he gave, still holds a running match, an unanswered proposal and a cohort starting in nine days
that has too few participants and too few qualified facilitators. His pause went through the
service, so the coordinators' hand-over e-mail is in the outbox. Together with the other demos,
every line of the overview has something to show. Idempotent: Henrik's login marks it as done.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.models import ExperienceArea, Municipality
from courses import services as course_services
from courses.models import Programme
from demo.builders.common import give_consents, onboard
from demo.builders.core import demo_user
from matching.models import Match, MatchStatusChange, Meeting, SupportRequest
from participants.models import Consent, Participant
from volunteers import services as guide_services
from volunteers.models import PeerGuide

EMAIL = "henrik@guide.test"


def _request(organisation, email, first_name, days_waiting):
    now = timezone.now()
    participant = Participant.objects.create(
        organisation=organisation,
        email=email,
        first_name=first_name,
        birth_year=1984,
        municipality=organisation.municipality,
        created_at=now - datetime.timedelta(days=days_waiting + 1),
    )
    give_consents(participant, [Consent.Purpose.SUPPORT, Consent.Purpose.HEALTH_DATA])
    confirmed = now - datetime.timedelta(days=days_waiting)
    request = SupportRequest.objects.create(
        organisation=organisation,
        participant=participant,
        status=SupportRequest.Status.MATCHED,
        availability=["2-evening"],
        submitted_at=confirmed,
        confirmed_at=confirmed,
        status_changed_at=confirmed,
    )
    request.experience_areas.set(ExperienceArea.objects.filter(slug="stress"))
    return request


def _match(request, guide, coordinator, *, status, proposed_days_ago):
    now = timezone.now()
    proposed_at = now - datetime.timedelta(days=proposed_days_ago)
    running = status == Match.Status.ACTIVE
    match = Match.objects.create(
        organisation=request.organisation,
        request=request,
        guide=guide,
        status=status,
        reasons=["begge har erfaring med stress"],
        proposed_at=proposed_at,
        proposed_by=coordinator,
        responded_at=proposed_at + datetime.timedelta(days=1) if running else None,
        started_at=proposed_at + datetime.timedelta(days=6) if running else None,
        status_changed_at=proposed_at,
    )
    MatchStatusChange.objects.create(
        match=match, from_status="", to_status=Match.Status.PROPOSED, at=proposed_at
    )
    if running:
        MatchStatusChange.objects.create(
            match=match,
            from_status=Match.Status.PROPOSED,
            to_status=Match.Status.ACTIVE,
            at=match.started_at,
            actor=guide.user,
        )
        for week in range(4):
            Meeting.objects.create(
                match=match,
                status=Meeting.Status.HELD,
                starts_at=match.started_at + datetime.timedelta(days=7 * week),
                duration_minutes=60,
                mode=Meeting.Mode.WALK,
                themes=["everyday"],
            )
    return match


def seed(*, context, password, out) -> dict:
    odense = context["organisations"][0]
    coordinator = context["coordinators"][0]
    guides = context["guides"]
    if PeerGuide.objects.filter(user__email=EMAIL).exists():
        return {}
    today = timezone.localdate()
    now = timezone.now()
    user = demo_user(EMAIL, "Henrik", "Bak", None)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    henrik = PeerGuide.objects.create(
        user=user,
        organisation=odense,
        status=PeerGuide.Status.ACTIVE,
        status_changed_at=now - datetime.timedelta(days=200),
        municipality=Municipality.objects.get(name="Middelfart"),
        birth_year=1974,
        gender="male",
        languages=["da"],
        capacity=3,
        availability=["2-evening"],
        presentation="Hej, jeg hedder Henrik. Jeg ved, hvordan stress kan fylde alt.",
        created_at=now - datetime.timedelta(days=300),
    )
    henrik.experience_areas.set(ExperienceArea.objects.filter(slug="stress"))
    onboard(
        henrik,
        done_on=today - datetime.timedelta(days=260),
        trained_on=today - datetime.timedelta(days=220),
    )
    _match(
        _request(odense, "mia@deltager.test", "Mia", 90),
        henrik,
        coordinator,
        status=Match.Status.ACTIVE,
        proposed_days_ago=80,
    )
    _match(
        _request(odense, "nanna@deltager.test", "Nanna", 8),
        henrik,
        coordinator,
        status=Match.Status.PROPOSED,
        proposed_days_ago=6,
    )
    first = today + datetime.timedelta(days=9)
    course_services.create_cohort(
        programme=Programme.objects.get(name="WRAP"),
        organisation=odense,
        title="WRAP i Middelfart – vinter",
        first_date=first,
        weekday=first.weekday(),
        start_time=datetime.time(10, 0),
        facilitators=[henrik, guides["yasmin@guide.test"]],
        capacity=10,
        venue="Middelfart Bibliotek",
        municipality=henrik.municipality,
    )
    # The cohort stays a draft: it cannot open without enough qualified facilitators.
    # Henrik paused three weeks ago "for two weeks" and has not come back: the pause goes through
    # the service (which e-mails the hand-over list), then the dates are moved into the past.
    guide_services.pause_guide(
        guide=henrik,
        actor=coordinator,
        until=today + datetime.timedelta(days=1),
        note="Har brug for en pause.",
    )
    PeerGuide.objects.filter(pk=henrik.pk).update(
        paused_until=today - datetime.timedelta(days=5),
        status_changed_at=now - datetime.timedelta(days=21),
    )
    henrik.history.filter(to_status=PeerGuide.Status.PAUSED).update(
        at=now - datetime.timedelta(days=21)
    )
    return {}

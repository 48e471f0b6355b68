"""Demo data for the reports: a year of history per organisation, so that every chart has
something to show (and no breakdown is all "<5").

Per organisation: 14 earlier participants whose matches started and ended over the last 12
months (all ended, so they take no capacity from today's guides), with held meetings and WHO-5
answers at start and end (with consent to evaluation); one finished WRAP cohort five months ago
with 8 participants, attendance and results, and their WHO-5 answers. For the evaluation
figures: a form of peer support on each organisation, a 3-month follow-up answer after the
matches that ended long enough ago, participants' exit survey answers and gender, and the
guides' own check-ins once a month. Idempotent: a participant's e-mail marks what already
exists.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.choices import Gender, PeerSupportForm
from core.models import Municipality, Organisation
from courses import services as course_services
from courses.models import Attendance, Cohort, Enrollment, Programme
from demo.builders.common import enroll, give_consents, who5_items
from matching.models import Feedback, Match, Meeting, SupportRequest
from participants.models import Consent, Participant, WellBeingMeasurement
from volunteers.models import PeerGuide, WellbeingCheckIn

HISTORY = 14
COHORT_SIZE = 8
REASONS = [
    Match.ClosureReason.GOALS_REACHED,
    Match.ClosureReason.GOALS_REACHED,
    Match.ClosureReason.PARTICIPANT_WITHDREW,
    Match.ClosureReason.REFERRED,
]
FIRST_NAMES = ["Karen", "Lars", "Mette", "Niels", "Pia", "Rasmus", "Signe", "Thomas"]
GENDERS = [Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.UNSPECIFIED, Gender.MALE]
EXIT_ANSWERS = [Feedback.Answer.YES] * 4 + [Feedback.Answer.NOT_SURE]
CHECKIN_ANSWERS = [4, 3, 5, 2, 4, 3, 1, 4]
CHECKIN_MARK = "Demo: månedens tjek-ind"


def _participant(organisation, email, first_name, municipality, purposes):
    participant, created = Participant.objects.get_or_create(
        email=email,
        defaults={
            "organisation": organisation,
            "first_name": first_name,
            "birth_year": 1955 + (len(email) * 7) % 50,
            "gender": GENDERS[len(email) % len(GENDERS)],
            "municipality": municipality,
        },
    )
    if created:
        give_consents(participant, purposes)
    return participant, created


def _who5(participant, organisation, source, source_id, timepoint, due_at, raw):
    WellBeingMeasurement.objects.get_or_create(
        participant=participant,
        source=source,
        source_id=source_id,
        timepoint=timepoint,
        defaults={
            "organisation": organisation,
            "due_at": due_at,
            "invited_at": due_at,
            "answered_at": due_at + datetime.timedelta(days=2),
            "status": WellBeingMeasurement.Status.ANSWERED,
            "raw_score": raw,
            **who5_items(raw),
        },
    )


def _places(organisation) -> list:
    home = organisation.municipality or Municipality.objects.order_by("pk").first()
    neighbours = list(
        Municipality.objects.filter(region=home.region).exclude(pk=home.pk).order_by("name")[:1]
    )
    return [home] * 3 + neighbours


def _history(organisation, guides, now) -> int:
    places = _places(organisation)
    made = 0
    for i in range(HISTORY):
        email = f"historik-{organisation.pk}-{i}@deltager.test"
        participant, created = _participant(
            organisation,
            email,
            FIRST_NAMES[i % len(FIRST_NAMES)],
            places[i % len(places)],
            [Consent.Purpose.SUPPORT, Consent.Purpose.EVALUATION],
        )
        if not created:
            continue
        made += 1
        confirmed = now - datetime.timedelta(days=355 - i * 20)
        proposed = confirmed + datetime.timedelta(days=4 + (i * 7) % 45)
        started = proposed + datetime.timedelta(days=6)
        # Every historical match has ended, so none takes a guide's capacity from the demo's
        # waiting requests.
        ended = min(
            started + datetime.timedelta(days=100 + (i * 13) % 60),
            now - datetime.timedelta(days=3 + i),
        )
        is_ended = True
        request = SupportRequest.objects.create(
            organisation=organisation,
            participant=participant,
            status=SupportRequest.Status.MATCHED if not is_ended else SupportRequest.Status.CLOSED,
            submitted_at=confirmed,
            confirmed_at=confirmed,
            status_changed_at=proposed,
        )
        guide = guides[i % len(guides)]
        match = Match.objects.create(
            organisation=organisation,
            request=request,
            guide=guide,
            status=Match.Status.ENDED if is_ended else Match.Status.ACTIVE,
            proposed_at=proposed,
            responded_at=proposed + datetime.timedelta(days=1),
            started_at=started,
            ended_at=ended if is_ended else None,
            closure_reason=REASONS[i % len(REASONS)] if is_ended else "",
            status_changed_at=ended if is_ended else started,
        )
        day = started
        while day < min(ended, now):
            Meeting.objects.create(
                match=match,
                status=Meeting.Status.HELD,
                starts_at=day,
                duration_minutes=60 + 30 * (i % 3),
                mode=Meeting.Mode.WALK if i % 2 else Meeting.Mode.IN_PERSON,
            )
            day += datetime.timedelta(days=14)
        before = 7 + (i * 5) % 9
        _who5(participant, organisation, "match", match.pk, "start", started, before)
        if is_ended:
            after = min(before + (i * 3) % 8 - 1, 25)
            _who5(participant, organisation, "match", match.pk, "end", ended, after)
            follow_up = ended + datetime.timedelta(days=91)
            if follow_up < now:
                later = min(after + (i * 5) % 7 - 2, 25)
                _who5(participant, organisation, "match", match.pk, "follow_up", follow_up, later)
            Feedback.objects.get_or_create(
                match=match,
                kind=Feedback.Kind.EXIT,
                respondent=Feedback.Respondent.PARTICIPANT,
                defaults={
                    "answer": EXIT_ANSWERS[i % len(EXIT_ANSWERS)],
                    "rating": 3 + i % 3 if i % 4 else None,
                    "answered_at": ended + datetime.timedelta(days=2),
                },
            )
    return made


def _form_of_peer_support(organisation) -> None:
    """A municipality or region offers peer support within its services; an association's is
    user-driven. Only set when the organisation has not said."""
    if organisation.peer_support_form:
        return
    established = organisation.kind in (Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION)
    organisation.peer_support_form = (
        PeerSupportForm.ESTABLISHED if established else PeerSupportForm.USER_DRIVEN
    )
    organisation.save(update_fields=["peer_support_form"])


def _checkins(guides, now) -> None:
    """Each guide's own check-in once a month over the last year (marked as demo)."""
    for g, guide in enumerate(guides):
        if WellbeingCheckIn.objects.filter(guide=guide, comment=CHECKIN_MARK).exists():
            continue
        WellbeingCheckIn.objects.bulk_create(
            WellbeingCheckIn(
                guide=guide,
                answer=CHECKIN_ANSWERS[(g + m) % len(CHECKIN_ANSWERS)],
                comment=CHECKIN_MARK,
                created_at=now - datetime.timedelta(days=10 + 30 * m + g),
            )
            for m in range(12)
        )


def _finished_cohort(organisation, guides, now) -> None:
    title = "WRAP – afsluttet hold (demo)"
    if Cohort.objects.filter(organisation=organisation, title=title).exists():
        return
    first = (now - datetime.timedelta(days=150)).date()
    cohort = course_services.create_cohort(
        programme=Programme.objects.get(name="WRAP"),
        organisation=organisation,
        title=title,
        first_date=first,
        weekday=first.weekday(),
        start_time=datetime.time(17, 0),
        facilitators=guides[:2],
        municipality=organisation.municipality,
        venue="Frivilligcentret",
    )
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED)
    sessions = list(cohort.sessions.filter(number__gte=1).order_by("number"))
    places = _places(organisation)
    for i in range(COHORT_SIZE):
        participant, _created = _participant(
            organisation,
            f"hold-{organisation.pk}-{i}@deltager.test",
            FIRST_NAMES[(i + 3) % len(FIRST_NAMES)],
            places[i % len(places)],
            [Consent.Purpose.COURSE, Consent.Purpose.EVALUATION],
        )
        attended = len(sessions) - (i % 4) * 2
        enrollment = enroll(
            cohort,
            participant,
            status=Enrollment.Status.COMPLETED
            if attended >= cohort.completion_min_sessions
            else Enrollment.Status.NOT_COMPLETED,
            at=now - datetime.timedelta(days=170),
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                enrollment=enrollment,
                status=Attendance.Status.PRESENT if n < attended else Attendance.Status.ABSENT,
                recorded_at=session.starts_at,
            )
            for n, session in enumerate(sessions)
        )
        before = 9 + (i * 3) % 8
        _who5(
            participant, organisation, "cohort", cohort.pk, "start", sessions[0].starts_at, before
        )
        _who5(
            participant,
            organisation,
            "cohort",
            cohort.pk,
            "end",
            sessions[-1].ends_at,
            min(before + 2 + i % 5, 25),
        )


def seed(*, context, password, out) -> dict:
    now = timezone.now()
    for organisation in context["organisations"]:
        guides = list(
            PeerGuide.objects.filter(
                organisation=organisation, status=PeerGuide.Status.ACTIVE
            ).order_by("pk")
        )
        if not guides:
            continue
        _form_of_peer_support(organisation)
        _history(organisation, guides, now)
        _finished_cohort(organisation, guides, now)
        _checkins(guides, now)
    return {}

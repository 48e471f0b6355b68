"""A larger data set on top of the demo, for query-count tests (issue 15, point 4).

`grow(organisation, times=...)` multiplies the rows a coordinator's, a guide's and the public pages
show, and the rows behind their annotations: more guides, participants, requests and matches, many
more meetings on every existing match (the ones whose change pages a test has already opened),
more sessions and enrollments on every existing cohort, status history, onboarding records,
consents, access events, supervision sessions, check-ins, crisis contacts, coordinators and session
changes. Everything is written with bulk inserts, straight into valid states (no service runs, no
message is queued), so that a test can measure the same page before and after.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

_serial = itertools.count(1)


def grow(organisation, *, times: int = 4, meetings_per_match: int = 12) -> None:
    from core.models import CrisisContact, ExperienceArea, Interest, Membership, User
    from courses.models import (
        Attendance,
        Cohort,
        CohortSession,
        CohortStatusChange,
        Enrollment,
        SessionChange,
    )
    from matching.models import Match, MatchStatusChange, Meeting, SupportRequest
    from participants.models import Consent, Participant, WellBeingMeasurement
    from privacy.models import AccessEvent
    from volunteers.models import (
        GuideStatusChange,
        OnboardingCheck,
        PeerGuide,
        Qualification,
        SupervisionSession,
        TrainingRecord,
        WellbeingCheckIn,
    )

    now = timezone.now()
    today = timezone.localdate()
    run = next(_serial)
    areas = list(ExperienceArea.objects.all()[:3])
    interests = list(Interest.objects.all()[:3])
    old_guides = list(PeerGuide.objects.filter(organisation=organisation))
    old_matches = list(Match.objects.filter(organisation=organisation))
    old_participants = list(Participant.objects.filter(organisation=organisation))
    old_cohorts = list(Cohort.objects.filter(organisation=organisation))
    n_new = max(len(old_guides), 5) * (times - 1)

    # Coordinators (users and memberships).
    staff = User.objects.bulk_create(
        User(email=f"staff{run}-{i}@scaled.test", first_name="Staff", is_staff=True)
        for i in range(times * 2)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisation, role=Membership.Role.COORDINATOR)
        for u in staff
    )
    CrisisContact.objects.bulk_create(
        CrisisContact(organisation=organisation, name=f"Linje {run}-{i}", phone="70 20 12 01")
        for i in range(times * 2)
    )

    # Guides, with onboarding, training, qualifications, history, check-ins, taxonomy.
    users = User.objects.bulk_create(
        User(email=f"guide{run}-{i}@scaled.test", first_name=f"Guide{i}", last_name="Skala")
        for i in range(n_new)
    )
    guides = PeerGuide.objects.bulk_create(
        PeerGuide(
            user=u,
            organisation=organisation,
            status=PeerGuide.Status.ACTIVE,
            municipality=organisation.municipality,
            birth_year=1980,
            languages=["da"],
            availability=["1-evening"],
            capacity=3,
        )
        for u in users
    )
    all_guides = old_guides + guides
    PeerGuide.experience_areas.through.objects.bulk_create(
        PeerGuide.experience_areas.through(peerguide_id=g.pk, experiencearea_id=a.pk)
        for g in guides
        for a in areas
    )
    PeerGuide.interests.through.objects.bulk_create(
        PeerGuide.interests.through(peerguide_id=g.pk, interest_id=i.pk)
        for g in guides
        for i in interests
    )
    OnboardingCheck.objects.bulk_create(
        OnboardingCheck(guide=g, kind=kind, done_on=today)
        for g in guides
        for kind in OnboardingCheck.Kind.values
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(guide=g, course_name=f"Kursus {k}", completed_on=today)
        for g in all_guides
        for k in range(times)
    )
    Qualification.objects.bulk_create(
        Qualification(
            guide=g,
            kind=Qualification.Kind.WRAP_FACILITATOR,
            issued_on=today - datetime.timedelta(days=k + 1),
            expires_on=today + datetime.timedelta(days=365),
        )
        for g in all_guides
        for k in range(times)
    )
    GuideStatusChange.objects.bulk_create(
        GuideStatusChange(guide=g, from_status="in_training", to_status="active", at=now)
        for g in all_guides
        for _ in range(times)
    )
    WellbeingCheckIn.objects.bulk_create(
        WellbeingCheckIn(guide=g, answer=k % 5 + 1, needs_follow_up=k % 2 == 0)
        for g in all_guides
        for k in range(times)
    )
    for k in range(times):
        session = SupervisionSession.objects.create(
            organisation=organisation, date=today - datetime.timedelta(days=7 * k)
        )
        session.attendees.set(all_guides)

    # Participants with consents, requests, matches and many meetings.
    participants = [
        Participant(
            organisation=organisation,
            first_name=f"Deltager{i}",
            last_name="Skala",
            email=f"deltager{run}-{i}@scaled.test",
            municipality=organisation.municipality,
            birth_year=1990,
        )
        for i in range(n_new * 2)
    ]
    participants = Participant.objects.bulk_create(participants)
    Consent.objects.bulk_create(
        Consent(participant=p, purpose=purpose, text_version="test")
        for p in participants
        for purpose in (Consent.Purpose.SUPPORT, Consent.Purpose.EVALUATION)
    )
    # Older, withdrawn consents on the existing participants (their change pages show them).
    Consent.objects.bulk_create(
        Consent(
            participant=p,
            purpose=Consent.Purpose.EVALUATION,
            text_version="old",
            withdrawn_at=now - datetime.timedelta(days=k + 1),
        )
        for p in old_participants
        for k in range(times)
    )
    AccessEvent.objects.bulk_create(
        AccessEvent(participant=p, organisation=organisation, where=AccessEvent.Where.ADMIN)
        for p in old_participants + participants
        for _ in range(times)
    )
    requests = SupportRequest.objects.bulk_create(
        SupportRequest(
            organisation=organisation,
            participant=p,
            status=SupportRequest.Status.WAITING if i % 2 else SupportRequest.Status.MATCHED,
            confirmed_at=now - datetime.timedelta(days=i % 40),
            availability=["1-evening"],
        )
        for i, p in enumerate(participants)
    )
    matched = [r for r in requests if r.status == SupportRequest.Status.MATCHED]
    matches = Match.objects.bulk_create(
        Match(
            organisation=organisation,
            request=r,
            guide=all_guides[i % len(all_guides)],
            status=Match.Status.ACTIVE,
            started_at=now - datetime.timedelta(days=200),
            proposed_at=now - datetime.timedelta(days=200 + i),
        )
        for i, r in enumerate(matched)
    )
    MatchStatusChange.objects.bulk_create(
        MatchStatusChange(match=m, from_status="accepted", to_status="active", at=now)
        for m in old_matches + matches
        for _ in range(times)
    )
    statuses = [Meeting.Status.HELD, Meeting.Status.HELD, Meeting.Status.CANCELLED]
    Meeting.objects.bulk_create(
        Meeting(
            match=m,
            starts_at=now - datetime.timedelta(days=3 * k + 1, hours=m.pk % 7),
            status=statuses[k % 3],
            duration_minutes=60,
            themes=["everyday"],
        )
        for m in old_matches + matches
        for k in range(meetings_per_match)
    )
    Meeting.objects.bulk_create(
        Meeting(match=m, starts_at=now + datetime.timedelta(days=k + 1), status="planned")
        for m in old_matches + matches
        for k in range(2)
    )
    from reports import rollup

    rollup.rebuild()  # bulk_create sends no signals
    WellBeingMeasurement.objects.bulk_create(
        WellBeingMeasurement(
            participant=m.request.participant,
            organisation=organisation,
            source=WellBeingMeasurement.Source.MATCH,
            source_id=m.pk,
            timepoint=WellBeingMeasurement.Timepoint.START,
            due_at=now - datetime.timedelta(days=150),
        )
        for m in matches
    )

    # Cohorts: more sessions, enrollments, attendance and history on the existing ones, and new
    # open cohorts in the public catalogue.
    sessions = []
    for cohort in old_cohorts:
        last = CohortSession.objects.filter(cohort=cohort).order_by("-number").first()
        start = last.starts_at if last else now
        first_number = last.number if last else 0
        sessions += CohortSession.objects.bulk_create(
            CohortSession(
                cohort=cohort,
                number=first_number + k + 1,
                starts_at=start + datetime.timedelta(days=7 * (k + 1)),
                ends_at=start + datetime.timedelta(days=7 * (k + 1), hours=2),
            )
            for k in range(times * 3)
        )
    per_cohort = iter(participants)
    enrollments = []
    for cohort in old_cohorts:
        enrollments += Enrollment.objects.bulk_create(
            Enrollment(
                cohort=cohort,
                participant=next(per_cohort),
                status=Enrollment.Status.WAITLISTED,
                confirmed_at=now,
                waitlisted_at=now,
            )
            for _ in range(times)
        )
    CohortStatusChange.objects.bulk_create(
        CohortStatusChange(cohort=c, from_status="draft", to_status="open", at=now)
        for c in old_cohorts
        for _ in range(times)
    )
    past = list(
        CohortSession.objects.filter(cohort__in=old_cohorts, starts_at__lt=now).select_related(
            "cohort"
        )
    )
    enrolled = list(
        Enrollment.objects.filter(cohort__in=old_cohorts, status=Enrollment.Status.ENROLLED)
    )
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, enrollment=e, status=Attendance.Status.PRESENT)
            for s in past
            for e in enrolled
            if e.cohort_id == s.cohort_id
        ),
        ignore_conflicts=True,
    )
    SessionChange.objects.bulk_create(
        SessionChange(
            session=s,
            kind=SessionChange.Kind.MOVED,
            old_starts_at=s.starts_at,
            new_starts_at=s.starts_at + datetime.timedelta(hours=1),
        )
        for s in sessions
    )
    _new_open_cohorts(organisation, times=times, guides=guides)


def _new_open_cohorts(organisation, *, times, guides) -> None:
    from courses.models import Cohort, CohortSession
    from tests.factories import programme

    today = timezone.localdate()
    prog = programme("WRAP")
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            programme=prog,
            organisation=organisation,
            title=f"Skaleret hold {k}",
            municipality=organisation.municipality,
            venue="Frivilligcentret",
            first_date=today + datetime.timedelta(days=14 + k),
            weekday=(today + datetime.timedelta(days=14 + k)).weekday(),
            start_time=datetime.time(17, 0),
            capacity=12,
            status=Cohort.Status.OPEN,
        )
        for k in range(times * 2)
    )
    Cohort.facilitators.through.objects.bulk_create(
        Cohort.facilitators.through(cohort_id=c.pk, peerguide_id=g.pk)
        for c in cohorts
        for g in guides[:2]
    )
    start = timezone.now() + datetime.timedelta(days=14)
    CohortSession.objects.bulk_create(
        CohortSession(
            cohort=c,
            number=k + 1,
            starts_at=start + datetime.timedelta(days=7 * k),
            ends_at=start + datetime.timedelta(days=7 * k, hours=2),
        )
        for c in cohorts
        for k in range(prog.default_sessions)
    )

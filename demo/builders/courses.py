"""Demo data for courses: an open WRAP cohort with seats (whose calendar skips a public
holiday), a full Lær at tackle cohort with a waitlist, a running cohort with partial attendance
and a finished cohort with completion computed.

Idempotent: a cohort that already exists (same organisation and title) is left as it is.
"""

import datetime
import zlib

from django.db import transaction
from django.utils import timezone

from courses import services
from courses.models import Attendance, Cohort, Enrollment, Programme
from courses.public_holidays import danish_holidays
from demo.builders.common import enroll
from participants.models import Consent
from participants.services import ParticipantDetails, register_participant

FIRST_NAMES = [
    "Anne", "Bo", "Camilla", "Dennis", "Emma", "Frederik", "Gitte", "Hassan", "Ida", "Jens",
    "Karen", "Lars", "Maja", "Niels", "Olivia", "Peter", "Rikke", "Søren", "Tina", "Ulla",
]  # fmt: skip
LAST_NAMES = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Larsen", "Sørensen", "Rasmussen"]


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _next_weekday_holiday(after: datetime.date) -> datetime.date:
    """The first Danish public holiday (or 24/31 December) from `after` on a Monday-Thursday."""
    days = danish_holidays([after.year, after.year + 1])
    return min(day for day in days if day >= after and day.weekday() <= 3)


def _participants(organisation, prefix: str, count: int, municipality):
    people = []
    for i in range(count):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        people.append(
            register_participant(
                details=ParticipantDetails(
                    organisation=organisation,
                    first_name=first,
                    last_name=LAST_NAMES[i % len(LAST_NAMES)],
                    email=f"{prefix}{i + 1}@deltager.test",
                    # One number per person (a participant's phone is unique in the organisation).
                    phone=f"2{zlib.crc32(prefix.encode()) % 1000:03d}{i + 1:04d}",
                    birth_year=1960 + (i * 3) % 40,
                    municipality=municipality,
                ),
                purposes=[Consent.Purpose.COURSE],
            )
        )
    return people


def _enroll(cohort, participants, *, status):
    now = timezone.now()
    enrollments = []
    for offset, participant in enumerate(participants):
        at = now - datetime.timedelta(days=30) + datetime.timedelta(minutes=offset)
        enrollments.append(enroll(cohort, participant, status=status, at=at, created_at=at))
    return enrollments


def _attendance(cohort, enrollments, *, upto, pattern):
    """Mark the sessions that have started, person i attending by `pattern(i, number)`."""
    for session in cohort.sessions.filter(starts_at__lt=upto).order_by("number"):
        for i, enrollment in enumerate(enrollments):
            status = pattern(i, session.number)
            if status:
                Attendance.objects.create(session=session, enrollment=enrollment, status=status)


def _run_with_attendance(cohort, coordinator, *, site, prefix: str, count: int, pattern):
    """Open and start `cohort`, enroll `count` new people from `site` and mark the sessions
    held so far by `pattern` (see _attendance)."""
    services.open_cohort(cohort=cohort, actor=coordinator)
    services.start_cohort(cohort=cohort, actor=coordinator)
    enrollments = _enroll(
        cohort,
        _participants(site, prefix, count, site.municipality),
        status=Enrollment.Status.ENROLLED,
    )
    _attendance(cohort, enrollments, upto=timezone.now(), pattern=pattern)


def _cohort(*, organisation, programme, title, first_date, weekday, start, facilitators, **extra):
    cohort = Cohort.objects.filter(organisation=organisation, title=title).first()
    if cohort is not None:
        return cohort, False
    cohort = services.create_cohort(
        programme=programme,
        organisation=organisation,
        title=title,
        first_date=_next_weekday(first_date, weekday),
        weekday=weekday,
        start_time=start,
        facilitators=facilitators,
        **extra,
    )
    return cohort, True


@transaction.atomic
def seed(*, context, password, out) -> dict:
    odense, copenhagen = context["organisations"][0], context["organisations"][1]
    coordinators = context["coordinators"]
    guides = context["guides"]
    today = timezone.localdate()
    wrap = Programme.objects.get(name="WRAP")
    lat_chronic = Programme.objects.get(name="Lær at tackle kronisk sygdom")
    lat_anxiety = Programme.objects.get(name="Lær at tackle angst og depression")
    cohorts = {}

    # 1. An open WRAP cohort with seats left, whose weekly rhythm meets a public holiday: the
    # cohort page lists that day as skipped, with the holiday's name.
    holiday = _next_weekday_holiday(today + datetime.timedelta(days=21))
    cohort, created = _cohort(
        organisation=odense,
        programme=wrap,
        title="WRAP i Odense – efterår",
        first_date=holiday - datetime.timedelta(weeks=2),
        weekday=holiday.weekday(),
        start=datetime.time(17, 0),
        facilitators=[guides["sofie@guide.test"], guides["yasmin@guide.test"]],
        capacity=10,
        venue="Frivilligcenter Odense",
        address="Klostervej 28",
        municipality=odense.municipality,
        description="Vi byder på kaffe, te og frugt. Der er elevator til lokalet.",
    )
    if created:
        services.open_cohort(cohort=cohort, actor=coordinators[0])
        _enroll(
            cohort,
            _participants(odense, "wrap-efteraar-", 4, odense.municipality),
            status=Enrollment.Status.ENROLLED,
        )
    cohorts["open_wrap"] = cohort

    # 2. A full Lær at tackle cohort with a waitlist.
    cohort, created = _cohort(
        organisation=odense,
        programme=lat_chronic,
        title="Lær at tackle kronisk sygdom – Odense",
        first_date=today + datetime.timedelta(days=28),
        weekday=3,
        start=datetime.time(13, 0),
        facilitators=[guides["sofie@guide.test"], guides["mads@guide.test"]],
        capacity=12,
        venue="Sundhedshuset",
        address="Ørbækvej 100",
        municipality=odense.municipality,
    )
    if created:
        services.open_cohort(cohort=cohort, actor=coordinators[0])
        people = _participants(odense, "lat-odense-", 15, odense.municipality)
        _enroll(cohort, people[:12], status=Enrollment.Status.ENROLLED)
        _enroll(cohort, people[12:], status=Enrollment.Status.WAITLISTED)
    cohorts["full_lat"] = cohort

    # 3. A running cohort with partial attendance.
    cohort, created = _cohort(
        organisation=copenhagen,
        programme=lat_anxiety,
        title="Lær at tackle angst og depression – København",
        first_date=today - datetime.timedelta(days=20),
        weekday=0,
        start=datetime.time(10, 0),
        facilitators=[guides["ahmed@guide.test"], guides["katrine@guide.test"]],
        capacity=14,
        venue="Kulturhuset Islands Brygge",
        address="Islands Brygge 18",
        municipality=copenhagen.municipality,
    )
    if created:
        _run_with_attendance(
            cohort,
            coordinators[1],
            site=copenhagen,
            prefix="lat-kbh-",
            count=10,
            pattern=lambda i, n: (
                ("" if n == 0 and i % 2 else ("absent" if (i + n) % 5 == 0 else "present"))
                if i != 9
                else ("excused" if n else "")
            ),
        )
    cohorts["running_lat"] = cohort

    # 4. A finished WRAP cohort with completion computed from attendance.
    cohort, created = _cohort(
        organisation=odense,
        programme=wrap,
        title="WRAP i Odense – forår",
        first_date=today - datetime.timedelta(days=150),
        weekday=1,
        start=datetime.time(17, 0),
        facilitators=[guides["sofie@guide.test"], guides["yasmin@guide.test"]],
        capacity=10,
        venue="Frivilligcenter Odense",
        address="Klostervej 28",
        municipality=odense.municipality,
    )
    if created:
        # Most come to 6-8 sessions; two drop off after a few.
        _run_with_attendance(
            cohort,
            coordinators[0],
            site=odense,
            prefix="wrap-foraar-",
            count=8,
            pattern=lambda i, n: (
                "present" if (i < 6 and (n + i) % 7) or (i >= 6 and n <= 3) else "absent"
            ),
        )
        services.finish_cohort(cohort=cohort, actor=coordinators[0])
    cohorts["finished_wrap"] = cohort

    for cohort in cohorts.values():
        cohort.refresh_from_db()
    out.append(
        ("/kurser/", "course catalogue: 1 open WRAP cohort with seats, 1 full with a waitlist")
    )
    return {"cohorts": cohorts}

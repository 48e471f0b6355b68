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


LAT_INFO_EN = (
    "A course for you who live with {target}. You meet six times in a small group of 12-16. "
    "Two course leaders who know from their own life what it is like to live with {target} lead "
    "the course. You learn tools for an easier everyday life: making small plans, solving "
    "problems, handling tiredness and difficult feelings, and talking with others about how you "
    "are. You decide what you want to share."
)

# The English texts of the programmes (seeded in Danish by courses/migrations/0002): name,
# target group, description, neutral title and the session plan's titles and descriptions by
# number. Filled in only where the English text is still empty.
PROGRAMMES_EN = {
    "WRAP": {
        "name_en": "WRAP",
        "target_group_en": "People with mental health difficulties",
        "description_en": (
            "WRAP stands for Wellness Recovery Action Planning. Over eight weeks you write your "
            "own workbook: what you do to keep well every day, what can throw you off course, "
            "which signs to look out for, and what others can do if things get really hard. Two "
            "course leaders with experience of their own lead the group. You only share what "
            "you want to."
        ),
        "neutral_title_en": "Course",
        "plan": [
            ("Welcome to WRAP", "We get to know each other and talk about recovery and hope."),
            ("My toolbox", "The things that help you keep well, gathered in one place."),
            (
                "Daily maintenance plan",
                "What are you like when you are well, and what do you do each day to stay well?",
            ),
            ("Triggers", "What can throw you off course, and what do you do then?"),
            ("Early warning signs", "The small signs that something is changing, and your plan."),
            (
                "When things are breaking down",
                "Signs that it is serious, and what helps you then.",
            ),
            ("Crisis plan", "Who does what if you cannot take charge yourself for a while."),
            (
                "After the crisis, and the end",
                "A plan for the time after a crisis. We look back and celebrate what you achieved.",
            ),
        ],
    },
    "Lær at tackle kronisk sygdom": {
        "name_en": "Learn to manage chronic illness",
        "target_group_en": "Chronic illness",
        "description_en": LAT_INFO_EN.format(target="a chronic illness"),
        "neutral_title_en": "Course",
        "plan": [
            ("Welcome and action plans", "What is self-care? You make your first plan."),
            ("Problem solving and difficult feelings", "Step by step, when something is hard."),
            ("Physical activity and breathing", "Exercise that suits you."),
            ("Tiredness, sleep and food", "Tools for energy in everyday life."),
            ("Communication and medicine", "Saying what you need."),
            ("Working together and the future", "Talking with your doctor and planning ahead."),
        ],
    },
    "Lær at tackle angst og depression": {
        "name_en": "Learn to manage anxiety and depression",
        "target_group_en": "Anxiety and depression",
        "description_en": LAT_INFO_EN.format(target="anxiety or depression").replace(
            "six times", "seven times"
        ),
        "neutral_title_en": "Course",
        "plan": [
            ("Welcome and action plans", "What is coping? You make your first plan."),
            ("Thoughts and feelings", "How thoughts, feelings and body are connected."),
            ("Sleep, tiredness and exercise", "Small steps that give energy."),
            ("Worries and relaxation", "Dealing with worries and finding calm."),
            ("Communication and relationships", "Saying yes and no, and asking for help."),
            ("Problem solving and decisions", "Making choices that are good for you."),
            ("The future", "Holding on to what you have learnt."),
        ],
    },
    "Lær at tackle kroniske smerter": {
        "name_en": "Learn to manage chronic pain",
        "target_group_en": "Chronic pain",
        "description_en": LAT_INFO_EN.format(target="chronic pain"),
        "neutral_title_en": "Course",
        "plan": [
            ("Welcome and action plans", "Pain and self-care. You make your first plan."),
            ("Problem solving and difficult feelings", "Step by step, when something is hard."),
            ("Exercise and relaxation", "Exercise that suits you, and calm in your body."),
            ("Tiredness, sleep and pain", "Tools for the hard days."),
            ("Communication and medicine", "Saying what you need."),
            ("The future", "Planning ahead with what you have learnt."),
        ],
    },
    "Peerguideuddannelsen": {
        "name_en": "Peer guide training",
        "target_group_en": "Future peer guides",
        "description_en": (
            "The training for you who want to be a peer guide. You learn to use your own "
            "experience to support others, to listen, to keep boundaries and confidentiality, "
            "and to look after yourself along the way."
        ),
        "neutral_title_en": "Training",
    },
}


def _english_texts() -> None:
    """The programmes' English texts and their session plans', where still empty."""
    for name, texts in PROGRAMMES_EN.items():
        programme = Programme.objects.filter(name=name).first()
        if programme is None:
            continue
        changed = [f for f, v in texts.items() if f != "plan" and not getattr(programme, f)]
        for field in changed:
            setattr(programme, field, texts[field])
        if changed:
            programme.save(update_fields=changed)
        items = {item.number: item for item in programme.plan.all()}
        for number, (title, description) in enumerate(texts.get("plan", []), start=1):
            item = items.get(number)
            if item is not None and not item.title_en:
                item.title_en, item.description_en = title, description
                item.save(update_fields=["title_en", "description_en"])


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
    _english_texts()
    wrap = Programme.objects.get(name="WRAP")
    lat_chronic = Programme.objects.get(name="Lær at tackle kronisk sygdom")
    lat_anxiety = Programme.objects.get(name="Lær at tackle angst og depression")
    cohorts = {}
    # WRAP in Odense runs each spring and autumn: same room, same time, same two facilitators.
    wrap_in_odense = {
        "organisation": odense,
        "programme": wrap,
        "start": datetime.time(17, 0),
        "facilitators": [guides["sofie@guide.test"], guides["yasmin@guide.test"]],
        "capacity": 10,
        "venue": "Frivilligcenter Odense",
        "address": "Klostervej 28",
        "municipality": odense.municipality,
    }

    # 1. An open WRAP cohort with seats left, whose weekly rhythm meets a public holiday: the
    # cohort page lists that day as skipped, with the holiday's name.
    holiday = _next_weekday_holiday(today + datetime.timedelta(days=21))
    cohort, created = _cohort(
        title="WRAP i Odense – efterår",
        title_en="WRAP in Odense – autumn",
        first_date=holiday - datetime.timedelta(weeks=2),
        weekday=holiday.weekday(),
        **wrap_in_odense,
        description="Vi byder på kaffe, te og frugt. Der er elevator til lokalet.",
        description_en="We offer coffee, tea and fruit. There is a lift up to the room.",
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
        title_en="Learn to manage chronic illness – Odense",
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
        title_en="Learn to manage anxiety and depression – Copenhagen",
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
        title="WRAP i Odense – forår",
        title_en="WRAP in Odense – spring",
        first_date=today - datetime.timedelta(days=150),
        weekday=1,
        **wrap_in_odense,
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

"""Demo data for activities (issue 18 point 7): a weekly walk group in Odense with two hosts, a
monthly board-game evening whose host moved it to another room, a one-off cooking evening with
few places; people who said "Jeg kommer" (one of them by text message only), a cancelled date,
the last weeks' walks with a count; someone who follows cooking in Odense and was told about the
cooking evening; and a coffee group in Copenhagen with its own held dates, so both demo
coordinators' activity reports have figures.

The activities replace the "Åben gruppeaktivitet" course programme, which the demo leaves out of
use: a course has a fixed number of sessions and sign-up, a group activity is drop-in.

Idempotent: an activity that already exists (same organisation and title) is left as it is.
"""

import datetime

from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityPolicy, Occurrence, Rsvp
from core.models import Interest, Municipality
from courses.models import Programme
from participants.models import Consent
from participants.services import ParticipantDetails, attach_or_register

PEOPLE = [
    ("Karin", "karin@deltager.test", ""),
    ("Lone", "lone@deltager.test", ""),
    ("Rasmus", "", "+4528119922"),  # no e-mail: messages go by text
    ("Tobias", "tobias@deltager.test", ""),
]


def _next(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _activity(organisation, *, title, hosts, interests, **fields) -> tuple[Activity, bool]:
    activity = Activity.objects.filter(organisation=organisation, title=title).first()
    if activity is not None:
        return activity, False
    activity = Activity.objects.create(organisation=organisation, title=title, **fields)
    activity.hosts.set(hosts)
    activity.interests.set(Interest.objects.filter(slug__in=interests))
    services.publish_activity(activity=activity, actor=None)
    return activity, True


def _held(activity, *, weeks_ago: int, count: int) -> None:
    """A past date of a weekly activity, held, with how many came."""
    first = activity.occurrences.filter(cancelled_at__isnull=True).order_by("starts_at").first()
    back = datetime.timedelta(weeks=weeks_ago)
    Occurrence.objects.get_or_create(
        activity=activity,
        starts_at=first.starts_at - back,
        defaults={"ends_at": first.ends_at - back, "attendance_count": count},
    )


def _copenhagen(context) -> Activity:
    organisation = context["organisations"][1]
    katrine = context["guides"]["katrine@guide.test"]
    coffee, new = _activity(
        organisation,
        title="Kaffe og snak på biblioteket",
        hosts=[katrine],
        interests=["kaffe"],
        description="En kop kaffe og en snak om alt og ingenting. Kom og gå, som det passer dig.",
        place="Caféen på Hovedbiblioteket, Krystalgade 15",
        municipality=Municipality.objects.get(name="København"),
        repeat=Activity.Repeat.WEEKLY,
        first_date=_next(timezone.localdate(), 2),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
    )
    if new:
        for weeks_ago, count in ((1, 5), (2, 7), (3, 4), (6, 6)):
            _held(coffee, weeks_ago=weeks_ago, count=count)
    return coffee


def seed(*, context, password, out) -> dict:
    Programme.objects.filter(name="Åben gruppeaktivitet").update(is_active=False)
    coffee = _copenhagen(context)
    organisation = context["organisations"][0]
    guides = context["guides"]
    sofie, mads, yasmin = (
        guides[e] for e in ("sofie@guide.test", "mads@guide.test", "yasmin@guide.test")
    )
    ActivityPolicy.objects.get_or_create(organisation=organisation)
    odense = Municipality.objects.get(name="Odense")
    today = timezone.localdate()
    if not Activity.objects.filter(organisation=organisation, title="Gåtur ved Odense Å").exists():
        # Lone follows cooking in Odense (confirmed): the cooking evening below is news to her.
        follow = services.follow_interest(
            interest=Interest.objects.get(slug="madlavning"),
            municipality=odense,
            details=ParticipantDetails(
                organisation=organisation, first_name="Lone", email="lone@deltager.test"
            ),
        )
        services.confirm_follow(follow=follow)

    walk, new_walk = _activity(
        organisation,
        title="Gåtur ved Odense Å",
        hosts=[sofie, mads],
        interests=["gature", "natur"],
        description=(
            "Vi går en rolig tur langs åen i cirka en time og drikker kaffe bagefter. "
            "Du kan bare møde op. Ingen skal sige noget, de ikke har lyst til."
        ),
        place="Ved indgangen til Munke Mose, Filosofgangen",
        municipality=odense,
        repeat=Activity.Repeat.WEEKLY,
        first_date=_next(today, 1),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
    )
    games, _new = _activity(
        organisation,
        title="Brætspilsaften",
        hosts=[mads],
        interests=["spil"],
        description="Vi spiller brætspil og kortspil. Tag gerne dit yndlingsspil med.",
        place="Frivillighuset, Vestergade 30",
        municipality=odense,
        repeat=Activity.Repeat.MONTHLY,
        first_date=_next(today, 3),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(21, 30),
    )
    cooking, _new = _activity(
        organisation,
        title="Vi laver aftensmad sammen",
        hosts=[yasmin],
        interests=["madlavning"],
        description="Vi laver en enkel ret sammen og spiser den. Det koster ikke noget.",
        place="Køkkenet i Frivillighuset, Vestergade 30",
        municipality=odense,
        capacity=8,
        repeat=Activity.Repeat.ONCE,
        first_date=today + datetime.timedelta(days=10),
        start_time=datetime.time(17, 0),
        end_time=datetime.time(20, 0),
    )
    if not new_walk:
        return {"activities": [walk, games, cooking, coffee]}
    # Mads moved the board games upstairs from his dashboard; the coordinators were told.
    services.edit_activity(
        activity=games,
        guide=mads,
        changes={"place": "Frivillighuset, 1. sal, Vestergade 30"},
        interests=list(games.interests.all()),
    )

    people = [
        attach_or_register(
            details=ParticipantDetails(
                organisation=organisation, first_name=first, email=email, phone=phone
            ),
            purposes=[Consent.Purpose.ACTIVITY],
            match_phone=not email,
        ).participant
        for first, email, phone in PEOPLE
    ]
    walks = list(walk.occurrences.order_by("starts_at")[:3])
    first_walk, second_walk = walks[0], walks[1]
    now = timezone.now()
    for person in people[:3]:
        Rsvp.objects.get_or_create(
            occurrence=first_walk,
            participant=person,
            defaults={"status": Rsvp.Status.COMING, "confirmed_at": now},
        )
    Rsvp.objects.get_or_create(
        occurrence=second_walk,
        participant=people[3],
        defaults={"status": Rsvp.Status.COMING, "confirmed_at": now},
    )
    cooking_date = cooking.occurrences.first()
    for person in people[:2]:
        Rsvp.objects.get_or_create(
            occurrence=cooking_date,
            participant=person,
            defaults={"status": Rsvp.Status.COMING, "confirmed_at": now},
        )
    services.cancel_occurrence(
        occurrence=second_walk,
        reason="Sofie og Mads er begge på kursus den dag. Vi ses ugen efter.",
        actor=sofie.user,
    )
    # The last weeks' walks, held, with how many came (last week: six).
    for weeks_ago, count in ((1, 6), (2, 4), (3, 7), (5, 5), (9, 3)):
        _held(walk, weeks_ago=weeks_ago, count=count)
    # Last week's walk: two of those who said they would come came.
    last = walk.occurrences.get(starts_at=first_walk.starts_at - datetime.timedelta(weeks=1))
    for person, came in ((people[0], True), (people[1], True), (people[3], False)):
        Rsvp.objects.get_or_create(
            occurrence=last,
            participant=person,
            defaults={"status": Rsvp.Status.COMING, "confirmed_at": now, "attended": came},
        )
    return {"activities": [walk, games, cooking, coffee]}

"""Demo data for one-to-one support: waiting requests with good and poor candidates, a
proposal waiting for the guide, active matches with a meeting history (one of them stale),
a closed match with exit answers, and a fit check that said no."""

import datetime

from django.utils import timezone

from core.choices import EntrySource
from core.models import ExperienceArea, Interest, Municipality
from demo.builders.common import give_consents
from matching.jobs import send_meeting_reminders
from matching.models import (
    Feedback,
    Match,
    MatchGoal,
    MatchingWeights,
    MatchStatusChange,
    Meeting,
    SupportRequest,
)
from matching.services import Wishes, register_and_request_on_behalf, withdraw_request
from notifications.models import PreferredChannel
from participants.merging import merge_participants
from participants.models import Consent, Participant
from participants.services import ParticipantDetails, register_participant

# email, first, org, town, birth year, areas, interests, slots, state, guide email, days waiting
PEOPLE = [
    (
        "anna@deltager.test",
        "Anna",
        0,
        "Odense",
        1996,
        ["angst"],
        ["gature", "natur"],
        ["1-evening", "3-afternoon"],
        "waiting",
        None,
        34,
    ),
    (
        "bo@deltager.test",
        "Bo",
        0,
        "Odense",
        1978,
        ["misbrug"],
        ["musik"],
        ["5-morning"],
        "waiting",
        None,
        12,
    ),
    (
        "cecilie@deltager.test",
        "Cecilie",
        0,
        "Aabenraa",
        2001,
        ["spiseforstyrrelse"],
        ["kreative-fag"],
        ["0-morning"],
        "waiting",
        None,
        5,
    ),
    (
        "dorte@deltager.test",
        "Dorte",
        0,
        "Odense",
        1970,
        ["depression"],
        ["laesning"],
        ["1-evening"],
        "proposed",
        "sofie@guide.test",
        20,
    ),
    (
        "emil@deltager.test",
        "Emil",
        0,
        "Nyborg",
        1999,
        ["angst", "ptsd-traume"],
        ["madlavning"],
        ["3-afternoon"],
        "active",
        "yasmin@guide.test",
        120,
    ),
    (
        "frida@deltager.test",
        "Frida",
        0,
        "Odense",
        1988,
        ["depression", "angst"],
        ["gature"],
        ["1-evening"],
        "active",
        "sofie@guide.test",
        150,
    ),
    (
        "gustav@deltager.test",
        "Gustav",
        0,
        "Odense",
        1985,
        ["adhd-autisme"],
        ["spil"],
        ["5-morning"],
        "stale",
        "mads@guide.test",
        200,
    ),
    (
        "hanne@deltager.test",
        "Hanne",
        0,
        "Odense",
        1960,
        ["ensomhed"],
        ["have"],
        ["3-afternoon"],
        "ended",
        "mads@guide.test",
        400,
    ),
    (
        "ida@deltager.test",
        "Ida",
        0,
        "Odense",
        1993,
        ["angst"],
        ["yoga"],
        ["1-evening"],
        "fit_no",
        "yasmin@guide.test",
        60,
    ),
    (
        "jamal@deltager.test",
        "Jamal",
        1,
        "København",
        1990,
        ["psykose"],
        ["fotografi"],
        ["1-evening"],
        "active",
        "ahmed@guide.test",
        90,
    ),
    (
        "lene@deltager.test",
        "Lene",
        0,
        "Odense",
        1979,
        ["depression"],
        ["have"],
        ["2-afternoon"],
        "withdrawn",
        "yasmin@guide.test",
        75,
    ),
    (
        "karen@deltager.test",
        "Karen",
        1,
        "Frederiksberg",
        1982,
        ["stress"],
        ["kaffe"],
        ["3-afternoon"],
        "waiting",
        None,
        8,
    ),
]


def seed(*, context, password, out) -> dict:
    organisations = context["organisations"]
    guides = context["guides"]
    coordinators = context["coordinators"]
    now = timezone.now()
    for org in organisations:
        MatchingWeights.objects.get_or_create(organisation=org)
    for number, row in enumerate(PEOPLE, start=1):
        email, first, org_index, town, year, areas, interests, slots, state, guide_email, days = row
        organisation = organisations[org_index]
        participant, created = Participant.objects.get_or_create(
            email=email,
            organisation=organisation,
            defaults={
                "first_name": first,
                "phone": f"2031{number:04d}",  # one number per person
                "birth_year": year,
                "municipality": Municipality.objects.get(name=town),
                "created_at": now - datetime.timedelta(days=days + 1),
            },
        )
        if not created:
            continue
        give_consents(
            participant,
            [Consent.Purpose.SUPPORT, Consent.Purpose.HEALTH_DATA, Consent.Purpose.EVALUATION],
        )
        participant.experience_areas.set(ExperienceArea.objects.filter(slug__in=areas))
        participant.interests.set(Interest.objects.filter(slug__in=interests))
        confirmed = now - datetime.timedelta(days=days)
        request = SupportRequest.objects.create(
            organisation=organisation,
            participant=participant,
            status=SupportRequest.Status.WAITING,
            availability=slots,
            meets_online=org_index == 1,
            help_wanted="Jeg vil gerne have en at tale med, der forstår.",
            submitted_at=confirmed - datetime.timedelta(hours=2),
            confirmed_at=confirmed,
            status_changed_at=confirmed,
        )
        request.experience_areas.set(ExperienceArea.objects.filter(slug__in=areas))
        request.interests.set(Interest.objects.filter(slug__in=interests))
        if state == "waiting":
            continue
        guide = guides[guide_email]
        _match(request, guide, state, confirmed, coordinators[org_index])
        if state == "withdrawn":
            # Lene stopped on her status page: the match ends, the planned walk is cancelled
            # and Yasmin gets an e-mail that says so (without naming Lene).
            withdraw_request(request=request)
    _seed_on_behalf(organisations[0], coordinators[0])
    _seed_merged_duplicate(organisations[0], coordinators[0])
    _seed_recently_matched(organisations[0], guides, coordinators[0], now)
    _seed_goals()
    _seed_text_reminder(now)
    return {}


def _seed_text_reminder(now) -> None:
    """Emil prefers text messages: his walk with Yasmin tomorrow gets a text reminder in the
    outbox (a greeting, Yasmin's first name and the time; no place, nothing about health),
    Yasmin's by e-mail."""
    emil = Participant.objects.filter(email="emil@deltager.test").first()
    match = Match.objects.filter(request__participant=emil, status=Match.Status.ACTIVE).first()
    if match is None:
        return
    if emil.preferred_channel != PreferredChannel.SMS:
        emil.preferred_channel = PreferredChannel.SMS
        emil.save(update_fields=["preferred_channel"])
    if not match.meetings.filter(place="Kongens Have, ved indgangen").exists():
        Meeting.objects.create(
            match=match,
            starts_at=(now + datetime.timedelta(hours=20)).replace(minute=0, second=0),
            mode="walk",
            place="Kongens Have, ved indgangen",
        )
    send_meeting_reminders(now=now)


# Goals on a match (issue 19): Frida's running match has two, Hanne's ended one has them marked.
GOALS = {
    "frida@deltager.test": [
        ("Komme ud af lejligheden to gange om ugen", ""),
        ("Finde en aktivitet, jeg har lyst til", ""),
    ],
    "hanne@deltager.test": [
        ("Tage bussen alene igen", MatchGoal.Outcome.REACHED),
        ("Sove bedre", MatchGoal.Outcome.PARTLY),
    ],
}


def _seed_goals() -> None:
    for email, goals in GOALS.items():
        match = (
            Match.objects.filter(request__participant__email=email)
            .exclude(status__in=[Match.Status.PROPOSED, Match.Status.DECLINED])
            .order_by("-pk")
            .first()
        )
        if match is None or MatchGoal.objects.filter(match=match).exists():
            continue
        for position, (text, outcome) in enumerate(goals, start=1):
            MatchGoal.objects.create(
                match=match,
                position=position,
                text=text,
                outcome=outcome,
                marked_at=match.ended_at if outcome else None,
            )


# Requests in Odense matched in the last 90 days (days waited, how the short match ended). With
# Ida's and Lene's above they make enough for the public form to show Odense's expected wait
# (about 10 days); Copenhagen has too few matches, so its wait is not shown.
RECENTLY_MATCHED = [
    (5, Match.ClosureReason.MOVED),
    (9, Match.ClosureReason.REFERRED),
    (14, Match.ClosureReason.PARTICIPANT_WITHDREW),
    (21, Match.ClosureReason.NO_CONTACT),
    (30, Match.ClosureReason.REFERRED),
]
RECENT_GUIDES = ["sofie@guide.test", "yasmin@guide.test", "mads@guide.test"]


def _seed_recently_matched(organisation, guides, coordinator, now) -> None:
    """Short matches that ended early, so none takes a guide's capacity from the demo's waiting
    requests."""
    odense = Municipality.objects.get(name="Odense")
    for i, (waited, reason) in enumerate(RECENTLY_MATCHED):
        participant, created = Participant.objects.get_or_create(
            email=f"nylig-{i}@deltager.test",
            organisation=organisation,
            defaults={
                "first_name": ["Sara", "Mikkel", "Nadia", "Peter", "Rikke"][i],
                "municipality": odense,
                "birth_year": 1980 + 4 * i,
            },
        )
        if not created:
            continue
        give_consents(participant, [Consent.Purpose.SUPPORT])
        confirmed = now - datetime.timedelta(days=80 - 8 * i)
        proposed = confirmed + datetime.timedelta(days=waited)
        ended = min(proposed + datetime.timedelta(days=14), now - datetime.timedelta(days=1))
        request = SupportRequest.objects.create(
            organisation=organisation,
            participant=participant,
            status=SupportRequest.Status.CLOSED,
            availability=["1-evening"],
            submitted_at=confirmed - datetime.timedelta(hours=1),
            confirmed_at=confirmed,
            status_changed_at=ended,
        )
        Match.objects.create(
            organisation=organisation,
            request=request,
            guide=guides[RECENT_GUIDES[i % len(RECENT_GUIDES)]],
            status=Match.Status.ENDED,
            proposed_at=proposed,
            proposed_by=coordinator,
            responded_at=proposed + datetime.timedelta(days=1),
            ended_at=ended,
            closure_reason=reason,
            status_changed_at=ended,
        )


# Entered by a coordinator: first name, phone, how to reach them, source, help wanted.
ON_BEHALF = [
    (
        "Mette",
        "61 72 83 94",
        "",
        EntrySource.PHONE,
        "Ringede selv. Vil gerne have én at gå ture med, der kender til angst.",
    ),
    (
        "Jonas",
        "",
        "Ring til kontaktpersonen på Psykiatrisk Afsnit Odense, 65 41 00 00, hverdage 8-15.",
        EntrySource.REFERRAL_PSYCHIATRY,
        "Henvist ved udskrivning. Ønsker en at tale med om at komme i gang med hverdagen.",
    ),
]


def _seed_merged_duplicate(organisation, coordinator) -> None:
    """Mette phoned (a record with her phone number, above); a week later she filled in the
    request form with her e-mail address, which made a second record with a request she never
    confirmed. The coordinator merged the two (participants/merging.py): her record now has the
    e-mail address, the second request withdrawn, and a merge record on her admin page."""
    mette = Participant.objects.filter(
        organisation=organisation, first_name="Mette", source=EntrySource.PHONE
    ).first()
    if mette is None or mette.merge_records.exists():
        return
    duplicate = register_participant(
        details=ParticipantDetails(
            organisation=organisation, first_name="Mette", email="mette.h@deltager.test"
        ),
        purposes=[Consent.Purpose.SUPPORT, Consent.Purpose.EVALUATION],
    )
    SupportRequest.objects.create(
        organisation=organisation,
        participant=duplicate,
        status=SupportRequest.Status.SUBMITTED,
        help_wanted="Jeg vil gerne gå ture med nogen.",
    )
    merge_participants(survivor=mette, duplicate=duplicate, actor=coordinator)


def _seed_on_behalf(organisation, coordinator) -> None:
    """A participant who phoned (phone only, no e-mail) and one referred by psychiatry (no
    e-mail or phone: a note says how to reach him), each with a waiting request and the
    consents given orally, recorded by the coordinator (through the real services)."""
    odense = Municipality.objects.get(name="Odense")
    for first, phone, note, source, help_wanted in ON_BEHALF:
        if Participant.objects.filter(
            organisation=organisation, first_name=first, source=source
        ).exists():
            continue
        register_and_request_on_behalf(
            details=ParticipantDetails(
                organisation=organisation,
                first_name=first,
                phone=phone,
                contact_note=note,
                municipality=odense,
            ),
            wishes=Wishes(help_wanted=help_wanted, availability=["2-afternoon"]),
            purposes=[Consent.Purpose.SUPPORT],
            source=source,
            actor=coordinator,
        )


def _match(request, guide, state, confirmed, coordinator):
    now = timezone.now()
    proposed_at = confirmed + datetime.timedelta(days=3)
    status = {
        "proposed": Match.Status.PROPOSED,
        "ended": Match.Status.ENDED,
    }.get(state, Match.Status.ACTIVE)
    match = Match.objects.create(
        organisation=request.organisation,
        request=request,
        guide=guide,
        status=status,
        score=72.5,
        reasons=["begge har erfaring med angst", "begge kan lide gåture"],
        proposed_at=proposed_at,
        proposed_by=coordinator,
        responded_at=None if state == "proposed" else proposed_at + datetime.timedelta(days=1),
        started_at=None if state == "proposed" else proposed_at + datetime.timedelta(days=8),
        ended_at=now - datetime.timedelta(days=30) if state == "ended" else None,
        closure_reason=Match.ClosureReason.GOALS_REACHED if state == "ended" else "",
        closing_conversation_held=True if state == "ended" else None,
        status_changed_at=proposed_at,
    )
    path = ["proposed"] if state == "proposed" else ["proposed", "accepted", "active"]
    if state == "ended":
        path.append("ended")
    for step, (before, after) in enumerate(zip(["", *path], path, strict=False)):
        MatchStatusChange.objects.create(
            match=match,
            from_status=before,
            to_status=after,
            at=proposed_at + datetime.timedelta(days=step * 4),
            actor=coordinator if step == 0 else guide.user,
        )
    request.status = (
        SupportRequest.Status.CLOSED if state == "ended" else SupportRequest.Status.MATCHED
    )
    request.save(update_fields=["status"])
    if state == "proposed":
        return
    start = match.started_at
    last = now - datetime.timedelta(days=40) if state == "stale" else now
    if state == "ended":
        last = match.ended_at
    day = start
    themes = ["everyday", "recovery", "activity", "coping", "relations"]
    n = 0
    while day < last - datetime.timedelta(days=2):
        Meeting.objects.create(
            match=match,
            status=Meeting.Status.HELD if n % 6 != 5 else Meeting.Status.CANCELLED,
            starts_at=day.replace(hour=16, minute=0),
            mode=["walk", "in_person", "phone", "video"][n % 4],
            duration_minutes=60 + 15 * (n % 3) if n % 6 != 5 else None,
            themes=[themes[n % len(themes)]],
            note="",
        )
        day += datetime.timedelta(days=10)
        n += 1
    if state in ("active", "fit_no", "withdrawn"):
        Meeting.objects.create(
            match=match,
            starts_at=(now + datetime.timedelta(days=3)).replace(hour=17, minute=0),
            mode="walk",
            place="Munke Mose",
        )
    if state == "fit_no":
        Feedback.objects.create(
            match=match, kind="fit_check", respondent="participant", answer="no"
        )
    elif state == "active":
        Feedback.objects.create(
            match=match, kind="fit_check", respondent="participant", answer="yes"
        )
    if state == "ended":
        Feedback.objects.create(
            match=match, kind="exit", respondent="participant", answer="yes", rating=5
        )
        Feedback.objects.create(
            match=match, kind="exit", respondent="guide", answer="yes", rating=4
        )

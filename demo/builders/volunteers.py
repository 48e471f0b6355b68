"""Demo data for peer guides: a guide in every status, onboarding items, an expiring
certificate, a supervision session and a check-in that needs follow-up."""

import datetime

from django.utils import timezone

from core.models import ExperienceArea, Interest, Municipality
from demo.builders.common import onboard
from demo.builders.core import demo_user
from volunteers.models import (
    GuideStatusChange,
    OnboardingCheck,
    OnboardingPolicy,
    PeerGuide,
    Qualification,
    SupervisionSession,
    WellbeingCheckIn,
)

S = PeerGuide.Status

# email, first, last, org index, status, employment, municipality, areas, interests, extra
GUIDES = [
    (
        "sofie@guide.test",
        "Sofie",
        "Mortensen",
        0,
        S.ACTIVE,
        "volunteer",
        "Odense",
        ["angst", "depression"],
        ["gature", "natur"],
        {"gender": "female", "birth_year": 1988},
    ),
    (
        "mads@guide.test",
        "Mads",
        "Lund",
        0,
        S.ACTIVE,
        "paid",
        "Odense",
        ["misbrug", "adhd-autisme"],
        ["musik", "spil"],
        {"gender": "male", "birth_year": 1979, "capacity": 3},
    ),
    (
        "yasmin@guide.test",
        "Yasmin",
        "Haddad",
        0,
        S.ACTIVE,
        "volunteer",
        "Nyborg",
        ["angst", "ptsd-traume"],
        ["madlavning", "kaffe"],
        {"gender": "female", "birth_year": 1992, "languages": ["da", "ar", "en"]},
    ),
    (
        "peter@guide.test",
        "Peter",
        "Skov",
        0,
        S.PAUSED,
        "volunteer",
        "Svendborg",
        ["depression", "ensomhed"],
        ["laesning", "natur"],
        {"gender": "male", "birth_year": 1965},
    ),
    (
        "line@guide.test",
        "Line",
        "Bech",
        0,
        S.IN_TRAINING,
        "volunteer",
        "Odense",
        ["spiseforstyrrelse"],
        ["kreative-fag"],
        {"gender": "female", "birth_year": 1998},
    ),
    (
        "jonas@guide.test",
        "Jonas",
        "Friis",
        0,
        S.SCREENING,
        "volunteer",
        "Kerteminde",
        ["bipolar"],
        ["sport"],
        {"gender": "male", "birth_year": 1990},
    ),
    (
        "camilla@guide.test",
        "Camilla",
        "Juhl",
        0,
        S.APPLIED,
        "volunteer",
        "Odense",
        ["ocd", "angst"],
        ["yoga"],
        {"gender": "female", "birth_year": 2000},
    ),
    (
        "ole@guide.test",
        "Ole",
        "Dam",
        0,
        S.RETIRED,
        "volunteer",
        "Odense",
        ["depression"],
        ["have"],
        {"gender": "male", "birth_year": 1955},
    ),
    (
        "eva@guide.test",
        "Eva",
        "Krog",
        0,
        S.DECLINED,
        "volunteer",
        "Assens",
        ["selvskade"],
        ["film"],
        {"gender": "female", "birth_year": 2003},
    ),
    (
        "ahmed@guide.test",
        "Ahmed",
        "Nasser",
        1,
        S.ACTIVE,
        "paid",
        "København",
        ["psykose", "depression"],
        ["gature", "fotografi"],
        {"gender": "male", "birth_year": 1983, "languages": ["da", "ar"]},
    ),
    (
        "katrine@guide.test",
        "Katrine",
        "Vest",
        1,
        S.ACTIVE,
        "volunteer",
        "Frederiksberg",
        ["angst", "stress"],
        ["yoga", "kaffe"],
        {"gender": "female", "birth_year": 1986, "meets_online": True},
    ),
    (
        "lise@guide.test",
        "Lise",
        "Holm",
        1,
        S.APPLIED,
        "volunteer",
        "Hvidovre",
        ["sorg"],
        ["dyr"],
        {"gender": "female", "birth_year": 1975},
    ),
]

PIPELINE = [S.APPLIED, S.SCREENING, S.IN_TRAINING, S.ACTIVE]
WITH_LOGIN = {
    "sofie@guide.test",
    "mads@guide.test",
    "yasmin@guide.test",
    "peter@guide.test",
    "line@guide.test",
    "ahmed@guide.test",
    "katrine@guide.test",
}


def _history_path(status):
    if status in PIPELINE:
        return PIPELINE[: PIPELINE.index(status) + 1]
    if status == S.PAUSED:
        return [*PIPELINE, S.PAUSED]
    if status == S.RETIRED:
        return [*PIPELINE, S.RETIRED]
    return [S.APPLIED, S.DECLINED]


def seed(*, context, password, out) -> dict:
    organisations = context["organisations"]
    today = timezone.localdate()
    now = timezone.now()
    guides = {}
    for index, row in enumerate(GUIDES):
        email, first, last, org_index, status, employment, town, areas, interests, extra = row
        user = demo_user(email, first, last, password if email in WITH_LOGIN else None)
        if email not in WITH_LOGIN and user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        applied_at = now - datetime.timedelta(days=400 - index * 25)
        guide, created = PeerGuide.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisations[org_index],
                "status": status,
                "employment": employment,
                "municipality": Municipality.objects.get(name=town),
                "languages": extra.get("languages", ["da"]),
                "gender": extra.get("gender", ""),
                "birth_year": extra.get("birth_year"),
                "capacity": extra.get("capacity", 2),
                "meets_online": extra.get("meets_online", False),
                "availability": ["1-evening", "3-afternoon", "5-morning"][: 1 + index % 3],
                "presentation": f"Hej, jeg hedder {first}. Jeg kender til at have det svært, "
                "og jeg ved, at det kan blive bedre.",
                "motivation": "Jeg vil gerne bruge mine erfaringer til at give håb videre.",
                "paused_until": today + datetime.timedelta(days=21) if status == S.PAUSED else None,
                "application_consent_at": applied_at,
                "application_consent_version": "2026-11",
                "created_at": applied_at,
            },
        )
        guide.experience_areas.set(ExperienceArea.objects.filter(slug__in=areas))
        guide.interests.set(Interest.objects.filter(slug__in=interests))
        if created or not guide.history.exists():
            path = _history_path(status)
            for step, (before, after) in enumerate(zip(["", *path], path, strict=False)):
                GuideStatusChange.objects.create(
                    guide=guide,
                    from_status=before,
                    to_status=after,
                    at=applied_at + datetime.timedelta(days=30 * step),
                    actor=context["coordinators"][org_index] if step else None,
                )
            guide.status_changed_at = applied_at + datetime.timedelta(days=30 * (len(path) - 1))
            guide.save(update_fields=["status_changed_at"])
        _onboarding(guide, status, today)
        guides[email] = guide
        if email in WITH_LOGIN:
            out.append((email, f"peer guide ({guide.get_status_display().lower()}) · dashboard"))

    OnboardingPolicy.objects.update_or_create(
        organisation=organisations[1],
        defaults={"requires_criminal_record": True, "requires_references": False},
    )
    for email in ("ahmed@guide.test", "katrine@guide.test"):
        days = 20 if email == "ahmed@guide.test" else 300
        OnboardingCheck.objects.update_or_create(
            guide=guides[email],
            kind=OnboardingCheck.Kind.CRIMINAL_RECORD,
            defaults={
                "done_on": today - datetime.timedelta(days=700),
                "expires_on": today + datetime.timedelta(days=days),
            },
        )
    for email, kind, expires_in in [
        ("yasmin@guide.test", Qualification.Kind.WRAP_FACILITATOR, 40),
        ("sofie@guide.test", Qualification.Kind.WRAP_FACILITATOR, 500),
        ("mads@guide.test", Qualification.Kind.LAT_INSTRUCTOR, 400),
        ("sofie@guide.test", Qualification.Kind.LAT_INSTRUCTOR, 365),
        ("ahmed@guide.test", Qualification.Kind.LAT_INSTRUCTOR, 300),
        ("katrine@guide.test", Qualification.Kind.LAT_INSTRUCTOR, 250),
    ]:
        Qualification.objects.update_or_create(
            guide=guides[email],
            kind=kind,
            defaults={
                "issued_on": today - datetime.timedelta(days=300),
                "expires_on": today + datetime.timedelta(days=expires_in),
            },
        )

    session, _ = SupervisionSession.objects.get_or_create(
        organisation=organisations[0],
        date=today - datetime.timedelta(days=14),
        kind=SupervisionSession.Kind.GROUP,
        defaults={"supervisor": "Psykolog Hanne Bro", "duration_minutes": 120},
    )
    session.attendees.set([guides[e] for e in ("sofie@guide.test", "mads@guide.test")])

    if not WellbeingCheckIn.objects.filter(guide=guides["mads@guide.test"]).exists():
        WellbeingCheckIn.objects.create(
            guide=guides["mads@guide.test"],
            answer=WellbeingCheckIn.Answer.HARD,
            wants_contact=True,
            needs_follow_up=True,
            comment="Det fylder meget for tiden.",
        )
        WellbeingCheckIn.objects.create(
            guide=guides["sofie@guide.test"], answer=WellbeingCheckIn.Answer.GOOD
        )
    return {"guides": guides}


def _onboarding(guide, status, today):
    trained = status in (S.ACTIVE, S.PAUSED, S.RETIRED)
    onboard(
        guide,
        done_on=today - datetime.timedelta(days=200),
        trained_on=today - datetime.timedelta(days=150),
        interview=trained or status in (S.SCREENING, S.IN_TRAINING),
        confidentiality=trained or status == S.IN_TRAINING,
        training=trained,
    )

"""Demo data for data protection: retention policies, a participant who has looked at and
downloaded their own data and withdrawn a consent, and a participant whose data is erased."""

import datetime

from django.utils import timezone

from core.models import Municipality
from demo.builders.common import give_consents
from participants.models import Consent, Participant
from privacy.models import AccessEvent, RetentionPolicy
from privacy.services import erase_participant, record_access


def _participant(organisation, *, email, first_name, days_ago, now):
    participant, created = Participant.objects.get_or_create(
        email=email,
        organisation=organisation,
        defaults={
            "first_name": first_name,
            "phone": {"vibeke": "20 30 40 60"}.get(first_name.lower(), "20 30 40 61"),
            "birth_year": 1983,
            "municipality": Municipality.objects.get(name="Odense"),
            "created_at": now - datetime.timedelta(days=days_ago),
        },
    )
    if created:
        give_consents(
            participant,
            [Consent.Purpose.SUPPORT, Consent.Purpose.EVALUATION],
            given_at=participant.created_at,
        )
    return participant, created


def seed(*, context, password, out) -> dict:
    now = timezone.now()
    organisations = context["organisations"]
    for organisation, months in zip(organisations, (24, 36), strict=False):
        RetentionPolicy.objects.get_or_create(
            organisation=organisation, defaults={"months": months}
        )
    odense = organisations[0]

    # Vibeke opened "see my data", downloaded it and withdrew her evaluation consent.
    vibeke, created = _participant(
        odense, email="vibeke@deltager.test", first_name="Vibeke", days_ago=120, now=now
    )
    if created:
        for where in (AccessEvent.Where.SELF_SERVICE, AccessEvent.Where.EXPORT):
            record_access(participant=vibeke, actor=None, where=where)
        Consent.objects.filter(participant=vibeke, purpose=Consent.Purpose.EVALUATION).update(
            withdrawn_at=now - datetime.timedelta(days=2)
        )

    # Someone asked to be erased: the row stays (the figures add up), nothing identifies them.
    if not Participant.objects.filter(organisation=odense, anonymised_at__isnull=False).exists():
        ulrik, _created = _participant(
            odense, email="ulrik@deltager.test", first_name="Ulrik", days_ago=400, now=now
        )
        erase_participant(participant=ulrik, actor=None)
    return {}

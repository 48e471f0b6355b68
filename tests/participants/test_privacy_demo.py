"""The demo shows data protection: retention policies, a participant who used "see my data" and
withdrew a consent, and an erased participant; running the demo twice changes nothing."""

import pytest
from django.core.management import call_command

from participants.models import Consent, Participant
from privacy.models import AccessEvent, RetentionPolicy

pytestmark = pytest.mark.django_db


def test_demo_has_privacy_examples_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert RetentionPolicy.objects.count() >= 2
    vibeke = Participant.objects.get(email="vibeke@deltager.test")
    assert set(vibeke.access_events.values_list("where", flat=True)) == {
        AccessEvent.Where.SELF_SERVICE,
        AccessEvent.Where.EXPORT,
    }
    assert vibeke.consents.filter(purpose=Consent.Purpose.EVALUATION).get().withdrawn_at
    erased = Participant.objects.filter(anonymised_at__isnull=False)
    assert erased.count() == 1
    assert erased.get().first_name == ""
    assert erased.get().email == ""
    assert not Participant.objects.filter(email="ulrik@deltager.test").exists()

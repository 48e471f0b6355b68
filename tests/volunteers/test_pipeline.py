"""The guide status pipeline: every transition allowed and refused, with its message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from tests.factories import PeerGuideFactory, UserFactory, onboarded
from volunteers import services
from volunteers.models import GuideStatusChange, OnboardingCheck, OnboardingPolicy, PeerGuide
from volunteers.selectors import guide_with_onboarding

S = PeerGuide.Status

ALLOWED = [
    (services.invite_to_interview, S.APPLIED, S.SCREENING),
    (services.start_training, S.SCREENING, S.IN_TRAINING),
    (services.pause_guide, S.ACTIVE, S.PAUSED),
    (services.retire_guide, S.ACTIVE, S.RETIRED),
    (services.retire_guide, S.PAUSED, S.RETIRED),
    (services.retire_guide, S.IN_TRAINING, S.RETIRED),
    (services.decline_application, S.APPLIED, S.DECLINED),
    (services.decline_application, S.SCREENING, S.DECLINED),
]


@pytest.fixture
def actor(coordinator1):
    return coordinator1


@pytest.mark.parametrize(("service", "start", "end"), ALLOWED)
def test_allowed_transition_records_who_and_when(db, actor, service, start, end):
    guide = PeerGuideFactory(status=start)
    service(guide=guide, actor=actor)
    guide.refresh_from_db()
    assert guide.status == end
    change = guide.history.get()
    assert (change.from_status, change.to_status, change.actor) == (start, end, actor)


REFUSED = [
    (services.invite_to_interview, [S.SCREENING, S.IN_TRAINING, S.ACTIVE, S.RETIRED, S.DECLINED]),
    (services.start_training, [S.APPLIED, S.ACTIVE, S.PAUSED, S.DECLINED]),
    (services.pause_guide, [S.APPLIED, S.SCREENING, S.IN_TRAINING, S.PAUSED, S.RETIRED]),
    (services.retire_guide, [S.APPLIED, S.SCREENING, S.RETIRED, S.DECLINED]),
    (services.decline_application, [S.IN_TRAINING, S.ACTIVE, S.PAUSED, S.RETIRED]),
    (services.activate_guide, [S.APPLIED, S.SCREENING, S.ACTIVE, S.RETIRED, S.DECLINED]),
]


@pytest.mark.parametrize(
    ("service", "start"), [(svc, st) for svc, starts in REFUSED for st in starts]
)
def test_refused_transition_says_why_and_changes_nothing(db, actor, service, start):
    guide = onboarded(PeerGuideFactory(status=start))
    with pytest.raises(ValidationError) as error:
        service(guide=guide_with_onboarding(guide), actor=actor)
    assert "kan ikke flyttes til" in error.value.messages[0]
    guide.refresh_from_db()
    assert guide.status == start
    assert not GuideStatusChange.objects.exists()


def test_activation_needs_every_required_item_and_names_what_is_missing(db, actor):
    guide = PeerGuideFactory(status=S.IN_TRAINING)
    with pytest.raises(ValidationError) as error:
        services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    message = error.value.messages[0]
    assert "Samtale afholdt mangler" in message
    assert "Tavshedserklæring underskrevet mangler" in message
    assert "Peerguideuddannelsen er ikke registreret" in message
    onboarded(guide, training=False)
    with pytest.raises(ValidationError, match="Peerguideuddannelsen"):
        services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    onboarded(guide, interview=False, confidentiality=False)
    services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    guide.refresh_from_db()
    assert guide.status == S.ACTIVE


def test_organisation_policy_adds_criminal_record_and_references(db, actor):
    guide = onboarded(PeerGuideFactory(status=S.IN_TRAINING))
    OnboardingPolicy.objects.create(
        organisation=guide.organisation, requires_criminal_record=True, requires_references=True
    )
    with pytest.raises(ValidationError) as error:
        services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    assert "Straffeattest indhentet mangler" in error.value.messages[0]
    assert "Referencer tjekket mangler" in error.value.messages[0]


def test_expired_certificate_blocks_activation_with_its_date(db, actor):
    guide = onboarded(PeerGuideFactory(status=S.IN_TRAINING))
    OnboardingPolicy.objects.create(organisation=guide.organisation, requires_criminal_record=True)
    OnboardingCheck.objects.create(
        guide=guide,
        kind="criminal_record",
        done_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError, match="udløb 1. januar 2021"):
        services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)


def test_paused_guide_resumes_through_activation(db, actor):
    guide = onboarded(PeerGuideFactory(status=S.ACTIVE))
    services.pause_guide(
        guide=guide, actor=actor, until=timezone.localdate() + datetime.timedelta(7)
    )
    assert guide.paused_until
    services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    guide.refresh_from_db()
    assert guide.status == S.ACTIVE
    assert guide.paused_until is None


def test_pause_refuses_a_return_date_in_the_past(db, actor):
    guide = PeerGuideFactory(status=S.ACTIVE)
    with pytest.raises(ValidationError, match="fremtiden"):
        services.pause_guide(guide=guide, actor=actor, until=datetime.date(2020, 1, 1))


def test_first_activation_sends_the_set_password_email(db, actor):
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    guide = onboarded(PeerGuideFactory(status=S.IN_TRAINING, user=user))
    services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    mail = Notification.objects.get(kind="volunteers.welcome_set_password")
    assert mail.recipient == user.email
    assert "/konto/reset/" in mail.body_text


def test_activation_of_guide_with_password_sends_no_set_password_email(db, actor):
    guide = onboarded(PeerGuideFactory(status=S.IN_TRAINING))
    services.activate_guide(guide=guide_with_onboarding(guide), actor=actor)
    assert not Notification.objects.filter(kind="volunteers.welcome_set_password").exists()

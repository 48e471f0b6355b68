"""Small builders that put rows straight into a state, shared by the demo builders and by
tests/factories.py, so a model change is made in one place for both.

They write rows directly (no e-mails, no history); where a rule matters, the demo calls the app's
services instead.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from courses.models import Enrollment
from participants.models import Consent
from participants.services import CONSENT_TEXT_VERSION
from volunteers.models import OnboardingCheck, TrainingRecord

GUIDE_TRAINING = "Peerguideuddannelsen"

# Enrollment statuses that went through "enrolled" (and so have an enrolled_at).
_WAS_ENROLLED = {
    Enrollment.Status.ENROLLED,
    Enrollment.Status.COMPLETED,
    Enrollment.Status.NOT_COMPLETED,
}


def give_consents(
    participant, purposes, *, text_version: str = CONSENT_TEXT_VERSION, given_at=None
) -> list[Consent]:
    """The participant's consents to `purposes` (given now unless `given_at`)."""
    extra = {"given_at": given_at} if given_at else {}
    return [
        Consent.objects.create(
            participant=participant, purpose=purpose, text_version=text_version, **extra
        )
        for purpose in purposes
    ]


def onboard(
    guide,
    *,
    done_on: datetime.date | None = None,
    trained_on: datetime.date | None = None,
    interview: bool = True,
    confidentiality: bool = True,
    training: bool = True,
):
    """The standard onboarding items for a guide (interview, confidentiality agreement, the
    peer-guide training), on `done_on` / `trained_on` (default today); kept if already there."""
    today = timezone.localdate()
    kinds = [
        kind
        for kind, wanted in (
            (OnboardingCheck.Kind.INTERVIEW, interview),
            (OnboardingCheck.Kind.CONFIDENTIALITY, confidentiality),
        )
        if wanted
    ]
    for kind in kinds:
        OnboardingCheck.objects.get_or_create(
            guide=guide, kind=kind, defaults={"done_on": done_on or today}
        )
    if training:
        TrainingRecord.objects.get_or_create(
            guide=guide,
            course_name=GUIDE_TRAINING,
            defaults={"completed_on": trained_on or today},
        )
    return guide


def enroll(cohort, participant, *, status: str, at: datetime.datetime | None = None, **fields):
    """An enrollment straight into `status` at `at` (default now), with the time stamps that
    status implies (no e-mail is sent, no seat is checked)."""
    at = at or timezone.now()
    return Enrollment.objects.create(
        cohort=cohort,
        participant=participant,
        status=status,
        confirmed_at=None if status == Enrollment.Status.PENDING else at,
        enrolled_at=at if status in _WAS_ENROLLED else None,
        waitlisted_at=at if status == Enrollment.Status.WAITLISTED else None,
        **fields,
    )


def who5_items(raw: int) -> dict[str, int]:
    """The five WHO-5 answers (0-5 each) for a raw score of 0-25, spread evenly."""
    return {f"item{i + 1}": raw // 5 + (1 if i < raw % 5 else 0) for i in range(5)}

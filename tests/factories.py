import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from core.models import Membership, Municipality, Organisation, User
from demo.builders.common import enroll, give_consents, onboard, who5_items

TEST_PASSWORD = "a-Long-test-passw0rd"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.NGO
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(name="Odense"))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.COORDINATOR


def coordinator_of(organisation, **user_kwargs) -> User:
    """A user with the coordinator role (and its group) in `organisation`."""
    from core import services

    user = UserFactory(**user_kwargs)
    services.set_membership(user=user, organisation=organisation, role=Membership.Role.COORDINATOR)
    user.refresh_from_db()
    return user


class PeerGuideFactory(DjangoModelFactory):
    class Meta:
        model = "volunteers.PeerGuide"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = "active"
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality)
    birth_year = 1985
    languages = factory.LazyFunction(lambda: ["da"])
    availability = factory.LazyFunction(lambda: ["1-evening", "3-afternoon"])
    capacity = 2


def onboarded(guide, *, training=True, interview=True, confidentiality=True):
    """Record the standard onboarding items for a guide (today), as the demo does."""
    return onboard(guide, training=training, interview=interview, confidentiality=confidentiality)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = "participants.Participant"

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="da_DK")
    email = factory.Sequence(lambda n: f"deltager{n}@example.test")
    birth_year = 1990
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality)


class SupportRequestFactory(DjangoModelFactory):
    class Meta:
        model = "matching.SupportRequest"

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    status = "waiting"
    confirmed_at = factory.LazyFunction(timezone.now)
    availability = factory.LazyFunction(lambda: ["1-evening"])


class MatchFactory(DjangoModelFactory):
    class Meta:
        model = "matching.Match"

    request = factory.SubFactory(SupportRequestFactory, status="matched")
    organisation = factory.SelfAttribute("request.organisation")
    guide = factory.SubFactory(
        PeerGuideFactory, organisation=factory.SelfAttribute("..request.organisation")
    )
    status = "active"
    started_at = factory.LazyFunction(timezone.now)


def totp_device(user, *, confirmed=True):
    """An authenticator-app device for two-step login (django-otp). Its current code is
    `django_otp.oath.totp(device.bin_key)`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Test app", confirmed=confirmed)


# --- courses ----------------------------------------------------------------------------------


def programme(name="WRAP"):
    """One of the programmes the data migration adds (WRAP, Lær at tackle ...)."""
    from courses.models import Programme

    return Programme.objects.get(name=name)


def qualified_guide(organisation, kind="wrap_facilitator", **kwargs):
    """An active guide holding a current qualification of `kind`."""
    import datetime

    from django.utils import timezone

    from volunteers.models import Qualification

    guide = PeerGuideFactory(organisation=organisation, **kwargs)
    Qualification.objects.create(
        guide=guide,
        kind=kind,
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
    )
    return guide


def make_cohort(organisation, *, programme_name="WRAP", status="open", capacity=10, **kwargs):
    """A cohort with generated sessions and two qualified facilitators, in `status`."""
    import datetime

    from django.utils import timezone

    from courses import services
    from courses.models import Cohort

    prog = programme(programme_name)
    first = kwargs.pop("first_date", timezone.localdate() + datetime.timedelta(days=14))
    kind = prog.required_qualification or "group_leader"
    facilitators = kwargs.pop(
        "facilitators",
        [qualified_guide(organisation, kind) for _ in range(prog.facilitators_required)],
    )
    cohort = services.create_cohort(
        programme=prog,
        organisation=organisation,
        title=kwargs.pop("title", f"{prog.name} hold"),
        first_date=first,
        weekday=kwargs.pop("weekday", first.weekday()),
        start_time=kwargs.pop("start_time", datetime.time(17, 0)),
        facilitators=facilitators,
        capacity=capacity,
        municipality=kwargs.pop("municipality", organisation.municipality),
        venue=kwargs.pop("venue", "Frivilligcentret"),
        **kwargs,
    )
    if status != "draft":
        Cohort.objects.filter(pk=cohort.pk).update(status=status)
        cohort.refresh_from_db()
    return cohort


_ENROLLED = itertools.count(1)


def make_enrollment(cohort, *, status="enrolled", email=None, first_name="Deltager", **kwargs):
    """An enrollment with its participant, straight into `status` (no e-mail is sent). The
    address is unique for the whole run (a count of rows could meet ParticipantFactory's
    "deltager<n>" addresses, which one organisation may not share)."""
    from participants.models import Participant

    participant = Participant.objects.create(
        organisation=cohort.organisation,
        first_name=first_name,
        email=email or f"{first_name.lower()}.tilmeldt{next(_ENROLLED)}@example.test",
    )
    return enroll(cohort, participant, status=status, **kwargs)


# --- reports and WHO-5 ------------------------------------------------------------------------


def who5_measurement(participant, *, source="match", source_id=1, timepoint="start", **kwargs):
    """A WHO-5 measurement; pass raw_score to make it answered (items spread the score)."""
    from participants.models import WellBeingMeasurement

    raw = kwargs.pop("raw_score", None)
    if raw is not None:
        kwargs.update(
            status="answered",
            raw_score=raw,
            answered_at=kwargs.get("due_at") or timezone.now(),
            invited_at=kwargs.get("invited_at", kwargs.get("due_at") or timezone.now()),
            **who5_items(raw),
        )
    kwargs.setdefault("due_at", timezone.now())
    return WellBeingMeasurement.objects.create(
        participant=participant,
        organisation=participant.organisation,
        source=source,
        source_id=source_id,
        timepoint=timepoint,
        **kwargs,
    )


def evaluation_consent(participant):
    from participants.models import Consent

    return give_consents(participant, [Consent.Purpose.EVALUATION], text_version="test")[0]

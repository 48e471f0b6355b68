import factory
from factory.django import DjangoModelFactory

from core.models import Membership, Municipality, Organisation, User

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

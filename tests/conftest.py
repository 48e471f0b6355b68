import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the live server and the test's own
# ORM calls are still synchronous (CONVENTIONS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import OrganisationFactory, coordinator_of  # noqa: E402


@pytest.fixture(autouse=True)
def _danish_by_default(settings):
    settings.LANGUAGE_CODE = "da"


@pytest.fixture
def org1(db):
    return OrganisationFactory(name="Peer to Peer Odense")


@pytest.fixture
def org2(db):
    from core.models import Municipality

    return OrganisationFactory(
        name="Aarhus Peerstøtte", municipality=Municipality.objects.get(name="Aarhus")
    )


@pytest.fixture
def coordinator1(org1):
    return coordinator_of(org1, email="koordinator1@example.test")


@pytest.fixture
def coordinator2(org2):
    return coordinator_of(org2, email="koordinator2@example.test")

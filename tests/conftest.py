import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the live server and the test's own
# ORM calls are still synchronous (CONVENTIONS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.test import Client  # noqa: E402

import core.security  # noqa: E402, F401 - connects its signal receivers, as a server does
from tests.factories import OrganisationFactory, coordinator_of, totp_device  # noqa: E402


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "da"
    # Password hashing is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache: a rolled-back test leaves no cached rows (the crisis
    # contacts) or rate-limit counts behind for the next.
    from django.core.cache import cache

    cache.clear()


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


TESTS = Path(__file__).resolve().parent
ENGINE_INDEPENDENT = ("browser", "journeys", "deploy")


def pytest_collection_modifyitems(config, items):
    """Transactional tests flush the database afterwards, which would also remove the reference
    data that migrations load (municipalities, taxonomies, groups). Restore it after each one.

    Tests marked `once` do not depend on the database engine: they run in the SQLite pass of CI
    and are deselected in the PostgreSQL pass, which exists for locking, concurrency and
    aggregates. Besides tests marked one by one, every test in ENGINE_INDEPENDENT is one: the
    browser walks and journeys (what a person sees and clicks; the services they call are tested
    on PostgreSQL) and the deployment checks (they start their own processes and settings)."""
    from django.conf import settings

    for item in items:
        path = Path(str(item.path)).resolve()
        if any(path.is_relative_to(TESTS / folder) for folder in ENGINE_INDEPENDENT):
            item.add_marker(pytest.mark.once)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        once = [item for item in items if item.get_closest_marker("once")]
        if once:
            config.hook.pytest_deselected(items=once)
            items[:] = [item for item in items if not item.get_closest_marker("once")]
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            item.add_marker(
                pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False
            )


# --- Two-step login (django-otp) -----------------------------------------------------------------
# Staff must verify a second factor before the admin opens (core/twofactor.py). Tests that only
# need a logged-in coordinator use `client.force_login(user)` as before: for staff users it now
# also gives them a confirmed TOTP device and marks the session verified, as `django_otp.login`
# does after a correct code. Tests of the two-step login itself use `login_without_otp`.

_force_login_without_otp = Client.force_login


def otp_verify_session(client, user):
    """Mark the client's session as verified with the user's (possibly new) TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def _force_login_otp_verified(self, user, backend=None):
    _force_login_without_otp(self, user, backend)
    if user.is_staff or user.is_superuser:
        otp_verify_session(self, user)


@pytest.fixture(autouse=True)
def _staff_force_login_is_otp_verified(monkeypatch):
    monkeypatch.setattr(Client, "force_login", _force_login_otp_verified)


@pytest.fixture
def login_without_otp():
    """`client.force_login` without the second factor: the session is not verified."""

    def _login(client, user):
        _force_login_without_otp(client, user)

    return _login


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_for_every_connection(request):
    """Transactional tests restore the reference data from `_test_serialized_contents`, which Django
    keeps on the connection object that created the test database. Playwright's sync API runs test
    code in a greenlet with its own context, where `connections` hands out a new connection object
    without it, so the data was flushed and never restored. Make it visible to every connection."""
    uses_db = {"db", "transactional_db", "live_server"}
    if not any(
        item.get_closest_marker("django_db") or uses_db & set(getattr(item, "fixturenames", ()))
        for item in request.session.items
    ):
        yield  # no test needs the database: do not create it
        return
    request.getfixturevalue("django_db_setup")
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _fresh_guide_pools():
    """Each process keeps prepared guide pools (matching.selectors.guide_pool); a test's rolled-back
    rows must not live on in them."""
    from matching import selectors

    selectors._POOLS.clear()
    yield
    selectors._POOLS.clear()

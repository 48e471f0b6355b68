import copy
from pathlib import Path

import pytest

from notifications import sms

TEST_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "notifications_test/hello"


@pytest.fixture(autouse=True)
def _outbox_settings(settings):
    settings.SITE_URL = "https://peer.example.test"
    settings.SMS_BACKEND = "notifications.sms.LocmemSMSBackend"
    sms.outbox.clear()
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
    yield
    sms.outbox.clear()


@pytest.fixture
def about(org1):
    """Any saved object can be what a message is about."""
    return org1


@pytest.fixture
def queue(db):
    """queue_email with the test template and sensible defaults."""
    from notifications import services

    def _queue(**kwargs):
        kwargs.setdefault("kind", "tests.hello")
        kwargs.setdefault("to", "ada@example.test")
        kwargs.setdefault("template", TEMPLATE)
        kwargs.setdefault("context", {"name": "Ada"})
        return services.queue_email(**kwargs)

    return _queue

"""The demo data shows every line of the coordinator's overview at least once."""

import pytest
from django.core.management import call_command

from core.models import User
from notifications.models import Notification
from reports.overview import coordinator_overview
from tests.reports.test_overview import KEYS


@pytest.mark.django_db
def test_every_overview_item_has_something_in_the_demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # idempotent  # noqa: SIM115
    overview = coordinator_overview(user=User.objects.get(email="koordinator@p2p-odense.test"))
    empty = [key for key in KEYS if not overview.get(key).count]
    assert not empty
    assert [guide.user.email for guide in overview.handover_guides] == ["henrik@guide.test"]
    assert Notification.objects.filter(
        kind="volunteers.handover", recipient="koordinator@p2p-odense.test"
    ).exists()

"""The demo data makes every report chart non-empty for each demo coordinator."""

import pytest
from django.core.management import call_command

from core.models import User
from reports import pages
from reports.forms import last_twelve_months
from reports.selectors import scope_for


@pytest.mark.django_db
def test_every_chart_has_data_for_every_demo_coordinator():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # idempotent  # noqa: SIM115
    from django.utils import timezone

    period = last_twelve_months(timezone.localdate())
    for email in ("koordinator@p2p-odense.test", "koordinator@kk.test"):
        scope = scope_for(User.objects.get(email=email))
        for area, build in pages.BUILDERS.items():
            for chart in build(period, scope).charts:
                values = [v for d in chart.data["datasets"] for v in d["data"] if v]
                assert values, f"{email}: {area}/{chart.key} is empty"

"""Helpers for the activities tests: an activity with its hosts, published or proposed."""

import datetime

from django.utils import timezone

from activities import services
from activities.models import Activity
from core.models import Municipality
from tests.factories import PeerGuideFactory


def make_activity(
    organisation,
    *,
    hosts=None,
    publish=True,
    title="Gåtur ved åen",
    repeat="weekly",
    first_date=None,
    start=datetime.time(10, 0),
    end=datetime.time(12, 0),
    **kwargs,
) -> Activity:
    hosts = hosts or [PeerGuideFactory(organisation=organisation)]
    activity = Activity.objects.create(
        organisation=organisation,
        title=title,
        description="Vi går en tur sammen og snakker, hvis vi har lyst.",
        place=kwargs.pop("place", "Ved hovedindgangen til biblioteket"),
        municipality=kwargs.pop("municipality", Municipality.objects.get(name="Odense")),
        repeat=repeat,
        first_date=first_date or timezone.localdate() + datetime.timedelta(days=1),
        start_time=start,
        end_time=end,
        status="proposed",
        **kwargs,
    )
    activity.hosts.set(hosts)
    if publish:
        services.publish_activity(activity=activity, actor=None)
        activity.refresh_from_db()
    return activity

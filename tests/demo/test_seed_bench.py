"""The benchmark data set (`manage.py seed_bench`, issue 15) at a tiny scale: proportional
counts, rows that pass model validation, and no second run over existing data."""

import pytest
from django.core.management import CommandError, call_command

from bench import seed

pytestmark = pytest.mark.django_db

SCALE = 0.001


@pytest.fixture
def built():
    call_command("seed_bench", scale=SCALE, verbosity=0)


def test_counts_are_proportional_to_the_scale(built):
    from core.models import Organisation
    from courses.models import Cohort, Enrollment
    from matching.models import Match, Meeting
    from notifications.models import Notification
    from participants.models import Participant
    from volunteers.models import PeerGuide

    expected = seed.counts_for(SCALE)
    assert expected == {
        "guides": 2,
        "participants": 20,
        "matches": 10,
        "meetings": 1000,
        "cohorts": 1,
        "enrollments": 10,
        "notifications": 200,
    }
    assert Organisation.objects.count() == 3
    assert PeerGuide.objects.count() == expected["guides"]
    assert Participant.objects.count() == expected["participants"]
    assert Match.objects.count() == expected["matches"]
    assert Meeting.objects.count() == expected["meetings"]
    assert Cohort.objects.count() == expected["cohorts"]
    assert Enrollment.objects.count() == expected["enrollments"]
    assert Notification.objects.count() == expected["notifications"]


def test_a_sample_of_every_table_passes_model_validation(built):
    for model in seed._data_models():
        if model._meta.auto_created:
            continue
        for row in model._base_manager.order_by("?")[:5]:
            row.full_clean()


def test_the_odense_coordinator_can_log_in_and_sees_only_odense(built, client):
    from matching.models import Match

    assert client.login(email=seed.BENCH_COORDINATOR, password=seed.BENCH_PASSWORD)
    from core.models import User

    coordinator = User.objects.get(email=seed.BENCH_COORDINATOR)
    assert coordinator.is_staff
    assert [m.organisation.name for m in coordinator.memberships.all()] == ["Peer to Peer Odense"]
    assert Match.objects.filter(organisation__name="Peer to Peer Odense").exists()
    assert client.login(email=seed.BENCH_GUIDE, password=seed.BENCH_PASSWORD)


def test_refuses_a_database_with_data_unless_reset(built):
    from matching.models import Meeting

    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_bench", scale=SCALE, verbosity=0)
    call_command("seed_bench", scale=SCALE, if_empty=True, verbosity=0)  # a no-op
    assert Meeting.objects.count() == seed.counts_for(SCALE)["meetings"]
    call_command("seed_bench", scale=SCALE, reset=True, verbosity=0)
    assert Meeting.objects.count() == seed.counts_for(SCALE)["meetings"]

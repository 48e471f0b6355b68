from django.core.management import call_command

from core.models import Membership, Organisation, User


def test_seed_demo_is_idempotent(db, capsys):
    call_command("seed_demo")
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    assert Organisation.objects.count() == 2
    out = capsys.readouterr().out
    assert "peerstotte-demo-2026" in out


def test_seed_demo_gives_a_coordinator_in_each_organisation(db):
    call_command("seed_demo")
    for org in Organisation.objects.all():
        coordinators = org.memberships.filter(role=Membership.Role.COORDINATOR)
        assert coordinators.exists()
        assert all(m.user.is_staff for m in coordinators)
    coordinator = User.objects.get(email="koordinator@p2p-odense.test")
    assert coordinator.check_password("peerstotte-demo-2026")

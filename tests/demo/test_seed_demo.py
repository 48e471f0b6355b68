from django.core.management import call_command

from core.models import Membership, Organisation, User
from volunteers.models import GuideStatusChange, PeerGuide


def counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        PeerGuide.objects.count(),
        GuideStatusChange.objects.count(),
    )


def test_seed_demo_is_idempotent(db, capsys):
    call_command("seed_demo")
    before = counts()
    call_command("seed_demo")
    assert counts() == before
    assert Organisation.objects.count() == 2
    assert "peerstotte-demo-2026" in capsys.readouterr().out


def test_seed_demo_gives_a_coordinator_in_each_organisation(db):
    call_command("seed_demo")
    for org in Organisation.objects.all():
        coordinators = org.memberships.filter(role=Membership.Role.COORDINATOR)
        assert coordinators.exists()
        assert all(m.user.is_staff for m in coordinators)
    coordinator = User.objects.get(email="koordinator@p2p-odense.test")
    assert coordinator.check_password("peerstotte-demo-2026")


def test_seed_demo_shows_the_whole_guide_pipeline(db):
    call_command("seed_demo")
    statuses = set(PeerGuide.objects.values_list("status", flat=True))
    assert statuses == set(PeerGuide.Status.values)
    sofie = PeerGuide.objects.get(user__email="sofie@guide.test")
    assert sofie.status == "active"
    assert sofie.user.check_password("peerstotte-demo-2026")
    assert list(sofie.history.order_by("at").values_list("to_status", flat=True)) == [
        "applied",
        "screening",
        "in_training",
        "active",
    ]
    applicant = PeerGuide.objects.get(user__email="camilla@guide.test")
    assert not applicant.user.has_usable_password()


def test_seed_demo_shows_one_to_one_support(db):
    from matching.models import Match, Meeting, SupportRequest
    from matching.selectors import stale_matches, suggest_guides
    from notifications.models import Notification

    call_command("seed_demo")
    call_command("seed_demo")
    waiting = SupportRequest.objects.filter(status="waiting")
    assert waiting.count() >= 3
    assert all(suggest_guides(r) for r in waiting)  # good candidates for every waiting request
    statuses = set(Match.objects.values_list("status", flat=True))
    assert {"proposed", "active", "ended"} <= statuses
    assert Meeting.objects.filter(status="held").count() > 10
    assert Meeting.objects.filter(status="planned").exists()
    assert stale_matches().exists()
    # A participant withdrew mid-match: the match ended and the guide was told.
    withdrawn = SupportRequest.objects.get(status="withdrawn", participant__first_name="Lene")
    assert withdrawn.matches.get().closure_reason == "participant_withdrew"
    assert (
        Notification.objects.filter(
            kind="matching.request_withdrawn_guide", recipient="yasmin@guide.test"
        ).count()
        == 1
    )

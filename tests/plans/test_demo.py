"""seed_demo shows the plan and the goals: a participant with a filled plan and a shared crisis
plan, a running match with goals, an ended match with its goals marked."""

from django.core.management import call_command

from matching.models import Match, MatchGoal
from plans.models import Plan, PlanSection, ShareLink, ShareView


def test_seed_demo_has_a_plan_a_share_and_goals(db):
    call_command("seed_demo")
    call_command("seed_demo")  # twice: nothing doubles
    plan = Plan.objects.get()
    assert plan.participant.first_name == "Frida"
    assert PlanSection.objects.filter(plan=plan).count() == 4
    link = ShareLink.objects.get(plan=plan)
    assert link.section_keys == ["crisis"]
    assert link.is_active
    assert ShareView.objects.filter(link=link).count() == 1
    running = MatchGoal.objects.filter(match__status=Match.Status.ACTIVE)
    assert running.count() == 2
    assert set(running.values_list("outcome", flat=True)) == {""}
    ended = MatchGoal.objects.filter(match__status=Match.Status.ENDED)
    assert set(ended.values_list("outcome", flat=True)) == {"reached", "partly"}

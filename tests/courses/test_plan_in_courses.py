"""WRAP courses and the participant's own plan: each session links to the part of the plan it
works on; a facilitator invites the cohort to start their plans and sees only who has started."""

import pytest
from django.urls import reverse

from courses.models import SessionPlanItem
from notifications.models import Notification
from plans import sections as plan_sections
from plans import services as plan_services
from plans.models import Plan
from tests.factories import make_cohort, make_enrollment, qualified_guide

pytestmark = pytest.mark.django_db

SECRET = "Min hemmelige værktøjskasse"


def test_wrap_sessions_work_through_the_plan_one_section_each_in_its_order(db):
    keys = list(
        SessionPlanItem.objects.filter(programme__kind="wrap")
        .order_by("number")
        .values_list("plan_section", flat=True)
    )
    assert keys == [section.key for section in plan_sections.SECTIONS]


@pytest.fixture
def cohort(org1):
    cohort = make_cohort(org1, programme_name="WRAP", status="running")
    return cohort


def test_the_public_page_links_each_session_to_its_part_of_the_plan(client, cohort):
    if not cohort.sessions.exists():
        pytest.skip("the factory cohort has no sessions")
    page = client.get(reverse("courses:detail", args=[cohort.pk])).content.decode()
    assert 'href="/min-plan/afsnit/' in page
    assert "I din egen plan:" in page


def test_the_facilitator_invites_once_and_sees_only_who_started(client, org1, cohort):
    facilitator = qualified_guide(org1)
    cohort.facilitators.add(facilitator)
    by_mail = make_enrollment(cohort, email="mette@example.test", first_name="Mette")
    by_phone = make_enrollment(cohort, first_name="Jonas")
    by_phone.participant.email, by_phone.participant.phone = "", "20304050"
    by_phone.participant.save()
    started = Plan.objects.create(participant=by_mail.participant, organisation=org1)
    plan_services.save_section(plan=started, key="toolbox", data={"tools": [SECRET]})
    client.force_login(facilitator.user)

    page = client.get(reverse("courses:my_cohort", args=[cohort.pk])).content.decode()
    assert "Plan startet" in page
    assert "Inviter dem til at starte deres plan" in page
    assert SECRET not in page
    row_mette = page[page.index("Mette") : page.index("</tr>", page.index("Mette"))]
    row_jonas = page[page.index("Jonas") : page.index("</tr>", page.index("Jonas"))]
    assert "Ja" in row_mette
    assert "Ikke endnu" in row_jonas

    url = reverse("courses:invite_to_plan", args=[cohort.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: still one message each
    sent = Notification.objects.filter(kind="plans.invitation")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "sms"]
    assert all("/min-plan/log-ind/" in n.body_text for n in sent)

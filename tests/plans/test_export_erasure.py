"""The participant's own data export carries the whole plan (as data and as readable text);
a coordinator's export of the person does not; erasure deletes the plan."""

import json

import pytest
from django.test import Client

from participants.links import privacy_token as self_service_token
from plans import services
from plans.models import Plan, PlanSection, ShareLink, ShareView
from privacy.services import erase_participant, export_participant
from tests.plans.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(client, participant):
    plan = signed_in(client, participant)
    services.save_section(plan=plan, key="toolbox", data={"tools": ["Gåtur ved åen", "Musik"]})
    services.save_section(
        plan=plan,
        key="crisis",
        data={
            "take_over": [],
            "supporters": [{"name": "Mor", "phone": "12345678"}],
            "helps": ["Ro og te"],
            "does_not_help": [],
            "practical": "Katten Mis skal fodres.",
        },
    )
    new = services.create_share_link(plan=plan, section_keys=["crisis"])
    services.open_share_link(new.url.rsplit("/", 2)[-2])
    return plan


def test_the_participants_own_export_has_the_whole_plan(plan, participant):
    token = self_service_token(participant)
    response = Client().get(f"/mine-data/{token}/mine-data.json")
    data = json.loads(response.content)
    mine = data["my_plan"]
    assert [s["key"] for s in mine["sections"]] == ["toolbox", "crisis"]
    assert mine["sections"][0]["content"] == {"tools": ["Gåtur ved åen", "Musik"]}
    assert "Min værktøjskasse" in mine["as_text"]
    assert "- Gåtur ved åen" in mine["as_text"]
    assert "- Mor 12345678" in mine["as_text"]
    assert "Katten Mis skal fodres." in mine["as_text"]
    assert [len(link["opened"]) for link in mine["share_links"]] == [1]

    page = Client().get(f"/mine-data/{token}/").content.decode()
    assert "Din egen plan" in page
    assert "Gåtur ved åen" in page


def test_a_coordinators_export_of_the_person_has_no_plan(plan, participant):
    data = export_participant(participant)
    assert "my_plan" not in data
    assert "Gåtur" not in json.dumps(data, ensure_ascii=False)


def test_no_plan_no_section_in_the_export(org1):
    from tests.factories import ParticipantFactory

    assert "my_plan" not in export_participant(
        ParticipantFactory(organisation=org1), by_participant=True
    )


def test_erasure_deletes_the_plan_and_ends_every_session(client, plan, participant):
    erase_participant(participant=participant)
    assert not Plan.objects.exists()
    assert not PlanSection.objects.exists()
    assert not ShareLink.objects.exists()
    assert not ShareView.objects.exists()
    assert client.get("/min-plan/").status_code == 302


def test_erasure_through_the_participants_own_page(client, plan, participant):
    token = self_service_token(participant)
    response = Client().post(f"/mine-data/{token}/slet/", {"confirm": "on"})
    assert response.status_code == 200
    assert not Plan.objects.filter(participant=participant).exists()

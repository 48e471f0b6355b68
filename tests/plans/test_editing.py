"""Filling the sections: lists edited as lists (add, move, remove) without JavaScript, texts,
and a clear message at the field when something is too long."""

import pytest

from plans.models import PlanSection
from tests.plans.conftest import signed_in

pytestmark = pytest.mark.django_db


def saved(plan, key):
    return PlanSection.objects.get(plan=plan, key=key).data


def test_every_section_page_opens_and_is_empty_at_first(client, participant):
    signed_in(client, participant)
    response = client.get("/min-plan/")
    body = response.content.decode()
    assert "Min værktøjskasse" in body
    assert "Min kriseplan" in body
    for key in [
        "well",
        "toolbox",
        "daily",
        "triggers",
        "warning_signs",
        "breaking_down",
        "crisis",
        "after",
    ]:
        assert client.get(f"/min-plan/afsnit/{key}/").status_code == 200
    assert client.get("/min-plan/afsnit/nothing/").status_code == 404


def test_saving_a_list_keeps_its_order_and_drops_empty_lines(client, participant):
    plan = signed_in(client, participant)
    response = client.post(
        "/min-plan/afsnit/toolbox/", {"tools": ["Gåtur", " ", "Musik", "Te med Anna"]}
    )
    assert response.status_code == 302
    assert saved(plan, "toolbox") == {"tools": ["Gåtur", "Musik", "Te med Anna"]}
    page = client.get("/min-plan/afsnit/toolbox/").content.decode()
    assert page.index("Gåtur") < page.index("Musik") < page.index("Te med Anna")


def test_list_buttons_work_without_javascript(client, participant):
    plan = signed_in(client, participant)
    url = "/min-plan/afsnit/toolbox/"
    client.post(url, {"tools": ["Gåtur", "Musik", "Te"]})

    # "Move up" on line 3 (index 2): saved, and back to the list.
    response = client.post(url, {"tools": ["Gåtur", "Musik", "Te"], "op": "up:tools:2"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}#part-tools"
    assert saved(plan, "toolbox")["tools"] == ["Gåtur", "Te", "Musik"]

    client.post(url, {"tools": ["Gåtur", "Te", "Musik"], "op": "down:tools:0"})
    assert saved(plan, "toolbox")["tools"] == ["Te", "Gåtur", "Musik"]

    client.post(url, {"tools": ["Te", "Gåtur", "Musik"], "op": "remove:tools:1"})
    assert saved(plan, "toolbox")["tools"] == ["Te", "Musik"]

    # "Add a line" keeps what was typed and shows one empty line more.
    response = client.post(url, {"tools": ["Te", "Musik (ny)"], "op": "add:tools"})
    assert response["Location"] == f"{url}?add=tools#part-tools"
    assert saved(plan, "toolbox")["tools"] == ["Te", "Musik (ny)"]
    page = client.get(f"{url}?add=tools").content.decode()
    assert page.count('name="tools"') == 3 + 1  # two lines, one new, one in the template


def test_the_crisis_plan_has_supporters_with_phone_numbers_and_a_text(client, participant):
    plan = signed_in(client, participant)
    response = client.post(
        "/min-plan/afsnit/crisis/",
        {
            "take_over": ["Jeg svarer ikke i to dage"],
            "supporters-name": ["Mor", "Jonas", ""],
            "supporters-phone": ["12 34 56 78", "87654321", ""],
            "helps": ["Ro"],
            "does_not_help": ["Mange spørgsmål"],
            "practical": "Katten Mis skal fodres.\r\nRegninger: PBS.",
        },
    )
    assert response.status_code == 302
    data = saved(plan, "crisis")
    assert data["supporters"] == [
        {"name": "Mor", "phone": "12 34 56 78"},
        {"name": "Jonas", "phone": "87654321"},
    ]
    assert data["practical"] == "Katten Mis skal fodres.\nRegninger: PBS."


def test_too_long_a_line_is_refused_at_the_field_and_nothing_is_saved(client, participant):
    plan = signed_in(client, participant)
    response = client.post("/min-plan/afsnit/toolbox/", {"tools": ["ok", "x" * 301]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Linje 2 er for lang" in body
    assert 'id="error-tools"' in body
    assert not PlanSection.objects.filter(plan=plan).exists()


def test_too_many_lines_are_refused(client, participant):
    signed_in(client, participant)
    response = client.post("/min-plan/afsnit/toolbox/", {"tools": [f"l{i}" for i in range(31)]})
    assert response.status_code == 200
    assert "En liste kan have 30 linjer" in response.content.decode()


def test_a_bad_list_button_changes_nothing(client, participant):
    plan = signed_in(client, participant)
    url = "/min-plan/afsnit/toolbox/"
    client.post(url, {"tools": ["a", "b"]})
    for op in ["up:tools:0", "down:tools:1", "remove:tools:9", "up:nothing:1", "zap:tools:x"]:
        client.post(url, {"tools": ["a", "b"], "op": op})
        assert saved(plan, "toolbox")["tools"] == ["a", "b"], op

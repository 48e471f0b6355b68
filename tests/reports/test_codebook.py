"""The evaluation export ships with a codebook: every exported column is described (in Danish
and English) and every described column is exported; the XLSX carries it as a second sheet and
the JSON is its own download."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.choices import PeerSupportForm
from core.models import Membership
from core.services import set_membership
from participants import who5
from participants.models import WellBeingMeasurement
from reports import codebook
from reports.exports import evaluation_table
from tests.factories import ParticipantFactory, UserFactory, evaluation_consent, who5_measurement
from tests.reports.conftest import at, scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(org1):
    user = UserFactory()
    set_membership(user=user, organisation=org1, role=Membership.Role.ADMIN)
    user.refresh_from_db()
    person = ParticipantFactory(organisation=org1)
    evaluation_consent(person)
    who5_measurement(person, source_id=7, timepoint="start", raw_score=10, due_at=at(2025, 2, 1))
    return user


def test_every_exported_column_is_in_the_codebook_and_vice_versa(org1):
    exported = evaluation_table(scope_of(org1)).columns
    described = [c["name"] for c in codebook.columns()]
    assert exported == described


def test_every_column_has_meaning_type_and_labels_in_both_languages():
    for column in codebook.columns():
        assert column["type"] in ("string", "integer")
        assert column["meaning"]["da"].strip()
        assert column["meaning"]["en"].strip()
        assert column["meaning"]["da"] != column["meaning"]["en"]
        for value in column["values"]:
            assert set(value["label"]) == {"da", "en"}
    by_name = {c["name"]: c for c in codebook.columns()}
    item5 = by_name["item5"]
    assert "har min dagligdag været fyldt med ting der interesserer mig" in item5["meaning"]["da"]
    assert item5["instrument"].startswith("WHO-5")
    assert [v["value"] for v in item5["values"]] == [5, 4, 3, 2, 1, 0]
    assert item5["values"][0]["label"] == {"da": "Hele tiden", "en": "All of the time"}
    # The allowed values are exactly what the database can hold.
    assert {v["value"] for v in by_name["timepoint"]["values"]} == set(
        WellBeingMeasurement.Timepoint.values
    )
    assert {v["value"] for v in by_name["course_type"]["values"]} == set(
        WellBeingMeasurement.Source.values
    )
    assert {v["value"] for v in by_name["peer_support_form"]["values"]} == {
        "",
        *PeerSupportForm.values,
    }


def test_xlsx_has_the_codebook_as_second_sheet(client, researcher):
    client.force_login(researcher)
    response = client.get(reverse("reports:evaluation") + "?format=xlsx")
    data, sheet = load_workbook(io.BytesIO(response.content)).worksheets
    header = [c.value for c in data[1]]
    names = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value]
    assert [n for n in names if not n.startswith("(")] == header
    assert "(pseudonym)" in names
    assert sheet.title in ("Kodebog", "Codebook")


def test_csv_columns_match_the_json_codebook(client, researcher):
    client.force_login(researcher)
    text = client.get(reverse("reports:evaluation") + "?format=csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    response = client.get(reverse("reports:evaluation_codebook"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    book = json.loads(response.content)
    assert [c["name"] for c in book["columns"]] == header
    assert "HMAC-SHA256" in book["pseudonym"]["en"]
    assert "HMAC-SHA256" in book["pseudonym"]["da"]
    assert book["instrument"]["version"] == who5.VERSION


def test_a_coordinator_may_read_the_codebook_but_not_the_data(client, coordinator1):
    client.force_login(coordinator1)
    assert client.get(reverse("reports:evaluation_codebook")).status_code == 200
    assert client.get(reverse("reports:evaluation")).status_code == 403
    page = client.get(reverse("reports:area", args=["wellbeing"]))
    assert reverse("reports:evaluation_codebook") in page.text
    assert reverse("reports:evaluation") + "?" not in page.text

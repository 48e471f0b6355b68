"""Exports read well in the reader's language: decimals with a comma for Danish readers (the
CSV separator is ";"), file names in the reader's language."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from reports import exports
from reports.pages import Table

pytestmark = pytest.mark.django_db


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_danish_csv_uses_a_decimal_comma_and_english_a_point():
    table = Table("t", "Tal", ["navn", "median", "antal"], [["a", 12.5, 1200], ["=b", None, 3]])
    with translation.override("da"):
        rows = _rows(exports.csv_response([table], "x"))
    assert rows[1] == ["a", "12,5", "1200"]
    assert rows[2] == ["'=b", "", "3"]  # a formula stays text
    with translation.override("en"):
        assert _rows(exports.csv_response([table], "x"))[1] == ["a", "12.5", "1200"]


def test_file_names_follow_the_readers_language(client, coordinator1):
    client.force_login(coordinator1)
    response = client.get(
        reverse("reports:area", args=["support"]) + "?start=2025-01-01&end=2025-12-31&format=csv",
        headers={"accept-language": "en"},
    )
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="report-one-to-one-support-20250101-20251231.csv"'
    funder = client.get(reverse("reports:funder") + "?year=2025", headers={"accept-language": "en"})
    assert funder["Content-Disposition"].endswith('activity-figures-2025.xlsx"')


def test_a_danish_file_name_keeps_its_letters():
    response = exports.csv_response([], exports.file_name("rapport En-til-en-støtte 20250101"))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''rapport-en-til-en-st%C3%B8tte-20250101.csv"
    )

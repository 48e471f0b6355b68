"""Report pages in the admin: access, scoping, small cells, exports parsed back, query counts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Membership
from core.services import set_membership
from reports.exports import pseudonym
from reports.pages import AREAS
from reports.suppression import column
from tests.factories import (
    MatchFactory,
    ParticipantFactory,
    UserFactory,
    evaluation_consent,
    who5_measurement,
)
from tests.reports.conftest import at, meeting

pytestmark = pytest.mark.django_db

YEAR_QUERY = "?start=2025-01-01&end=2025-12-31"
EN = {"accept-language": "en"}
REASONS = ("Goals reached", "Moved away")


def url(area):
    return (
        reverse("reports:overview") if area == "overview" else reverse("reports:area", args=[area])
    )


@pytest.mark.parametrize("area", list(AREAS))
def test_every_page_renders_with_charts_and_tables(client, coordinator1, support_data, area):
    client.force_login(coordinator1)
    response = client.get(url(area) + YEAR_QUERY)
    assert response.status_code == 200
    body = response.text
    assert "<canvas" in body
    assert "<table>" in body
    assert 'type="application/json"' in body
    assert "chartjs/chart.umd.min.js" in body
    assert "reports/charts.js" in body
    assert "onclick" not in body.lower()


def test_staff_without_the_permission_is_refused(client, org1):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("reports:overview")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reports:overview"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_second_factor_is_sent_to_verify(client, coordinator1, login_without_otp):
    login_without_otp(client, coordinator1)
    response = client.get(reverse("reports:overview"))
    assert response.status_code == 302
    assert "to-trin" in response["Location"]


def test_scoped_to_own_organisation(client, coordinator1, coordinator2, org1, org2):
    m = MatchFactory(
        request__participant__organisation=org2, started_at=at(2025, 2, 1), status="active"
    )
    for day in range(1, 8):
        meeting(m, at(2025, 3, day), 60)
    client.force_login(coordinator1)
    response = client.get(url("support") + YEAR_QUERY, headers=EN)
    figures = dict(response.context["page"].figures)
    assert figures["Meetings held"] == 0
    # Choosing another organisation in the filter shows nothing of it either.
    response = client.get(url("support") + YEAR_QUERY + f"&organisation={org2.pk}")
    assert all(v in (0, None, 0.0) for _label, v in response.context["page"].figures)
    client.force_login(coordinator2)
    response = client.get(url("support") + YEAR_QUERY)
    assert 7 in dict(response.context["page"].figures).values()


def test_small_cells_are_suppressed_in_page_and_exports(client, coordinator1, support_data):
    client.force_login(coordinator1)
    response = client.get(url("support") + YEAR_QUERY)
    assert "&lt;5" in response.text
    closure = next(t for t in response.context["page"].tables if t.key == "closure")
    counts = [row[1] for row in closure.rows]
    assert counts.count("<5") == 2
    assert 1 not in counts
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(url("support") + YEAR_QUERY + "&format=csv", headers=EN).content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    assert ["<5"] in [r[1:2] for r in rows]
    assert not any(r[1:2] == ["1"] for r in rows if len(r) == 2 and r[0] in REASONS)


def test_suppression_rules():
    assert column([0, 3, 12, 40]) == [0, "<5", "<5", 40]  # complementary: 12 hidden too
    assert column([2, 3, 40]) == ["<5", "<5", 40]
    assert column([5, 6]) == [5, 6]


def test_municipality_breakdown_is_suppressed(client, coordinator1, org1):
    for _ in range(6):
        MatchFactory(request__participant__organisation=org1, started_at=at(2025, 3, 1))
    MatchFactory(
        request__participant__organisation=org1,
        request__participant__municipality=org1.municipality.region.municipalities.exclude(
            pk=org1.municipality_id
        ).first(),
        started_at=at(2025, 3, 1),
    )
    client.force_login(coordinator1)
    page = client.get(url("participants") + YEAR_QUERY).context["page"]
    table = page.tables[0]
    values = [row[2] for row in table.rows]
    assert values.count("<5") == 2  # the single one, and the 6 (else it could be subtracted)
    chart = page.charts[0]
    assert chart.data["datasets"][0]["data"] == [7]


def test_csv_and_xlsx_exports_parse_back(client, coordinator1, support_data):
    client.force_login(coordinator1)
    response = client.get(url("support") + YEAR_QUERY + "&format=csv", headers=EN)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    as_dict = {r[0]: r[1] for r in rows if len(r) == 2}
    assert as_dict["Requests received"] == "4"
    assert as_dict["Waiting now"] == "2"
    response = client.get(url("support") + YEAR_QUERY + "&format=xlsx", headers=EN)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Requests received"] == 4
    assert values["Median days from request to match"] == 20.0
    assert len(workbook.worksheets) >= 3  # key figures + one per chart + closure reasons


def test_funder_report_is_one_sheet(client, coordinator1, support_data):
    client.force_login(coordinator1)
    response = client.get(reverse("reports:funder") + "?year=2025", headers=EN)
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 1
    values = {r[0]: r[1] for r in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values["Year"] == 2025
    assert values["Volunteer hours"] == 3.5
    assert values["Activities held"] == 6
    response = client.get(reverse("reports:funder") + "?year=2025&format=csv", headers=EN)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Figure", "Value"]


def _evaluation_data(org1):
    person = ParticipantFactory(organisation=org1, first_name="Hemmelig", email="hemmelig@x.test")
    evaluation_consent(person)
    who5_measurement(person, source_id=7, timepoint="start", raw_score=10, due_at=at(2025, 2, 1))
    who5_measurement(person, source_id=7, timepoint="end", raw_score=16, due_at=at(2025, 8, 1))
    other = ParticipantFactory(organisation=org1, first_name="Uden")
    who5_measurement(other, source_id=8, timepoint="start", raw_score=3, due_at=at(2025, 2, 1))
    return person


def test_evaluation_export_needs_its_own_permission(client, coordinator1, org1):
    _evaluation_data(org1)
    client.force_login(coordinator1)
    assert client.get(reverse("reports:evaluation")).status_code == 403


def test_evaluation_export_is_pseudonymised(client, org1, settings):
    settings.EVALUATION_PSEUDONYM_KEY = "test-key"
    person = _evaluation_data(org1)
    admin_user = UserFactory()
    set_membership(user=admin_user, organisation=org1, role=Membership.Role.ADMIN)
    admin_user.refresh_from_db()
    client.force_login(admin_user)
    response = client.get(reverse("reports:evaluation") + "?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Hemmelig" not in text
    assert "hemmelig@x.test" not in text
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2  # the participant without consent is left out
    assert {r["pseudonym"] for r in rows} == {pseudonym(person.pk)}
    assert pseudonym(person.pk) == pseudonym(person.pk) != pseudonym(person.pk + 1)
    assert [r["percentage_score"] for r in rows] == ["40", "64"]
    assert rows[0]["reference_month"] == "2025-02"
    response = client.get(reverse("reports:evaluation") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 3


def _grow(org, n):
    for i in range(n):
        m = MatchFactory(
            request__participant__organisation=org,
            request__confirmed_at=at(2025, 1 + i % 12, 1),
            proposed_at=at(2025, 1 + i % 12, 3),
            started_at=at(2025, 1 + i % 12, 5),
        )
        meeting(m, at(2025, 1 + i % 12, 6), 60)
        p = m.request.participant
        evaluation_consent(p)
        who5_measurement(p, source_id=m.pk, raw_score=10, due_at=at(2025, 1 + i % 12, 5))


@pytest.mark.parametrize("area", list(AREAS))
def test_query_count_does_not_grow_with_data(
    client, coordinator1, org1, area, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator1)
    _grow(org1, 2)
    client.get(url(area) + YEAR_QUERY)  # warm caches (content types, sessions)
    # Both measured views compute their figures (not the report cache's copy).
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(url(area) + YEAR_QUERY)
    _grow(org1, 25)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(area) + YEAR_QUERY)
    assert response.status_code == 200


def test_period_with_end_before_start_shows_error(client, coordinator1):
    client.force_login(coordinator1)
    response = client.get(url("overview") + "?start=2025-05-01&end=2025-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_admin_index_links_to_reports(client, coordinator1):
    client.force_login(coordinator1)
    response = client.get(reverse("admin:index"))
    assert reverse("reports:overview") in response.text


def test_period_defaults_to_last_twelve_months(client, coordinator1):
    client.force_login(coordinator1)
    period = client.get(url("overview")).context["period"]
    assert (period.end - period.start) > datetime.timedelta(days=330)


def test_a_new_meeting_shows_in_the_figures_at_the_next_page_view(client, coordinator1, org1):
    """Report pages are kept in the cache per scope; logging a meeting starts a new data
    version for its organisation, so the next view (and export) counts it."""
    m = MatchFactory(
        request__participant__organisation=org1, started_at=at(2025, 2, 1), status="active"
    )
    meeting(m, at(2025, 3, 1), 60)
    client.force_login(coordinator1)

    def held(query=""):
        response = client.get(url("support") + YEAR_QUERY + query, headers=EN)
        return response

    first = held()
    assert dict(first.context["page"].figures)["Meetings held"] == 1
    assert "Figures as of" in first.text
    assert dict(held().context["page"].figures)["Meetings held"] == 1  # from the cache
    meeting(m, at(2025, 3, 8), 60)
    assert dict(held().context["page"].figures)["Meetings held"] == 2
    export = held("&format=csv").content.decode("utf-8-sig")
    assert ["Meetings held", "2"] in list(csv.reader(io.StringIO(export), delimiter=";"))


def test_a_change_in_another_organisation_keeps_this_one_s_cached_page(
    client, coordinator1, org1, org2, django_assert_max_num_queries
):
    m1 = MatchFactory(request__participant__organisation=org1, status="active")
    m2 = MatchFactory(request__participant__organisation=org2, status="active")
    meeting(m1, at(2025, 3, 1), 60)
    client.force_login(coordinator1)
    client.get(url("support") + YEAR_QUERY)
    with django_assert_max_num_queries(12) as captured:
        client.get(url("support") + YEAR_QUERY)
    cached_queries = len(captured.captured_queries)
    meeting(m2, at(2025, 3, 2), 60)  # the match is loaded: the organisation is known
    with django_assert_max_num_queries(cached_queries):
        client.get(url("support") + YEAR_QUERY)

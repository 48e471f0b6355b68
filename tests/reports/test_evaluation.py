"""Evaluation figures against a small hand-built data set: paired WHO-5 change scores (start to
end, start to 3-month follow-up) by programme, form of peer support and organisation; the exit
survey; guides' check-ins; age groups and gender in the funder sheet."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from courses.models import Programme
from matching.models import Feedback
from participants.models import Consent
from reports import selectors
from tests.factories import (
    MatchFactory,
    ParticipantFactory,
    PeerGuideFactory,
    evaluation_consent,
    make_cohort,
    who5_measurement,
)
from tests.reports.conftest import YEAR, at, scope_of
from volunteers.models import WellbeingCheckIn

pytestmark = pytest.mark.django_db
YEAR_QUERY = "?start=2025-01-01&end=2025-12-31"

# One-to-one pairs (raw start -> raw end): changes in points +20, +4, -16, +28, 0.
MATCH_PAIRS = [(10, 15), (12, 13), (20, 16), (5, 12), (14, 14)]
# WRAP cohort pairs: +8, 0, +12 (three: a cell below 5 on the page).
COHORT_PAIRS = [(8, 10), (10, 10), (12, 15)]


def _person(org, *, consent=True):
    p = ParticipantFactory(organisation=org)
    if consent:
        evaluation_consent(p)
    return p


def _pair(org, before, after, *, source="match", source_id, later="end", consent=True):
    p = _person(org, consent=consent)
    kwargs = {"source": source, "source_id": source_id}
    who5_measurement(p, timepoint="start", raw_score=before, due_at=at(2025, 1, 15), **kwargs)
    month = 6 if later == "end" else 9
    who5_measurement(p, timepoint=later, raw_score=after, due_at=at(2025, month, 15), **kwargs)
    return p


@pytest.fixture
def evaluation_data(org1, org2):
    """org1 is user-driven; its WRAP programme is marked mutual peer support."""
    org1.peer_support_form = "user_driven"
    org1.save()
    cohort = make_cohort(org1, status="finished")
    Programme.objects.filter(pk=cohort.programme_id).update(peer_support_form="mutual")
    for i, (before, after) in enumerate(MATCH_PAIRS):
        _pair(org1, before, after, source_id=100 + i)
    for before, after in COHORT_PAIRS:
        _pair(org1, before, after, source="cohort", source_id=cohort.pk)
    # Six people from 20 % at the start to 80 % at the follow-up, with no end answer.
    for i in range(6):
        _pair(org1, 5, 20, source_id=200 + i, later="follow_up")
    # Left out: a follow-up without a start; no consent; consent withdrawn; start only.
    p = _person(org1)
    who5_measurement(p, source_id=300, timepoint="follow_up", raw_score=0, due_at=at(2025, 9, 1))
    _pair(org1, 25, 0, source_id=301, consent=False)
    withdrawn = _pair(org1, 25, 0, source_id=302)
    Consent.objects.filter(participant=withdrawn).update(withdrawn_at=timezone.now())
    p = _person(org1)
    who5_measurement(p, source_id=303, timepoint="start", raw_score=0, due_at=at(2025, 2, 1))
    # Another organisation's pairs never count for org1.
    for i in range(5):
        _pair(org2, 0, 25, source_id=400 + i)
    return cohort


def test_change_from_start_to_end(evaluation_data, org1):
    end = selectors.change_scores(YEAR, scope_of(org1))["end"]
    everyone = end["all"]
    assert everyone["n"] == 8
    assert everyone["mean_change"] == 7.0  # (20 + 4 - 16 + 28 + 0 + 8 + 0 + 12) / 8
    # sd 13.48, t(0.975, 7) = 2.365: 7.0 ± 11.27
    assert (everyone["ci_low"], everyone["ci_high"]) == (-4.3, 18.3)
    one_to_one, wrap = end["programme"]
    assert one_to_one["group"] is None
    assert one_to_one["n"] == 5
    assert one_to_one["mean_change"] == 7.2
    # sd 17.30, t(0.975, 4) = 2.776: 7.2 ± 21.48
    assert (one_to_one["ci_low"], one_to_one["ci_high"]) == (-14.3, 28.7)
    assert one_to_one["improved_share"] == 40.0  # +20 and +28
    assert one_to_one["worsened_share"] == 20.0  # -16
    assert one_to_one["poor_before_share"] == 60.0  # 40, 48 and 20 are 50 or below
    assert one_to_one["poor_after_share"] == 20.0  # 48
    assert one_to_one["depressed_before_share"] == 20.0  # 20
    assert one_to_one["depressed_after_share"] == 0.0
    assert (wrap["group"], wrap["n"], wrap["mean_change"]) == ("WRAP", 3, 6.7)
    forms = {r["group"]: r["n"] for r in end["form"]}
    assert forms == {"mutual": 3, "user_driven": 5}  # the programme's form wins for WRAP
    assert [(r["group"], r["n"]) for r in end["organisation"]] == [(org1.name, 8)]


def test_change_from_start_to_follow_up_counts_people_without_an_end_answer(evaluation_data, org1):
    follow_up = selectors.change_scores(YEAR, scope_of(org1))["follow_up"]["all"]
    assert follow_up["n"] == 6  # the follow-up without a start answer is left out
    assert follow_up["mean_change"] == 60.0
    assert (follow_up["ci_low"], follow_up["ci_high"]) == (60.0, 60.0)
    assert follow_up["improved_share"] == 100.0
    assert follow_up["poor_before_share"] == 100.0
    assert follow_up["poor_after_share"] == 0.0
    assert follow_up["depressed_before_share"] == 100.0
    assert follow_up["depressed_after_share"] == 0.0


def test_change_scores_follow_the_form_filter(evaluation_data, org1):
    mutual = selectors.change_scores(YEAR, scope_of(org1, peer_support_form="mutual"))
    assert mutual["end"]["all"]["n"] == 3
    assert mutual["follow_up"]["all"]["n"] == 0
    user_driven = selectors.change_scores(YEAR, scope_of(org1, peer_support_form="user_driven"))
    assert user_driven["end"]["all"]["n"] == 5
    assert user_driven["follow_up"]["all"]["n"] == 6
    established = selectors.change_scores(YEAR, scope_of(org1, peer_support_form="established"))
    assert established["end"]["all"]["n"] == 0
    assert established["end"]["all"]["mean_change"] is None


def test_trivsel_page_shows_change_scores_with_small_cells_hidden(
    client, coordinator1, evaluation_data
):
    client.force_login(coordinator1)
    response = client.get(
        reverse("reports:area", args=["wellbeing"]) + YEAR_QUERY, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    page = response.context["page"]
    tables = {t.key: t for t in page.all_tables}
    end = tables["who5_change_end"]
    rows = {(r[0], r[1]): r for r in end.rows}
    assert rows[("All", "All")][2:5] == [8, 7.0, -4.3]
    assert rows[("Programme", "One-to-one support")][2:4] == ["<5", 7.2]
    wrap = rows[("Programme", "WRAP")]
    assert wrap[2] == "<5"
    assert all(v == "<5" for v in wrap[3:])  # three pairs: nothing shown
    assert rows[("Form of peer support", "User-driven peer support")][3] == 7.2
    follow_up = {(r[0], r[1]): r for r in tables["who5_change_follow_up"].rows}
    assert follow_up[("All", "All")][2:4] == [6, 60.0]
    chart = {r[0]: r for r in tables["who5_change"].rows}
    assert chart["All"][1:] == [7.0, 60.0]
    assert chart["Programme: WRAP"][1] == "<5"
    assert "Mean change in WHO-5 from the start" in response.text


# --- Exit survey, check-ins, who was helped ---------------------------------------------------


@pytest.fixture
def survey_data(org1, org2):
    """Exit survey answers by participants in 2025 (org1): yes ×5, not sure ×1, no ×1; ratings
    5 ×3, 4 ×2, none ×2. Left out: a guide's answer, a fit check, 2024, another organisation."""

    def answer(org, answer, rating=None, *, kind="exit", respondent="participant", when=None):
        match = MatchFactory(
            request__participant__organisation=org, status="ended", closure_reason="goals_reached"
        )
        return Feedback.objects.create(
            match=match,
            kind=kind,
            respondent=respondent,
            answer=answer,
            rating=rating,
            answered_at=when or at(2025, 5, 1),
        )

    for rating in (5, 5, 5, 4, 4):
        answer(org1, "yes", rating)
    answer(org1, "not_sure")
    answer(org1, "no")
    answer(org1, "no", 1, respondent="guide")
    answer(org1, "no", kind="fit_check")
    answer(org1, "no", 1, when=at(2024, 12, 1))
    answer(org2, "no", 1)


def test_exit_survey_counts(survey_data, org1):
    s = selectors.exit_survey(YEAR, scope_of(org1))
    assert s["n"] == 7
    assert {a["value"]: a["n"] for a in s["answers"]} == {"yes": 5, "not_sure": 1, "no": 1}
    assert [r["n"] for r in s["ratings"]] == [0, 0, 0, 2, 3]
    assert s["no_rating"] == 2
    # A course programme has no exit survey; a form no organisation has leaves nothing.
    assert selectors.exit_survey(YEAR, scope_of(org1, programme=1))["n"] == 0
    assert selectors.exit_survey(YEAR, scope_of(org1, peer_support_form="mutual"))["n"] == 0


def test_exit_survey_on_the_one_to_one_page_hides_small_cells(client, coordinator1, survey_data):
    client.force_login(coordinator1)
    response = client.get(
        reverse("reports:area", args=["support"]) + YEAR_QUERY, headers={"accept-language": "en"}
    )
    tables = {t.key: t for t in response.context["page"].all_tables}
    assert tables["exit_survey"].rows == [
        ["Yes", 5, 71.4],
        ["Not sure", "<5", None],
        ["No", "<5", None],
        ["Answers in all", 7, None],
    ]
    assert [r[1] for r in tables["exit_rating"].rows] == [0, 0, 0, "<5", "<5", "<5"]
    assert [r[2] for r in tables["exit_rating"].rows] == [0.0, 0.0, 0.0, None, None, None]


def test_guide_checkins_per_quarter(client, coordinator1, org1):
    guide = PeerGuideFactory(organisation=org1)
    for day, value in enumerate([1, 2, 3, 4, 5, 5], start=1):
        WellbeingCheckIn.objects.create(guide=guide, answer=value, created_at=at(2025, 2, day))
    for day in (1, 2, 3):
        WellbeingCheckIn.objects.create(guide=guide, answer=1, created_at=at(2025, 5, day))
    rows = selectors.guide_checkins(YEAR, scope_of(org1))
    assert [(r["quarter"].month, r["n"], r["low"], r["low_share"]) for r in rows] == [
        (1, 6, 2, 33.3),
        (4, 3, 3, 100.0),
    ]
    client.force_login(coordinator1)
    response = client.get(
        reverse("reports:area", args=["guides"]) + YEAR_QUERY, headers={"accept-language": "en"}
    )
    table = {t.key: t for t in response.context["page"].all_tables}["checkins"]
    assert table.rows == [
        [org1.name, "Q1 2025", 6, 33.3],
        [org1.name, "Q2 2025", "<5", "<5"],
    ]


@pytest.fixture
def helped_people(org1):
    """Participants with a match active in 2025: five women born 2000 (25: 18-29), a man born
    1950 (75: 67+), two with neither year of birth nor gender."""
    people = [("female", 2000)] * 5 + [("male", 1950)] + [("", None)] * 2
    for gender, year in people:
        p = ParticipantFactory(organisation=org1, gender=gender, birth_year=year)
        MatchFactory(request__participant=p, status="active", started_at=at(2025, 3, 1))


def test_age_groups_and_gender_of_people_helped(helped_people, org1):
    h = selectors.helped_by_age_and_gender(YEAR, scope_of(org1))
    assert {a["group"]: a["n"] for a in h["ages"]} == {
        "0-17": 0,
        "18-29": 5,
        "30-49": 0,
        "50-66": 0,
        "67+": 1,
        "unknown": 2,
    }
    assert {g["gender"]: g["n"] for g in h["genders"]} == {
        "female": 5,
        "male": 1,
        "nonbinary": 0,
        "": 2,
    }


def test_funder_sheet_has_ages_genders_and_the_exit_survey(
    client, coordinator1, helped_people, survey_data
):
    client.force_login(coordinator1)
    response = client.get(
        reverse("reports:funder") + "?year=2025&format=csv", headers={"accept-language": "en"}
    )
    rows = dict(
        tuple(r[:2])
        for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        if len(r) >= 2
    )
    assert rows["Participants helped, 18–29"] == "5"
    assert rows["Participants helped, 67 and over"] == "<5"
    assert rows["Participants helped, age not stated"] == "<5"
    assert rows["Participants helped, woman"] == "5"
    assert rows["Participants helped, man"] == "<5"
    assert rows["Participants helped, gender not stated"] == "<5"
    assert rows["Exit survey answers (participants)"] == "7"
    assert rows["Exit survey, made a difference: Yes"] == "5"
    assert rows["Exit survey, made a difference: Yes (%)"] == "71.4"
    assert rows["Exit survey, made a difference: No"] == "<5"
    assert rows["Exit survey, made a difference: No (%)"] == ""


def _grow_evaluation(org, cohort, n, offset):
    for i in range(n):
        _pair(org, 10, 15, source_id=1000 + offset + i)
        _pair(org, 10, 20, source_id=2000 + offset + i, later="follow_up")
        _pair(org, 12, 14, source="cohort", source_id=cohort.pk)
        match = MatchFactory(
            request__participant__organisation=org, status="ended", closure_reason="moved"
        )
        Feedback.objects.create(
            match=match,
            kind="exit",
            respondent="participant",
            answer="yes",
            rating=4,
            answered_at=at(2025, 1 + i % 12, 2),
        )
        guide = PeerGuideFactory(organisation=org)
        WellbeingCheckIn.objects.create(
            guide=guide, answer=1 + i % 5, created_at=at(2025, 1 + i % 12, 3)
        )


@pytest.mark.parametrize("area", ["wellbeing", "support", "guides"])
def test_query_count_of_evaluation_pages_does_not_grow(
    client, coordinator1, org1, area, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = make_cohort(org1, status="finished")
    org1.peer_support_form = "user_driven"
    org1.save()
    client.force_login(coordinator1)
    page = reverse("reports:area", args=[area]) + YEAR_QUERY + "&peer_support_form=user_driven"
    _grow_evaluation(org1, cohort, 2, 0)
    client.get(page)  # warm caches (content types, sessions)
    cache.clear()  # measure the figures being computed, not a cached page (reports/cache.py)
    with CaptureQueriesContext(connection) as small:
        client.get(page)
    _grow_evaluation(org1, cohort, 20, 100)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(page)
    assert response.status_code == 200


def test_funder_sheet_query_count_does_not_grow(
    client, coordinator1, org1, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = make_cohort(org1, status="finished")
    client.force_login(coordinator1)
    sheet = reverse("reports:funder") + "?year=2025"
    _grow_evaluation(org1, cohort, 2, 0)
    client.get(sheet)
    cache.clear()  # measure the figures being computed, not a cached page (reports/cache.py)
    with CaptureQueriesContext(connection) as small:
        client.get(sheet)
    _grow_evaluation(org1, cohort, 20, 100)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(sheet).status_code == 200

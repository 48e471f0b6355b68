"""A coordinator reads the evaluation figures, walked in Chromium at 1280 px: log in with the two
steps, open the Trivsel report, narrow it to one form of peer support, read the change scores and
download the codebook that goes with the researchers' export."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from courses.models import Programme
from tests.factories import (
    ParticipantFactory,
    evaluation_consent,
    make_cohort,
    who5_measurement,
)
from tests.journeys.conftest import assert_accessible, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pairs(org, pairs, *, source="match", source_id=None, later="end"):
    now = timezone.now()
    for i, (before, after) in enumerate(pairs):
        person = ParticipantFactory(organisation=org)
        evaluation_consent(person)
        course = {
            "source": source,
            "source_id": source_id or 500 + i + (50 if later != "end" else 0),
        }
        who5_measurement(
            person,
            timepoint="start",
            raw_score=before,
            due_at=now - datetime.timedelta(days=200),
            **course,
        )
        who5_measurement(
            person,
            timepoint=later,
            raw_score=after,
            due_at=now - datetime.timedelta(days=30),
            **course,
        )


@pytest.fixture
def evaluation(org1):
    """org1 offers user-driven peer support: six one-to-one pairs to the end (+4 points each on
    average) and six to the follow-up; its WRAP courses are mutual peer support (five pairs)."""
    org1.peer_support_form = "user_driven"
    org1.save()
    cohort = make_cohort(org1, status="finished")
    Programme.objects.filter(pk=cohort.programme_id).update(peer_support_form="mutual")
    _pairs(org1, [(10, 12), (12, 13), (8, 8), (14, 15), (9, 11), (11, 11)])
    _pairs(org1, [(5, 20)] * 6, later="follow_up")
    _pairs(org1, [(8, 10)] * 5, source="cohort", source_id=cohort.pk)
    return cohort


def test_filter_the_trivsel_report_by_form_and_download_the_codebook(
    admin_page, coordinator, evaluation, axe, request
):
    page = admin_page
    staff_login(page, coordinator.email, start="/rapporter/")
    page.get_by_role("link", name="Trivsel (WHO-5)").click()
    page.wait_for_url(re.compile(r"/rapporter/wellbeing/"))
    end_table = page.locator(
        "section", has=page.get_by_role("heading", name="Ændring fra start til afslutning")
    )
    assert "WRAP" in end_table.inner_text()

    page.get_by_label("Form for peer-støtte").select_option(label="Brugerdrevet peer-støtte")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.wait_for_url(re.compile(r"peer_support_form=user_driven"))
    end_table = page.locator(
        "section", has=page.get_by_role("heading", name="Ændring fra start til afslutning")
    )
    text = end_table.inner_text()
    assert "WRAP" not in text  # mutual peer support is filtered away
    first = end_table.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert first[:4] == ["Alle", "Alle", "6", "4,0"]  # (+8 +4 +0 +4 +8 +0) / 6
    chart = page.locator("#chart-who5_change-title")
    assert chart.is_visible()
    shot(page, request, "1-trivsel-user-driven")
    assert_accessible(axe, page)

    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Kodebog til evalueringsdata (JSON, dansk og engelsk)"
        ).click()
    book = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: PTH123
    names = [c["name"] for c in book["columns"]]
    assert names[:3] == ["pseudonym", "organisation", "course_type"]
    assert "item5" in names
    assert (
        "har min dagligdag"
        in next(c for c in book["columns"] if c["name"] == "item5")["meaning"]["da"]
    )
    assert download.value.suggested_filename.endswith(".json")
    # Reading reports writes nothing but the two-step device the coordinator set up.
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).count() == 1

"""Journey: a programme's English description is written in the admin, next to the Danish one,
and the public course page in English shows it (issue 17 point 1).

Programmes are shared by every organisation, so only a superuser edits them (the coordinator role
reads them); the person here is a superuser who also coordinates Peer to Peer Odense, and logs in
with the real two-step login."""

import re

import pytest

from courses.models import Programme
from tests.factories import make_cohort
from tests.journeys.conftest import AXE_TAGS, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = re.compile(r"^(Gem|Save)$")
ENGLISH = "Over eight weeks you write your own plan for keeping well, in a small, friendly group."


def test_an_english_programme_description_reaches_the_english_course_page(
    admin_page, coordinator, org1, axe, request
):
    coordinator.is_superuser = True
    coordinator.save()
    wrap = Programme.objects.get(name="WRAP")
    cohort = make_cohort(org1, title="WRAP i Odense", title_en="WRAP in Odense")
    page = admin_page
    staff_login(page, coordinator.email)

    page.goto(f"/admin/courses/programme/{wrap.pk}/change/")
    danish = page.locator("#id_description")
    english = page.locator("#id_description_en")
    # Side by side: the English box starts to the right of the Danish one, on the same row.
    danish_box, english_box = danish.bounding_box(), english.bounding_box()
    assert english_box["x"] > danish_box["x"] + danish_box["width"] - 1
    assert abs(english_box["y"] - danish_box["y"]) < danish_box["height"]
    english.fill(ENGLISH)
    page.locator("#id_name_en").fill("WRAP – Wellness Recovery Action Plan")
    page.locator("#id_plan-0-title_en").fill("Welcome to WRAP")
    shot(page, request, "1-programme-in-two-languages")
    page.get_by_role("button", name=SAVE).first.click()
    page.wait_for_url(re.compile(r"/admin/courses/programme/$"))

    wrap.refresh_from_db()
    assert wrap.description_en == ENGLISH
    assert wrap.name == "WRAP"  # the Danish name (and every lookup by it) is unchanged
    assert wrap.plan.get(number=1).title_en == "Welcome to WRAP"

    # The public course page, in English: the new description; the Danish page keeps Danish.
    page.goto(f"/kurser/{cohort.pk}/?lang=en")
    assert page.locator("h1").inner_text() == "WRAP in Odense"
    assert page.get_by_text(ENGLISH).is_visible()
    assert page.get_by_text("WRAP – Wellness Recovery Action Plan").is_visible()
    assert page.get_by_text("Welcome to WRAP").is_visible()  # the plan, for a cohort made before
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.response["violations"] == [], results.generate_report()
    shot(page, request, "2-course-page-in-english")
    page.goto(f"/kurser/{cohort.pk}/?lang=da")
    assert page.get_by_text(ENGLISH).count() == 0
    assert page.locator("h1").inner_text() == "WRAP i Odense"

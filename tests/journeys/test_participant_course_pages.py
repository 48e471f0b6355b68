"""Journey: a person looks for a course in a long catalogue on a phone (issue 15: the catalogue
comes 20 courses a page). In Chromium at phone width: choose a municipality, read the count,
go to the later courses, open one and see its sign-up form."""

import re

import pytest

from core.models import Municipality
from courses.views import CATALOGUE_PAGE_SIZE
from tests.factories import make_cohort
from tests.journeys.conftest import assert_accessible, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_pages_through_the_courses_of_their_municipality(phone_page, org1, axe, request):
    odense = Municipality.objects.get(name="Odense")
    for i in range(CATALOGUE_PAGE_SIZE + 2):
        make_cohort(org1, title=f"WRAP-hold {i + 1:02d}", municipality=odense)
    make_cohort(org1, title="Hold i Aarhus", municipality=Municipality.objects.get(name="Aarhus"))
    page = phone_page
    page.goto("/kurser/")
    page.get_by_label("Kommune").select_option(label="Odense")
    page.get_by_role("button", name="Vis kurser").click()
    page.get_by_text("22 kurser fundet.").wait_for()
    page.get_by_text("Side 1 af 2").wait_for()
    assert page.get_by_role("link", name="WRAP-hold 01", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_accessible(axe, page)
    shot(page, request, "01-first-page")

    page.get_by_role("link", name="Senere kurser").click()
    page.get_by_text("Side 2 af 2").wait_for()
    assert re.search(r"municipality=\d+.*page=2", page.url)
    titles = page.locator("h3.card-title").all_inner_texts()
    assert titles == ["WRAP-hold 21", "WRAP-hold 22"]  # the same choice, the rest of the list
    assert page.get_by_role("link", name="Tidligere kurser").is_visible()
    shot(page, request, "02-second-page")

    page.get_by_role("link", name="WRAP-hold 22", exact=True).click()
    page.get_by_role("heading", name="WRAP-hold 22").wait_for()
    page.get_by_role("button", name=re.compile("Tilmeld")).wait_for()
    shot(page, request, "03-the-course")

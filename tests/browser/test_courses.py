"""A person finds a full course in the catalogue, signs up, confirms from the e-mail and ends on
the waitlist with their position shown; every page passes axe-core."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_for_a_full_cohort_ends_on_the_waitlist(page, axe, live_server, settings):
    from core.models import Municipality, Organisation
    from courses.models import Enrollment
    from notifications.models import Notification
    from tests.factories import make_cohort, make_enrollment

    settings.SITE_URL = live_server.url
    org = Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    cohort = make_cohort(org, title="WRAP i Odense", capacity=1)
    make_enrollment(cohort, first_name="Anne")

    page.goto("/kurser/")
    assert_accessible(axe, page)
    assert page.get_by_text("Venteliste").first.is_visible()
    page.get_by_role("link", name="WRAP i Odense").first.click()
    page.wait_for_url(f"**/kurser/{cohort.pk}/")
    assert_accessible(axe, page)

    page.get_by_label("Fornavn").fill("Sofie")
    page.get_by_label("E-mailadresse").fill("sofie@example.test")
    page.get_by_label("Jeg giver lov til, at organisationen gemmer").check()
    page.get_by_role("button", name="Skriv mig på ventelisten").click()
    page.wait_for_url(f"**/kurser/{cohort.pk}/tjek-din-email/?by=email")
    assert page.get_by_role("heading", level=1).inner_text() == "Tjek din e-mail"
    assert_accessible(axe, page)

    mail = Notification.objects.get(kind="courses.confirm_signup", recipient="sofie@example.test")
    link = re.search(r"https?://\S+/kurser/bekraeft/\S+/", mail.body_text).group(0)
    page.goto(link)
    assert_accessible(axe, page)
    page.get_by_role("button", name="Bekræft min tilmelding").click()
    page.wait_for_url("**/kurser/tilmelding/**")
    assert page.get_by_text("Du er nummer 1 på ventelisten.").is_visible()
    assert_accessible(axe, page)
    assert Enrollment.objects.get(participant__email="sofie@example.test").status == "waitlisted"


def test_catalogue_works_on_a_phone(browser, live_server):
    from core.models import Municipality, Organisation
    from tests.factories import make_cohort

    org = Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    make_cohort(org, title="WRAP i Odense")
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto("/kurser/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert page.get_by_role("link", name="WRAP i Odense").first.is_visible()
    context.close()


def test_facilitator_marks_attendance_on_a_phone_with_htmx(browser, live_server, axe):
    from django.conf import settings as django_settings
    from django.test import Client

    from core.models import Municipality, Organisation
    from courses.models import Attendance
    from tests.factories import make_cohort, make_enrollment

    org = Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    # Attendance is marked for sessions that have begun: the first was a week ago.
    cohort = make_cohort(
        org,
        title="WRAP i Odense",
        status="running",
        first_date=timezone.localdate() - datetime.timedelta(days=7),
    )
    enrollment = make_enrollment(cohort, first_name="Ida")
    session = cohort.sessions.get(number=1)
    guide = cohort.facilitators.first()
    client = Client()
    client.force_login(guide.user)
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 375, "height": 740}
    )
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"/kurser/mine-hold/{cohort.pk}/gang/{session.pk}/")
    assert_accessible(axe, page)
    row = page.locator(f"#attendance-{enrollment.pk}")
    row.get_by_role("button", name="Mødt").click()
    page.locator(f"#attendance-{enrollment.pk} >> text=Gemt").wait_for()
    assert page.url.endswith(f"/gang/{session.pk}/")  # no page load: htmx swapped the row
    pressed = page.locator(f"#attendance-{enrollment.pk} button[aria-pressed=true]")
    assert pressed.inner_text() == "Mødt"
    assert Attendance.objects.get(enrollment=enrollment).status == "present"
    context.close()

"""Journey: a peer guide logs a meeting on a phone and gets it wrong first. The page comes back
with the meeting-log section open (not folded away as before) and the error summary focused in
view; the guide corrects the form and the meeting is logged."""

import re

import pytest
from django.utils import timezone

from matching.models import Meeting
from tests.factories import MatchFactory
from tests.journeys.conftest import PASSWORD, assert_accessible, guide_login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_VIEW = """element => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def test_guide_sees_the_meeting_log_error_open_and_focused(phone_page, org1, axe, request):
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Anna",
        guide__user__first_name="Sofie",
        status="active",
    )
    match.guide.user.set_password(PASSWORD)
    match.guide.user.save()

    page = phone_page
    guide_login(page, match.guide.user.email)
    page.get_by_role("link", name="Anna").click()
    page.get_by_text("Registrér et møde, I har haft").click()
    log = page.locator("details", has_text="Registrér et møde, I har haft")
    # The date is left empty and the minutes mistyped.
    log.get_by_label(re.compile("Minutter")).fill("9999")
    with page.expect_navigation(wait_until="load"):
        log.get_by_role("button", name="Registrér mødet").click()

    log = page.locator("details[open]", has_text="Registrér et møde, I har haft")
    summary = log.locator("#error-summary")
    summary.wait_for()
    assert summary.get_by_text("Tjek venligst formularen").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.evaluate(IN_VIEW)
    # Of the meeting and ending forms only the one with the errors opens (the goals stay open
    # until the first are written).
    assert page.locator("details.mb-3[open], details.mb-4[open]").count() == 1
    page.screenshot(path=str(shot(page, request, "1-error-full-page").with_name("1-error.png")))
    assert_accessible(axe, page)
    assert not Meeting.objects.exists()

    # Following the summary's link to the date field, the guide corrects the form.
    summary.get_by_role("link", name=re.compile("Hvornår mødtes I")).click()
    when = timezone.localtime() - timezone.timedelta(hours=2)
    log.get_by_label(re.compile("Hvornår mødtes I")).fill(when.strftime("%Y-%m-%dT%H:%M"))
    log.get_by_label(re.compile("Minutter")).fill("45")
    log.get_by_role("button", name="Registrér mødet").click()
    page.get_by_text("Mødet er registreret. Tak.").wait_for()
    shot(page, request, "2-logged")

    meeting = Meeting.objects.get()
    assert (meeting.match_id, meeting.status, meeting.duration_minutes) == (match.pk, "held", 45)

"""Coordinators' course texts in Danish and English (issue 17 point 1): an English reader sees the
English programme name, description, session plan and cohort title wherever they exist, and the
Danish text where the English one is empty; e-mails and calendar files follow the recipient's
language; the admin edits both languages side by side."""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse

from courses import jobs
from courses.models import Programme, SessionPlanItem
from notifications.models import Notification, NotificationAttachment
from tests.factories import UserFactory, make_cohort, make_enrollment, programme

pytestmark = pytest.mark.django_db

DESCRIPTION_EN = "Over eight weeks you write your own workbook for keeping well."


@pytest.fixture
def wrap_in_english():
    wrap = programme("WRAP")
    wrap.name_en = "WRAP (Wellness Recovery Action Plan)"
    wrap.description_en = DESCRIPTION_EN
    wrap.neutral_title = "Kursus"
    wrap.neutral_title_en = "Course"
    wrap.save()
    SessionPlanItem.objects.filter(programme=wrap, number=1).update(title_en="Welcome to WRAP")
    SessionPlanItem.objects.filter(programme=wrap, number=2).update(title_en="My toolbox")
    return wrap


def _page(client, cohort, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("courses:detail", args=[cohort.pk])).text


def test_the_english_course_page_shows_the_english_texts(client, org1, wrap_in_english):
    cohort = make_cohort(
        org1,
        title="WRAP i Odense",
        title_en="WRAP in Odense",
        description="Der er kaffe.",
        description_en="There is coffee.",
    )
    english = _page(client, cohort, "en")
    assert '<h1 class="h3">WRAP in Odense</h1>' in english
    assert "WRAP (Wellness Recovery Action Plan)" in english
    assert DESCRIPTION_EN in english
    assert "There is coffee." in english
    assert "Welcome to WRAP" in english
    assert "My toolbox" in english
    assert "Velkommen til WRAP" not in english
    assert "Der er kaffe." not in english

    danish = _page(client, cohort, "da")
    assert '<h1 class="h3">WRAP i Odense</h1>' in danish
    assert "Velkommen til WRAP" in danish
    assert "Der er kaffe." in danish
    assert DESCRIPTION_EN not in danish
    assert "Welcome to WRAP" not in danish


def test_an_empty_english_text_falls_back_to_the_danish(client, org1):
    wrap = programme("WRAP")
    assert not wrap.description_en
    cohort = make_cohort(org1, title="WRAP i Vejle", description="Der er kaffe.")
    english = _page(client, cohort, "en")
    assert '<h1 class="h3">WRAP i Vejle</h1>' in english
    assert wrap.description[:60] in english
    assert "Der er kaffe." in english
    assert "Velkommen til WRAP" in english  # the plan's Danish title


def test_a_cohort_named_after_its_programme_takes_the_programme_s_english_name(client, org1):
    lat = programme("Lær at tackle angst og depression")
    lat.name_en = "Learn to manage anxiety and depression"
    lat.save()
    cohort = make_cohort(org1, programme_name=lat.name, title=lat.name)
    assert '<h1 class="h3">Learn to manage anxiety and depression</h1>' in _page(
        client, cohort, "en"
    )
    catalogue = client.get(reverse("courses:catalogue")).text
    assert "Learn to manage anxiety and depression" in catalogue


def test_new_sessions_copy_the_plan_in_both_languages(org1, wrap_in_english):
    cohort = make_cohort(org1)
    first = cohort.sessions.get(number=1)
    assert (first.title, first.title_en) == ("Velkommen til WRAP", "Welcome to WRAP")
    third = cohort.sessions.get(number=3)
    assert third.title
    assert third.title_en == ""


def _remind(cohort):
    session = cohort.sessions.order_by("starts_at").first()
    jobs.send_session_reminders(now=session.starts_at - datetime.timedelta(hours=10))


def test_the_reminder_and_its_calendar_file_are_in_the_participant_s_language(
    org1, wrap_in_english
):
    cohort = make_cohort(org1, status="running")
    english = make_enrollment(cohort, first_name="Emma", email="emma@example.test")
    english.participant.language = "en"
    english.participant.save()
    make_enrollment(cohort, first_name="Bo", email="bo@example.test")
    _remind(cohort)

    to_emma = Notification.objects.get(recipient="emma@example.test")
    assert to_emma.subject.startswith("Reminder: Course ")
    assert "the next session of Course with" in to_emma.body_text
    to_bo = Notification.objects.get(recipient="bo@example.test")
    assert "Kursus" in to_bo.subject
    assert "Course" not in to_bo.subject

    def summary(notification):
        ics = NotificationAttachment.objects.get(notification=notification).content
        return str(icalendar.Calendar.from_ical(bytes(ics)).walk("VEVENT")[0]["SUMMARY"])

    assert summary(to_emma) == "Course, session 1"
    assert summary(to_bo).startswith("Kursus, ")


def test_the_reminder_falls_back_to_the_danish_neutral_title(org1):
    wrap = programme("WRAP")
    wrap.neutral_title, wrap.neutral_title_en = "Forløb", ""
    wrap.save()
    cohort = make_cohort(org1, status="running")
    english = make_enrollment(cohort, first_name="Emma", email="emma@example.test")
    english.participant.language = "en"
    english.participant.save()
    _remind(cohort)
    assert "Forløb" in Notification.objects.get(recipient="emma@example.test").subject


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_programme_admin_edits_both_languages_side_by_side(superuser_client):
    wrap = programme("WRAP")
    page = superuser_client.get(reverse("admin:courses_programme_change", args=[wrap.pk])).text
    for field in ("name", "description", "neutral_title", "target_group"):
        assert f'name="{field}"' in page
        assert f'name="{field}_en"' in page
        assert f"form-row field-{field} field-{field}_en" in page  # one row: side by side
    # The session plan's rows have both titles and both descriptions.
    assert 'name="plan-0-title_en"' in page
    assert 'name="plan-0-description_en"' in page


def test_saving_an_english_description_in_the_admin_shows_on_the_english_page(
    superuser_client, org1
):
    wrap = programme("WRAP")
    url = reverse("admin:courses_programme_change", args=[wrap.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "description_en": "Write your own plan for keeping well.",
            "plan-TOTAL_FORMS": "0",
            "plan-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    wrap.refresh_from_db()
    assert wrap.description_en == "Write your own plan for keeping well."
    assert Programme.objects.get(name="WRAP").description == programme("WRAP").description
    cohort = make_cohort(org1)
    assert "Write your own plan for keeping well." in _page(superuser_client, cohort, "en")


def test_a_plan_title_translated_later_reaches_the_cohorts_made_before(client, org1):
    cohort = make_cohort(org1, title="WRAP i Odense")
    SessionPlanItem.objects.filter(programme__name="WRAP", number=2).update(title_en="My toolbox")
    english = _page(client, cohort, "en")
    assert "My toolbox" in english
    assert "Min værktøjskasse" not in english
    # A session whose title the coordinator changed keeps its own title.
    cohort.sessions.filter(number=2).update(title="Værktøjskassen, del 1")
    assert "Værktøjskassen, del 1" in _page(client, cohort, "en")


def test_the_english_course_page_costs_the_same_queries_however_many_sessions(
    client, org1, django_assert_max_num_queries
):
    """The sessions' English titles come from the prefetched plan, not one query per session."""
    small = make_cohort(org1, programme_name="Lær at tackle kronisk sygdom", title="Seks gange")
    large = make_cohort(org1, title="Otte gange")
    SessionPlanItem.objects.update(title_en="In English")  # after the sessions were made
    assert small.sessions.count() < large.sessions.count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(reverse("courses:detail", args=[small.pk]))  # warm the caches
    with django_assert_max_num_queries(50) as counted:
        client.get(reverse("courses:detail", args=[small.pk]))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = client.get(reverse("courses:detail", args=[large.pk])).text
    assert page.count("In English") == large.sessions.count()

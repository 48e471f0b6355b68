"""The public catalogue: filters, detail, sign-up by e-mail link, withdrawal, bad links."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Municipality
from courses import services
from courses.models import Enrollment
from notifications.models import Notification
from participants import links
from tests.factories import make_cohort, make_enrollment
from tests.form_data import course_signup_data

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("courses:catalogue")


def _link(kind, recipient):
    body = Notification.objects.get(kind=kind, recipient=recipient).body_text
    return re.search(r"https?://\S+/kurser/\S+/", body).group(0).split("/kurser/", 1)[1]


@pytest.fixture
def cohorts(org1, org2):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    later = soon + datetime.timedelta(days=62)
    wrap = make_cohort(org1, title="WRAP i Odense", first_date=soon)
    lat = make_cohort(
        org2,
        programme_name="Lær at tackle kroniske smerter",
        title="Lær at tackle i Aarhus",
        first_date=later,
        municipality=Municipality.objects.get(name="Aarhus"),
    )
    online = make_cohort(
        org1, title="WRAP online", is_online=True, first_date=later, venue="", municipality=None
    )
    draft = make_cohort(org1, title="Kladde", status="draft")
    running = make_cohort(org1, title="Igangværende", status="running")
    return {"wrap": wrap, "lat": lat, "online": online, "draft": draft, "running": running}


def _titles(response):
    return {c.title for c in response.context["cohorts"]}


def test_catalogue_lists_only_open_cohorts(client, cohorts):
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert _titles(response) == {"WRAP i Odense", "Lær at tackle i Aarhus", "WRAP online"}
    assert "ledige pladser" in response.text


def test_filters(client, cohorts):
    lat = cohorts["lat"]
    assert _titles(client.get(CATALOGUE, {"programme": lat.programme_id})) == {lat.title}
    odense = Municipality.objects.get(name="Odense")
    assert _titles(client.get(CATALOGUE, {"municipality": odense.pk})) == {"WRAP i Odense"}
    assert _titles(client.get(CATALOGUE, {"region": odense.region_id})) == {"WRAP i Odense"}
    assert _titles(client.get(CATALOGUE, {"online": "1"})) == {"WRAP online"}
    assert "WRAP online" not in _titles(client.get(CATALOGUE, {"online": "0"}))
    month = cohorts["wrap"].sessions.order_by("starts_at").first().starts_at
    key = timezone.localtime(month).strftime("%Y-%m")
    response = client.get(CATALOGUE, {"month": key})
    assert "WRAP i Odense" in _titles(response)
    assert "Lær at tackle i Aarhus" not in _titles(response)
    nothing = client.get(CATALOGUE, {"online": "1", "municipality": odense.pk})
    assert nothing.context["cohorts"] == []
    assert "Ingen kurser passer" in nothing.text


def test_full_cohort_shows_waitlist(client, org1):
    cohort = make_cohort(org1, capacity=1, title="Fuldt hold")
    make_enrollment(cohort)
    response = client.get(CATALOGUE)
    assert "Venteliste" in response.text
    detail = client.get(cohort.get_absolute_url())
    assert "Skriv mig på ventelisten" in detail.text


def test_catalogue_query_count_is_fixed(
    client, org1, cohorts, django_assert_num_queries, django_assert_max_num_queries
):
    client.get(CATALOGUE)
    with django_assert_max_num_queries(6) as small:
        client.get(CATALOGUE)
    for i in range(8):
        cohort = make_cohort(org1, title=f"Ekstra {i}")
        make_enrollment(cohort)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(CATALOGUE)
    assert len(response.context["cohorts"]) == 11


def test_detail_pages(client, cohorts):
    response = client.get(cohorts["wrap"].get_absolute_url())
    assert response.status_code == 200
    assert "Tilmeld dig" in response.text
    assert "Velkommen til WRAP" in response.text
    assert reverse("courses:calendar", args=[cohorts["wrap"].pk]) in response.text
    assert client.get(cohorts["draft"].get_absolute_url()).status_code == 404
    running = client.get(cohorts["running"].get_absolute_url())
    assert running.status_code == 200
    assert '<form method="post"' not in running.text


def test_sign_up_confirm_and_withdraw(client, org1):
    cohort = make_cohort(org1, capacity=1)
    response = client.post(cohort.get_absolute_url(), course_signup_data())
    assert response.status_code == 302
    assert response.url == reverse("courses:signup_sent", args=[cohort.pk]) + "?by=email"
    enrollment = Enrollment.objects.get()
    assert enrollment.status == "pending"
    assert enrollment.participant.organisation == org1

    confirm_url = "/kurser/" + _link("courses.confirm_signup", "ida@example.test")
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "Bekræft min tilmelding" in page.text
    enrollment.refresh_from_db()
    assert enrollment.status == "pending"  # a GET (a link scanner) confirms nothing
    response = client.post(confirm_url)
    assert response.status_code == 302
    manage = client.get(response.url)
    assert "Du har en plads på kurset" in manage.text

    # Someone else ends on the waitlist with their position shown.
    client.post(
        cohort.get_absolute_url(), course_signup_data(email="bo@example.test", first_name="Bo")
    )
    response = client.post("/kurser/" + _link("courses.confirm_signup", "bo@example.test"))
    assert "nummer 1 på ventelisten" in client.get(response.url).text

    # Ida withdraws from her e-mailed link; Bo gets the seat and is told.
    withdraw_url = "/kurser/" + _link("courses.enrolled", "ida@example.test")
    response = client.post(withdraw_url)
    assert response.status_code == 302
    assert "ikke længere tilmeldt" in client.get(withdraw_url).text
    bo = Enrollment.objects.get(participant__email="bo@example.test")
    assert bo.status == "enrolled"
    assert Notification.objects.filter(kind="courses.promoted", recipient="bo@example.test")


def test_consent_is_required_and_errors_are_shown(client, org1):
    cohort = make_cohort(org1)
    data = course_signup_data()
    del data["consent"]
    response = client.post(cohort.get_absolute_url(), data)
    assert response.status_code == 200  # an invalid form is the page again, with its errors
    assert "error-summary" in response.text
    assert not Enrollment.objects.exists()


def test_honeypot_pretends_success_and_stores_nothing(client, org1):
    cohort = make_cohort(org1)
    response = client.post(
        cohort.get_absolute_url(), course_signup_data(website="http://spam.example")
    )
    assert response.status_code == 302
    assert not Enrollment.objects.exists()
    assert not Notification.objects.exists()


def test_closed_sign_up_window(client, org1):
    cohort = make_cohort(org1, signup_closes=timezone.localdate() - datetime.timedelta(days=1))
    response = client.post(cohort.get_absolute_url(), course_signup_data())
    assert response.status_code == 302
    assert not Enrollment.objects.exists()
    assert "Tilmeldingen til kurset er lukket" in client.get(cohort.get_absolute_url()).text


def test_bad_and_expired_links_show_a_clear_page(client, org1, settings):
    cohort = make_cohort(org1)
    enrollment = make_enrollment(cohort, status="pending")
    bad = client.get(reverse("courses:confirm", args=["nonsense"]))
    assert bad.status_code == 400
    assert "Linket virker ikke" in bad.text
    wrong_purpose = links.make_token(pk=enrollment.pk, purpose=services.MANAGE_PURPOSE)
    assert client.get(reverse("courses:confirm", args=[wrong_purpose])).status_code == 400
    token = links.make_token(pk=enrollment.pk, purpose=services.CONFIRM_PURPOSE)
    with mock.patch("django.core.signing.time.time", return_value=10**10):
        expired = client.get(reverse("courses:confirm", args=[token]))
    assert expired.status_code == 400
    assert "udløbet" in expired.text
    gone = links.make_token(pk=999999, purpose=services.MANAGE_PURPOSE)
    assert client.get(reverse("courses:manage", args=[gone])).status_code == 404


def test_a_long_catalogue_comes_a_page_at_a_time_and_keeps_the_choices(client, org1):
    from courses.views import CATALOGUE_PAGE_SIZE

    odense = Municipality.objects.get(name="Odense")
    for i in range(CATALOGUE_PAGE_SIZE + 3):
        make_cohort(org1, title=f"WRAP {i:02d}", municipality=odense)
    make_cohort(org1, title="Andetsteds", municipality=Municipality.objects.get(name="Aarhus"))
    first = client.get(CATALOGUE, {"municipality": odense.pk})
    assert len(first.context["cohorts"]) == CATALOGUE_PAGE_SIZE
    assert "23 kurser fundet" in first.text  # all of them, not the page's
    assert "Side 1 af 2" in first.text
    assert f"?municipality={odense.pk}&amp;page=2" in first.text  # the choice goes along
    second = client.get(CATALOGUE, {"municipality": odense.pk, "page": 2})
    assert len(second.context["cohorts"]) == 3
    assert _titles(first).isdisjoint(_titles(second))
    assert "Andetsteds" not in _titles(first) | _titles(second)
    # Only a page chosen: not a filter ("show all courses" is not offered).
    unfiltered = client.get(CATALOGUE, {"page": 2})
    assert unfiltered.context["filtered"] is False
    assert len(unfiltered.context["cohorts"]) == 4
    # A page that does not exist: the nearest one, never an error.
    assert client.get(CATALOGUE, {"page": "abc"}).context["page"].number == 1
    assert client.get(CATALOGUE, {"page": "99999999999999999999"}).context["page"].number == 2
    assert client.get(CATALOGUE, {"page": "-1"}).context["page"].number == 2

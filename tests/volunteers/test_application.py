"""The public "Bliv peerguide" form."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import User
from notifications.models import Notification
from tests.form_data import guide_application_data
from volunteers.models import PeerGuide


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def valid_data(org1):
    return guide_application_data(
        org1, email="Sofie@Example.test", availability=["1-evening", "5-morning"]
    )


def test_form_page_is_plain_danish(client, org1):
    response = client.get(reverse("volunteers:apply"))
    assert response.status_code == 200
    assert "Bliv peerguide" in response.text
    assert "Hvilken kommune bor du i?" in response.text
    response = client.get(reverse("volunteers:apply"), {"municipality": org1.municipality_id})
    assert "Send min ansøgning" in response.text


def test_valid_application_creates_applied_guide_without_password(client, valid_data, org1):
    response = client.post(reverse("volunteers:apply"), valid_data)
    assert response.status_code == 302
    assert response.url == reverse("volunteers:apply_thanks")
    guide = PeerGuide.objects.get()
    assert guide.status == PeerGuide.Status.APPLIED
    assert guide.organisation == org1
    assert guide.user.email == "sofie@example.test"
    assert not guide.user.has_usable_password()
    assert [a.slug for a in guide.experience_areas.all()] == ["angst"]
    assert guide.availability == ["1-evening", "5-morning"]
    assert guide.application_consent_at is not None
    assert guide.history.get().to_status == "applied"
    confirmation = Notification.objects.get(kind="volunteers.application_received")
    assert confirmation.recipient == "sofie@example.test"
    assert "Sofie" in confirmation.body_text
    assert "angst" not in confirmation.body_text.lower()  # never a health detail in mail
    thanks = client.get(response.url)
    assert "Hvad sker der nu" in thanks.text


def test_confirmation_is_delivered_by_mail(
    client, valid_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:apply"), valid_data)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sofie@example.test"]
    assert "ansøgning" in mailoutbox[0].subject.lower()


def test_a_known_address_gets_the_same_page_and_an_email_instead(client, valid_data):
    first = client.post(reverse("volunteers:apply"), valid_data)
    again = dict(valid_data, email="SOFIE@example.test", motivation="Anden tekst")
    second = client.post(reverse("volunteers:apply"), again)
    assert second.status_code == first.status_code == 302
    assert second.url == first.url
    assert PeerGuide.objects.count() == 1
    assert User.objects.filter(email__iexact="sofie@example.test").count() == 1
    told = Notification.objects.get(kind="volunteers.application_known")
    assert told.recipient == "sofie@example.test"
    assert "allerede" in told.body_text


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_form_does_not_reveal_who_has_a_login(client, valid_data, org1, role):
    """No account-existence oracle: a coordinator's or the superuser's address answers exactly as
    a new address does, and nothing is stored about the attempt but the e-mail to that address."""
    from tests.factories import UserFactory, coordinator_of

    if role == "coordinator":
        user = coordinator_of(org1, email="leder@example.test")
    else:
        user = UserFactory(email="leder@example.test", is_staff=True, is_superuser=True)
    fresh = client.post(reverse("volunteers:apply"), dict(valid_data, email="ny@example.test"))
    known = client.post(reverse("volunteers:apply"), dict(valid_data, email=user.email))
    assert (known.status_code, known.url) == (fresh.status_code, fresh.url)
    assert not PeerGuide.objects.filter(user=user).exists()
    assert Notification.objects.filter(
        kind="volunteers.application_known", recipient=user.email
    ).exists()


def test_honeypot_pretends_success_and_stores_nothing(client, valid_data):
    response = client.post(reverse("volunteers:apply"), dict(valid_data, website="http://spam"))
    assert response.status_code == 302
    assert not PeerGuide.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "ikke-en-adresse"),
        ("first_name", ""),
        ("motivation", "x" * 3001),
        ("phone", "<script>"),
        ("availability", ["9-night"]),
        ("experience_areas", ["999999"]),
        ("municipality", "abc"),
        ("organisation", "0"),
        ("consent", ""),
    ],
)
def test_bad_input_gives_field_error_and_saves_nothing(client, valid_data, field, value):
    response = client.post(reverse("volunteers:apply"), dict(valid_data, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PeerGuide.objects.exists()
    assert not User.objects.exists()


def test_per_ip_rate_limit(client, valid_data, settings):
    settings.PUBLIC_FORM_RATE = "3/h"
    for n in range(3):
        client.post(reverse("volunteers:apply"), dict(valid_data, email=f"p{n}@example.test"))
    response = client.post(reverse("volunteers:apply"), dict(valid_data, email="p9@example.test"))
    assert response.status_code == 429
    assert "vente lidt" in response.text.lower()
    # The same form again, with what the person typed, and nothing stored.
    assert 'value="p9@example.test"' in response.text
    assert PeerGuide.objects.count() == 3
    assert client.get(reverse("volunteers:apply")).status_code == 200  # reading is never limited


def test_a_post_with_mistakes_does_not_count_towards_the_limit(client, valid_data, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    for _ in range(5):
        mistake = client.post(reverse("volunteers:apply"), dict(valid_data, email="nope"))
        assert mistake.status_code == 200
    for n in range(2):
        client.post(reverse("volunteers:apply"), dict(valid_data, email=f"q{n}@example.test"))
    assert PeerGuide.objects.count() == 2

from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD, PeerGuideFactory, UserFactory


def login(client, email):
    return client.post(reverse("login"), {"username": email, "password": TEST_PASSWORD})


def test_coordinator_lands_in_admin(client, coordinator1):
    response = login(client, coordinator1.email)
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("admin:index")


def test_guide_lands_on_dashboard(client, db):
    guide = PeerGuideFactory(user__email="guide@example.test", user__first_name="Sofie").user
    response = login(client, guide.email)
    final = client.get(response.url)
    assert final.url == reverse("dashboard:home")
    assert "Hej Sofie" in client.get(final.url).text


def test_wrong_password_shows_clear_message(client, db):
    UserFactory(email="guide@example.test")
    response = client.post(reverse("login"), {"username": "guide@example.test", "password": "nej"})
    assert response.status_code == 200
    assert "e-mailadressen eller adgangskoden er ikke rigtig" in response.text.lower()


def test_dashboard_requires_login(client, db):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_is_a_post(client, coordinator1):
    client.force_login(coordinator1)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_password_reset_sends_mail_and_link_sets_password(client, db):
    from notifications.models import Notification
    from notifications.services import send_due

    user = UserFactory(email="guide@example.test")
    response = client.post(reverse("password_reset"), {"email": "guide@example.test"})
    assert response.status_code == 302
    assert Notification.objects.get().kind == "core.password_reset"  # through the outbox
    send_due()
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/konto/reset/" in line
    ).strip()
    path = link[link.index("/konto/") :]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "en-ny-Adgangskode-42", "new_password2": "en-ny-Adgangskode-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("en-ny-Adgangskode-42")


def test_password_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []

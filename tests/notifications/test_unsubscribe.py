import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Notification, Suppression

pytestmark = pytest.mark.django_db


def _url(recipient="ada@example.test", category="reminder"):
    token = services.make_unsubscribe_token(recipient=recipient, category=category)
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def test_link_in_a_reminder_opens_the_confirmation(client, queue):
    notification = queue(category="reminder")
    link = next(line for line in notification.body_text.splitlines() if "/beskeder/afmeld/" in line)
    path = link.strip().removeprefix("https://peer.example.test")

    response = client.get(path)

    assert response.status_code == 200
    assert "ada@example.test" in response.text
    assert not Suppression.objects.exists()  # a GET (e.g. a mail scanner) changes nothing


def test_post_stores_the_opt_out(client, queue):
    reminder = queue(category="reminder")

    response = client.post(_url())

    assert response.status_code == 200
    assert Suppression.objects.filter(recipient="ada@example.test", category="reminder").exists()
    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.CANCELLED
    assert queue(category="reminder", kind="tests.next").status == "cancelled"


def test_page_speaks_danish_by_default_and_english_on_request(client):
    response = client.get(_url())
    assert '<html lang="da">' in response.text

    response = client.get(_url(), headers={"accept-language": "en"})
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "eyJyIjoiYWRhQGV4YW1wbGUudGVzdCIsImMiOiJyZW1pbmRlciJ9:1abc:forged",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_token_gives_a_clear_page(client, token, method):
    url = reverse("notifications:unsubscribe", kwargs={"token": token})

    response = getattr(client, method)(url)

    assert response.status_code == 400
    assert "<h1" in response.text
    assert not Suppression.objects.exists()


def test_tampered_token_gives_a_clear_page(client):
    url = _url()
    tampered = url.replace("ada", "bob") if "ada" in url else url[:-3] + "xx/"

    response = client.post(tampered)

    assert response.status_code == 400
    assert not Suppression.objects.exists()


def test_token_for_another_purpose_is_refused(client):
    from django.core import signing

    token = signing.dumps({"r": "ada@example.test", "c": "reminder"}, salt="something.else")
    response = client.post(reverse("notifications:unsubscribe", kwargs={"token": token}))

    assert response.status_code == 400


def test_transactional_category_cannot_be_turned_off_by_link(client):
    response = client.post(_url(category="transactional"))

    assert response.status_code == 400
    assert not Suppression.objects.exists()

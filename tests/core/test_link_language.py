"""Links in messages open in the message's language; the switcher still wins (issue 17, point 6)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from notifications.models import Notification
from notifications.services import links_in_language, queue_email

pytestmark = pytest.mark.django_db


def test_every_link_to_the_site_carries_the_language(settings):
    settings.SITE_URL = "https://peer.example.dk"
    text = (
        "Se https://peer.example.dk/status/abc/. Eller https://peer.example.dk/x/?t=1#top, "
        "men ikke https://andet.example.dk/side/."
    )
    assert links_in_language(text, "en") == (
        "Se https://peer.example.dk/status/abc/?lang=en. Eller "
        "https://peer.example.dk/x/?t=1&lang=en#top, men ikke https://andet.example.dk/side/."
    )
    html = '<a href="https://peer.example.dk/x/?t=1">x</a>'
    assert links_in_language(html, "da", html=True) == (
        '<a href="https://peer.example.dk/x/?t=1&amp;lang=da">x</a>'
    )


def test_an_english_message_links_in_english(org1):
    queue_email(
        kind="test.link",
        to="someone@example.test",
        template="courses/email/confirm_signup",
        context={"first_name": "Sam", "organisation": org1.name, "confirm_url": "x"},
        language="en",
    )
    row = Notification.objects.get(kind="test.link")
    site = settings.SITE_URL.rstrip("/")
    links = re.findall(re.escape(site) + r"[^\s\"'<>]*", row.body_text + row.body_html)
    assert links
    assert all(re.search(r"[?&](amp;)?lang=en", link) for link in links), links


def test_a_link_opens_in_its_language_and_the_switcher_still_overrides(client):
    catalogue = reverse("courses:catalogue")
    # The browser asks for Danish; the English e-mail's link opens in English.
    page = client.get(catalogue + "?lang=en", HTTP_ACCEPT_LANGUAGE="da")
    assert page.status_code == 200
    assert '<html lang="en"' in page.text
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # The switcher's "back to this page" does not carry the parameter ...
    back = re.search(r'name="next" type="hidden" value="([^"]*)"', page.text).group(1)
    assert back == catalogue
    # ... so choosing Danish sticks, also on the next page.
    client.post(reverse("set_language"), {"language": "da", "next": catalogue})
    again = client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="da"' in again.text


def test_an_unknown_language_is_ignored(client):
    page = client.get(reverse("courses:catalogue") + "?lang=xx", HTTP_ACCEPT_LANGUAGE="da")
    assert page.status_code == 200
    assert '<html lang="da"' in page.text

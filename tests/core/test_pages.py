import re

import pytest
from django.urls import reverse

PUBLIC_PAGES = ["core:home", "core:privacy", "core:accessibility", "login", "password_reset"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_render_in_danish_by_default(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert 'href="#main"' in response.text  # skip link
    assert reverse("core:privacy") in response.text
    assert reverse("core:accessibility") in response.text


def test_home_explains_peer_support_and_links_onwards(client, db):
    response = client.get(reverse("core:home"))
    text = response.text
    assert "Peerstøtte" in text
    assert "Find en peerguide" in text
    assert "Bliv peerguide" in text
    for name in ["matching:request_support", "courses:catalogue", "volunteers:apply"]:
        assert reverse(name) in text
        assert client.get(reverse(name)).status_code == 200


def test_language_switch_gives_english(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("core:home")}, follow=True
    )
    assert '<html lang="en">' in response.text
    assert "Find a peer guide" in response.text
    assert "Privacy notice" in response.text


def test_privacy_and_accessibility_pages_in_danish(client, db):
    assert "Privatlivspolitik" in client.get(reverse("core:privacy")).text
    assert "Tilgængelighedserklæring" in client.get(reverse("core:accessibility")).text


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_no_third_party_requests(client, db, name):
    """Pages load scripts, styles, images and fonts only from this site."""
    text = client.get(reverse(name)).text
    loaded = re.findall(r'<(?:script|link|img|iframe|source)[^>]+(?:src|href)="([^"]+)"', text)
    assert loaded, "expected the vendored stylesheet and scripts"
    external = [url for url in loaded if re.match(r"^(https?:)?//", url)]
    assert external == []


def test_health_check(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.text == "ok"


def test_unknown_page_gives_friendly_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Vi kunne ikke finde siden" in response.text

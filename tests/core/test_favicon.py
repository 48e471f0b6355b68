"""The site has its own favicon (no CDN): linked from the public and admin pages, served as a
static file, and /favicon.ico leads to it."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


def test_public_and_admin_pages_link_the_favicon(client):
    assert ICON in client.get("/").text
    assert ICON in client.get("/admin/login/").text


def test_the_favicon_is_served_and_favicon_ico_leads_to_it(settings):
    assert finders.find("favicon.svg")
    settings.WHITENOISE_USE_FINDERS = True  # as on a laptop; production serves the collected file
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == "/static/favicon.svg"
    icon = client.get(response.url)
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)

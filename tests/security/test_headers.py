"""Security headers on every page; a Content-Security-Policy without inline scripts; no page
loads anything from another host."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.urls import path, reverse

from tests.deploy.test_settings import PRODUCTION_ENV, run

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("url", ["/", "/konto/login/", "/privatliv/", "/bliv-peerguide/"])
def test_public_pages_send_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_hsts_on_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_production_settings_secure_cookies_and_hsts():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='peerplatform.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS)"
    )
    result = run(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000", "True", "True"] + [
        "DENY"
    ]


def test_admin_may_use_inline_styles_but_never_inline_scripts(client, coordinator1):
    client.force_login(coordinator1)
    csp = policy(client.get(reverse("admin:index")))
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["script-src"] == ["'self'"]


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls("tests.security.test_headers")
def test_500_page_may_use_exactly_its_own_inline_style(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    style = re.search(r'style="([^"]*)"', response.text).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert policy(response)["style-src"] == ["'self'", "'unsafe-hashes'", f"'sha256-{digest}'"]
    assert policy(response)["script-src"] == ["'self'"]


# Pages (not e-mails) that CSP would break, or that would load something from another host.
PAGE_TEMPLATES = [
    p
    for p in (ROOT / "templates").rglob("*.html")
    if "email" not in p.parts and p.name != "500.html"
]


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_templates_have_no_inline_script_or_style_and_no_third_party_assets(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    if not re.search(r"{% extends ['\"]admin/", text):  # the admin's policy allows inline styles
        assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
        assert not re.search(r"<style\b", text), "inline <style>"
    assert not re.search(
        r"<(script|img|link|iframe|source|video|audio)\b[^>]*\b(src|href)=\"(https?:)?//", text
    ), "asset from another host"

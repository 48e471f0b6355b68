"""Login protection and response headers: django-axes hooks, idle session expiry, CSP, and
Permissions-Policy. Two-factor authentication for staff is in `core/twofactor.py`."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import time
from dataclasses import replace

from axes.backends import AxesStandaloneBackend
from csp.constants import SELF, UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import backends as auth_backends
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# --- django-axes: lockout per (e-mail, IP) -------------------------------------------------------


class AxesBackend(AxesStandaloneBackend):
    """Axes' lockout check for every login that comes through a web request.

    `authenticate()` without a request (the shell, a management command, a test) is not an attack
    surface and Axes could not key it by IP; it passes on to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(auth_backends.ModelBackend):
    """Django's ModelBackend, with a user's permissions read in one query (the user's own and
    their groups', as a UNION) instead of two: every admin page asks for them once (issue 15,
    point 4: at most 15 queries a page). Superusers and everything else as Django does it."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser or hasattr(user_obj, "_perm_cache"):
            return super().get_all_permissions(user_obj, obj)
        fields = ("content_type__app_label", "codename")
        own = Permission.objects.filter(user=user_obj).order_by().values_list(*fields)
        grouped = Permission.objects.filter(group__user=user_obj).order_by().values_list(*fields)
        user_obj._perm_cache = {f"{app}.{codename}" for app, codename in own.union(grouped)}
        return user_obj._perm_cache


def axes_username(request, credentials) -> str | None:
    """The e-mail a login attempt is for, normalised like `User.email` (lower case), so that
    "Sofie@Example.test" and "sofie@example.test" count against the same lockout."""
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD)
    if value is None and request is not None:
        value = request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else value


def client_ip(request) -> str | None:
    """The client's IP: REMOTE_ADDR, or the header named by CLIENT_IP_META_KEY (by default the one
    the public forms' rate limit uses) when a trusted proxy sets it. Of a comma-separated
    X-Forwarded-For the right-most entry counts: the proxy added it; the client wrote the others."""
    key = (
        getattr(settings, "CLIENT_IP_META_KEY", None)
        or getattr(settings, "RATELIMIT_IP_META_KEY", None)
        or "REMOTE_ADDR"
    )
    value = request.META.get(key) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip() or None


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out person sees: what happened and what to do (wait, or reset)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="core.security.password_set")
def lift_lockout_when_password_is_set(sender, instance, raw=False, **kwargs):
    """A new password (reset by e-mail link, or set by an admin) lifts the lockout of that account,
    so "reset your password" on the lockout page is a real way out, not only waiting."""
    if raw or instance._state.adding or getattr(instance, "_password", None) is None:
        return
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=instance.email.strip().lower()).delete()


# --- Idle session expiry -------------------------------------------------------------------------

_LAST_TOUCH = "_idle_touch"


def _idle_timeout(user) -> int:
    if user.is_staff or user.is_superuser:
        return settings.STAFF_SESSION_IDLE_TIMEOUT
    return settings.SESSION_IDLE_TIMEOUT


def _touch(session, user) -> None:
    session.set_expiry(_idle_timeout(user))
    session[_LAST_TOUCH] = int(time.time())


@receiver(user_logged_in, dispatch_uid="core.security.session_expiry_at_login")
def set_session_expiry_at_login(sender, request, user, **kwargs):
    """Give a new login its idle timeout at once (the login saves the session anyway)."""
    if request is not None and hasattr(request, "session"):
        _touch(request.session, user)


class SessionIdleTimeoutMiddleware:
    """Logged-in sessions end after a period without requests: short for staff (they see every
    organisation's health data), longer for peer guides. The expiry is renewed on activity, at most
    once a minute, so an ordinary request does not write the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            last = session.get(_LAST_TOUCH)
            if (
                session.get("_session_expiry") != _idle_timeout(user)
                or not isinstance(last, int)
                or time.time() - last >= settings.SESSION_IDLE_REFRESH
            ):
                _touch(session, user)
        return self.get_response(request)


# --- Content-Security-Policy and Permissions-Policy ----------------------------------------------


@functools.cache
def _style_attribute_hashes(template_name: str) -> tuple[str, ...]:
    """CSP hashes of the style attributes in a static template (the 500 page is self-contained so
    that it renders even when static files are what failed)."""
    for directory in settings.TEMPLATES[0]["DIRS"]:
        path = directory / template_name
        if path.exists():
            text = path.read_text(encoding="utf-8")
            digests = (
                base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()
                for value in re.findall(r'style="([^"]*)"', text)
            )
            return tuple(f"'sha256-{digest}'" for digest in digests)
    return ()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two narrow exceptions to the site-wide policy:

    - the Django admin (logged-in, two-factor verified staff only) may use inline styles, which the
      e-mail preview and some third-party admin templates need; never inline scripts;
    - the static 500 page may use exactly its own inline style attribute (by hash).
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        style_src = None
        if response.status_code == 500:
            style_src = [SELF, UNSAFE_HASHES, *_style_attribute_hashes("500.html")]
        else:
            match = getattr(request, "resolver_match", None)
            if match is not None and "admin" in match.namespaces:
                style_src = [SELF, UNSAFE_INLINE]
        if style_src is None:
            return parts
        return replace(parts, replace={**(parts.replace or {}), "style-src": style_src})


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses (camera, microphone, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateResponseMiddleware:
    """Pages with personal data are never stored by a browser or a proxy cache: every response to
    a signed-in person, and every page opened with a signed link (a URL with a `token`), is sent
    with `Cache-Control: no-store` (with Django's other never-cache headers). A shared computer's
    back button or disk cache then shows nothing of a participant's phone number or a guide's
    match. Goes after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        has_token = bool(match and "token" in match.kwargs)
        if has_token or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response

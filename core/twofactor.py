"""Two-factor authentication (django-otp): TOTP from an authenticator app, plus one-time backup
codes. Every staff user (coordinators, organisation admins, superusers) must verify a code before
the admin opens; staff without a device set one up first. Peer guides are not required to.

Flow: log in at /konto/login/ → the admin → `StaffOTPRequiredMiddleware` sends unverified staff to
`verify` (or `enrol` when they have no confirmed device) with ?next= → back to the admin.
"""

from __future__ import annotations

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

NEW_CODES_SESSION_KEY = "twofactor_new_backup_codes"
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

# Admin views that must stay reachable before verification.
_EXEMPT_ADMIN_VIEWS = {"login", "logout"}


def requires_otp(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)  # installed by django_otp's OTPMiddleware
    return bool(check and check())


class StaffOTPRequiredMiddleware:
    """Staff reach the admin only in a session verified with a second factor. Goes after
    django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces:
            return None
        if match.url_name in _EXEMPT_ADMIN_VIEWS:
            return None
        user = request.user
        if not requires_otp(user) or is_verified(user):
            return None
        target = "twofactor_verify" if user_has_device(user) else "twofactor_enrol"
        return redirect_to_login(request.get_full_path(), reverse(target), "next")


# --- Services ------------------------------------------------------------------------------------


def make_backup_codes(*, user) -> list[str]:
    """Replace the user's backup codes with a fresh set; each works once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (one per user; kept across page reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(text: str) -> str:
    """An inline SVG QR code made on the server: no image request to anywhere."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    label = escape(_("QR code for your authenticator app"))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    # Safe: the SVG is generated here from our own URL; the only text in it is escaped above.
    return mark_safe(svg)  # nosec B308 B703 # noqa: S308


def grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:after_login")


def _verified_login(request, device) -> None:
    request.session.cycle_key()
    django_otp.login(request, device)


# --- Forms ---------------------------------------------------------------------------------------


def _normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


class _CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class EnrolForm(_CodeForm):
    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.fields["token"].label = _("The 6-digit code from the app")
        self.fields["token"].widget.attrs["inputmode"] = "numeric"

    def clean_token(self):
        token = _normalise(self.cleaned_data["token"])
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a little and try again."), code="throttled"
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "That code did not work. Check that the clock on your phone is right and "
                    "type the newest code."
                ),
                code="invalid",
            )
        return token


class VerifyForm(_CodeForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None
        self.fields["token"].label = _("Code from the app, or a backup code")
        self.fields["token"].help_text = _(
            "6 digits from your authenticator app. Lost your phone? Use one of your backup codes."
        )

    def clean_token(self):
        token = _normalise(self.cleaned_data["token"])
        throttled = False
        with transaction.atomic():
            for device in devices_for_user(self.user, confirmed=True, for_verify=True):
                allowed, _details = device.verify_is_allowed()
                if not allowed:
                    throttled = True
                    continue
                if device.verify_token(token):
                    self.device = device
                    return token
        if throttled:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a little and try again."), code="throttled"
            )
        raise forms.ValidationError(
            _("That code did not work. Type the newest code from the app, or a backup code."),
            code="invalid",
        )


# --- Views ---------------------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("token")
@login_required
def enrol(request):
    """Set up the authenticator app: secret as text and as a QR code, confirm one code."""
    user = request.user
    if user_has_device(user):
        if is_verified(user):
            return redirect(_next_url(request))
        return redirect_to_login(_next_url(request), reverse("twofactor_verify"), "next")
    device = pending_totp_device(user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = make_backup_codes(user=user)
        _verified_login(request, device)
        request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect_to_login(_next_url(request), reverse("twofactor_backup_codes"), "next")
    return render(
        request,
        "registration/twofactor_enrol.html",
        {
            "form": form,
            "secret": grouped_secret(device),
            "qr_svg": qr_code_svg(device.config_url),
            "next": _next_url(request),
        },
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def verify(request):
    """Second step of the login: a code from the app or a backup code."""
    user = request.user
    if is_verified(user):
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect_to_login(_next_url(request), reverse("twofactor_enrol"), "next")
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        _verified_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = remaining_backup_codes(user)
            messages.warning(
                request,
                ngettext(
                    "You used a backup code. You have %(count)d backup code left.",
                    "You used a backup code. You have %(count)d backup codes left.",
                    left,
                )
                % {"count": left},
            )
        return redirect(_next_url(request))
    return render(
        request, "registration/twofactor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@login_required
def backup_codes(request):
    """Shows new backup codes once (right after set-up, or after asking for new ones)."""
    user = request.user
    if not is_verified(user):
        return redirect_to_login(request.get_full_path(), reverse("twofactor_verify"), "next")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if request.method == "POST":
        codes = make_backup_codes(user=user)
    return render(
        request,
        "registration/twofactor_backup_codes.html",
        {"codes": codes, "remaining": remaining_backup_codes(user), "next": _next_url(request)},
    )

"""Signed, single-purpose, expiring links for participants (no login).

A token is `signing.dumps({"id": pk, "p": purpose}, salt=...)` with a timestamp; each purpose has
its own salt and lifetime, so a link made for one thing never opens another."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "participants.link"

DEFAULT_MAX_AGE = datetime.timedelta(days=90)


class LinkError(Exception):
    """The link is tampered with, made for something else, or has expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


def make_token(*, pk: int, purpose: str) -> str:
    return signing.dumps({"id": pk, "p": purpose}, salt=f"{SALT}.{purpose}", compress=True)


def read_token(token: str, *, purpose: str, max_age: datetime.timedelta = DEFAULT_MAX_AGE) -> int:
    try:
        data = signing.loads(token, salt=f"{SALT}.{purpose}", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("invalid") from exc
    if (
        not isinstance(data, dict)
        or data.get("p") != purpose
        or not isinstance(data.get("id"), int)
    ):
        raise LinkError("invalid")
    return data["id"]


#: The participant's own data page (/mine-data/, the privacy app): a fresh link is made each time
#: their status or course page is shown, and it opens the data page for a short while only.
PRIVACY_PURPOSE = "privacy"
PRIVACY_MAX_AGE = datetime.timedelta(hours=12)


def privacy_token(participant) -> str:
    """A fresh link token to the participant's data page."""
    return make_token(pk=participant.pk, purpose=PRIVACY_PURPOSE)


def absolute_url(viewname: str, *, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(viewname, kwargs={"token": token})

"""Signed, single-purpose, expiring links for participants (no login).

A token is `signing.dumps({"id": pk, "p": purpose}, salt=...)` with a timestamp; each purpose has
its own salt and lifetime, so a link made for one thing never opens another.

A view behind such a link takes `@signed_link(purpose=..., max_age=..., queryset=...)`: it gets the
object the link points to, or the person gets the one error page (`link_error`).

A single-use link carries a `version` when it is made (a counter on the row, such as how many
sign-in links were used), and `signed_link(version=...)` opens it only while the row's counter has
not moved on (`USED` otherwise): using the link moves the counter, and every earlier link dies."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

SALT = "participants.link"

DEFAULT_MAX_AGE = datetime.timedelta(days=90)

EXPIRED = "expired"  # the link is older than its purpose allows
INVALID = "invalid"  # tampered with, cut short, or made for another page
GONE = "gone"  # the link is sound but what it points to is gone (or erased, or not for this page)
USED = "used"  # a single-use link that was used (or made before the one that was)


class LinkError(Exception):
    """The link is tampered with, made for something else, or has expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # EXPIRED or INVALID


def make_token(*, pk: int, purpose: str, version: int | None = None) -> str:
    data = {"id": pk, "p": purpose} if version is None else {"id": pk, "p": purpose, "v": version}
    return signing.dumps(data, salt=f"{SALT}.{purpose}", compress=True)


def read_token(token: str, *, purpose: str, max_age: datetime.timedelta = DEFAULT_MAX_AGE) -> int:
    return _read(token, purpose=purpose, max_age=max_age)["id"]


def _read(token: str, *, purpose: str, max_age: datetime.timedelta) -> dict:
    try:
        data = signing.loads(token, salt=f"{SALT}.{purpose}", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError(EXPIRED) from exc
    except signing.BadSignature as exc:
        raise LinkError(INVALID) from exc
    if (
        not isinstance(data, dict)
        or data.get("p") != purpose
        or not isinstance(data.get("id"), int)
    ):
        raise LinkError(INVALID)
    return data


#: The participant's own data page (/mine-data/, the privacy app): a fresh link is made each time
#: their status or course page is shown, and it opens the data page for a short while only.
PRIVACY_PURPOSE = "privacy"
PRIVACY_MAX_AGE = datetime.timedelta(hours=12)


def privacy_token(participant) -> str:
    """A fresh link token to the participant's data page."""
    return make_token(pk=participant.pk, purpose=PRIVACY_PURPOSE)


def absolute_url(viewname: str, *, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(viewname, kwargs={"token": token})


def link_error(
    request: HttpRequest,
    reason: str,
    *,
    explain: Mapping[str, str] | None = None,
    again_url: str = "",
) -> HttpResponse:
    """The one page for a link that does not work: 400 for a bad, expired or used link, 404 when
    what a sound link points to is gone (another's, erased or never there: we do not say which).
    `explain` gives a purpose's own sentence for a reason ("A sign-in link works for 15
    minutes."); `again_url` is where the person gets a new link, when they can themselves."""
    context = {
        "reason": reason,
        "explanation": (explain or {}).get(reason, ""),
        "again_url": again_url,
    }
    return render(request, "link_error.html", context, status=404 if reason == GONE else 400)


def signed_link(
    *,
    purpose: str,
    max_age: datetime.timedelta,
    queryset: QuerySet | Callable[[], QuerySet],
    version: Callable[[Any], int] | None = None,
    explain: Mapping[str, str] | None = None,
    again_url: str = "",
):
    """Decorate `view(request, obj, token, ...)` reached at a URL with `<token>`: the token is
    read for `purpose` within `max_age`, `obj` is the row of `queryset` it names (the queryset
    carries the view's `select_related` and its "still open to the person" conditions, such as
    `participant__anonymised_at__isnull=True`), and anything else answers `link_error` (with
    `explain` and `again_url`). With `version`, a function of `obj`, the link must carry the
    row's current version (a single-use link), else it answers `USED`. A link sent by text
    message is made short by the outbox (notifications' `/s/<code>`), not by its token."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, token, *args, **kwargs):
            def error(reason):
                return link_error(request, reason, explain=explain, again_url=str(again_url))

            try:
                data = _read(token, purpose=purpose, max_age=max_age)
            except LinkError as failed:
                return error(failed.reason)
            rows = queryset() if callable(queryset) else queryset
            obj = rows.filter(pk=data["id"]).first()
            if obj is None:
                return error(GONE)
            if version is not None and data.get("v") != version(obj):
                return error(USED)
            return view(request, obj, token, *args, **kwargs)

        return wrapper

    return decorator

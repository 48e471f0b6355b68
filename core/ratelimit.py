"""Per-IP rate limits for public forms (django-ratelimit), counted only on posts that passed
validation, and answered by the same page with what the person typed and a message (HTTP 429).

A view is decorated with ``@limit_posts(group)`` and asks ``over_limit(request, form)`` once its
form is valid, before it acts:

    if request.method == "POST" and form.is_valid() and not over_limit(request, form):
        ...  # do it

Over the limit, the form gets a message at the top and the view renders the page again as for an
invalid form; the decorator answers that page with 429. A post with mistakes is not counted: the
person corrects and sends again without using up their tries.

The counters live in the cache. When the cache is down the limit is not enforced: the request goes
through and a warning is logged, because a person asking for help matters more than a counter
(the honeypot and the login lockout, which keep no state in the cache, still hold).
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def _limited(request, group: str, rate: str) -> bool:
    try:
        return is_ratelimited(
            request,
            group=group,
            key="ip",
            rate=rate,
            method="POST",
            increment=True,
        )
    except Exception:  # noqa: BLE001 - any cache failure: let the request through
        logger.warning("Rate limit %s not checked: the cache is unavailable", group, exc_info=True)
        return False


def message() -> str:
    return _(
        "You have sent this form many times in a short while, so we have to ask you to wait. "
        "What you wrote is still here: try again in an hour. If it is urgent, write to us "
        "at %(email)s."
    ) % {"email": settings.CONTACT_EMAIL}


def over_limit(request, form=None) -> bool:
    """Count this (valid) post; over the limit, say so on `form` (or as a page message)."""
    group, rate = getattr(request, "_rate_limit", (None, None))
    if group is None or not _limited(request, group, rate or settings.PUBLIC_FORM_RATE):
        return False
    request._rate_limited = True
    if form is not None:
        form.add_error(None, message())
    else:
        messages.error(request, message())
    return True


def limit_posts(group: str, rate: str | None = None):
    """Let the view count valid POSTs per client IP with `over_limit`; answer 429 when over."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request._rate_limit = (group, rate)
            response = view(request, *args, **kwargs)
            if getattr(request, "_rate_limited", False) and response.status_code == 200:
                response.status_code = 429
            return response

        # tests/core/test_rate_limits.py finds the views by this and checks they ask.
        wrapped.rate_limit_group = group
        return wrapped

    return decorator

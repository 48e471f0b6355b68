"""Per-IP rate limits for public forms (django-ratelimit), with a friendly page when exceeded.

The counters live in the cache. When the cache is down the limit is not enforced: the request goes
through and a warning is logged, because a person asking for help matters more than a counter
(the honeypot and the login lockout, which keep no state in the cache, still hold).
"""

import logging
from functools import wraps

from django.conf import settings
from django.shortcuts import render
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


def limit_posts(group: str, rate: str | None = None):
    """Allow `rate` POSTs per client IP (default settings.PUBLIC_FORM_RATE); then answer 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and _limited(
                request, group, rate or settings.PUBLIC_FORM_RATE
            ):
                return render(request, "core/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

"""Per-IP rate limits for public forms (django-ratelimit), with a friendly page when exceeded."""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def limit_posts(group: str, rate: str | None = None):
    """Allow `rate` POSTs per client IP (default settings.PUBLIC_FORM_RATE); then answer 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and is_ratelimited(
                request,
                group=group,
                key="ip",
                rate=rate or settings.PUBLIC_FORM_RATE,
                method="POST",
                increment=True,
            ):
                return render(request, "core/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

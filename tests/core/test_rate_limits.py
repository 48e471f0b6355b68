"""Every rate-limited public view asks `over_limit` before it acts (core/ratelimit.py): a view
that forgets would act on every post, however many (the plan's sign-in page once did)."""

import inspect

from django.urls import URLPattern, URLResolver, get_resolver


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def _source(view) -> str:
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return inspect.getsource(view)


def test_every_rate_limited_view_checks_its_limit_before_acting():
    limited = {}
    for view in _views(get_resolver().url_patterns):
        current = view
        while current is not None:
            if getattr(current, "rate_limit_group", None):
                limited[view.__module__ + "." + view.__name__] = view
                break
            current = getattr(current, "__wrapped__", None)
    assert len(limited) >= 8, sorted(limited)
    missing = [name for name, view in limited.items() if "over_limit(" not in _source(view)]
    assert missing == []

"""Report pages and exports kept per scope in the cache, recomputed after any change.

A report at national scale aggregates hundreds of thousands of meetings; computing it on every
page view, CSV and XLSX made each take a second. So each built page (and the funder sheet) is
kept in the cache under its area, period, organisations, programme and language, and under the
*data versions* of those organisations:

- saving or deleting any row of the apps the figures read (matching, courses, participants,
  volunteers, activities, the organisation itself) starts a new version for the row's
  organisation, when it is known without a query, else a new global version (`_changed`);
- an entry also expires after `REPORT_CACHE_SECONDS`, which bounds what a change that sends no
  signal (a bulk `update()`, a database script) can leave unseen. The page says when its
  figures were computed (`computed_at`).

Versions start at a random number, so an emptied cache never brings an old entry back. Without
a working cache every view computes its figures, as before.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from core import versions

REPORT_CACHE_SECONDS = 600
# The apps whose rows the report figures read (plans are never reported: opening a shared plan
# must not throw away every organisation's cached reports).
WATCHED_APPS = frozenset(
    {"matching", "courses", "participants", "volunteers", "activities", "core"}
)
# last_login is saved on every sign-in; who follows an interest and the news they are sent are
# never reported (a confirmed follow would otherwise start a new version for everyone).
_IGNORED_MODELS = frozenset({"core.user", "activities.follow", "activities.news"})
_GLOBAL = "reports:version:all"

T = TypeVar("T")


def _version_key(organisation_id: int | None) -> str:
    return _GLOBAL if organisation_id is None else f"reports:version:{organisation_id}"


def _versions(organisation_ids) -> tuple | None:
    keys = [_GLOBAL, *(_version_key(pk) for pk in sorted(organisation_ids))]
    return versions.current_many(keys)


def bump(organisation_id: int | None = None) -> None:
    """Start a new data version for an organisation (None: for every organisation)."""
    versions.renew(_version_key(organisation_id))


def cached(
    kind: str, build: Callable[[], T], *, period, scope, extra=()
) -> tuple[T, datetime.datetime]:
    """(what `build` returns, when it was computed), from the cache when nothing changed."""
    now = timezone.now()
    kept_under = _versions(scope.organisation_ids)
    if kept_under is None:  # no cache: compute, as without one
        return build(), now
    # Every filter of the scope (organisations, programme, form of peer support, and any added
    # later) is part of the key; only the moment the scope was made is not.
    filters = tuple(
        (f.name, getattr(scope, f.name))
        for f in dataclasses.fields(scope)
        if f.name not in ("now", "organisation_ids")
    )
    identity = repr(
        (
            kind,
            period,
            tuple(sorted(scope.organisation_ids)),
            filters,
            translation.get_language(),
            extra,
            kept_under,
        )
    )
    key = "reports:page:" + hashlib.sha256(identity.encode()).hexdigest()
    try:
        hit = cache.get(key)
    except Exception:  # noqa: BLE001
        hit = None
    if hit is not None:
        return hit
    value = (build(), now)
    try:
        cache.set(key, value, REPORT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001, S110 - the next view computes again
        pass
    return value


def _organisation_id(instance) -> int | None:
    """The organisation of a saved row, when it can be read without a query."""
    if instance._meta.label_lower == "core.organisation":
        return instance.pk
    path = getattr(instance, "organisation_path", None)
    if not path:
        return getattr(instance, "organisation_id", None)
    obj, parts = instance, path.split("__")
    for part in parts[:-1]:
        field = obj._meta.get_field(part)
        if not field.is_cached(obj):
            return None
        obj = getattr(obj, part)
        if obj is None:
            return None
    return getattr(obj, f"{parts[-1]}_id", None)


def _changed(sender, instance=None, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label not in WATCHED_APPS or meta.label_lower in _IGNORED_MODELS:
        return
    organisation_id = _organisation_id(instance) if instance is not None else None
    bump(organisation_id)


def connect() -> None:
    """Called once from ReportsConfig.ready."""
    post_save.connect(_changed, dispatch_uid="reports.cache.saved")
    post_delete.connect(_changed, dispatch_uid="reports.cache.deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="reports.cache.m2m")


def _m2m_changed(sender, instance=None, action="", **kwargs) -> None:
    if action.startswith("post_"):
        _changed(type(instance), instance=instance)

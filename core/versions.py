"""Versions kept in the cache: what is built from the database (the crisis contacts, the taxonomy
terms, a guide pool, a batch proposal) is kept under its inputs' version, and a change to an input
renews the version, so the next reader builds afresh. One mechanism for every app.

A version starts at a random number, so a flushed cache never brings back a version a process may
still hold something under. When the cache is unreachable, `current` answers None (the caller
builds from the database) and `renew` gives up quietly after a warning (what was kept expires by
itself)."""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def _new() -> int:
    return secrets.randbelow(2**62)


def current(key: str) -> int | None:
    """The version kept under `key` (made if there is none); None when the cache is down."""
    try:
        return cache.get_or_set(key, _new, None)
    except Exception:  # noqa: BLE001 - the caller reads the database
        logger.warning("Version %s not read: the cache is unreachable", key, exc_info=True)
        return None


def current_many(keys: list[str]) -> tuple | None:
    """The versions kept under `keys`, in their order, read together (made where there are
    none); None when the cache is down."""
    try:
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, _new(), None)
            found = cache.get_many(keys)
    except Exception:  # noqa: BLE001 - the caller reads the database
        logger.warning("Versions %s not read: the cache is unreachable", keys, exc_info=True)
        return None
    return tuple(found.get(key) for key in keys)


def renew(key: str) -> None:
    """A new version under `key`: what was kept under the old one is no longer found."""
    try:
        cache.incr(key)
    except ValueError:  # none yet (or flushed)
        try:
            cache.set(key, _new(), None)
        except Exception:  # noqa: BLE001 - see below
            logger.warning("Version %s not renewed: the cache is unreachable", key, exc_info=True)
    except Exception:  # noqa: BLE001 - a cache outage must not stop the change being saved
        logger.warning("Version %s not renewed: the cache is unreachable", key, exc_info=True)


def renew_now_and_after_commit(key: str) -> None:
    """Renew now and again once the transaction commits, so that something built from rows read
    before the commit is not kept under the version that follows the change."""
    renew(key)
    transaction.on_commit(lambda: renew(key))

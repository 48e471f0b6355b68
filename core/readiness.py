"""Readiness: can this installation do its work right now? (`/readyz/`)

`/healthz/` answers whether the web process lives (and reaches its database): cheap, for a
container's liveness check. `/readyz/` asks every service the site depends on, each with a short
timeout, and says which one is down: the database, the cache (rate limits, the drain flag), the
broker (background jobs) and beat, through the heartbeat a periodic task writes every minute.
"""

from __future__ import annotations

import logging
from datetime import datetime

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "core:beat-heartbeat"
DEFAULT_HEARTBEAT_MAX_AGE = 180  # seconds: three missed beats of the one-minute schedule
CHECK_TIMEOUT = 1.0  # seconds each network check may take


def record_heartbeat(now: datetime | None = None) -> None:
    """Store the time beat last got a task through to a worker (no expiry: its age tells)."""
    cache.set(HEARTBEAT_KEY, (now or timezone.now()).timestamp(), timeout=None)


def heartbeat_max_age() -> int:
    return int(getattr(settings, "READYZ_HEARTBEAT_MAX_AGE", DEFAULT_HEARTBEAT_MAX_AGE))


def _broker_is_eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_cache() -> dict:
    cache.set("core:readyz-probe", 1, timeout=10)
    if cache.get("core:readyz-probe") != 1:
        return {"ok": False, "error": "the cache did not keep a value"}
    return {"ok": True}


def check_broker() -> dict:
    if _broker_is_eager():
        return {"ok": True, "mode": "eager"}  # no broker configured: tasks run in-process
    with current_app.connection_for_read(
        connect_timeout=CHECK_TIMEOUT,
        transport_options={
            "max_retries": 0,
            "socket_connect_timeout": CHECK_TIMEOUT,
            "socket_timeout": CHECK_TIMEOUT,
        },
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)
        conn.default_channel  # noqa: B018 - opens a channel: the broker answers
    return {"ok": True}


def check_beat(now: datetime | None = None) -> dict:
    max_age = heartbeat_max_age()
    if _broker_is_eager():
        return {"ok": True, "mode": "eager", "max_age_seconds": max_age}
    stamp = cache.get(HEARTBEAT_KEY)
    if stamp is None:
        return {"ok": False, "age_seconds": None, "max_age_seconds": max_age}
    age = max(0, round((now or timezone.now()).timestamp() - float(stamp)))
    return {"ok": age <= max_age, "age_seconds": age, "max_age_seconds": max_age}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "beat": check_beat,
}


def readiness(only: list[str] | None = None) -> tuple[bool, dict]:
    """Run every check (or `only` those); one that raises is down (error type shown, details
    logged)."""
    results = {}
    for name, check in CHECKS.items():
        if only and name not in only:
            continue
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - every failure is a "down" answer
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = {"ok": False, "error": type(exc).__name__}  # details in the log
    return all(r["ok"] for r in results.values()), results

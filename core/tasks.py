"""Thin Celery task for core: beat's heartbeat (beat schedules it every minute; see migrations)."""

from celery import shared_task

from core import readiness


@shared_task(ignore_result=True)
def beat_heartbeat() -> None:
    """Record that beat's schedule reached a worker; `/readyz/` reads its age."""
    readiness.record_heartbeat()

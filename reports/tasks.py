"""Thin Celery task for the coordinator digest (beat: Mondays 08:00; see migrations)."""

from celery import shared_task

from reports import digest


@shared_task(acks_late=True)
def send_coordinator_digest() -> int:
    return digest.send_coordinator_digest()

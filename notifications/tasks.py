"""Thin Celery wrappers around the outbox services."""

import smtplib

from celery import shared_task

from notifications import services


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_due_notifications(batch_size: int = 50) -> int:
    """Send every due message in the outbox; safe to run twice or in parallel.

    Published once per commit that queued something due (coalesced while one waits) and every
    minute by beat; it stores no result.
    """
    services.drain_started()
    return services.send_due(batch_size=batch_size)

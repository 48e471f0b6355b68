"""Thin Celery task for the retention job (beat runs it nightly; see migrations)."""

from celery import shared_task

from privacy import retention


@shared_task(acks_late=True)
def apply_retention() -> dict:
    """Nightly (beat, 02:30): anonymise participants past their retention period and delete
    declined guide applications older than 6 months (privacy/retention.py)."""
    return retention.apply_retention()

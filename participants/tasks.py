"""Thin Celery task for the WHO-5 job (beat runs it daily; see migrations)."""

from celery import shared_task

from participants import jobs


@shared_task(acks_late=True)
def send_who5_invitations() -> int:
    return jobs.send_who5_invitations()


@shared_task(acks_late=True)
def apply_retention() -> dict:
    """Nightly (beat, 02:30): anonymise participants past their retention period and delete
    declined guide applications older than 6 months (participants/retention.py)."""
    from privacy import retention

    return retention.apply_retention()

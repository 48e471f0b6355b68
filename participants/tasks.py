"""Thin Celery task for the WHO-5 job (beat runs it daily; see migrations)."""

from celery import shared_task

from participants import jobs


@shared_task(acks_late=True)
def send_who5_invitations() -> int:
    return jobs.send_who5_invitations()

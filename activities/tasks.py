"""Thin Celery tasks for the activities' scheduled jobs."""

from celery import shared_task

from activities import services


@shared_task(acks_late=True)
def generate_occurrences() -> int:
    return services.generate_all()

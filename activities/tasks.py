"""Thin Celery tasks for the activities' scheduled jobs."""

from celery import shared_task

from activities import services


@shared_task(acks_late=True)
def generate_occurrences() -> int:
    """The nightly job: the coming 12 weeks of dates, then the news that waited for a
    follower's week to end (one beat entry for both: they run at the same hour)."""
    added = services.generate_all()
    services.send_waiting_news()
    return added

"""Thin Celery tasks for the courses' scheduled jobs."""

from celery import shared_task

from courses import jobs


@shared_task(acks_late=True)
def send_session_reminders() -> int:
    return jobs.send_session_reminders()

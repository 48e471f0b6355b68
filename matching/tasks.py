"""Thin Celery tasks for matching's scheduled jobs (beat schedules them; see migrations)."""

from celery import shared_task

from matching import jobs


@shared_task(acks_late=True)
def send_meeting_reminders() -> int:
    return jobs.send_meeting_reminders()


@shared_task(acks_late=True)
def nudge_stale_matches() -> int:
    return jobs.nudge_stale_matches()

"""Beat schedules from data migrations (django-celery-beat), shared by every app's jobs.

Each app's migration lists its schedules as `Schedule` values and calls `schedules_operation`;
coordinators can change them afterwards in the admin. Times are Europe/Copenhagen.
"""

from dataclasses import dataclass

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Europe/Copenhagen"


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str
    hour: str
    description: str
    day_of_week: str = "*"


def _create(schedules):
    def create(apps, schema_editor):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        for schedule in schedules:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=schedule.minute,
                hour=schedule.hour,
                day_of_week=schedule.day_of_week,
                day_of_month="*",
                month_of_year="*",
                timezone=TIME_ZONE,
            )
            PeriodicTask.objects.get_or_create(
                name=schedule.name,
                defaults={
                    "task": schedule.task,
                    "crontab": crontab,
                    "description": schedule.description,
                },
            )
        # Tell a running beat that the schedule changed.
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})

    return create


def _remove(schedules):
    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
            name__in=[s.name for s in schedules]
        ).delete()

    return remove


def schedules_operation(*schedules: Schedule) -> migrations.RunPython:
    return migrations.RunPython(_create(schedules), _remove(schedules))


BEAT_DEPENDENCY = ("django_celery_beat", "0019_alter_periodictasks_options")

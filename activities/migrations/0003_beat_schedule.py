"""Beat schedule that rolls the activities' 12 weeks of dates forward (editable in the admin)."""

from dataclasses import dataclass

from django.db import migrations
from django.utils import timezone


# Copied from core.schedules as it was when this migration was written: a migration keeps its
# meaning however the live helpers change later. Times are Europe/Copenhagen.
BEAT_DEPENDENCY = ("django_celery_beat", "0019_alter_periodictasks_options")


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str
    hour: str
    description: str
    day_of_week: str = "*"


def schedules_operation(*schedules):
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
                timezone="Europe/Copenhagen",
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

    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
            name__in=[s.name for s in schedules]
        ).delete()

    return migrations.RunPython(create, remove)



class Migration(migrations.Migration):
    dependencies = [("activities", "0002_role_permissions"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="activities: next 12 weeks of dates",
                task="activities.tasks.generate_occurrences",
                minute="20",
                hour="3",
                description="Every night: the dates of published activities for 12 weeks ahead.",
            )
        )
    ]

"""Beat schedules for matching's jobs (editable in the admin; times in Europe/Copenhagen)."""

from django.db import migrations
from django.utils import timezone

SCHEDULES = [
    # name, task, crontab (minute, hour), description
    (
        "matching: meeting reminders",
        "matching.tasks.send_meeting_reminders",
        ("5", "*"),
        "Every hour: reminders 24 hours before planned one-to-one meetings.",
    ),
    (
        "matching: nudge stale matches",
        "matching.tasks.nudge_stale_matches",
        ("0", "9"),
        "Every morning: a nudge to guides of active matches with no held meeting for too long.",
    ),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, (minute, hour), description in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Copenhagen",
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={"task": task, "crontab": crontab, "description": description},
        )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[s[0] for s in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_role_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]

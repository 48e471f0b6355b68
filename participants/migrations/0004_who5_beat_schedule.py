"""Beat schedule for the WHO-5 invitations (editable in the admin; Europe/Copenhagen)."""

from django.db import migrations
from django.utils import timezone

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_week), description
    (
        "participants: WHO-5 invitations",
        "participants.tasks.send_who5_invitations",
        ("30", "10", "*"),
        "Every day 10:30: WHO-5 invitations at the start, end and 3 months after, and one reminder.",
    ),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, (minute, hour, day_of_week), description in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
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
        ("participants", "0003_wellbeingmeasurement"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]

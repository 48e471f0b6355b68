"""Coordinators see access events and the audit trail of their participants, export and erase;
organisation admins also set the retention period. The nightly retention job runs at 02:30."""

from django.db import migrations
from django.utils import timezone

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

COORDINATOR = [
    "participants.view_accessevent",
    "participants.view_audit_trail",
    "participants.export_participant",
    "participants.erase_participant",
    "participants.view_retentionpolicy",
]
ORGANISATION_ADMIN = COORDINATOR + [
    "participants.add_retentionpolicy",
    "participants.change_retentionpolicy",
]

TASK_NAME = "participants: retention"


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, COORDINATOR)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, ORGANISATION_ADMIN)


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Copenhagen",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "participants.tasks.apply_retention",
            "crontab": crontab,
            "description": "Every night: anonymise participants past their organisation's "
            "retention period and delete declined guide applications older than 6 months.",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_privacy"),
        ("core", "0004_role_groups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]

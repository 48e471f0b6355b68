"""Coordinators see access events and the audit trail of their participants, export and erase;
organisation admins also set the retention period. The nightly retention job runs at 02:30."""

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


# Copied from core.roles as it was when this migration was written: a migration keeps its meaning
# however the live helpers change later.
COORDINATOR_GROUP = "Koordinatorer"
ORGANISATION_ADMIN_GROUP = "Organisationsadministratorer"


def grant_permissions(apps, group_name, permissions):
    """Add "app_label.codename" permissions to a group, creating the permissions first (they are
    normally created only after all migrations have run)."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label in sorted({p.split(".", 1)[0] for p in permissions}):
        app_config = apps.get_app_config(app_label)
        # StateApps' configs have no models_module, which makes create_permissions a no-op.
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
    for perm in permissions:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


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


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_privacy"),
        ("core", "0004_role_groups"),
        BEAT_DEPENDENCY,
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        schedules_operation(
            Schedule(
                name=TASK_NAME,
                task="participants.tasks.apply_retention",
                minute="30",
                hour="2",
                description="Every night: anonymise participants past their organisation's "
                "retention period and delete declined guide applications older than 6 months.",
            )
        ),
    ]

"""Coordinators see access events and the audit trail of their participants, export and erase;
organisation admins also set the retention period. The nightly retention job runs at 02:30."""

from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions
from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation

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

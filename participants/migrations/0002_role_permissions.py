from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

PERMISSIONS = [
    "participants.view_participant",
    "participants.change_participant",
    "participants.view_consent",
]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, PERMISSIONS)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial"), ("core", "0004_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

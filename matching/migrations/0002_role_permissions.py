from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

COORDINATOR = [
    "matching.view_supportrequest",
    "matching.change_supportrequest",
    "matching.view_match",
    "matching.change_match",
    "matching.view_matchstatuschange",
    "matching.view_meeting",
    "matching.view_feedback",
    "matching.view_matchingweights",
]
ORGANISATION_ADMIN = COORDINATOR + [
    "matching.add_matchingweights",
    "matching.change_matchingweights",
]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, COORDINATOR)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, ORGANISATION_ADMIN)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial"), ("core", "0004_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

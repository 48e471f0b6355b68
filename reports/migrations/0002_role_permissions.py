from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, ["reports.view_reports"])
    grant_permissions(
        apps, ORGANISATION_ADMIN_GROUP, ["reports.view_reports", "reports.export_evaluation"]
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("core", "0004_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

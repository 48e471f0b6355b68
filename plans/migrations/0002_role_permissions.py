from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

# Coordinators see that a plan exists and when it changed (plans.admin); nothing of its content.
VIEW = ["plans.view_plan"]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, VIEW)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, VIEW)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("core", "0004_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

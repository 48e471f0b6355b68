"""Coordinators see who follows an interest (read only). (Group names and the grant are copied
here: a migration imports no live helpers.)"""

from django.db import migrations

GROUPS = ["Koordinatorer", "Organisationsadministratorer"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("activities")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    permission = Permission.objects.get(
        content_type__app_label="activities", codename="view_follow"
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_follow_and_edits")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

from django.db import migrations

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


# Coordinators see that a plan exists and when it changed (plans.admin); nothing of its content.
VIEW = ["plans.view_plan"]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, VIEW)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, VIEW)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("core", "0004_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

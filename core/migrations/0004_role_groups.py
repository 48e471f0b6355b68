"""The coordinator and organisation-admin groups with core's model permissions.

Later apps grant their own models' permissions to these groups in their own migrations
(core.roles.grant_permissions).
"""

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


COORDINATOR = [
    "core.view_organisation",
    "core.view_membership",
    "core.view_region",
    "core.view_municipality",
    "core.view_experiencearea",
    "core.view_interest",
]

ORGANISATION_ADMIN = COORDINATOR + [
    "core.change_organisation",
    "core.add_membership",
    "core.change_membership",
    "core.delete_membership",
    "core.view_user",
]


def create_groups(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, COORDINATOR)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, ORGANISATION_ADMIN)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_taxonomies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

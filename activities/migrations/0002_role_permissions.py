"""Coordinators publish and keep activities; organisation admins also set whether guides publish
directly. (Group names and the grant are copied here: a migration imports no live helpers.)"""

from django.db import migrations

COORDINATOR_GROUP = "Koordinatorer"
ORGANISATION_ADMIN_GROUP = "Organisationsadministratorer"

COORDINATOR = [
    "activities.view_activitypolicy",
    "activities.view_rsvp",
    "activities.change_rsvp",
] + [
    f"activities.{action}_{model}"
    for model in ("activity", "occurrence")
    for action in ("view", "add", "change")
]

ORGANISATION_ADMIN = COORDINATOR + [
    "activities.add_activitypolicy",
    "activities.change_activitypolicy",
    "activities.delete_activity",
]


def _grant(apps, group_name, permissions):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    app_config = apps.get_app_config("activities")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    for perm in permissions:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def grant(apps, schema_editor):
    _grant(apps, COORDINATOR_GROUP, COORDINATOR)
    _grant(apps, ORGANISATION_ADMIN_GROUP, ORGANISATION_ADMIN)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("core", "0004_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Roles in an organisation and the permission groups that carry them.

A `Membership` gives a user a role in one organisation. The role's group holds the model
permissions (which admin pages exist for them); `core.scoping` limits every one of those pages to
the rows of the user's own organisations. Groups are created by migrations: core's own migration
creates them, and each later app's migration grants its models' permissions with
`grant_permissions`.
"""

COORDINATOR_GROUP = "Koordinatorer"
ORGANISATION_ADMIN_GROUP = "Organisationsadministratorer"

ROLE_GROUPS = {
    "coordinator": COORDINATOR_GROUP,
    "admin": ORGANISATION_ADMIN_GROUP,
}


def grant_permissions(apps, group_name: str, permissions: list[str]) -> None:
    """Add "app_label.codename" permissions to a group, from inside a data migration.

    Permissions are normally created after all migrations have run (post_migrate); a data
    migration that needs them creates them first for the apps it names.
    """
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

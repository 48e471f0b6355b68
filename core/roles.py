"""Roles in an organisation and the permission groups that carry them.

A `Membership` gives a user a role in one organisation. The role's group holds the model
permissions (which admin pages exist for them); `core.scoping` limits every one of those pages to
the rows of the user's own organisations. Groups are created by migrations: core's own migration
creates them, and each later app's migration grants its models' permissions (each migration
carries its own copy of the group names and of the granting code, so that it keeps its meaning).
"""

COORDINATOR_GROUP = "Koordinatorer"
ORGANISATION_ADMIN_GROUP = "Organisationsadministratorer"

ROLE_GROUPS = {
    "coordinator": COORDINATOR_GROUP,
    "admin": ORGANISATION_ADMIN_GROUP,
}

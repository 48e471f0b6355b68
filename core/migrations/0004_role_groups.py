"""The coordinator and organisation-admin groups with core's model permissions.

Later apps grant their own models' permissions to these groups in their own migrations
(core.roles.grant_permissions).
"""

from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

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

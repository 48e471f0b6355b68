"""Coordinators run cohorts, sessions and enrollments; programmes are shared reference data that
everyone reads and only superusers edit (a change there reaches every organisation)."""

from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

COORDINATOR = [
    "courses.view_programme",
    "courses.view_sessionplanitem",
    "courses.view_cohortstatuschange",
    "courses.view_sessionchange",
    "courses.view_attendance",
    "courses.change_attendance",
] + [
    f"courses.{action}_{model}"
    for model in ("cohort", "cohortsession", "enrollment")
    for action in ("view", "add", "change")
]

ORGANISATION_ADMIN = COORDINATOR + [
    "courses.delete_cohort",
]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, COORDINATOR)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, ORGANISATION_ADMIN)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_programmes"),
        ("core", "0004_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

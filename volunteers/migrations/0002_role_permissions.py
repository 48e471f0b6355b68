"""Coordinators run the guide pipeline; organisation admins also set the onboarding policy."""

from django.db import migrations

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

COORDINATOR = [
    "volunteers.view_peerguide",
    "volunteers.change_peerguide",
    "volunteers.view_guidestatuschange",
    "volunteers.view_onboardingpolicy",
    "volunteers.view_wellbeingcheckin",
    "volunteers.change_wellbeingcheckin",
] + [
    f"volunteers.{action}_{model}"
    for model in ("onboardingcheck", "trainingrecord", "qualification", "supervisionsession")
    for action in ("view", "add", "change", "delete")
]

ORGANISATION_ADMIN = COORDINATOR + [
    "volunteers.add_onboardingpolicy",
    "volunteers.change_onboardingpolicy",
]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, COORDINATOR)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, ORGANISATION_ADMIN)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_initial"),
        ("core", "0004_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

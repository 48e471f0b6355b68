"""Requests record how they came in; coordinators may add a request on a person's behalf."""

from django.db import migrations, models

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions


def grant(apps, schema_editor):
    for group in (COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP):
        grant_permissions(apps, group, ["matching.add_supportrequest"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_role_groups"),
        ("matching", "0005_meeting_feedback_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportrequest",
            name="source",
            field=models.CharField(
                choices=[
                    ("self", "Self (own sign-up)"),
                    ("phone", "Phone"),
                    ("referral_psychiatry", "Referral: psychiatry"),
                    ("referral_municipality", "Referral: municipality"),
                    ("other", "Other"),
                ],
                db_index=True,
                default="self",
                max_length=30,
                verbose_name="came in by",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

"""Guide applications record how they came in; coordinators may add an applicant on their behalf,
with the consent given orally and who recorded it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions


def grant(apps, schema_editor):
    for group in (COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP):
        grant_permissions(apps, group, ["volunteers.add_peerguide"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_role_groups"),
        ("volunteers", "0004_training_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="peerguide",
            name="application_consent_recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="consent given orally, recorded by",
            ),
        ),
        migrations.AddField(
            model_name="peerguide",
            name="source",
            field=models.CharField(
                choices=[
                    ("self", "Self (own sign-up)"),
                    ("phone", "Phone"),
                    ("referral_psychiatry", "Referral: psychiatry"),
                    ("referral_municipality", "Referral: municipality"),
                    ("other", "Other"),
                ],
                default="self",
                max_length=30,
                verbose_name="came in by",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

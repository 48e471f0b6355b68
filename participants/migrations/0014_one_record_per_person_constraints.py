"""The unique constraints of "one person, one participant per organisation", once the previous
migration has normalised contact details and merged existing duplicates (a separate migration so
that PostgreSQL builds the indexes after the data changes are committed)."""

from django.db import migrations, models

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP, grant_permissions

# Coordinators see the merges on the kept record's page (merging itself needs change_participant).
PERMISSIONS = ["participants.view_mergerecord"]


def grant(apps, schema_editor):
    grant_permissions(apps, COORDINATOR_GROUP, PERMISSIONS)
    grant_permissions(apps, ORGANISATION_ADMIN_GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0013_one_record_per_person"),
        ("core", "0004_role_groups"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("email", ""), _negated=True), ("anonymised_at__isnull", True)
                ),
                fields=("organisation", "email"),
                name="participants_one_per_email",
                violation_error_message=(
                    "Another participant of this organisation has this e-mail address."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("phone", ""), _negated=True), ("anonymised_at__isnull", True)
                ),
                fields=("organisation", "phone"),
                name="participants_one_per_phone",
                violation_error_message=(
                    "Another participant of this organisation has this phone number."
                ),
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

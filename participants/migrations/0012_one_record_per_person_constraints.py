"""The unique constraints of "one person, one participant per organisation", once the previous
migration has normalised contact details and merged existing duplicates (a separate migration so
that PostgreSQL builds the indexes after the data changes are committed)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0011_one_record_per_person"),
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
    ]

"""Enrollments record how they came in (own sign-up, or entered by a coordinator)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_skipped_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
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
    ]

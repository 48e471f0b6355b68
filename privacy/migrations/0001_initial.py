"""AccessEvent and RetentionPolicy, moved here from `participants` (its migration 0011 drops them
from its state). Their tables keep their names (`db_table`), so no row moves. The content types
(and with them the permissions that coordinators' groups hold, and the audit trail's entries) are
renamed from participants to privacy, so "participants.export_participant" becomes
"privacy.export_participant" for everyone who had it."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ("accessevent", "retentionpolicy")


def _rename(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old_type = ContentType.objects.filter(app_label=old, model=model).first()
        if old_type is None:
            continue
        # A type made for the new label in the meantime holds nothing yet: the old one wins.
        ContentType.objects.filter(app_label=new, model=model).delete()
        old_type.app_label = new
        old_type.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def move_content_types(apps, schema_editor):
    _rename(apps, "participants", "privacy")


def move_content_types_back(apps, schema_editor):
    _rename(apps, "privacy", "participants")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0005_municipality_coordinates"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0011_move_privacy_models"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AccessEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                verbose_name="when",
                            ),
                        ),
                        (
                            "where",
                            models.CharField(
                                choices=[
                                    ("admin", "Admin page"),
                                    ("dashboard", "Guide dashboard"),
                                    ("export", "Data export"),
                                    ("self_service", "The participant's own page"),
                                ],
                                max_length=20,
                                verbose_name="where",
                            ),
                        ),
                        ("path", models.CharField(blank=True, max_length=200, verbose_name="page")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty when the participant opened their own data.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="core.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                        (
                            "participant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="access_events",
                                to="participants.participant",
                                verbose_name="participant",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "access event",
                        "verbose_name_plural": "access events",
                        "db_table": "participants_accessevent",
                        "ordering": ["-at", "-pk"],
                        "permissions": [
                            ("view_audit_trail", "Can view the audit trail"),
                            ("export_participant", "Can export a participant's data"),
                            ("erase_participant", "Can erase a participant's data"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RetentionPolicy",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "months",
                            models.PositiveSmallIntegerField(
                                default=24,
                                help_text="A participant with nothing open and no activity for this long is anonymised by the nightly job.",
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(120),
                                ],
                                verbose_name="keep for (months)",
                            ),
                        ),
                        (
                            "organisation",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="retention_policy",
                                to="core.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "retention policy",
                        "verbose_name_plural": "retention policies",
                        "db_table": "participants_retentionpolicy",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

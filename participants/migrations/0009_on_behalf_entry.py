"""Coordinators enter participants on their behalf (phone, referral); consent can be given orally
and is recorded with who recorded it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Copied from core.roles as it was when this migration was written: a migration keeps its meaning
# however the live helpers change later.
COORDINATOR_GROUP = "Koordinatorer"
ORGANISATION_ADMIN_GROUP = "Organisationsadministratorer"


def grant_permissions(apps, group_name, permissions):
    """Add "app_label.codename" permissions to a group, creating the permissions first (they are
    normally created only after all migrations have run)."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label in sorted({p.split(".", 1)[0] for p in permissions}):
        app_config = apps.get_app_config(app_label)
        # StateApps' configs have no models_module, which makes create_permissions a no-op.
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
    for perm in permissions:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def grant(apps, schema_editor):
    for group in (COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP):
        grant_permissions(apps, group, ["participants.add_participant"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_municipality_coordinates"),
        ("participants", "0008_who5_constraints"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="participant",
            name="participants_participant_email_or_phone",
        ),
        migrations.AddField(
            model_name="consent",
            name="given_orally",
            field=models.BooleanField(
                default=False,
                help_text="Given on the phone or in person, and recorded by a coordinator.",
                verbose_name="given orally",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="contact_note",
            field=models.CharField(
                blank=True,
                help_text="When there is no e-mail or phone: who to call or where to find them. No health details here.",
                max_length=300,
                verbose_name="how to reach them",
            ),
        ),
        migrations.AddField(
            model_name="participant",
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
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("contact_note", ""), ("email", ""), ("phone", ""), _negated=True),
                    ("anonymised_at__isnull", False),
                    _connector="OR",
                ),
                name="participants_participant_reachable",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

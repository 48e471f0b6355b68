"""Requests record how they came in; coordinators may add a request on a person's behalf."""

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

"""The nightly retention task moved from participants to privacy: point its beat schedule (made
by participants' migration 0006) at the new name."""

from django.db import migrations

OLD = "participants.tasks.apply_retention"
NEW = "privacy.tasks.apply_retention"


def rename(old: str, new: str):
    def run(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTask.objects.filter(task=old).update(task=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("participants", "0006_privacy_permissions_and_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD)),
    ]

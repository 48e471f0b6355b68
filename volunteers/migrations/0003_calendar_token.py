import secrets

from django.db import migrations, models

import volunteers.models


def fill_tokens(apps, schema_editor):
    PeerGuide = apps.get_model("volunteers", "PeerGuide")
    for guide in PeerGuide.objects.filter(calendar_token__isnull=True).only("pk"):
        guide.calendar_token = secrets.token_urlsafe(32)
        guide.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_role_permissions")]

    operations = [
        migrations.AddField(
            model_name="peerguide",
            name="calendar_token",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="peerguide",
            name="calendar_token",
            field=models.CharField(
                default=volunteers.models.new_calendar_token,
                editable=False,
                help_text="The secret part of the guide's private calendar feed address.",
                max_length=64,
                unique=True,
                verbose_name="calendar feed key",
            ),
        ),
    ]

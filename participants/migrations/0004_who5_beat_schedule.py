"""Beat schedule for the WHO-5 invitations (editable in the admin; Europe/Copenhagen)."""

from django.db import migrations

from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation


class Migration(migrations.Migration):
    dependencies = [("participants", "0003_wellbeingmeasurement"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="participants: WHO-5 invitations",
                task="participants.tasks.send_who5_invitations",
                minute="30",
                hour="10",
                description="Every day 10:30: WHO-5 invitations at the start, end and 3 months "
                "after, and one reminder.",
            )
        )
    ]

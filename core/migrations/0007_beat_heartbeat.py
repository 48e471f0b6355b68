"""Beat's heartbeat: every minute a task records the time, and /readyz/ reads its age."""

from django.db import migrations

from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation


class Migration(migrations.Migration):
    dependencies = [("core", "0006_crisis_contacts"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="core: beat heartbeat",
                task="core.tasks.beat_heartbeat",
                minute="*",
                hour="*",
                description="Every minute: records that beat runs; /readyz/ reports its age.",
            ),
        )
    ]

"""Beat schedules for matching's jobs (editable in the admin; times in Europe/Copenhagen)."""

from django.db import migrations

from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_role_permissions"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="matching: meeting reminders",
                task="matching.tasks.send_meeting_reminders",
                minute="5",
                hour="*",
                description="Every hour: reminders 24 hours before planned one-to-one meetings.",
            ),
            Schedule(
                name="matching: nudge stale matches",
                task="matching.tasks.nudge_stale_matches",
                minute="0",
                hour="9",
                description="Every morning: a nudge to guides of active matches with no held "
                "meeting for too long.",
            ),
        )
    ]

"""Beat schedule for the coordinator digest (editable in the admin; Europe/Copenhagen)."""

from django.db import migrations

from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_role_permissions"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="reports: weekly coordinator digest",
                task="reports.tasks.send_coordinator_digest",
                minute="0",
                hour="8",
                day_of_week="1",
                description="Mondays 08:00: one e-mail per coordinator with what needs attention "
                "this week.",
            )
        )
    ]

"""Beat schedule for session reminders (editable in the admin; Europe/Copenhagen)."""

from django.db import migrations

from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_role_permissions"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="courses: session reminders",
                task="courses.tasks.send_session_reminders",
                minute="10",
                hour="*",
                description="Every hour: reminders 24 hours before cohort sessions.",
            )
        )
    ]

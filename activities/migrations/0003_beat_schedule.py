"""Beat schedule that rolls the activities' 12 weeks of dates forward (editable in the admin)."""

from django.db import migrations

from core.schedules import BEAT_DEPENDENCY, Schedule, schedules_operation


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_role_permissions"), BEAT_DEPENDENCY]

    operations = [
        schedules_operation(
            Schedule(
                name="activities: next 12 weeks of dates",
                task="activities.tasks.generate_occurrences",
                minute="20",
                hour="3",
                description="Every night: the dates of published activities for 12 weeks ahead.",
            )
        )
    ]

"""AccessEvent and RetentionPolicy moved to the `privacy` app (privacy/migrations/0001_initial).
Only Django's idea of where the models live changes: the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0010_contact_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="retentionpolicy", name="organisation"),
                migrations.DeleteModel(name="AccessEvent"),
                migrations.DeleteModel(name="RetentionPolicy"),
            ],
            database_operations=[],
        ),
    ]

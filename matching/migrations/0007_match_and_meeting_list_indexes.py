# The admin's match and meeting lists order by these (issue 15, point 4).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('matching', '0006_request_source'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='match',
            index=models.Index(fields=['-proposed_at', '-id'], name='matching_match_proposed_desc'),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['-starts_at', '-id'], name='matching_meeting_starts_desc'),
        ),
    ]

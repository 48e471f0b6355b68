from django.core.management.base import BaseCommand

from matching import jobs


class Command(BaseCommand):
    help = "Queue reminders for planned meetings in the next 24 hours (safe to run repeatedly)."

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.send_meeting_reminders()} reminders queued or already queued.")

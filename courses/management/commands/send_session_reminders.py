from django.core.management.base import BaseCommand

from courses import jobs


class Command(BaseCommand):
    help = "Queue reminders for cohort sessions in the next 24 hours (safe to run repeatedly)."

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.send_session_reminders()} reminders queued or already queued.")

from django.core.management.base import BaseCommand

from participants import jobs


class Command(BaseCommand):
    help = "Invite participants to the WHO-5 at start, end and 3 months after (idempotent)."

    def handle(self, *args, **options):
        count = jobs.send_who5_invitations()
        self.stdout.write(f"{count} WHO-5 invitations or reminders queued or already queued.")

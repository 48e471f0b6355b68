from django.core.management.base import BaseCommand

from matching import jobs


class Command(BaseCommand):
    help = "Nudge guides of active matches with no held meeting for too long (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.nudge_stale_matches()} nudges queued or already queued.")

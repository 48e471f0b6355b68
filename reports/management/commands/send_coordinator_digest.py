from django.core.management.base import BaseCommand

from reports import digest


class Command(BaseCommand):
    help = "Queue this week's digest e-mail for every coordinator (once per ISO week)."

    def handle(self, *args, **options):
        count = digest.send_coordinator_digest()
        self.stdout.write(f"{count} digests queued or already queued this week.")

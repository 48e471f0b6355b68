from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Send the messages in the outbox that are due (for cron; Celery beat does the same)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=50)

    def handle(self, *args, batch_size: int, **options):
        sent = services.send_due(batch_size=batch_size)
        self.stdout.write(f"Sent {sent} message(s).")

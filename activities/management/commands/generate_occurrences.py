from django.core.management.base import BaseCommand

from activities import services


class Command(BaseCommand):
    help = (
        "Make the dates of every published activity for the next 12 weeks, and send the news "
        "about new activities that waited for a follower's week to end (safe to rerun)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.generate_all()} new dates.")
        self.stdout.write(f"{services.send_waiting_news()} news messages.")

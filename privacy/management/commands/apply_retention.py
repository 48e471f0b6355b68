from django.core.management.base import BaseCommand

from privacy import retention


class Command(BaseCommand):
    help = (
        "Anonymise participants past their organisation's retention period and delete declined "
        "guide applications older than 6 months (nightly in beat; safe to run twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be done now."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = retention.due_for_retention(organisation_ids=None, within_days=0)
            self.stdout.write(
                f"{due.participants.count()} participants would be anonymised, "
                f"{due.guide_applications.count()} declined applications deleted."
            )
            return
        result = retention.apply_retention()
        self.stdout.write(
            f"{result['anonymised']} participants anonymised, "
            f"{result['deleted_applications']} declined applications deleted, "
            f"{result['expired_short_links']} expired short links deleted."
        )

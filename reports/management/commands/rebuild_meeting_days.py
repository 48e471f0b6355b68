from django.core.management.base import BaseCommand

from reports import rollup


class Command(BaseCommand):
    help = (
        "Compute again the report rollup of one-to-one meetings held per organisation and day "
        "from the meetings (after a bulk load or a database script that sent no signals)."
    )

    def handle(self, *args, **options):
        rows = rollup.rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows} organisation days written."))

import json

from django.core.management.base import BaseCommand, CommandError

from core import readiness


class Command(BaseCommand):
    help = (
        "Check what /readyz/ checks (database, cache, broker, beat's heartbeat); print the "
        "result as JSON and exit 1 when one is down. For health checks without HTTP."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="append",
            choices=sorted(readiness.CHECKS),
            help="only this check (repeatable), e.g. --check beat",
        )

    def handle(self, *args, check=None, **options):
        ok, results = readiness.readiness(only=check)
        self.stdout.write(json.dumps({"ok": ok, "checks": results}))
        if not ok:
            raise CommandError(
                "not ready: " + ", ".join(k for k, v in results.items() if not v["ok"])
            )

"""Demo data that shows every feature: `python manage.py seed_demo` (idempotent).

Each app's part is a builder in `demo/builders/<app>.py`; this command (in the demo app, at the
top of the layering, so it may import every other app) runs them in dependency order. Running it
twice changes nothing but the demo password, which is reset to DEMO_PASSWORD.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.builders import activities as activities_demo
from demo.builders import core as core_demo
from demo.builders import courses as courses_demo
from demo.builders import matching as matching_demo
from demo.builders import overview as overview_demo
from demo.builders import plans as plans_demo
from demo.builders import privacy as privacy_demo
from demo.builders import reports as reports_demo
from demo.builders import volunteers as volunteers_demo
from reports import rollup

DEMO_PASSWORD = "peerstotte-demo-2026"  # noqa: S105 - printed on purpose; demo data only


class Command(BaseCommand):
    help = "Create or refresh demo data: organisations, coordinators, guides and participants."

    def handle(self, *args, **options):
        logins: list[tuple[str, str]] = []
        with transaction.atomic():
            context = core_demo.seed(password=DEMO_PASSWORD, out=logins)
            for app_demo in (
                volunteers_demo,
                matching_demo,
                plans_demo,
                courses_demo,
                activities_demo,
                reports_demo,
                privacy_demo,
                overview_demo,
            ):
                context.update(app_demo.seed(context=context, password=DEMO_PASSWORD, out=logins))
            # Some builders write with update() (no signals): the meetings' rollup from scratch.
            rollup.rebuild()
        # The e-mails the demo sends go out when its transaction commits (printed by the console
        # backend on a laptop); the logins come after them, so they are the last thing `make run`
        # shows before the server starts.
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"All demo logins use the password: {DEMO_PASSWORD}")
        for email, who in logins:
            self.stdout.write(f"  {email:<30} {who}")

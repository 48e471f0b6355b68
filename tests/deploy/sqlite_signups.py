"""Run by test_sqlite_concurrency.py in its own process: N simultaneous course sign-ups on a
SQLite *file* database (the laptop default; tests otherwise use an in-memory database, which
locks differently). Prints one JSON line: the status of each response and any exception.

Usage: python tests/deploy/sqlite_signups.py PATH_TO_SQLITE_FILE [PEOPLE]
"""

import json
import os
import sqlite3
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(path: str, people: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerplatform.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from courses.models import Enrollment
    from tests.factories import OrganisationFactory, make_cohort

    call_command("migrate", verbosity=0)
    cohort = make_cohort(OrganisationFactory(name="Peer to Peer Odense"), capacity=people)
    url = cohort.get_absolute_url()
    connections.close_all()

    # Every thread starts together, while another connection holds the write lock: each sign-up
    # meets a busy database, whatever the scheduling, and must wait for it rather than fail.
    start = threading.Barrier(people + 1)
    statuses: list[int] = []
    errors: list[str] = []

    def sign_up(i: int) -> None:
        try:
            start.wait()
            response = Client().post(
                url,
                {
                    "first_name": f"Person{i}",
                    "last_name": "Holm",
                    "email": f"person{i}@example.test",
                    "phone": "",
                    "birth_year": "",
                    "municipality": "",
                    "consent": "on",
                    "website": "",
                },
            )
            statuses.append(response.status_code)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    start.wait()
    # Give the threads a moment to reach the database; the outcome must not depend on it.
    threading.Event().wait(0.5)
    holder.execute("COMMIT")
    holder.close()
    for thread in threads:
        thread.join(timeout=120)
    return {
        "statuses": sorted(statuses),
        "errors": errors,
        "enrollments": Enrollment.objects.filter(cohort=cohort).count(),
    }


if __name__ == "__main__":
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(json.dumps(main(sys.argv[1], people)))

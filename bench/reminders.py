"""How the outbox scales: queue N due reminders through the service, then send them all.

Prints JSON: rows, seconds to write them in batches (`queue_emails`, what the reminder jobs use)
beside one at a time (`queue_email`, on a sample), seconds to send, queries per sent message
(locmem e-mail).
"""

import argparse
import copy
import os
import time
from unittest import mock

from _django import ROOT, emit, test_database, timer

# A neutral template that extends the real e-mail layout (the test suite's, not a production one).
TEMPLATE_DIR = ROOT / "tests" / "notifications" / "templates"
TEMPLATE = "notifications_test/hello"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--one-by-one-sample", type=int, default=500)
    args = parser.parse_args()

    with test_database():
        from django.conf import settings
        from django.core import mail
        from django.db import connection
        from django.test.utils import CaptureQueriesContext, override_settings

        from notifications import services
        from notifications.ics import IcsEvent, build_calendar
        from notifications.models import Notification

        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATE_DIR]
        override_settings(
            TEMPLATES=templates, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ).enable()
        mail.outbox = []
        results = {"rows": args.rows, "batch_size": args.batch_size}
        from django.utils import timezone

        start = timezone.now()
        ics = build_calendar(
            [IcsEvent(uid="bench@p", start=start, end=start, summary="Bench meeting")]
        )

        # Sending is measured on its own: no send after each commit while writing.
        def email(i):
            return services.Email(
                kind="bench.reminder",
                to=f"person{i}@bench.test",
                template=TEMPLATE,
                context={"name": f"Person {i}"},
                language="da" if i % 3 else "en",
                category="reminder",
                attachments=[("meeting.ics", ics, "text/calendar")] if i % 2 else (),
            )

        with mock.patch.object(services, "_enqueue_send", return_value=None):
            # One at a time (queue_email), on a sample, for comparison.
            sample = min(args.one_by_one_sample, args.rows)
            with timer(results, "one_by_one_seconds_for_sample"):
                for i in range(args.rows, args.rows + sample):
                    e = email(i)
                    fields = set(services.Email.__dataclass_fields__) - {"channel"}
                    services.queue_email(**{f: getattr(e, f) for f in fields})
            results["one_by_one_sample"] = sample
            results["one_by_one_ms_per_message"] = round(
                1000 * results["one_by_one_seconds_for_sample"] / max(sample, 1), 2
            )
            # The reminder jobs' path: rendered and written in batches (queue_emails). Also in
            # processor seconds of this process (the machine may be shared; the database
            # server's work is not in it).
            cpu = time.process_time()
            with timer(results, "seconds_to_write"):
                services.queue_emails(email(i) for i in range(args.rows))
            results["cpu_seconds_to_write"] = round(time.process_time() - cpu, 2)
        results["ms_per_message_written"] = round(1000 * results["seconds_to_write"] / args.rows, 3)
        Notification.objects.filter(
            kind="bench.reminder",
            recipient__in=[f"person{i}@bench.test" for i in range(args.rows, args.rows + sample)],
        ).delete()
        connection.queries_log.clear()  # the log keeps 9,000 queries; writing made more
        with CaptureQueriesContext(connection) as queries:
            with timer(results, "seconds_to_send"):
                sent = services.send_due(batch_size=args.batch_size)

        assert sent == args.rows == len(mail.outbox)
        assert Notification.objects.filter(status="sent").count() == args.rows
        results["sent"] = sent
        results["queries_to_send"] = len(queries)
        results["queries_per_sent_message"] = round(len(queries) / max(sent, 1), 4)
        results["messages_per_second"] = round(sent / max(results["seconds_to_send"], 1e-9), 1)
        results["database"] = connection.vendor
        results["load_average"] = [round(x, 2) for x in os.getloadavg()]
        emit(results)


if __name__ == "__main__":
    main()

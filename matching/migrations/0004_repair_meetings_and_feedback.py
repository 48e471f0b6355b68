"""Before the database checks the rules the forms hold on meetings and feedback (next migration):
repair the one unambiguous case, report every other row that breaks a rule, and stop.

Repaired: a meeting that was not held but has minutes outside 5-600. The forms write minutes only
when a meeting is logged as held, and minutes of a meeting that did not take place count nowhere,
so they are cleared (set empty).

Reported, not repaired: everything else. Which value is wrong is a person's judgement (a held
meeting of 0 minutes; a date in 1900; a rating of 99, or a rating on a fit check, where either the
kind or the rating is wrong), so the migration lists each such row by id and stops before it
changes anything; fix or delete the rows in the admin or in `manage.py shell` and migrate again.

The rules are copied here on purpose: a migration must not follow later changes to the models.
"""

import datetime
import logging

from django.db import migrations
from django.db.models import Q

logger = logging.getLogger("peerplatform.migrations")

FIRST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)
BAD_MINUTES = Q(duration_minutes__lt=5) | Q(duration_minutes__gt=600)

MEETING_RULES = [
    (
        Q(status="held") & BAD_MINUTES,
        "a held meeting lasts between 5 and 600 minutes (duration_minutes)",
    ),
    (Q(starts_at__lt=FIRST) | Q(starts_at__gte=END), "the year is 2000-2100 (starts_at)"),
    (
        ~Q(status__in=["planned", "held", "cancelled", "no_show"]),
        "status is planned, held, cancelled or no_show",
    ),
    (~Q(mode__in=["in_person", "walk", "phone", "video"]), "mode is in_person, walk, phone or video"),
]
FEEDBACK_RULES = [
    (~Q(answer__in=["yes", "not_sure", "no"]), "answer is yes, not_sure or no"),
    (Q(rating__lt=1) | Q(rating__gt=5), "rating is empty or 1-5"),
    (Q(kind="fit_check", rating__isnull=False), "a fit check has no rating"),
    (~Q(kind__in=["fit_check", "exit"]), "kind is fit_check or exit"),
    (~Q(respondent__in=["guide", "participant"]), "respondent is guide or participant"),
]


class RowsBreakRules(RuntimeError):
    """Rows that only a person can put right; the migration stops before changing anything."""


def bad_rows(model, rules) -> list[str]:
    lines = []
    for condition, rule in rules:
        ids = list(model.objects.filter(condition).order_by("pk").values_list("pk", flat=True))
        if ids:
            shown = ", ".join(str(pk) for pk in ids[:50]) + (" …" if len(ids) > 50 else "")
            lines.append(f"- {model._meta.label} ({len(ids)}): {rule}. Ids: {shown}")
    return lines


def report(lines: list[str]) -> None:
    if lines:
        raise RowsBreakRules(
            "Some rows break rules that the database is about to check. Nothing was changed. "
            "Fix or delete these rows (in the admin, or with `manage.py shell`), then run "
            "`manage.py migrate` again:\n" + "\n".join(lines)
        )


def repair(apps, schema_editor):
    Meeting = apps.get_model("matching", "Meeting")
    Feedback = apps.get_model("matching", "Feedback")
    report(bad_rows(Meeting, MEETING_RULES) + bad_rows(Feedback, FEEDBACK_RULES))
    not_held = Meeting.objects.exclude(status="held").filter(BAD_MINUTES)
    ids = list(not_held.values_list("pk", flat=True))
    if ids:
        not_held.update(duration_minutes=None)
        logger.warning("Cleared the minutes of meetings that were not held: ids %s", ids)


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_beat_schedules")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]

"""Before the database checks the rules the forms hold on programmes, cohorts and sessions (next
migration): repair the unambiguous cases, report every other row that breaks a rule, and stop.

Repaired, because the value the sessions were really made with is known:
- a cohort's weekday above 6 becomes weekday mod 7: the sessions were generated counting weekdays
  modulo 7 (`session_dates`), so weekday 9 made Wednesday sessions, and Wednesday (2) is what the
  cohort then says;
- a cohort's session length of 0 becomes its programme's: the sessions were generated with
  `cohort.session_minutes or programme.session_minutes`, i.e. with the programme's length.

Reported, not repaired: everything else (a session length of 5 or 32,767 minutes, a date in 1900,
a programme with 0 sessions, an unknown status). Only a person can tell the right value, so the
migration lists each row by id and stops before it changes anything; fix or delete the rows in
the admin or in `manage.py shell` and migrate again.

The rules are copied here on purpose: a migration must not follow later changes to the models.
"""

import datetime
import logging

from django.db import migrations
from django.db.models import Q

logger = logging.getLogger("peerplatform.migrations")

FIRST_DATE, END_DATE = datetime.date(2000, 1, 1), datetime.date(2101, 1, 1)
FIRST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)
BAD_LENGTH = Q(session_minutes__lt=15) | Q(session_minutes__gt=600)

PROGRAMME_RULES = [
    (Q(default_sessions__lt=1), "a programme has at least one session (default_sessions)"),
    (BAD_LENGTH, "a session lasts 15-600 minutes (session_minutes)"),
]
COHORT_RULES = [
    (
        BAD_LENGTH & ~Q(session_minutes=0),
        "a session lasts 15-600 minutes (session_minutes)",
    ),
    (
        Q(session_minutes=0) & (Q(programme__session_minutes__lt=15) | Q(programme__session_minutes__gt=600)),
        "a session lasts 15-600 minutes (session_minutes 0, and the programme's length is no help)",
    ),
    (Q(first_date__lt=FIRST_DATE) | Q(first_date__gte=END_DATE), "the year is 2000-2100 (first_date)"),
    (
        ~Q(status__in=["draft", "open", "running", "finished", "cancelled"]),
        "status is draft, open, running, finished or cancelled",
    ),
]
SESSION_RULES = [
    (Q(starts_at__lt=FIRST) | Q(starts_at__gte=END), "the year is 2000-2100 (starts_at)"),
    (~Q(status__in=["planned", "cancelled"]), "status is planned or cancelled"),
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
    Programme = apps.get_model("courses", "Programme")
    Cohort = apps.get_model("courses", "Cohort")
    CohortSession = apps.get_model("courses", "CohortSession")
    report(
        bad_rows(Programme, PROGRAMME_RULES)
        + bad_rows(Cohort, COHORT_RULES)
        + bad_rows(CohortSession, SESSION_RULES)
    )
    for cohort in Cohort.objects.filter(weekday__gt=6).order_by("pk"):
        logger.warning("Cohort %s: weekday %s is %s", cohort.pk, cohort.weekday, cohort.weekday % 7)
        cohort.weekday %= 7
        cohort.save(update_fields=["weekday"])
    for cohort in Cohort.objects.filter(session_minutes=0).select_related("programme"):
        cohort.session_minutes = cohort.programme.session_minutes
        cohort.save(update_fields=["session_minutes"])
        logger.warning("Cohort %s: session length 0 is the programme's", cohort.pk)


class Migration(migrations.Migration):
    dependencies = [("courses", "0004_beat_schedules")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]

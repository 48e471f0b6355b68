"""Before the database checks that an answered WHO-5 has all five items and a raw score equal to
their sum (next migration): repair the unambiguous cases, report the rest, and stop.

Repaired:
- an answered row with all five items (each 0-5) whose raw score is empty or differs from their
  sum: the raw score is recomputed. The items are what the person ticked; the score is only
  derived from them (`who5_raw_score`), so the items win.
- an answered row with one or more items missing: it is marked as not answered (status "pending",
  i.e. invited). Without all five items there is no WHO-5 score; an "answered" status would count
  it in the reports' response rate and means. Nothing else in the row changes (no value is
  deleted), so a person can look at it later; the participant's link, if still valid, lets them
  answer again.

Reported, not repaired: an item above 5, an answered row without an answer date, an unknown
status. Only a person can tell the right value, so the migration lists these rows by id (never
their answers: they are health data) and stops before it changes anything.

The rules are copied here on purpose: a migration must not follow later changes to the models.
"""

import logging

from django.db import migrations
from django.db.models import F, Q

logger = logging.getLogger("peerplatform.migrations")

ITEMS = ["item1", "item2", "item3", "item4", "item5"]
SOME_ITEM_MISSING = Q(item1__isnull=True)
for _name in ITEMS[1:]:
    SOME_ITEM_MISSING |= Q(**{f"{_name}__isnull": True})
ITEM_TOO_HIGH = Q(item1__gt=5)
for _name in ITEMS[1:]:
    ITEM_TOO_HIGH |= Q(**{f"{_name}__gt": 5})

RULES = [
    (ITEM_TOO_HIGH, "every item is 0-5"),
    (
        Q(status="answered", answered_at__isnull=True) & ~SOME_ITEM_MISSING,
        "an answered questionnaire has an answer date (answered_at)",
    ),
    (~Q(status__in=["pending", "answered", "declined"]), "status is pending, answered or declined"),
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
    Measurement = apps.get_model("participants", "WellBeingMeasurement")
    report(bad_rows(Measurement, RULES))
    answered = Measurement.objects.filter(status="answered")
    incomplete = answered.filter(SOME_ITEM_MISSING)
    ids = list(incomplete.order_by("pk").values_list("pk", flat=True))
    if ids:
        incomplete.update(status="pending")
        logger.warning("WHO-5 rows without all five answers are no longer answered: ids %s", ids)
    total = F("item1") + F("item2") + F("item3") + F("item4") + F("item5")
    wrong = answered.filter(~SOME_ITEM_MISSING).filter(Q(raw_score__isnull=True) | ~Q(raw_score=total))
    ids = list(wrong.order_by("pk").values_list("pk", flat=True))
    if ids:
        wrong.update(raw_score=total)
        logger.warning("WHO-5 raw scores recomputed from their items: ids %s", ids)


class Migration(migrations.Migration):
    dependencies = [("participants", "0006_privacy_permissions_and_schedule")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]

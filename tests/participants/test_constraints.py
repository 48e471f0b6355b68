"""WHO-5: answered means all five items are there and the raw score is their sum. The database
refuses anything else (on SQLite and PostgreSQL), the service refuses it with an error naming the
item, and the migration before the constraint repairs or reports old rows."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from participants import services
from participants.models import WellBeingMeasurement
from tests.constraints import refused
from tests.factories import ParticipantFactory
from tests.migrating import is_applied, migrate_to, migrated_back_to, migration_module

pytestmark = pytest.mark.django_db

ITEMS = {"item1": 4, "item2": 4, "item3": 3, "item4": 3, "item5": 3}  # 17
NO_ITEMS = dict.fromkeys(ITEMS)


def _measurement(org, **values):
    participant = ParticipantFactory(organisation=org)
    return WellBeingMeasurement.objects.create(
        participant=participant,
        organisation=org,
        source="match",
        source_id=1,
        timepoint="start",
        due_at=timezone.now(),
        invited_at=timezone.now(),
        **values,
    )


@pytest.fixture
def answered(org1):
    return _measurement(org1, status="answered", answered_at=timezone.now(), raw_score=17, **ITEMS)


ANSWERED_COMPLETE = "participants_who5_answered_is_complete"


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        (NO_ITEMS, ANSWERED_COMPLETE),  # all items NULL, a raw score of 17
        ({"item3": None}, ANSWERED_COMPLETE),
        ({"raw_score": 20}, ANSWERED_COMPLETE),  # the items add up to 17
        ({"raw_score": None}, ANSWERED_COMPLETE),
        ({"answered_at": None}, ANSWERED_COMPLETE),
        ({"item2": 6, "raw_score": 19}, "participants_who5_items_range"),
        ({"status": "bogus"}, "participants_who5_status_valid"),
    ],
)
def test_database_refuses_an_answered_row_that_is_not_a_whole_answer(answered, values, constraint):
    refused(WellBeingMeasurement, answered.pk, constraint, **values)


def test_database_takes_rows_that_are_not_answered_without_items(org1):
    pending = _measurement(org1)
    declined = _measurement(org1, status="declined")
    assert pending.raw_score is None
    assert declined.item1 is None


def test_database_refuses_an_item_or_score_out_of_range_on_any_row(org1):
    pending = _measurement(org1)
    refused(WellBeingMeasurement, pending.pk, "participants_who5_items_range", item4=9)
    refused(WellBeingMeasurement, pending.pk, "participants_who5_raw_score_range", raw_score=26)


def test_the_status_constraint_lists_every_status():
    condition = next(
        c.condition
        for c in WellBeingMeasurement._meta.constraints
        if c.name == "participants_who5_status_valid"
    )
    assert sorted(condition.children[0][1]) == sorted(WellBeingMeasurement.Status.values)


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({**ITEMS, "item3": None}, "item3", "Choose the answer that fits best."),
        ({k: v for k, v in ITEMS.items() if k != "item5"}, "item5", None),
        ({**ITEMS, "item2": 6}, "item2", "Every answer must be between 0 and 5."),
        ({**ITEMS, "item1": -1}, "item1", None),
        ({**ITEMS, "item4": "3"}, "item4", None),
    ],
)
def test_answer_who5_refuses_what_the_form_refuses(org1, answers, field, message):
    measurement = _measurement(org1)
    with pytest.raises(ValidationError) as error:
        services.answer_who5(measurement_id=measurement.pk, answers=answers)
    assert list(error.value.message_dict) == [field]
    if message:
        assert error.value.message_dict[field] == [gettext(message)]
    measurement.refresh_from_db()
    assert (measurement.status, measurement.raw_score) == ("pending", None)


def test_answer_who5_stores_the_sum_of_the_items(org1):
    measurement = services.answer_who5(measurement_id=_measurement(org1).pk, answers=ITEMS)
    measurement.refresh_from_db()
    assert (measurement.status, measurement.raw_score) == ("answered", 17)


# --- the migration before the constraint ----------------------------------------------------

REPAIR = "0007_repair_who5"


@pytest.mark.django_db(transaction=True)
def test_repair_recomputes_scores_and_unanswers_incomplete_rows(org1):
    now = timezone.now()
    base = {"organisation_id": org1.pk, "source": "match", "timepoint": "start", "due_at": now}
    people = [ParticipantFactory(organisation=org1) for _ in range(4)]
    with migrated_back_to("participants", "0006_privacy_permissions_and_schedule") as old:
        Old = old.get_model("participants", "WellBeingMeasurement")
        answered = {"status": "answered", "answered_at": now, "invited_at": now}
        empty = Old.objects.create(
            participant_id=people[0].pk, source_id=1, raw_score=10, **answered, **base
        )
        wrong_sum = Old.objects.create(
            participant_id=people[1].pk, source_id=2, raw_score=20, **answered, **ITEMS, **base
        )
        # (An answered row without a raw score the old constraint already refused.)
        half = {"item1": 1, "item2": 1, "item3": None, "item4": None, "item5": None}
        partial = Old.objects.create(
            participant_id=people[2].pk, source_id=3, raw_score=2, **answered, **half, **base
        )
        too_high = Old.objects.create(
            participant_id=people[3].pk, source_id=4, **{**ITEMS, "item1": 7}, **base
        )

        bad_rows = migration_module("participants", REPAIR).RowsBreakRules
        with pytest.raises(bad_rows) as error:
            migrate_to("participants", REPAIR)
        report = str(error.value)
        assert (
            f"- participants.WellBeingMeasurement (1): every item is 0-5. Ids: {too_high.pk}"
            in report.splitlines()
        )
        assert len(report.splitlines()) == 2
        assert "7" not in report.splitlines()[1].split("Ids:")[0]  # ids, never the answers
        assert not is_applied("participants", REPAIR)
        assert Old.objects.get(pk=wrong_sum.pk).raw_score == 20

        Old.objects.filter(pk=too_high.pk).update(item1=2)
        migrate_to("participants", "0008_who5_constraints")
        empty.refresh_from_db()
        assert (empty.status, empty.raw_score) == ("pending", 10)  # nothing deleted
        assert Old.objects.get(pk=wrong_sum.pk).raw_score == 17
        assert Old.objects.get(pk=partial.pk).status == "pending"
        assert Old.objects.get(pk=too_high.pk).status == "pending"
    assert is_applied("participants", "0008_who5_constraints")

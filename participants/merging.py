"""Making two records of one person one: `merge_participants(survivor=, duplicate=, actor=)`.

Every row that points at the duplicate moves to the survivor: support requests (and with them
their matches and meetings), enrollments (and their attendance), WHO-5 measurements, consents,
earlier contact details, access events, merge records, and whatever an app adds later. They are
found by walking `Participant._meta.related_objects`, so this module names no model of an app
above it (DESIGN.md): an app that needs a say registers a `MergeRule` for its model.

A row that cannot sit beside the survivor's own is a conflict: a database unique constraint that
includes the participant (both enrolled in one cohort; both with an active consent to one
purpose), or a rule an app declares (`MergeRule.conflict_key`: one open support request per
person). One of the two is kept (the survivor's, unless the rule's `prefer` says otherwise), and
the other is set aside: deleted with what hangs on it, or, when the rule gives `set_aside`,
retired (e.g. a request withdrawn) and then moved like the rest. `plan_merge` works all of that
out without writing, for the preview; `merge_participants` does it in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from core.scoping import object_in_scope
from participants.models import (
    Consent,
    ContactHistory,
    MergeRecord,
    Participant,
    WellBeingMeasurement,
)

# --- Rules that apps register ------------------------------------------------------------------


@dataclass(frozen=True)
class MergeRule:
    """What an app says about its model's rows when two participants become one.

    - `prefer(survivor_row, duplicate_row)` returns the row to keep in a conflict (default: the
      survivor's);
    - `set_aside(row, actor)` retires the other row so it no longer conflicts (default: delete);
    - `conflict_key(row)` names a rule the database does not hold: two rows with the same
      non-None key conflict (e.g. "open" for a support request that is still open);
    - `describe(row)` is how the preview names a row (default: `str(row)`);
    - `set_aside_text` says in the preview what `set_aside` does (e.g. "withdrawn").
    """

    prefer: Callable[[models.Model, models.Model], models.Model] | None = None
    set_aside: Callable[[models.Model, object], None] | None = None
    conflict_key: Callable[[models.Model], Hashable | None] | None = None
    describe: Callable[[models.Model], str] | None = None
    set_aside_text: str = ""


_rules: dict[type[models.Model], MergeRule] = {}


def register_merge_rule(model: type[models.Model], rule: MergeRule) -> None:
    """Called from an app's `AppConfig.ready()`."""
    _rules[model] = rule


def _rule(model) -> MergeRule:
    return _rules.get(model, MergeRule())


# --- The plan -----------------------------------------------------------------------------------


@dataclass
class Conflict:
    kind: str  # the model's verbose name
    kept: str
    set_aside: str
    how: str  # what happens to the row not kept
    with_it: list[tuple[str, int]] = field(default_factory=list)  # rows deleted along with it


@dataclass
class MergePlan:
    survivor: Participant
    duplicate: Participant
    moves: list[tuple[str, int]] = field(default_factory=list)  # (verbose name plural, count)
    along: list[tuple[str, int]] = field(default_factory=list)  # rows that come with moved rows
    conflicts: list[Conflict] = field(default_factory=list)
    contact_changes: list[str] = field(default_factory=list)
    # Internal: what merge_participants does, in this order.
    _retire: list[models.Model] = field(default_factory=list)
    _delete: list[models.Model] = field(default_factory=list)
    _move: list[tuple[models.Model, str]] = field(default_factory=list)  # (row, fk)

    @property
    def moved_counts(self) -> dict[str, int]:
        return dict(Counter(row._meta.label_lower for row, _fk in self._move))

    @property
    def left_out_counts(self) -> dict[str, int]:
        """Rows deleted because the kept record had their like (retired rows are moved)."""
        return dict(Counter(row._meta.label_lower for row in self._delete))


def _unique_keys(model, fk_name) -> list[tuple[list[str], models.Q | None]]:
    """(other fields, condition) of each database unique rule on `model` that names `fk_name`."""
    keys = []
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and fk_name in fields:
            keys.append(([f for f in fields if f != fk_name], constraint.condition))
    for together in model._meta.unique_together:
        if fk_name in together:
            keys.append(([f for f in together if f != fk_name], None))
    return keys


def _conditions_met(model, fk_name, pks) -> dict[int, set]:
    """For each conditional unique rule on `model` that names `fk_name` (by its index): which of
    the rows `pks` meet its condition. One query per such rule, however many rows."""
    met = {}
    for index, (_fields, condition) in enumerate(_unique_keys(model, fk_name)):
        if condition is not None:
            rows = model._base_manager.filter(pk__in=pks).filter(condition)
            met[index] = set(rows.values_list("pk", flat=True))
    return met


def _clash_keys(model, fk_name, row, met) -> list[tuple]:
    """The keys under which `row` must be the participant's only one (`met`: _conditions_met)."""
    found = []
    for index, (fields, condition) in enumerate(_unique_keys(model, fk_name)):
        if condition is not None and row.pk not in met[index]:
            continue
        found.append(
            ("db", index, *(getattr(row, model._meta.get_field(f).attname) for f in fields))
        )
    rule = _rule(model)
    if rule.conflict_key is not None:
        key = rule.conflict_key(row)
        if key is not None:
            found.append(("rule", key))
    return found


def _describe(model, row) -> str:
    rule = _rule(model)
    return rule.describe(row) if rule.describe else str(row)


def _rows_with(model, pks) -> dict[int, list[tuple[str, int]]]:
    """For each row of `model` in `pks`: the rows of other tables that point at it (one level),
    what comes along with it. One query per table that can point at it, however many rows."""
    counts = {pk: [] for pk in pks}
    for rel in model._meta.related_objects:
        if rel.many_to_many or not rel.field.concrete:
            continue
        name = str(rel.related_model._meta.verbose_name_plural)
        rows = (
            rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": pks})
            .order_by()
            .values_list(rel.field.attname)
            .annotate(count=Count("pk"))
        )
        for pk, count in rows:
            counts[pk].append((name, count))
    return counts


def _rows_of(model, fk_name, participant) -> list[models.Model]:
    """The participant's rows of `model`, with what their descriptions read (`select_related()`
    follows every required foreign key), and the participant known to each without a query."""
    rows = list(
        model._base_manager.filter(**{fk_name: participant}).select_related().order_by("pk")
    )
    field = model._meta.get_field(fk_name)
    for row in rows:
        field.set_cached_value(row, participant)
    return rows


def _relations():
    return [
        rel
        for rel in Participant._meta.related_objects
        if not rel.many_to_many and rel.field.concrete
    ]


def _check(survivor: Participant, duplicate: Participant, actor) -> None:
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records."), code="same")
    if survivor.organisation_id != duplicate.organisation_id:
        raise ValidationError(
            _("Only records of the same organisation can be merged."), code="other_organisation"
        )
    if survivor.anonymised_at or duplicate.anonymised_at:
        raise ValidationError(
            _("An erased (anonymised) record cannot be merged."), code="anonymised"
        )
    if actor is not None and not object_in_scope(survivor, actor):
        raise ValidationError(
            _("You can only merge records of your own organisations."), code="scope"
        )


def plan_merge(*, survivor: Participant, duplicate: Participant, actor=None) -> MergePlan:
    """What merging would do, without writing anything (the preview shows this). Its queries
    are a few per table that points at a participant, however many rows the two have."""
    _check(survivor, duplicate, actor)
    plan = MergePlan(survivor=survivor, duplicate=duplicate)
    along = Counter()
    for rel in _relations():
        model, fk = rel.related_model, rel.field.name
        rule = _rule(model)
        duplicates = _rows_of(model, fk, duplicate)
        if not duplicates:
            continue
        survivors = _rows_of(model, fk, survivor)
        pks = [row.pk for row in survivors + duplicates]
        met = _conditions_met(model, fk, pks)
        with_row = _rows_with(model, pks)

        def move(row, fk=fk, with_row=with_row):
            plan._move.append((row, fk))
            for name, count in with_row[row.pk]:
                along[name] += count

        theirs = {}
        for row in survivors:
            for key in _clash_keys(model, fk, row, met):
                theirs.setdefault(key, row)
        before = len(plan._move)
        for row in duplicates:
            keys = _clash_keys(model, fk, row, met)
            other = next((theirs[key] for key in keys if key in theirs), None)
            if other is None:
                move(row)
                for key in keys:
                    theirs[key] = row
                continue
            kept = rule.prefer(other, row) if rule.prefer else other
            loser = row if kept is other else other
            retire = rule.set_aside is not None
            plan.conflicts.append(
                Conflict(
                    kind=str(model._meta.verbose_name),
                    kept=_describe(model, kept),
                    set_aside=_describe(model, loser),
                    how=(str(rule.set_aside_text) or _("set aside")) if retire else _("deleted"),
                    with_it=[] if retire else with_row[loser.pk],
                )
            )
            (plan._retire if retire else plan._delete).append(loser)
            if retire or kept is row:
                move(row)
            for key in _clash_keys(model, fk, kept, met):
                theirs[key] = kept
        if len(plan._move) > before:
            plan.moves.append((str(model._meta.verbose_name_plural), len(plan._move) - before))
    plan.along = sorted(along.items())
    for name, label in (("email", _("e-mail address")), ("phone", _("phone number"))):
        mine, theirs = getattr(survivor, name), getattr(duplicate, name)
        if theirs and not mine:
            plan.contact_changes.append(
                _("The kept record gets the other record's %(what)s.") % {"what": label}
            )
        elif theirs and theirs != mine:
            plan.contact_changes.append(
                _(
                    "The other record's %(what)s is not kept; it is remembered only as a keyed "
                    "hash, so that erasure still finds messages sent to it."
                )
                % {"what": label}
            )
    return plan


@transaction.atomic
def merge_participants(*, survivor: Participant, duplicate: Participant, actor) -> MergeRecord:
    """Move everything of `duplicate` to `survivor`, delete `duplicate`, and keep a record of who
    merged and what moved. Both rows are locked first; the plan is made under the lock."""
    locked = {
        p.pk: p
        for p in Participant.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
    }
    if len(locked) != 2 and survivor.pk != duplicate.pk:
        raise ValidationError(_("One of the two records no longer exists."), code="gone")
    survivor, duplicate = locked.get(survivor.pk, survivor), locked.get(duplicate.pk, duplicate)
    plan = plan_merge(survivor=survivor, duplicate=duplicate, actor=actor)
    for row in plan._retire:
        _rule(type(row)).set_aside(row, actor)
    for row in plan._delete:
        row.delete()
    for row, fk in plan._move:
        type(row)._base_manager.filter(pk=row.pk).update(**{fk: survivor})
    for m2m in Participant._meta.many_to_many:
        getattr(survivor, m2m.name).add(*getattr(duplicate, m2m.name).all())

    from participants.services import remember_contacts

    remember_contacts(survivor, email=duplicate.email, phone=duplicate.phone)
    changed = [
        name
        for name in ("last_name", "contact_note", "birth_year", "municipality_id")
        if getattr(survivor, name) in ("", None) and getattr(duplicate, name) not in ("", None)
    ]
    for name in changed:
        setattr(survivor, name, getattr(duplicate, name))
    number, email, phone = duplicate.pk, duplicate.email, duplicate.phone
    duplicate.delete()
    for name, value in (("email", email), ("phone", phone)):
        if value and not getattr(survivor, name):
            setattr(survivor, name, value)
            changed.append(name)
    if changed:
        survivor.save(update_fields=changed)
    return MergeRecord.objects.create(
        survivor=survivor,
        organisation_id=survivor.organisation_id,
        duplicate_number=number,
        merged_by=actor,
        moved=plan.moved_counts,
        left_out=plan.left_out_counts,
    )


# --- participants' own rules ---------------------------------------------------------------------

_WHO5_ORDER = {
    WellBeingMeasurement.Status.ANSWERED: 2,
    WellBeingMeasurement.Status.DECLINED: 1,
    WellBeingMeasurement.Status.PENDING: 0,
}

register_merge_rule(
    # Both consented to one purpose: keep the earlier consent (the longer record of it).
    Consent,
    MergeRule(prefer=lambda mine, theirs: theirs if theirs.given_at < mine.given_at else mine),
)
register_merge_rule(
    # One questionnaire per time point: keep an answered one over one still waiting.
    WellBeingMeasurement,
    MergeRule(
        prefer=lambda mine, theirs: (
            theirs if _WHO5_ORDER[theirs.status] > _WHO5_ORDER[mine.status] else mine
        )
    ),
)
register_merge_rule(ContactHistory, MergeRule(describe=lambda row: row.get_kind_display()))

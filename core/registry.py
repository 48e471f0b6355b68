"""The participant-data registry: what each app holds about a participant.

Data-subject rights (export, erasure, retention; the `privacy` app) must reach every row about a
person, but the rows live in apps above `participants` that nothing below may name (DESIGN.md).
So each app declares, in its own `AppConfig.ready()`, what it holds, and `privacy` iterates the
declarations:

    from core import registry

    registry.register(
        registry.Holding(
            model=Meeting,
            participant="match__request__participant",  # the lookup from a row to its person
            export="support_requests",                  # the export section that shows the rows
            scrub={"note": "", "place": ""},             # set on erasure (free text about them)
            activity=("starts_at", "updated_at"),       # dates that count as the person's activity
        )
    )
    registry.register_export("support_requests", build=requests_for_export, order=30)

A `Holding` is one model. `open` (a filter) says which of its rows are still open for the person:
retention waits while one is; `close(participant=, actor=)` closes them through the app's own
services when the person is erased (a match ends, a seat goes to the waitlist). An export section
is a function of the participant returning JSON-safe data, in the reader's language.

`tests/core/test_registry.py` fails when a model with a foreign key to `participants.Participant`
is not registered, so a new model about people cannot be forgotten by erasure and export.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, kw_only=True)
class Holding:
    """One model's rows about a participant, and what data-subject rights do with them."""

    model: type[models.Model]
    #: Lookup from a row to its participant ("participant", "request__participant"); "" for
    #: the Participant model itself.
    participant: str
    #: Key of the export section that shows these rows; None only with a `not_exported` reason.
    export: str | None
    not_exported: str = ""
    #: Field → value written on erasure (free text or identifying values).
    scrub: Mapping[str, Any] = field(default_factory=dict)
    #: Many-to-many fields emptied on erasure.
    clear: tuple[str, ...] = ()
    #: Called with the person's rows (a queryset) and the time, on erasure, for what a constant
    #: cannot say ("withdraw the consents still active").
    erase: Callable[[QuerySet, Any], Any] | None = None
    #: The rows are deleted on erasure (after their audit trail is scrubbed).
    delete: bool = False
    #: Lookups of dates (from a row) that count as the person's activity for retention.
    activity: tuple[str, ...] = ()
    #: Which rows are still open for the person (retention leaves them alone).
    open: Q | None = None
    #: close(participant=, actor=) closes the open rows when the person is erased. It runs in
    #: the erasure's transaction, the participant locked, before anything is scrubbed; it must
    #: not fail on a row that closed meanwhile (an error undoes the erasure).
    close: Callable[..., Any] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows(self, participant_id: int) -> QuerySet:
        """This model's rows about one participant."""
        return self.model._default_manager.filter(**{self.participant or "pk": participant_id})

    def exists(self, where: Q | None = None) -> Exists:
        """For a Participant queryset: "has a row here (matching `where`)"."""
        rows = self.model._default_manager.filter(**{self.participant or "pk": OuterRef("pk")})
        if where is not None:
            rows = rows.filter(where)
        return Exists(rows)


@dataclass(frozen=True)
class ExportSection:
    key: str
    build: Callable[[Any], Any]
    order: int
    #: Only in the person's own export (their plan: nobody else reads it, not even a
    #: coordinator exporting the person's data).
    participant_only: bool = False


_holdings: dict[str, Holding] = {}
_sections: dict[str, ExportSection] = {}


def register(*holdings: Holding) -> None:
    """Declare what an app holds about a participant (from its AppConfig.ready())."""
    for holding in holdings:
        if holding.export is None and not holding.not_exported:
            raise ValueError(f"{holding.label}: say why it is not exported (not_exported=...)")
        _holdings[holding.label] = holding


def register_export(
    key: str, *, build: Callable[[Any], Any], order: int, participant_only: bool = False
) -> None:
    """Declare one section of a participant's data export: `build(participant)` returns
    JSON-safe data in the reader's active language; sections appear in `order`. A
    `participant_only` section is left out of the export a coordinator makes."""
    _sections[key] = ExportSection(
        key=key, build=build, order=order, participant_only=participant_only
    )


def holdings() -> Iterator[Holding]:
    """Every registered holding, in registration order (apps' dependency order)."""
    return iter(list(_holdings.values()))


def holding_for(model: type[models.Model]) -> Holding | None:
    return _holdings.get(model._meta.concrete_model._meta.label)


def export_sections() -> list[ExportSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def closers() -> list[Callable[..., Any]]:
    """The distinct `close` functions, in registration order."""
    seen: list[Callable[..., Any]] = []
    for holding in _holdings.values():
        if holding.close is not None and holding.close not in seen:
            seen.append(holding.close)
    return seen


# --- helpers for export sections ---------------------------------------------------------------


def iso(value) -> str | None:
    """A date or time for the export: ISO 8601, times in local time."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def names(manager) -> list[str]:
    """The text of each row of a many-to-many field (taxonomy names)."""
    return [str(item) for item in manager.all()]


# --- who opened a participant's data ------------------------------------------------------------


class Access(models.TextChoices):
    """Where someone opened a participant's data (privacy.AccessEvent.where)."""

    ADMIN = "admin", _("Admin page")
    DASHBOARD = "dashboard", _("Guide dashboard")
    EXPORT = "export", _("Data export")
    SELF_SERVICE = "self_service", _("The participant's own page")


#: Sent when someone opens a participant's data (`participant`, `actor`, `where`, `path`); the
#: privacy app records it. Apps below privacy (matching's guide pages) call `data_opened`.
participant_data_opened = Signal()


def data_opened(*, participant, actor, where: str, path: str = "") -> None:
    participant_data_opened.send(
        sender=type(participant), participant=participant, actor=actor, where=where, path=path
    )

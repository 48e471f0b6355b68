"""Columns that apps above volunteers add to the coordinators' list of guides in the admin.

volunteers may not import the apps above it (matching knows each guide's matches, volunteers does
not), so the guide list offers a hook instead of being subclassed and registered again: an app
registers a `GuideColumn` in its `AppConfig.ready()`, and `PeerGuideAdmin` shows it. matching
registers "matches / capacity" and "days since last meeting" this way (matching/guide_columns.py).

A column brings what it reads: `annotate` adds the figures to the list's queryset (a subquery per
row shown, so the list still costs a fixed number of queries), `value` turns one row into what the
cell shows, `ordering` names the annotation that sorting by the column uses. A column either
`replaces` one of the list's own columns (by name) or goes `before` one; with neither it goes last.
Registering the same key again replaces the column, so a repeated `ready()` adds nothing twice; the
order of INSTALLED_APPS does not matter, as the list reads the registry on each request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import QuerySet


@dataclass(frozen=True)
class GuideColumn:
    key: str  # the column's name: its CSS class (column-<key>) and its place in list_display
    description: str  # the column's heading (translatable, e.g. gettext_lazy)
    value: Callable  # (guide row) -> what the cell shows
    annotate: Callable[[QuerySet], QuerySet] | None = None
    ordering: str | None = None  # the field or annotation the column sorts by
    replaces: str | None = None  # a column of the guide list this one takes the place of
    before: str | None = None  # else: a column of the guide list this one goes in front of


_columns: dict[str, GuideColumn] = {}


def register_guide_column(column: GuideColumn) -> None:
    """Show `column` on the admin's list of guides (see the module's docstring)."""
    _columns[column.key] = column


def unregister_guide_column(key: str) -> None:
    _columns.pop(key, None)


def guide_columns() -> list[GuideColumn]:
    return list(_columns.values())


def _cell(column: GuideColumn) -> Callable:
    def cell(obj):
        return column.value(obj)

    cell.__name__ = column.key
    return admin.display(description=column.description, ordering=column.ordering)(cell)


def extend_list_display(columns: list) -> list:
    """The guide list's own columns with the registered ones put in their places."""
    shown = list(columns)
    for column in _columns.values():
        cell = _cell(column)
        if column.replaces in shown:
            shown[shown.index(column.replaces)] = cell
        elif column.before in shown:
            shown.insert(shown.index(column.before), cell)
        else:
            shown.append(cell)
    return shown


def annotate_guides(queryset: QuerySet) -> QuerySet:
    """The guide list's queryset with what every registered column reads."""
    for column in _columns.values():
        if column.annotate is not None:
            queryset = column.annotate(queryset)
    return queryset

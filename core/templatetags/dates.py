"""Dates and times as people read them, one style per language (`{% load dates %}`).

Thin wrappers over ``core.dates`` (the table of styles is there):

    {{ value|day }}       28. november 2026                      28 November 2026
    {{ value|weekday }}   lørdag den 28. november (2027)         Saturday 28 November (2027)
    {{ value|moment }}    28. november 2026 kl. 15.09            28 November 2026, 15:09
    {{ value|when }}      lørdag den 28. november kl. 15.09      Saturday 28 November, 15:09
    {{ value|clock }}     15.09                                  15:09
    {% span start end %}  lørdag den 28. november kl. 15.00–17.00  Saturday 28 November, 15:00–17:00
    {{ value|short_day }} 28.11.                                 28/11
    {{ value|month }}     november 2026                          November 2026

``weekday``, ``when`` and ``short_day`` show the year when the date is not in the current year;
give them ``True`` to always show it — for a list that crosses New Year:

    {% needs_year sessions "starts_at" as with_year %}
    {% for s in sessions %}{{ s.starts_at|when:with_year }}{% endfor %}

``{{ value|input_value }}`` is the machine value of a date/time input, never shown as text.
"""

from __future__ import annotations

from django import template

from core import dates

register = template.Library()


def _year(arg):
    return True if arg is True else None


@register.filter
def day(value) -> str:
    return dates.day(value)


@register.filter
def weekday(value, year=None) -> str:
    return dates.weekday(value, year=_year(year))


@register.filter
def moment(value) -> str:
    return dates.moment(value)


@register.filter
def when(value, year=None) -> str:
    return dates.when(value, year=_year(year))


@register.filter
def clock(value) -> str:
    return dates.clock(value)


@register.filter
def short_day(value, year=None) -> str:
    return dates.short_day(value, year=_year(year))


@register.filter
def month(value) -> str:
    return dates.month(value)


@register.filter
def input_value(value) -> str:
    return dates.input_value(value)


@register.simple_tag
def span(start, end, year=None) -> str:
    """``{% span session.starts_at session.ends_at with_year %}``: day, start and end time."""
    return dates.span(start, end, year=_year(year))


@register.simple_tag
def needs_year(items, attribute: str = "") -> bool:
    """True when the items' dates (or ``item.<attribute>``) are not all in the current year."""
    values = [getattr(item, attribute) if attribute else item for item in items or ()]
    return dates.needs_year(values)

"""Dates and times as people read them, one style per language (`{% load dates %}`).

    {{ value|day }}     Danish "28. november 2026",            English "28 November 2026"
    {{ value|moment }}  Danish "28. november 2026 kl. 15.09",  English "28 November 2026, 15:09"

`value` may be a date, an aware datetime (shown in Europe/Copenhagen) or an ISO 8601 string (as
in the data export); anything else is shown as it is, and nothing as "–".
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language

register = template.Library()

FORMATS = {
    # Django's date-format letters; the literal words are escaped.
    "da": {"day": r"j. F Y", "moment": r"j. F Y \k\l. H.i"},
    "en": {"day": r"j F Y", "moment": r"j F Y, H:i"},
}


def _formats() -> dict:
    return FORMATS.get((get_language() or "da")[:2], FORMATS["da"])


def _parse(value):
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value


@register.filter
def day(value) -> str:
    if value in (None, ""):
        return "–"
    value = _parse(value)
    if not isinstance(value, datetime.date):
        return str(value)
    return dateformat.format(value, _formats()["day"])


@register.filter
def moment(value) -> str:
    if value in (None, ""):
        return "–"
    value = _parse(value)
    if isinstance(value, datetime.datetime):
        return dateformat.format(value, _formats()["moment"])
    if isinstance(value, datetime.date):
        return dateformat.format(value, _formats()["day"])
    return str(value)

"""Dates and times as people read them: one style per language, in one place.

Every page, e-mail, text message and admin label formats a date through these functions (templates
through the filters in ``core/templatetags/dates.py``); a test fails on any other way.

=========  ============================================  ========================================
function   Danish                                        English
=========  ============================================  ========================================
day        22. december 2026                             22 December 2026
weekday    tirsdag den 22. december 2026                 Tuesday 22 December 2026
moment     22. december 2026 kl. 17.00                   22 December 2026, 17:00
when       tirsdag den 22. december 2026 kl. 17.00       Tuesday 22 December 2026, 17:00
clock      17.00                                         17:00
span       tirsdag den 22. december kl. 17.00–19.00      Tuesday 22 December, 17:00–19:00
short_day  22.12.2026                                    22/12/2026
=========  ============================================  ========================================

``day`` and ``moment`` (records: "signed up on ...") always show the year. ``weekday``, ``when``
and ``short_day`` (what is coming: sessions, meetings) show it when the date is not in the current
year, or when ``year=True`` — pass that for a list that crosses New Year (``needs_year``).

The names of weekdays are the form choices' (``core.choices.WEEKDAYS``, in the language asked
for): "Tirsdag" heads a line in a list, and mid-sentence a Danish weekday is written in lower case
(``mid_sentence``). The names of months come from the tables below.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone, translation
from django.utils.translation import get_language

from core.choices import WEEKDAYS, mid_sentence

DA_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

EMPTY = "–"


def _danish(language: str | None) -> bool:
    return not (language or get_language() or "da").startswith("en")


def _local(value):
    """A date or naive local datetime from a date, an aware datetime or an ISO 8601 string."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return None
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, datetime.date):
        return value
    return None


def _show_year(value: datetime.date, year: bool | None) -> bool:
    if year is not None:
        return year
    return value.year != timezone.localdate().year


def _weekday_name(value: datetime.date, *, danish: bool) -> str:
    """ "tirsdag" / "Tuesday": the form choice's label, as it reads mid-sentence."""
    with translation.override("da" if danish else "en"):
        label = str(dict(WEEKDAYS)[value.weekday()])
    return mid_sentence(label) if danish else label


def _date_part(value: datetime.date, *, weekday: bool, year: bool, danish: bool) -> str:
    if danish:
        text = f"{value.day}. {DA_MONTHS[value.month - 1]}"
        if year:
            text += f" {value.year}"
        return f"{_weekday_name(value, danish=True)} den {text}" if weekday else text
    text = f"{value.day} {EN_MONTHS[value.month - 1]}"
    if year:
        text += f" {value.year}"
    return f"{_weekday_name(value, danish=False)} {text}" if weekday else text


def clock(value, language: str | None = None) -> str:
    """The time of day: "17.00" in Danish, "17:00" in English."""
    local = _local(value) if not isinstance(value, datetime.time) else value
    if not isinstance(local, datetime.datetime | datetime.time):
        return EMPTY
    separator = "." if _danish(language) else ":"
    return f"{local.hour:02d}{separator}{local.minute:02d}"


def _with_time(value, date_text: str, language: str | None) -> str:
    if not isinstance(value, datetime.datetime):
        return date_text
    if _danish(language):
        return f"{date_text} kl. {clock(value, language)}"
    return f"{date_text}, {clock(value, language)}"


def day(value, language: str | None = None) -> str:
    local = _local(value)
    if local is None:
        return EMPTY if value in (None, "") else str(value)
    return _date_part(local, weekday=False, year=True, danish=_danish(language))


def weekday(value, language: str | None = None, *, year: bool | None = None) -> str:
    local = _local(value)
    if local is None:
        return EMPTY if value in (None, "") else str(value)
    return _date_part(local, weekday=True, year=_show_year(local, year), danish=_danish(language))


def moment(value, language: str | None = None) -> str:
    local = _local(value)
    if local is None:
        return EMPTY if value in (None, "") else str(value)
    return _with_time(local, day(local, language), language)


def when(value, language: str | None = None, *, year: bool | None = None) -> str:
    local = _local(value)
    if local is None:
        return EMPTY if value in (None, "") else str(value)
    return _with_time(local, weekday(local, language, year=year), language)


def span(start, end, language: str | None = None, *, year: bool | None = None) -> str:
    """A session: "tirsdag den 22. december kl. 17.00–19.00" (English "…, 17:00–19:00")."""
    local = _local(start)
    if local is None:
        return EMPTY
    text = when(local, language, year=year)
    if _local(end) is not None:
        text += f"–{clock(end, language)}"
    return text


def short_day(value, language: str | None = None, *, year: bool | None = None) -> str:
    """Compact, for table cells: "22.12.2026" / "22/12/2026" (year as for ``weekday``)."""
    local = _local(value)
    if local is None:
        return EMPTY if value in (None, "") else str(value)
    separator = "." if _danish(language) else "/"
    text = f"{local.day:02d}{separator}{local.month:02d}"
    if _show_year(local, year):
        text += f"{separator}{local.year}"
    elif _danish(language):
        text += "."
    return text


def month(value, language: str | None = None) -> str:
    """A month and year: "december 2026" / "December 2026"."""
    local = _local(value)
    if local is None:
        return EMPTY if value in (None, "") else str(value)
    names = DA_MONTHS if _danish(language) else EN_MONTHS
    return f"{names[local.month - 1]} {local.year}"


def needs_year(values: Iterable) -> bool:
    """True when the dates in ``values`` are not all in the current year (a list over New Year)."""
    this_year = timezone.localdate().year
    for value in values:
        local = _local(value)
        if local is not None and local.year != this_year:
            return True
    return False


def input_value(value) -> str:
    """The value of an <input type="datetime-local"> (machine format, not shown as text)."""
    local = _local(value)
    if isinstance(local, datetime.datetime):
        return local.strftime("%Y-%m-%dT%H:%M")
    if isinstance(local, datetime.date):
        return local.isoformat()
    return ""


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A wall-clock time in Europe/Copenhagen on `day` as an aware datetime, for anything planned
    by the local clock (course sessions, activities): "Tuesdays 10-12" stays 10-12 across the
    change to and from summer time. A time that does not exist on the night summer time begins
    is moved forward, as a clock would (02.30 becomes 03.30)."""
    tz = timezone.get_default_timezone()
    value = datetime.datetime.combine(day, time, tzinfo=tz)
    return value.astimezone(datetime.UTC).astimezone(tz)

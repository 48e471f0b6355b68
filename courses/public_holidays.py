"""Danish public holidays for session calendars, from the maintained `holidays` package.

A weekly session that falls on one of these days is skipped (the session moves on a week) and the
day is stored on the cohort with the holiday's name, so the cohort page can say why.

The official public holidays (helligdage) come from `holidays.country_holidays("DK")`. Christmas
Eve (Juleaftensdag) and New Year's Eve (Nytårsaften) are not official holidays, but almost nobody
comes to a course then (the demo's sessions on 24 and 31 December were the coordinators' first
complaint), so they are skipped too: the package lists them in its "optional" category, which
also holds 1 May and Constitution Day (5 June); those two are not skipped, as many work then.
A coordinator who wants a session on any of these days adds it by hand.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays
from django.utils.translation import get_language

# (month, day) of the days from the package's optional category that are skipped as well.
EXTRA_DAYS = {(12, 24), (12, 31)}
PACKAGE_LANGUAGES = {"da": "da", "en": "en_US"}


def _package_language(language: str | None) -> str:
    return PACKAGE_LANGUAGES.get((language or "da")[:2], "da")


@lru_cache(maxsize=64)
def _year(year: int, language: str) -> dict[datetime.date, str]:
    days = dict(holidays.country_holidays("DK", years=year, language=language).items())
    optional = holidays.country_holidays(
        "DK", years=year, language=language, categories=("optional",)
    )
    for day, name in optional.items():
        if (day.month, day.day) in EXTRA_DAYS:
            days.setdefault(day, name)
    return days


def danish_holidays(years: Iterable[int], language: str | None = None) -> dict[datetime.date, str]:
    """The days without sessions in `years`, each with its name in `language` (Danish by
    default; English for "en")."""
    language = _package_language(language or "da")
    days: dict[datetime.date, str] = {}
    for year in years:
        days.update(_year(year, language))
    return days


def holiday_name(day: datetime.date, *, fallback: str = "") -> str:
    """The holiday's name in the current language, or `fallback` (the name stored when the
    sessions were made) when the package no longer lists the day."""
    return danish_holidays([day.year], get_language()).get(day, fallback)

"""A fixed, sane calendar window for dates the database keeps: years 2000 to 2100.

Forms hold tighter rules relative to today (a meeting within a year, say); the database cannot
hold a rule relative to "now", so its check constraints keep this fixed window instead. A model
field carries the validator too, so a model form (the admin) answers a date outside it with a field
error before the constraint is ever reached. Migrations copy the bounds as literals."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DATE = datetime.date(FIRST_YEAR, 1, 1)
END_DATE = datetime.date(LAST_YEAR + 1, 1, 1)  # exclusive
FIRST_MOMENT = datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC)
END_MOMENT = datetime.datetime(LAST_YEAR + 1, 1, 1, tzinfo=datetime.UTC)  # exclusive

YEAR_MESSAGE = _("Check the year. It must be between 2000 and 2100.")


def validate_sane_datetime(value: datetime.datetime | None) -> None:
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    if value is not None and not FIRST_MOMENT <= value < END_MOMENT:
        raise ValidationError(YEAR_MESSAGE, code="year_out_of_range")


def validate_sane_date(value: datetime.date | None) -> None:
    if value is not None and not FIRST_DATE <= value < END_DATE:
        raise ValidationError(YEAR_MESSAGE, code="year_out_of_range")


def sane_datetime_q(field: str) -> Q:
    """The window as a check-constraint condition on a date-time column."""
    return Q(**{f"{field}__gte": FIRST_MOMENT, f"{field}__lt": END_MOMENT})


def sane_date_q(field: str) -> Q:
    """The window as a check-constraint condition on a date column."""
    return Q(**{f"{field}__gte": FIRST_DATE, f"{field}__lt": END_DATE})

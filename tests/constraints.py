"""What the apps' test_constraints.py share: dates outside what the forms allow, and a check that
the database itself refuses a row breaking a named constraint (on SQLite and PostgreSQL alike)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

TZ = datetime.UTC
YEAR_1900 = datetime.datetime(1900, 6, 1, 12, tzinfo=TZ)
YEAR_3000 = datetime.datetime(3000, 6, 1, 12, tzinfo=TZ)


def refused(model, pk, constraint, **values):
    """Writing `values` straight to the row (no form, no service) fails on `constraint`."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        model.objects.filter(pk=pk).update(**values)
    assert constraint in str(error.value)

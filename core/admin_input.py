"""The admin's change-list query strings and action posts, checked before they reach the database.

Django's admin answers most bad filter values with its "?e=1" page, but a few get through to the
database and fail there with a server error:
- a date-hierarchy year at the end of the calendar (`?starts_at__year=9999`: the year after it does
  not exist) or at its start (`?starts_at__year=1`: before year 1 in UTC);
- a value that passes a lookup's type check but not the query's making: a year lookup outside
  the calendar (`?expires_on__year=0`), an id past 64 bits in a filter on a relation
  (`?match=99999999999999999999`, which SQLite cannot bind);
- a NUL character in a filter value (`?status__exact=%00`): PostgreSQL refuses it in text;
- a ticked row whose id is no whole number (`_selected_action=abc`) or is too large: the action's
  queryset fails to build or to run.
`CheckedAdminInputMixin` answers the first three with the admin's own "?e=1" page, as for any other
bad filter, and refuses the last with a message before the action runs, so nothing changes.
"""

from __future__ import annotations

import datetime
import logging

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.fields import CheckedChoicesMixin

logger = logging.getLogger(__name__)


class DateHierarchyForm(forms.Form):
    """The date hierarchy's drill-down (`?<field>__year=&__month=&__day=`). The admin filters from
    the chosen day, month or year up to the next one, so that one must exist too."""

    year = forms.IntegerField(min_value=datetime.MINYEAR + 1, max_value=datetime.MAXYEAR - 1)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)
    day = forms.IntegerField(min_value=1, max_value=31, required=False)


class RowIdsField(forms.Field):
    """The ids of the rows ticked for an action: each one a value of the model's primary key that
    the database can hold (its model field's own type and range checks)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid_id": _("Some of the chosen rows could not be found. Nothing was changed."),
    }

    def __init__(self, *, model_field, **kwargs):
        self.model_field = model_field
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return [self.model_field.clean(item, None) for item in value or []]
        except ValidationError as error:
            raise ValidationError(self.error_messages["invalid_id"], code="invalid_id") from error


class SelectedRowsForm(forms.Form):
    def __init__(self, data, *, model):
        super().__init__(data)
        self.fields[helpers.ACTION_CHECKBOX_NAME] = RowIdsField(
            model_field=model._meta.pk, required=False
        )


_INT64 = range(-(2**63), 2**63)
_YEAR_PARTS = ("__year", "__iso_year")


def _check_number(key: str, value: str) -> None:
    """A whole number in a filter the database cannot take, wherever it is used: past 64 bits
    (SQLite cannot bind it), or a year lookup outside the calendar's inner years (the admin
    filters from that year to the next). Checked here because the list's facet counts run these
    filters again while the page renders, where a database error would be a server error."""
    try:
        number = int(value.strip())
    except ValueError:
        return
    if number not in _INT64:
        raise IncorrectLookupParameters(f"{key}: number out of range")
    if key.endswith(_YEAR_PARTS) and not datetime.MINYEAR < number < datetime.MAXYEAR:
        raise IncorrectLookupParameters(f"{key}: year out of range")


class CheckedChangeList(ChangeList):
    def get_filters(self, request):
        params = self.get_filters_params()
        no_nul = ProhibitNullCharactersValidator()
        try:
            for values in params.values():
                for value in values:
                    no_nul(value)
        except ValidationError as error:
            raise IncorrectLookupParameters(error) from error
        for key, values in params.items():
            for value in values:
                _check_number(key, value)
        if self.date_hierarchy:
            drill_down = {
                part: params[f"{self.date_hierarchy}__{part}"][-1]
                for part in ("year", "month", "day")
                if params.get(f"{self.date_hierarchy}__{part}")
            }
            if f"{self.date_hierarchy}__year" in params:
                form = DateHierarchyForm(drill_down)
                if not form.is_valid():
                    raise IncorrectLookupParameters(form.errors.as_text())
        return super().get_filters(request)

    def get_results(self, request):
        # The first query that runs the filters: a value the database cannot take fails here.
        try:
            super().get_results(request)
        except (ValueError, OverflowError) as error:
            # Logged: a bug in a list's own query would look like a bad filter otherwise.
            logger.warning("Change list filter refused by the database: %s", error, exc_info=True)
            raise IncorrectLookupParameters(error) from error


class CheckedAdminInputMixin(CheckedChoicesMixin):
    """ModelAdmin mixin: bad change-list filters answer "?e=1"; bad ticked ids change nothing;
    an id no database column holds is a field error on the change form (core.fields)."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def action_checkbox(self, obj):
        """Each row's checkbox, the same HTML as Django's, without rendering a widget template per
        row (a hundred of those were a tenth of a long list's time, issue 15)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def response_action(self, request, queryset):
        form = SelectedRowsForm(request.POST, model=self.model)
        if not form.is_valid():
            for error in form.errors[helpers.ACTION_CHECKBOX_NAME]:
                self.message_user(request, error, messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

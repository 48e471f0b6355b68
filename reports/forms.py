"""The period picker and filters of the report pages (GET)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import PeerSupportForm
from core.fields import ModelChoiceField
from core.models import Organisation
from reports.selectors import ONE_TO_ONE, Period, programme_choices

# The years a report can cover (the funder sheet's years too). Dates far outside them would reach
# the ends of the calendar when a period is turned into times in UTC.
FIRST_YEAR = 2000
LAST_YEAR = 2100
DATE = {"type": "date", "min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"}


def last_twelve_months(today: datetime.date) -> Period:
    first = today.replace(day=1)
    for _month in range(11):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return Period(first, today)


def _within_years(value):
    if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a date in the years %(first)s to %(last)s."),
            code="out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=DATE))
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All my organisations"),
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    peer_support_form = forms.ChoiceField(
        label=_("Form of peer support"),
        required=False,
        choices=[("", _("All forms")), *PeerSupportForm.choices],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["programme"].choices = [
            ("", _("All")),
            (ONE_TO_ONE, _("One-to-one support")),
            *programme_choices(),
        ]

    def clean_start(self):
        return _within_years(self.cleaned_data.get("start"))

    def clean_end(self):
        return _within_years(self.cleaned_data.get("end"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data

    def period(self, today=None) -> Period:
        today = today or timezone.localdate()
        default = last_twelve_months(today)
        data = self.cleaned_data if self.is_valid() else {}
        return Period(data.get("start") or default.start, data.get("end") or default.end)

    def programme_value(self):
        value = self.cleaned_data.get("programme") if self.is_valid() else ""
        if not value:
            return None
        return ONE_TO_ONE if value == ONE_TO_ONE else int(value)

    def peer_support_form_value(self) -> str:
        return (self.cleaned_data.get("peer_support_form") or "") if self.is_valid() else ""

    def organisation_id(self):
        organisation = self.cleaned_data.get("organisation") if self.is_valid() else None
        return organisation.pk if organisation else None

"""The period picker and filters of the report pages (GET)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Organisation
from reports.selectors import ONE_TO_ONE, Period, programme_choices


def last_twelve_months(today: datetime.date) -> Period:
    first = today.replace(day=1)
    for _month in range(11):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return Period(first, today)


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All my organisations"),
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["programme"].choices = [
            ("", _("All")),
            (ONE_TO_ONE, _("One-to-one support")),
            *programme_choices(),
        ]

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

    def organisation_id(self):
        organisation = self.cleaned_data.get("organisation") if self.is_valid() else None
        return organisation.pk if organisation else None

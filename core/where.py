"""Choosing where to get help, on the public request and application forms.

A person first says which municipality they live in (`MunicipalityForm`, a GET form: it works
without JavaScript); the page then offers only the organisations that serve that municipality
(`core.selectors.organisations_serving`), with nothing chosen for them unless there is just one.
The municipality travels on in a hidden field, and the organisation field accepts only the
organisations serving it, so a crafted or stale post cannot queue a person in the wrong place.
When no organisation serves the municipality, the page says so, with the crisis contacts and
the site's contact address, and there is no form: nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.fields import ModelChoiceField
from core.models import Municipality, Organisation
from core.selectors import organisations_serving


class MunicipalityForm(forms.Form):
    """Step 1: where do you live?"""

    municipality = ModelChoiceField(
        label=_("Which municipality do you live in?"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Choose a municipality"),
        help_text=_("Then we show you who can help where you live."),
        error_messages={
            "required": _("Choose the municipality you live in."),
            "invalid_choice": _("Choose the municipality you live in from the list."),
        },
    )


class OrganisationChoiceField(ModelChoiceField):
    """The organisations on offer as radio buttons; each may carry a short note under its name
    (the expected wait)."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organisation.objects.none())
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)
        self.notes: dict[int, str] = {}

    def label_from_instance(self, obj):
        note = self.notes.get(obj.pk)
        if not note:
            return obj.name
        return format_html(
            '{}<span class="d-block small text-body-secondary">{}</span>', obj.name, note
        )


class ServingOrganisationMixin(forms.Form):
    """Step 2: the organisation, among those serving the municipality chosen in step 1.

    `where` is what step 1 gave (the view reads it with `choose_where`); `notes` maps an
    organisation's id to a line shown under its name."""

    municipality = ModelChoiceField(
        queryset=Municipality.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the municipality you live in."),
            "invalid_choice": _("Choose the municipality you live in from the list."),
        },
    )
    organisation = OrganisationChoiceField(
        error_messages={
            "required": _("Choose where you would like to go."),
            "invalid_choice": _("Choose one of the places in the list."),
        },
    )

    def __init__(self, *args, where: Where, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = where.municipality
        self.fields["municipality"].initial = municipality.pk
        self.fields["municipality"].queryset = Municipality.objects.filter(pk=municipality.pk)
        organisation = self.fields["organisation"]
        organisation.queryset = organisations_serving(municipality)
        organisation.notes = dict(notes or {})
        if len(where.organisations) == 1:
            # The only place that serves where they live: chosen, and still shown by name.
            organisation.initial = where.organisations[0].pk


@dataclass
class Where:
    """What step 1 gave: the form to show again, the municipality and who serves it."""

    step: MunicipalityForm
    municipality: Municipality | None = None
    organisations: list[Organisation] = field(default_factory=list)

    @property
    def unserved(self) -> bool:
        return self.municipality is not None and not self.organisations


def choose_where(request) -> Where:
    """Step 1 read from the query string (`?municipality=`) or, when a filled form is posted,
    from its hidden field; one query for the municipality, one for the organisations."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method != "POST" and "municipality" not in data:
        return Where(step=MunicipalityForm())
    step = MunicipalityForm(data)
    if not step.is_valid():
        return Where(step=step)
    municipality = step.cleaned_data["municipality"]
    return Where(
        step=step,
        municipality=municipality,
        organisations=list(organisations_serving(municipality)),
    )

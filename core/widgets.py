"""Form fields and widgets that show structured data as a person reads it, never as raw JSON.

- `AvailabilityField`: weekly availability ("1-evening", see core.choices) as a grid of checkboxes,
  one row per weekday and one column per part of the day.
- `LanguagesField`: the spoken languages as a list of checkboxes.
- `ChoicesField`: any list of codes from fixed choices (meeting themes) as checkboxes.
- `MunicipalitiesField`: municipalities as checkboxes in a fieldset per region.
- `labels_display` / `availability_display` / `sentences_display`: read-only text for the same
  data on admin pages and in list columns.

The model fields stay JSON lists; only what a person sees and ticks changes.
"""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.choices import (
    AVAILABILITY_SLOTS,
    DAY_PARTS,
    SPOKEN_LANGUAGES,
    WEEKDAYS,
    availability_choices,
    slot_label,
)
from core.fields import ModelMultipleChoiceField
from core.selectors import terms

ADMIN_CSS = {"all": ["css/admin-widgets.css"]}
CHECKBOX_COLUMNS = {"class": "checkbox-columns"}


class AvailabilityGridWidget(forms.CheckboxSelectMultiple):
    """A table: weekdays down, parts of the day across, a labelled checkbox in every cell."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or f"id_{name}"
        chosen = set(self.format_value(value))
        head = format_html_join(
            "", '<th scope="col">{}</th>', ((capfirst(label),) for _code, label in DAY_PARTS)
        )

        def cells(day):
            for part, _part_label in DAY_PARTS:
                code = f"{day}-{part}"
                checked = " checked" if code in chosen else ""
                yield (name, code, base_id, code, capfirst(slot_label(code)), checked)

        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (
                    day_label,
                    format_html_join(
                        "",
                        '<td><input type="checkbox" name="{}" value="{}" id="{}_{}" '
                        'aria-label="{}"{}></td>',
                        cells(day),
                    ),
                )
                for day, day_label in WEEKDAYS
            ),
        )
        return format_html(
            '<table class="availability-grid" id="{}">'
            "<thead><tr><td></td>{}</tr></thead><tbody>{}</tbody></table>",
            base_id,
            head,
            rows,
        )


class AvailabilityField(forms.MultipleChoiceField):
    """Weekly availability as the grid; cleans to the stored codes in calendar order."""

    widget = AvailabilityGridWidget

    def __init__(self, **kwargs):
        kwargs["label"] = capfirst(kwargs.get("label", _("weekly availability")))
        kwargs.setdefault("required", False)
        super().__init__(choices=availability_choices, **kwargs)

    def prepare_value(self, value):
        return value or []

    def clean(self, value):
        chosen = set(super().clean(value) or [])
        return [code for code in AVAILABILITY_SLOTS if code in chosen]


class ChoicesField(forms.MultipleChoiceField):
    """A list of codes from fixed choices, ticked in a list of checkboxes; stored in the choices'
    order."""

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs=CHECKBOX_COLUMNS))
        kwargs.setdefault("required", False)
        if kwargs.get("label"):
            kwargs["label"] = capfirst(kwargs["label"])  # as the admin shows a model's labels
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        return value or []

    def clean(self, value):
        chosen = set(super().clean(value) or [])
        return [str(code) for code, _label in self.choices if str(code) in chosen]


class LanguagesField(ChoicesField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("languages spoken"))
        super().__init__(choices=SPOKEN_LANGUAGES, **kwargs)


def labels_display(codes, choices) -> str:
    """Codes as their labels in the reader's language: "Danish, English"; "–" when empty."""
    names = dict(choices)
    labels = [str(names.get(code, code)) for code in codes or []]
    return ", ".join(labels) if labels else "–"


def availability_display(codes) -> str:
    valid = [code for code in AVAILABILITY_SLOTS if code in set(codes or [])]
    return ", ".join(str(slot_label(code)) for code in valid) if valid else "–"


def sentences_display(reasons):
    """Match reasons as a short list of sentences ("Both have experience with angst.")."""
    if not reasons:
        return "–"
    return format_html(
        '<ul class="reasons">{}</ul>',
        format_html_join(
            "", "<li>{}</li>", ((f"{capfirst(str(r)).rstrip('.')}.",) for r in reasons)
        ),
    )


def warning_badge(text) -> str:
    """A flag that needs a coordinator's attention: a warning badge with words, not an icon."""
    return format_html('<span class="badge badge-warning">⚠ {}</span>', text)


class ReadableWhenViewOnlyMixin:
    """ModelAdmin mixin: on a page the person may only view, show structured fields through
    display methods (`readable = {"themes": "theme_names"}`) instead of Django's JSON text."""

    readable: dict[str, str] = {}

    def _readable_names(self, request, obj, names):
        if self.has_change_permission(request, obj):
            return list(names)
        return [self.readable.get(name, name) for name in names]

    def get_fields(self, request, obj=None):
        return self._readable_names(request, obj, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": self._readable_names(request, obj, options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]


class _EveryTerm(ModelChoiceIterator):
    """Every term of the field's model, as kept in the cache (core.selectors.terms): a form
    with terms costs no query for its checkboxes."""

    def __iter__(self):
        for term in terms(self.queryset.model):
            yield self.choice(term)

    def __len__(self):
        return len(terms(self.queryset.model))

    def __bool__(self):
        return bool(terms(self.queryset.model))


class TermsField(ModelMultipleChoiceField):
    """Taxonomy terms (lived experience, interests) as checkboxes in columns, each labelled in
    the reader's language. Every term of the queryset's model is offered, also a retired one a
    record still holds (from the cache); what is ticked is checked against the queryset."""

    iterator = _EveryTerm

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs=CHECKBOX_COLUMNS))
        if kwargs.get("label"):
            kwargs["label"] = capfirst(kwargs["label"])
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.label


class FitColumnsMixin:
    """ModelAdmin mixin for lists that must fit 1280 px: for a person who belongs to one
    organisation only, the organisation column and filter are left out (every row would say the
    same). The one query this costs is the one the organisation filter no longer makes."""

    def _one_organisation(self, request) -> bool:
        from core.scoping import organisation_ids_for

        if request.user.is_superuser:
            return False
        if not hasattr(request, "_organisation_count"):
            request._organisation_count = len(organisation_ids_for(request.user)[:2])
        return request._organisation_count <= 1

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if "organisation" in columns and self._one_organisation(request):
            columns.remove("organisation")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        organisation_filters = [
            f
            for f in filters
            if f == "organisation" or (isinstance(f, tuple) and f[0] == "organisation")
        ]
        if organisation_filters and self._one_organisation(request):
            filters = [f for f in filters if f not in organisation_filters]
        return filters


class _ByRegion(ModelChoiceIterator):
    """Municipalities grouped under their region's name (one query)."""

    def __iter__(self):
        municipalities = self.queryset.select_related("region").order_by("region__name", "name")
        for region, members in groupby(municipalities, key=lambda m: m.region):
            yield (region.name, [self.choice(m) for m in members])


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group, with the group's name as its legend."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        groups = self.optgroups(name, self.format_value(value), attrs)

        def boxes(options):
            return format_html_join(
                "",
                '<div><label for="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}> '
                "{}</label></div>",
                (
                    (
                        option["attrs"]["id"],
                        name,
                        option["value"],
                        option["attrs"]["id"],
                        " checked" if option["selected"] else "",
                        option["label"],
                    )
                    for option in options
                ),
            )

        # format_html escapes every value; the inner HTML built by format_html stays as it is.
        return format_html(
            '<div class="grouped-checkboxes" id="{}">{}</div>',
            attrs.get("id") or f"id_{name}",
            format_html_join(
                "",
                '<fieldset class="checkbox-group"><legend>{}</legend>'
                '<div class="checkbox-columns">{}</div></fieldset>',
                ((group, boxes(options)) for group, options, _index in groups),
            ),
        )


class MunicipalitiesField(ModelMultipleChoiceField):
    """Municipalities as checkboxes grouped by region, for an organisation's "municipalities
    served" on its admin page (a coordinator ticks those of their region in one place)."""

    iterator = _ByRegion

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", GroupedCheckboxSelectMultiple)
        if kwargs.get("label"):
            kwargs["label"] = capfirst(kwargs["label"])
        super().__init__(**kwargs)

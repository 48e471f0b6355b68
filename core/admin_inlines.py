"""Inlines whose rows have no upper bound (the meetings of a match, the sessions of a cohort) show
only the latest rows, with a link to the list of all of them, so that a change page has the same
size and the same number of queries however long the history grows (issue 15). Inlines whose rows
come with the parent object (`PrefetchedRowsInlineMixin`). And the one read-only status-history
inline (`HistoryInline`), and autocomplete widgets that name their chosen rows from rows the page
has read already (`preload_autocomplete`)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet, _get_foreign_key
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.http import urlencode

LATEST_ROWS = 20


class LatestRowsFormSet(BaseInlineFormSet):
    """An inline formset over the `latest` newest rows (by `latest_ordering`), shown in
    `display_ordering`. `more_url` links to the change list filtered to the parent when there are
    more rows than that (one query fetches `latest + 1` rows to know)."""

    latest = LATEST_ROWS
    latest_ordering: tuple[str, ...] = ("-pk",)
    display_reversed = False

    def get_queryset(self):
        if not hasattr(self, "_latest_rows"):
            rows = list(super().get_queryset().order_by(*self.latest_ordering)[: self.latest + 1])
            self.has_more = len(rows) > self.latest
            rows = rows[: self.latest]
            if self.display_reversed:
                rows.reverse()
            self._latest_rows = rows
        return self._latest_rows

    @property
    def more_url(self) -> str | None:
        self.get_queryset()
        if not self.has_more or self.instance.pk is None:
            return None
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?{urlencode({f'{self.fk.name}__id__exact': self.instance.pk})}"


class LatestRowsInlineMixin:
    """For a read-only TabularInline: only the latest rows, with the link to all of them."""

    template = "admin/edit_inline/tabular_latest.html"
    latest = LATEST_ROWS
    latest_ordering: tuple[str, ...] = ("-pk",)
    display_reversed = False

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault(
            "formset",
            type(
                "LatestRowsFormSet",
                (LatestRowsFormSet,),
                {
                    "latest": self.latest,
                    "latest_ordering": tuple(self.latest_ordering),
                    "display_reversed": self.display_reversed,
                },
            ),
        )
        return super().get_formset(request, obj, **kwargs)


class PrefetchedRowsFormSet(BaseInlineFormSet):
    """An inline formset over the rows its parent object was read with (prefetched under the
    foreign key's related name by core.admin_change.ChangeObjectAdminMixin) instead of a query of
    its own; a parent read without them gets the formset's own query, as usual."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            cache = getattr(self.instance, "_prefetched_objects_cache", {})
            rows = cache.get(self.fk.remote_field.cache_name)
            if rows is None:
                return super().get_queryset()
            self._queryset = rows
        return self._queryset


class PrefetchedRowsInlineMixin:
    """For an inline on an admin with core.admin_change.ChangeObjectAdminMixin: its rows are read
    with the parent object (a prefetch by this inline's own queryset), and the formset uses them
    instead of reading them again."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("formset", PrefetchedRowsFormSet)
        return super().get_formset(request, obj, **kwargs)

    def rows_prefetch(self, request) -> Prefetch | None:
        """The parent's prefetch of this inline's rows, ordered as the formset would order them;
        None when the user may not see them (the formset then shows none, with no query)."""
        fk = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name)
        queryset = self.get_queryset(request)
        if queryset.query.is_empty():
            return None
        if not queryset.ordered:
            queryset = queryset.order_by(self.model._meta.pk.name)
        return Prefetch(fk.remote_field.cache_name, queryset=queryset)


class HistoryInline(admin.TabularInline):
    """A record's status changes, read-only: when, from which status to which, who, and why.
    Subclass with `model` (a model with those five fields and a foreign key to the record)."""

    extra = 0
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False


class _PreloadedQuerySet:
    """Stands in for an autocomplete widget's choices queryset: the chosen rows are already
    loaded (with the inline's rows), so naming them costs no query. Anything else falls back to
    the real queryset."""

    def __init__(self, queryset, objects: dict[str, object]):
        self.queryset = queryset
        self.objects = objects

    def using(self, alias):
        return self

    def filter(self, **lookup):
        [(key, values)] = lookup.items()
        values = {str(v) for v in values}
        if key.endswith("__in") and values.issubset(self.objects):
            # In the order they were read (the queryset's), as the database would list them.
            return [obj for pk, obj in self.objects.items() if pk in values]
        return self.queryset.filter(**lookup)


class _PreloadedChoices(BaseChoiceIterator):
    """A ModelChoiceIterator's stand-in (a BaseChoiceIterator, so widgets keep it as it is)."""

    def __init__(self, choices, objects):
        self.field = choices.field
        self.queryset = _PreloadedQuerySet(choices.queryset, objects)

    def __iter__(self):  # never listed: an autocomplete widget renders only the chosen rows
        return iter(())


def preload_autocomplete(field, rows) -> None:
    """Let a form field's autocomplete widget name its chosen rows from `rows` (already read, in
    the choices' order) instead of querying for them. A chosen row not among them is looked up
    as before, so `rows` must be rows the field's queryset offers."""
    wrapper = field.widget
    inner = getattr(wrapper, "widget", wrapper)
    if isinstance(inner, AutocompleteMixin):
        choices = _PreloadedChoices(inner.choices, {str(row.pk): row for row in rows})
        inner.choices = choices
        if hasattr(wrapper, "choices"):
            wrapper.choices = choices


class PreloadedAutocompleteFormSet(BaseInlineFormSet):
    """An inline formset whose rows' autocomplete widgets name their chosen row from the row
    itself (fetched with select_related), instead of one query per row and field."""

    preloaded_fields: tuple[str, ...] = ()

    @cached_property
    def forms(self):
        forms = super().forms
        for name in self.preloaded_fields:
            rows = [
                getattr(form.instance, name, None) if form.instance.pk else None for form in forms
            ]
            rows = [row for row in rows if row is not None]
            for form in forms:
                field = form.fields.get(name)
                if field is not None:
                    preload_autocomplete(field, rows)
        return forms


class PreloadedAutocompleteInlineMixin:
    """For an inline with autocomplete_fields: the chosen rows come with the inline's rows."""

    row_select_related: tuple[str, ...] = ()  # more relations the row shows (its __str__)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(*self.autocomplete_fields, *self.row_select_related)
        )

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault(
            "formset",
            type(
                "PreloadedAutocompleteFormSet",
                (PreloadedAutocompleteFormSet,),
                {"preloaded_fields": tuple(self.autocomplete_fields)},
            ),
        )
        return super().get_formset(request, obj, **kwargs)

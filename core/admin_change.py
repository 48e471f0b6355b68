"""A change page's object read once, with what the page shows (issue 15, point 4).

Django's change view reads the object by itself; every related row the page names (the object's
title, a select's chosen option, an autocomplete's chosen row, each inline's rows, a read-only line
computed from related rows) is then one more query, and some are read twice. An admin with
`ChangeObjectAdminMixin` reads the object with `change_select_related`, `change_prefetch_related`
and the rows of its `PrefetchedRowsInlineMixin` inlines, and its autocomplete fields name their
chosen row from the object itself.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.admin_inlines import PrefetchedRowsInlineMixin, preload_autocomplete


def object_or_none(queryset, object_id, from_field=None):
    """What ModelAdmin.get_object answers, read from `queryset`: the row, or None for an id that
    is not there (or not an id at all)."""
    model = queryset.model
    field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
    try:
        return queryset.get(**{field.name: field.to_python(object_id)})
    except (model.DoesNotExist, ValidationError, ValueError):
        return None


class ChangeObjectAdminMixin:
    """ModelAdmin mixin: the object of a change page comes with what the page shows, read once
    per request."""

    change_select_related: tuple[str, ...] = ()
    change_prefetch_related: tuple = ()  # lookups or Prefetch objects

    def get_object(self, request, object_id, from_field=None):
        # Once per request: a change view that looks at the object before Django's form view
        # (the request page ranks guides for it) gets the same object again, not a second read.
        kept = request.__dict__.setdefault("_change_objects", {})
        key = (self.model._meta.label, object_id, from_field)
        if key not in kept:
            kept[key] = self._read_object(request, object_id, from_field)
        return kept[key]

    def _read_object(self, request, object_id, from_field):
        rows = [
            inline_class(self.model, self.admin_site).rows_prefetch(request)
            for inline_class in self.get_inlines(request, None)
            if issubclass(inline_class, PrefetchedRowsInlineMixin)
        ]
        queryset = (
            self.get_queryset(request)
            .select_related(*self.change_select_related)
            .prefetch_related(*self.change_prefetch_related, *(r for r in rows if r is not None))
        )
        return object_or_none(queryset, object_id, from_field)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            form = context["adminform"].form
            for name in self.get_autocomplete_fields(request):
                field = form.fields.get(name)
                db_field = obj._meta.get_field(name)
                if field is None or not db_field.many_to_one or not db_field.is_cached(obj):
                    continue
                related = db_field.get_cached_value(obj)
                if related is not None:
                    preload_autocomplete(field, [related])
        return super().render_change_form(request, context, add, change, form_url, obj)

"""Inlines whose rows have no upper bound (the meetings of a match, the sessions of a cohort) show
only the latest rows, with a link to the list of all of them, so that a change page has the same
size and the same number of queries however long the history grows (issue 15)."""

from __future__ import annotations

from django.forms.models import BaseInlineFormSet
from django.urls import reverse
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


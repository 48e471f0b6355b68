"""Admin lists over very large tables: count at most a fixed number of rows.

The admin counts the rows of a list on every page view to number its pages. Over the meetings
of an organisation (hundreds of thousands of rows) that count alone took longer than the rest of
the page. `CappedCountPaginator` counts at most `cap` + 1 rows (an index scan that stops there),
and the list says "more than 10,000" instead of the exact number; filters and search narrow it.
Set it with `paginator = CappedCountPaginator` and give the model the pagination template
`admin/<app>/<model>/pagination.html` that includes `admin/capped_pagination.html`.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

"""Small-cell suppression: a count below 5 in a breakdown never identifies a person.

A count of 1-4 is shown as "<5" in pages and exports (0 is shown: it names nobody). When a
breakdown with a visible total has exactly one suppressed cell, the smallest other non-zero cell
is suppressed too, so the hidden one cannot be worked out by subtraction. A mean or a rate over
fewer than 5 people is not shown either."""

from __future__ import annotations

THRESHOLD = 5
SUPPRESSED = "<5"


def is_small(n) -> bool:
    return isinstance(n, int) and 0 < n < THRESHOLD


def cell(n):
    return SUPPRESSED if is_small(n) else n


def column(values: list[int]) -> list:
    """Suppress a breakdown column (with complementary suppression, see above)."""
    out = [cell(v) for v in values]
    hidden = [i for i, v in enumerate(out) if v == SUPPRESSED]
    if len(hidden) == 1:
        others = [(v, i) for i, v in enumerate(values) if i not in hidden and v]
        if others:
            out[min(others)[1]] = SUPPRESSED
    return out


def over(value, n):
    """A mean or rate computed over `n` people: hidden when `n` is below the threshold."""
    if value is None or n is None:
        return None
    return SUPPRESSED if n < THRESHOLD else value

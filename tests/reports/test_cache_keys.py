"""A cached report page is one per filter: choosing another form of peer support (or programme)
never serves the figures of the page without it."""

import pytest

from reports import cache as report_cache
from reports.selectors import Period, Scope

pytestmark = pytest.mark.django_db


def test_every_filter_of_the_scope_is_part_of_the_key(org1):
    period = Period.year(2026)
    built = []

    def build(label):
        def _build():
            built.append(label)
            return label

        return _build

    plain = Scope(organisation_ids=(org1.pk,))
    by_form = Scope(organisation_ids=(org1.pk,), peer_support_form="user_driven")
    by_programme = Scope(organisation_ids=(org1.pk,), programme=1)
    for _ in range(2):
        assert report_cache.cached("wellbeing", build("plain"), period=period, scope=plain)[0] == (
            "plain"
        )
        assert (
            report_cache.cached("wellbeing", build("form"), period=period, scope=by_form)[0]
            == "form"
        )
        assert (
            report_cache.cached("wellbeing", build("prog"), period=period, scope=by_programme)[0]
            == "prog"
        )
    assert built == ["plain", "form", "prog"]  # each once, then from the cache

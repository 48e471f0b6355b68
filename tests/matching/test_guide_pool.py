"""The prepared guide pool behind suggestions (issue 15, point 6): built once per organisation,
reused by later suggestions, and rebuilt as soon as a guide or a match changes."""

import pytest
from django.core.cache import cache

from matching import selectors
from tests.factories import (
    MatchFactory,
    OrganisationFactory,
    PeerGuideFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    from core.models import Municipality

    return OrganisationFactory(municipality=Municipality.objects.get(name="Odense"))


def suggested(request):
    return [s.guide.pk for s in selectors.suggest_guides(request, limit=None)]


def test_suggestions_reuse_one_prepared_pool(organisation, monkeypatch):
    guides = PeerGuideFactory.create_batch(3, organisation=organisation)
    first, second = SupportRequestFactory.create_batch(2, participant__organisation=organisation)
    builds = []
    real = selectors.guide_profiles
    monkeypatch.setattr(selectors, "guide_profiles", lambda org: builds.append(org) or real(org))
    assert set(suggested(first)) == {g.pk for g in guides}
    assert set(suggested(second)) == {g.pk for g in guides}
    assert selectors.batch_proposal(organisation.pk)
    assert builds == [organisation.pk]


def test_a_new_or_changed_guide_is_suggested_at_once(organisation):
    from core.models import ExperienceArea

    guide = PeerGuideFactory(organisation=organisation)
    request = SupportRequestFactory(participant__organisation=organisation)
    assert suggested(request) == [guide.pk]

    newcomer = PeerGuideFactory(organisation=organisation)
    assert set(suggested(request)) == {guide.pk, newcomer.pk}

    # Shared lived experience puts the newcomer first as soon as it is recorded.
    area = ExperienceArea.objects.first()
    request.experience_areas.add(area)
    newcomer.experience_areas.add(area)
    assert suggested(request)[0] == newcomer.pk

    newcomer.status = "paused"
    newcomer.save()
    assert suggested(request) == [guide.pk]


def test_a_guide_whose_capacity_fills_up_drops_out_at_once(organisation):
    guide = PeerGuideFactory(organisation=organisation, capacity=1)
    request = SupportRequestFactory(participant__organisation=organisation)
    assert suggested(request) == [guide.pk]
    MatchFactory(guide=guide, request__participant__organisation=organisation)
    assert suggested(request) == []


def test_suggestions_cost_a_fixed_number_of_queries(organisation, django_assert_max_num_queries):
    request = SupportRequestFactory(participant__organisation=organisation)
    PeerGuideFactory.create_batch(2, organisation=organisation)
    with django_assert_max_num_queries(12) as small:
        selectors.suggest_guides(request)
    selectors._POOLS.clear()
    cache.clear()  # nothing kept: the pool and the terms' names are read again
    PeerGuideFactory.create_batch(20, organisation=organisation)
    with django_assert_max_num_queries(12) as large:
        selectors.suggest_guides(request)
    assert len(large) == len(small)


def test_the_batch_reads_waiting_requests_as_the_single_request_page_does(organisation):
    """One builder makes the request profiles for the batch (all waiting requests) and for the
    request page (one request): areas, interests, place and earlier guides the same."""
    from core.models import ExperienceArea, Interest

    guide = PeerGuideFactory(organisation=organisation)
    requests = SupportRequestFactory.create_batch(
        3, participant__organisation=organisation, status="waiting"
    )
    requests[0].experience_areas.add(*ExperienceArea.objects.all()[:2])
    requests[1].interests.add(Interest.objects.first())
    MatchFactory(request=requests[2], guide=guide, status="declined")
    SupportRequestFactory(participant__organisation=organisation, status="closed")
    flat = selectors.waiting_request_profiles(organisation.pk)
    assert flat == [selectors.request_profile(r) for r in requests]
    # The request page reads the terms with the request (its form shows them): the same profile.
    assert flat == [selectors.request_profile(selectors.with_terms(r)) for r in requests]
    assert len(flat[0].experience_area_ids) == 2
    assert len(flat[1].interest_ids) == 1
    assert guide.pk in flat[2].excluded_guide_ids


def test_a_single_pair_scores_as_the_ranking_does(organisation):
    """A proposal by hand records the score and reasons the ranking shows for that guide, and
    nothing for a guide the engine would not suggest."""
    guides = PeerGuideFactory.create_batch(3, organisation=organisation)
    full = PeerGuideFactory(organisation=organisation, capacity=0)
    request = SupportRequestFactory(participant__organisation=organisation)
    for ranked in selectors.suggest_guides(request, limit=None):
        single = selectors.suggestion_for(request, ranked.guide)
        assert (single.score, single.reasons) == (ranked.score, ranked.reasons)
    assert {s.guide.pk for s in selectors.suggest_guides(request, limit=None)} == {
        g.pk for g in guides
    }
    assert selectors.suggestion_for(request, full) is None


def test_the_request_page_uses_the_prepared_pool_and_counts_the_rest(organisation, monkeypatch):
    guides = PeerGuideFactory.create_batch(4, organisation=organisation)
    request = SupportRequestFactory(participant__organisation=organisation)
    builds = []
    real = selectors.guide_profiles
    monkeypatch.setattr(selectors, "guide_profiles", lambda org: builds.append(org) or real(org))
    found = selectors.guide_suggestions(request, limit=2)
    again = selectors.guide_suggestions(request, limit=2)
    assert builds == [organisation.pk]
    assert [s.guide.pk for s in found.suggestions] == [s.guide.pk for s in again.suggestions]
    assert len(found.suggestions) + found.missing_total == len(guides) == found.active_guides
    assert set(found.missing) <= {"not_best", "below_min_score"}

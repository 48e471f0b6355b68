"""The matching engine: pure functions over plain data, no database."""

import itertools
import math
import random
from unittest import mock

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    Assignment,
    Exclusion,
    GuidePool,
    GuideProfile,
    Labels,
    RequestProfile,
    Weights,
    _solve,
    propose_assignment,
    rank,
    score,
    score_matrix,
    slots_from_codes,
    why_excluded,
)

ODENSE = {"municipality_id": 461, "latitude": 55.3959, "longitude": 10.3883}
NYBORG = {"municipality_id": 450, "latitude": 55.3125, "longitude": 10.7897}  # ~27 km away
AARHUS = {"municipality_id": 751, "latitude": 56.1529, "longitude": 10.2039}  # ~85 km away
LABELS = Labels(
    experience_areas={1: "angst", 2: "depression", 3: "ensomhed"},
    interests={11: "gåture", 12: "natur", 13: "musik"},
)


def make_request(**overrides) -> RequestProfile:
    values = {
        "id": 1,
        "organisation_id": 1,
        "experience_area_ids": {1, 2},
        "interest_ids": {11, 12},
        "availability": {(1, "evening"), (3, "morning")},
        "birth_year": 1990,
        **ODENSE,
    }
    values.update(overrides)
    return RequestProfile(**values)


def make_guide(**overrides) -> GuideProfile:
    values = {
        "id": 10,
        "organisation_id": 1,
        "capacity_left": 2,
        "experience_area_ids": {1},
        "interest_ids": {11},
        "availability": {(1, "evening")},
        "birth_year": 1975,
        **NYBORG,
    }
    values.update(overrides)
    return GuideProfile(**values)


# --- Hard filters ------------------------------------------------------------------------------


def test_the_base_pair_passes_every_hard_filter():
    assert why_excluded(make_request(), make_guide()) is None
    assert score(make_request(), make_guide()) is not None


@pytest.mark.parametrize(
    ("request_changes", "guide_changes", "reason"),
    [
        ({}, {"is_active": False}, Exclusion.INACTIVE),
        ({}, {"capacity_left": 0}, Exclusion.NO_CAPACITY),
        ({}, {"organisation_id": 2}, Exclusion.ORGANISATION),
        ({"language": "ar"}, {"languages": {"da", "en"}}, Exclusion.LANGUAGE),
        ({"gender_wish": "female"}, {"gender": "male"}, Exclusion.GENDER),
        ({"gender_wish": "male"}, {"gender": ""}, Exclusion.GENDER),
        ({"excluded_guide_ids": {10}}, {}, Exclusion.EXCLUDED),
        ({"meets_online": True, "meets_in_person": False}, {}, Exclusion.NO_COMMON_MODE),
        ({}, {"meets_online": True, "meets_in_person": False}, Exclusion.NO_COMMON_MODE),
    ],
)
def test_each_hard_filter_alone_removes_the_guide(request_changes, guide_changes, reason):
    request, guide = make_request(**request_changes), make_guide(**guide_changes)
    assert why_excluded(request, guide) == reason
    assert score(request, guide) is None
    assert rank(request, [guide]) == []
    assert propose_assignment([request], [guide]) == []
    assert np.isnan(score_matrix([request], [guide])[0, 0])


@pytest.mark.parametrize(
    ("request_changes", "guide_changes"),
    [
        ({"language": "en"}, {"languages": {"da", "en"}}),
        ({"language": ""}, {"languages": {"ar"}}),
        ({"gender_wish": "female"}, {"gender": "female"}),
        ({"excluded_guide_ids": {99}}, {}),
        ({"meets_online": True, "meets_in_person": False}, {"meets_online": True}),
        ({"meets_online": False, "meets_in_person": False}, {}),  # ticks neither: open to both
    ],
)
def test_the_filters_let_matching_pairs_through(request_changes, guide_changes):
    request, guide = make_request(**request_changes), make_guide(**guide_changes)
    assert why_excluded(request, guide) is None
    assert score(request, guide) is not None


# --- Criteria ----------------------------------------------------------------------------------


def assert_only_part_rises(criterion, worse, better):
    assert worse is not None
    assert better is not None
    assert better.parts[criterion] > worse.parts[criterion]
    assert better.score > worse.score
    for other in CRITERIA:
        if other != criterion:
            assert better.parts[other] == pytest.approx(worse.parts[other])


def test_experience_counts_the_share_of_the_requested_areas():
    worse = score(make_request(), make_guide(experience_area_ids={1, 5, 6}))
    better = score(make_request(), make_guide(experience_area_ids={1, 2}))
    assert worse.parts["experience"] == 0.5
    assert better.parts["experience"] == 1.0
    assert_only_part_rises("experience", worse, better)


def test_interests_count_the_share_of_the_requested_interests():
    worse = score(make_request(), make_guide(interest_ids=set()))
    better = score(make_request(), make_guide(interest_ids={11, 12, 13}))
    assert (worse.parts["interests"], better.parts["interests"]) == (0.0, 1.0)
    assert_only_part_rises("interests", worse, better)


def test_place_decays_with_distance_and_is_full_in_the_same_municipality():
    far = score(make_request(), make_guide(**AARHUS))
    near = score(make_request(), make_guide(**NYBORG))
    same = score(make_request(), make_guide(**ODENSE))
    assert far.parts["place"] == 0.0  # ~85 km, beyond max_distance_km
    assert 0 < near.parts["place"] < 1
    assert near.parts["place"] == pytest.approx(1 - near.distance_km / 40)
    assert same.parts["place"] == 1.0
    assert_only_part_rises("place", far, near)
    assert_only_part_rises("place", near, same)


def test_place_is_full_when_both_meet_online_and_zero_when_a_position_is_unknown():
    online = score(make_request(meets_online=True), make_guide(meets_online=True, **AARHUS))
    assert online.parts["place"] == 1.0
    unknown = {"municipality_id": None, "latitude": None, "longitude": None}
    assert score(make_request(**unknown), make_guide()).parts["place"] == 0.0
    assert score(make_request(), make_guide(**unknown)).parts["place"] == 0.0


def test_same_municipality_counts_even_without_coordinates():
    request = make_request(latitude=None, longitude=None)
    guide = make_guide(municipality_id=461, latitude=None, longitude=None)
    assert score(request, guide).parts["place"] == 1.0


def test_a_wider_max_distance_gives_more_for_the_same_distance():
    wide = score(make_request(), make_guide(**AARHUS), Weights(max_distance_km=200))
    assert 0 < wide.parts["place"] < 1


def test_availability_counts_the_share_of_the_requested_slots():
    worse = score(make_request(), make_guide(availability={(6, "morning")}))
    better = score(make_request(), make_guide(availability={(1, "evening"), (3, "morning")}))
    assert (worse.parts["availability"], better.parts["availability"]) == (0.0, 1.0)
    assert_only_part_rises("availability", worse, better)


def test_age_decays_with_the_difference_in_birth_years():
    worse = score(make_request(), make_guide(birth_year=1950))  # 40 years: beyond 30
    middle = score(make_request(), make_guide(birth_year=1975))
    better = score(make_request(), make_guide(birth_year=1988))
    assert worse.parts["age"] == 0.0
    assert middle.parts["age"] == pytest.approx(0.5)
    assert_only_part_rises("age", worse, middle)
    assert_only_part_rises("age", middle, better)
    assert score(make_request(birth_year=None), make_guide()).parts["age"] == 0.0


def test_a_criterion_the_request_says_nothing_about_scores_zero():
    empty = make_request(experience_area_ids=set(), interest_ids=set(), availability=set())
    suggestion = score(empty, make_guide())
    assert suggestion.parts["experience"] == 0.0
    assert suggestion.parts["interests"] == 0.0
    assert suggestion.parts["availability"] == 0.0


def test_score_is_the_weighted_mean_of_the_criteria_on_0_to_100():
    perfect = make_guide(
        experience_area_ids={1, 2},
        interest_ids={11, 12},
        availability={(1, "evening"), (3, "morning")},
        birth_year=1990,
        **ODENSE,
    )
    assert score(make_request(), perfect).score == pytest.approx(100.0)
    suggestion = score(make_request(), make_guide())
    w = DEFAULT_WEIGHTS
    expected = (
        100
        * sum(getattr(w, name) * suggestion.parts[name] for name in CRITERIA)
        / sum(getattr(w, name) for name in CRITERIA)
    )
    assert suggestion.score == pytest.approx(expected)
    assert 0 <= suggestion.score <= 100


def test_default_weights_put_lived_experience_first():
    w = DEFAULT_WEIGHTS
    assert w.experience > w.interests > w.place > w.availability > w.age > 0
    assert 0 < w.min_score < 100


@pytest.mark.parametrize(
    "changes",
    [
        {"experience": -1},
        {"experience": 0, "interests": 0, "place": 0, "availability": 0, "age": 0},
        {"min_score": 101},
        {"max_distance_km": 0},
        {"max_age_difference": 0},
    ],
)
def test_weights_refuse_nonsense(changes):
    with pytest.raises(ValueError, match="must"):
        Weights(**changes)


def test_profiles_take_plain_sets_and_refuse_unknown_slots():
    request = make_request(experience_area_ids=[1, 2, 2])
    assert request.experience_area_ids == frozenset({1, 2})
    with pytest.raises(ValueError, match="slots"):
        make_request(availability={(7, "evening")})
    with pytest.raises(ValueError, match="slots"):
        make_guide(availability={(1, "night")})
    assert slots_from_codes(["1-evening", "3-morning"]) == {(1, "evening"), (3, "morning")}


# --- Reasons -----------------------------------------------------------------------------------


def test_reasons_name_the_shared_areas_interests_and_times():
    request = make_request(birth_year=1980, meets_online=True)
    guide = make_guide(
        experience_area_ids={1, 2, 3},
        interest_ids={11, 12},
        meets_online=True,
        birth_year=1984,
        **ODENSE,
    )
    with translation.override("en"):
        reasons = score(request, guide, labels=LABELS).reasons
    assert reasons == [
        "both have experience with angst and depression",
        "both like gåture and natur",
        "live in the same municipality",
        "both can meet online",
        "both are free Tuesday evening",
        "close in age",
    ]


def test_reasons_give_the_distance_and_list_at_most_three_times():
    every_evening = {(day, "evening") for day in range(7)}
    request = make_request(availability=every_evening, experience_area_ids={3})
    guide = make_guide(availability=every_evening, birth_year=1950)
    with translation.override("en"):
        reasons = score(request, guide, labels=LABELS).reasons
    assert reasons == [
        "both like gåture",
        "about 27 km apart",
        "both are free Monday evening, Tuesday evening, Wednesday evening and at other times",
    ]


def test_reasons_without_labels_say_what_is_shared_without_names():
    with translation.override("en"):
        reasons = score(make_request(), make_guide()).reasons
    assert reasons[:2] == [
        "both have some of the same lived experience",
        "both have some of the same interests",
    ]


def test_reasons_are_translated_with_gettext(monkeypatch):
    from matching import engine

    monkeypatch.setattr(engine, "_", lambda text: f"[{text}]")
    reasons = score(make_request(), make_guide(), labels=LABELS).reasons
    assert reasons[0] == "[both have experience with angst]"


# --- Ranking -----------------------------------------------------------------------------------


def test_rank_orders_best_first_with_ties_by_guide_id_and_respects_the_limit():
    guides = [
        make_guide(id=5, experience_area_ids=set()),
        make_guide(id=4, experience_area_ids={1, 2}),
        make_guide(id=3),
        make_guide(id=2),  # same as 3: the lower id comes first
        make_guide(id=1, is_active=False),
    ]
    assert [s.guide_id for s in rank(make_request(), guides)] == [4, 2, 3, 5]
    assert [s.guide_id for s in rank(make_request(), guides, limit=2)] == [4, 2]
    assert [s.guide_id for s in rank(make_request(), guides, limit=None)] == [4, 2, 3, 5]
    assert rank(make_request(), guides, limit=0) == []
    scores = [s.score for s in rank(make_request(), guides)]
    assert scores == sorted(scores, reverse=True)


def test_rank_keeps_guides_below_min_score_for_a_coordinator_to_choose():
    weak = make_guide(experience_area_ids=set(), interest_ids=set(), availability=set(), **AARHUS)
    assert score(make_request(), weak).score < DEFAULT_WEIGHTS.min_score
    assert [s.guide_id for s in rank(make_request(), [weak])] == [weak.id]


def test_rank_with_a_pool_gives_the_same_suggestions():
    guides = random_guides(random.Random(3), 30)
    pool = GuidePool(guides)
    for request in random_requests(random.Random(4), 10):
        with translation.override("en"):
            assert rank(request, pool, labels=LABELS) == rank(request, guides, labels=LABELS)
            for suggestion in rank(request, pool, labels=LABELS):
                guide = guides[pool.index[suggestion.guide_id]]
                assert suggestion == score(request, guide, labels=LABELS)


def test_empty_inputs():
    assert rank(make_request(), []) == []
    assert propose_assignment([], [make_guide()]) == []
    assert propose_assignment([make_request()], []) == []
    assert propose_assignment([], []) == []
    assert score_matrix([], [make_guide()]).shape == (0, 1)
    assert score_matrix([make_request()], []).shape == (1, 0)


# --- One definition: the batch agrees with the single pair and with a plain reference ---------

AREA_POOL, INTEREST_POOL = [1, 2, 3, 4, 5], [11, 12, 13, 14]
PLACES = [ODENSE, NYBORG, AARHUS, {"municipality_id": 461, "latitude": None, "longitude": None}]
SLOT_POOL = [(1, "evening"), (3, "morning"), (5, "afternoon"), (6, "morning")]


def _subset(rng, values, low=0):
    return set(rng.sample(values, rng.randint(low, len(values))))


def random_requests(rng, n, organisations=2, guide_ids=range(1, 10)):
    return [
        RequestProfile(
            id=i,
            organisation_id=rng.randint(1, organisations),
            experience_area_ids=_subset(rng, AREA_POOL),
            interest_ids=_subset(rng, INTEREST_POOL),
            meets_online=rng.random() < 0.4,
            meets_in_person=rng.random() < 0.8,
            availability=_subset(rng, SLOT_POOL),
            birth_year=rng.choice([None, 1950, 1970, 1985, 1990, 2000]),
            language=rng.choice(["da", "da", "da", "en", ""]),
            gender_wish=rng.choice(["", "", "female", "male"]),
            excluded_guide_ids=set(rng.sample(list(guide_ids), rng.choice([0, 0, 1]))),
            **rng.choice(PLACES),
        )
        for i in range(1, n + 1)
    ]


def random_guides(rng, n, organisations=2, max_capacity=2):
    return [
        GuideProfile(
            id=j,
            organisation_id=rng.randint(1, organisations),
            is_active=rng.random() < 0.9,
            capacity_left=rng.randint(0, max_capacity)
            if rng.random() < 0.2
            else max(1, rng.randint(1, max_capacity)),
            experience_area_ids=_subset(rng, AREA_POOL, 1),
            interest_ids=_subset(rng, INTEREST_POOL),
            meets_online=rng.random() < 0.5,
            meets_in_person=rng.random() < 0.9,
            availability=_subset(rng, SLOT_POOL),
            birth_year=rng.choice([None, 1955, 1968, 1980, 1995]),
            languages=rng.choice([{"da"}, {"da", "en"}, {"en"}]),
            gender=rng.choice(["female", "male", "nonbinary", ""]),
            **rng.choice(PLACES),
        )
        for j in range(1, n + 1)
    ]


def reference_score(request, guide, weights):
    """The criteria as the engine's docstring defines them, written out plainly."""
    if why_excluded(request, guide) is not None:
        return None

    def share(wanted, offered):
        return len(wanted & offered) / len(wanted) if wanted else 0.0

    def modes(profile):
        if not (profile.meets_online or profile.meets_in_person):
            return True, True
        return profile.meets_online, profile.meets_in_person

    (r_online, r_in_person), (g_online, g_in_person) = modes(request), modes(guide)
    if r_online and g_online:
        place = 1.0
    elif not (r_in_person and g_in_person):
        place = 0.0
    elif request.municipality_id is not None and request.municipality_id == guide.municipality_id:
        place = 1.0
    elif None in (request.latitude, request.longitude, guide.latitude, guide.longitude):
        place = 0.0
    else:
        lat1, lon1, lat2, lon2 = map(
            math.radians, (request.latitude, request.longitude, guide.latitude, guide.longitude)
        )
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        km = 2 * 6371.0088 * math.asin(math.sqrt(h))
        place = max(0.0, 1 - km / weights.max_distance_km)
    if request.birth_year is None or guide.birth_year is None:
        age = 0.0
    else:
        gap = abs(request.birth_year - guide.birth_year)
        age = max(0.0, 1 - gap / weights.max_age_difference)
    parts = {
        "experience": share(request.experience_area_ids, guide.experience_area_ids),
        "interests": share(request.interest_ids, guide.interest_ids),
        "place": place,
        "availability": share(request.availability, guide.availability),
        "age": age,
    }
    total = sum(getattr(weights, name) for name in CRITERIA)
    return 100 * sum(getattr(weights, name) * parts[name] for name in CRITERIA) / total


@pytest.mark.parametrize("seed", range(5))
def test_batch_single_pair_and_reference_scores_agree(seed):
    rng = random.Random(seed)
    requests, guides = random_requests(rng, 25), random_guides(rng, 30)
    weights = Weights(experience=rng.randint(1, 9), age=rng.randint(0, 9), max_distance_km=60)
    matrix = score_matrix(requests, guides, weights)
    feasible = 0
    for i, request in enumerate(requests):
        for j, guide in enumerate(guides):
            single = score(request, guide, weights)
            expected = reference_score(request, guide, weights)
            if expected is None:
                assert single is None
                assert np.isnan(matrix[i, j])
            else:
                feasible += 1
                assert single.score == pytest.approx(expected, abs=1e-9)
                assert matrix[i, j] == pytest.approx(expected, abs=1e-9)
    assert feasible > 30  # the instances exercise the criteria, not only the filters


# --- The batch proposal ------------------------------------------------------------------------


def brute_force_best_total(requests, guides, weights):
    """Try every way to give each request one guide or none."""
    options = []
    for request in requests:
        choices = [(None, 0.0)]
        for guide in guides:
            suggestion = score(request, guide, weights)
            if suggestion is not None and suggestion.score >= weights.min_score:
                if suggestion.score > 0:
                    choices.append((guide, suggestion.score))
        options.append(choices)
    best = 0.0
    for combination in itertools.product(*options):
        used = {}
        for guide, _value in combination:
            if guide is not None:
                used[guide.id] = used.get(guide.id, 0) + 1
        if all(used[g.id] <= g.capacity_left for g in guides if g.id in used):
            best = max(best, sum(value for _guide, value in combination))
    return best


def check_assignment(assignments, requests, guides, weights):
    by_request = {r.id: r for r in requests}
    by_guide = {g.id: g for g in guides}
    assert len({a.request_id for a in assignments}) == len(assignments)
    used = {}
    for a in assignments:
        used[a.guide_id] = used.get(a.guide_id, 0) + 1
        suggestion = score(by_request[a.request_id], by_guide[a.guide_id], weights)
        assert suggestion is not None
        assert a.score == pytest.approx(suggestion.score)
        assert a.score >= weights.min_score
    for guide_id, count in used.items():
        assert count <= by_guide[guide_id].capacity_left


@pytest.mark.parametrize("seed", range(60))
def test_propose_assignment_reaches_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    requests = random_requests(rng, rng.randint(1, 6), organisations=1, guide_ids=range(1, 5))
    guides = random_guides(rng, rng.randint(1, 4), organisations=1)
    weights = Weights(min_score=rng.choice([0, 10, 20, 35, 50]))
    assignments = propose_assignment(requests, guides, weights)
    check_assignment(assignments, requests, guides, weights)
    total = sum(a.score for a in assignments)
    assert total == pytest.approx(brute_force_best_total(requests, guides, weights))


def test_propose_assignment_beats_greedy_and_leaves_weak_pairs_unassigned():
    # Greedy in waiting order gives guide 1 to request 1; the optimum gives guide 1 to request 2.
    guide_1 = make_guide(id=1, capacity_left=1, experience_area_ids={1, 2})
    guide_2 = make_guide(id=2, capacity_left=1, experience_area_ids={1})
    request_1 = make_request(id=1, experience_area_ids={1})
    request_2 = make_request(id=2, experience_area_ids={1, 2})
    assignments = propose_assignment([request_1, request_2], [guide_1, guide_2])
    assert [(a.request_id, a.guide_id) for a in assignments] == [(1, 2), (2, 1)]

    weak = make_request(id=3, experience_area_ids=set(), interest_ids=set(), **AARHUS)
    assert score(weak, guide_1).score < DEFAULT_WEIGHTS.min_score
    assert propose_assignment([weak], [guide_1]) == []
    assert propose_assignment([weak], [guide_1], Weights(min_score=0)) != []


def test_propose_assignment_keeps_organisations_apart_and_uses_capacity():
    guides = [
        make_guide(id=1, organisation_id=1, capacity_left=2),
        make_guide(id=2, organisation_id=2),
    ]
    requests = [make_request(id=i, organisation_id=1 + (i == 3)) for i in (1, 2, 3, 4)]
    pairs = {(a.request_id, a.guide_id) for a in propose_assignment(requests, guides)}
    assert {guide for request, guide in pairs if request in (1, 2, 4)} == {1}
    assert (3, 2) in pairs
    assert len(pairs) == 3  # guide 1 takes two of requests 1, 2 and 4


@pytest.mark.parametrize("seed", range(40))
def test_solve_is_exact_with_many_ties_and_every_pruning(seed):
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(1, 8)), int(rng.integers(1, 6))
    benefit = rng.choice([0.0, 0.0, 10.0, 20.0, 30.0], size=(rows, cols))
    capacity = rng.integers(1, 3, size=cols)
    pairs = _solve(benefit, capacity)
    assert len({i for i, _j, _v in pairs}) == len(pairs)
    for j in range(cols):
        assert sum(1 for _i, c, _v in pairs if c == j) <= capacity[j]
    assert all(benefit[i, j] == v > 0 for i, j, v in pairs)
    best = 0.0
    for choice in itertools.product(range(-1, cols), repeat=rows):
        counts = np.bincount([c for c in choice if c >= 0], minlength=cols)
        if (counts <= capacity).all() and all(
            c < 0 or benefit[i, c] > 0 for i, c in enumerate(choice)
        ):
            best = max(best, sum(benefit[i, c] for i, c in enumerate(choice) if c >= 0))
    assert sum(v for _i, _j, v in pairs) == best


@pytest.mark.parametrize(("n_requests", "n_guides"), [(80, 20), (15, 60), (50, 50)])
def test_propose_assignment_equals_plain_linear_sum_assignment_on_larger_instances(
    n_requests, n_guides
):
    from scipy.optimize import linear_sum_assignment

    rng = random.Random(n_requests * 1000 + n_guides)
    requests = random_requests(rng, n_requests, organisations=1)
    guides = random_guides(rng, n_guides, organisations=1, max_capacity=3)
    weights = DEFAULT_WEIGHTS
    assignments = propose_assignment(requests, guides, weights)
    check_assignment(assignments, requests, guides, weights)

    # The same problem without any reduction: every guide slot a column, zero = not allowed.
    matrix = np.nan_to_num(score_matrix(requests, guides, weights), nan=0.0)
    matrix[matrix < weights.min_score] = 0.0
    slots = np.repeat(
        np.arange(len(guides)), [g.capacity_left if g.is_active else 0 for g in guides]
    )
    rows, cols = linear_sum_assignment(matrix[:, slots], maximize=True)
    assert sum(a.score for a in assignments) == pytest.approx(matrix[:, slots][rows, cols].sum())


def test_a_pair_whose_exact_score_equals_the_minimum_is_kept():
    """Weights 1/3/2/1/0, minimum 50, half the experience shared, no interests, same municipality,
    the same free evening: exactly (0.5 + 0 + 2 + 1 + 0) / 7 = 50 %, which the floating-point sum
    put at 49.99999999999999 and the batch then dropped."""
    weights = Weights(experience=1, interests=3, place=2, availability=1, age=0, min_score=50)
    request = make_request(interest_ids={11}, availability={(1, "evening")})
    guide = make_guide(interest_ids=set(), **ODENSE)
    assert score(request, guide, weights).score == 50
    assert propose_assignment([request], [guide], weights) == [
        Assignment(request_id=request.id, guide_id=guide.id, score=50.0)
    ]


# --- The sparse solve (issue 15): the same optimum as the dense one, proven by LP duals --------


def _total(pairs):
    return sum(v for _i, _j, v in pairs)


def _check_pairs(pairs, benefit, capacity):
    assert len({i for i, _j, _v in pairs}) == len(pairs)
    assert (np.bincount([j for _i, j, _v in pairs], minlength=len(capacity)) <= capacity).all()
    assert all(benefit[i, j] == v > 0 for i, j, v in pairs)


@pytest.mark.parametrize("seed", range(25))
def test_sparse_solve_gives_the_dense_total_on_random_instances(seed):
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(20, 120)), int(rng.integers(5, 60))
    benefit = np.round(rng.uniform(0, 100, size=(rows, cols)), 1)
    benefit[rng.random((rows, cols)) < rng.uniform(0, 0.6)] = 0.0  # hard filters, min score
    capacity = rng.integers(1, 4, size=cols)
    dense = _solve(benefit, capacity, method="dense")
    sparse = _solve(benefit, capacity, method="sparse")
    _check_pairs(sparse, benefit, capacity)
    assert _total(sparse) == pytest.approx(_total(dense), abs=1e-6)


@pytest.mark.parametrize("seed", range(10))
def test_sparse_solve_with_ties_and_scarce_guides(seed):
    rng = np.random.default_rng(100 + seed)
    rows, cols = int(rng.integers(30, 90)), int(rng.integers(20, 40))
    benefit = rng.choice([0.0, 20.0, 40.0, 60.0, 80.0], size=(rows, cols))
    capacity = rng.integers(1, 3, size=cols)
    dense = _solve(benefit, capacity, method="dense")
    sparse = _solve(benefit, capacity, method="sparse")
    _check_pairs(sparse, benefit, capacity)
    assert _total(sparse) == pytest.approx(_total(dense), abs=1e-6)


def test_sparse_solve_adds_pruned_pairs_or_falls_back_to_dense(monkeypatch):
    """Every row wants the same few guides most, so each row's top 1 leaves out pairs the
    optimum needs: the dual check finds them. With no rounds to add them, the dense solve runs."""
    from matching import engine

    rng = np.random.default_rng(7)
    rows, cols = 60, 30
    benefit = np.round(rng.uniform(20, 60, size=(rows, cols)), 1)
    benefit[:, :3] += 40  # three guides everybody prefers
    capacity = np.ones(cols, dtype=int)
    dense = _solve(benefit, capacity, method="dense")

    monkeypatch.setattr(engine, "_SPARSE_TOP_K", 1)
    monkeypatch.setattr(engine, "_SPARSE_COLUMN_DEPTH", 0)
    rounds = []
    real_duals = engine._duals
    monkeypatch.setattr(engine, "_duals", lambda *a: rounds.append(1) or real_duals(*a))
    sparse = _solve(benefit, capacity, method="sparse")
    assert len(rounds) > 1  # the first candidate graph was not enough
    assert _total(sparse) == pytest.approx(_total(dense), abs=1e-6)

    monkeypatch.setattr(engine, "_SPARSE_ROUNDS", 1)
    called = []
    real_dense = engine._solve_dense
    monkeypatch.setattr(engine, "_solve_dense", lambda *a: called.append(1) or real_dense(*a))
    fallback = _solve(benefit, capacity, method="sparse")
    assert called == [1]
    assert _total(fallback) == pytest.approx(_total(dense), abs=1e-6)


def test_propose_assignment_takes_the_sparse_path_on_large_instances(monkeypatch):
    from matching import engine

    rng = random.Random(15)
    requests = random_requests(rng, 150, organisations=1)
    guides = random_guides(rng, 60, organisations=1, max_capacity=3)
    dense_total = sum(a.score for a in propose_assignment(requests, guides))
    monkeypatch.setattr(engine, "_SPARSE_MIN_CELLS", 1)
    monkeypatch.setattr(engine, "_SPARSE_TOP_K", 4)
    used = []
    real = engine._solve_sparse
    monkeypatch.setattr(engine, "_solve_sparse", lambda *a: used.append(1) or real(*a))
    assignments = propose_assignment(requests, guides)
    assert used
    check_assignment(assignments, requests, guides, DEFAULT_WEIGHTS)
    assert sum(a.score for a in assignments) == pytest.approx(dense_total, abs=1e-6)


# --- Property tests: the sparse solve and the batch against the dense solve and single pairs ---


@st.composite
def benefit_instances(draw):
    """A benefit matrix (0 = not allowed) with guide capacities: few or many rows per guide,
    continuous scores or heavy ties, sparse or dense."""
    rows = draw(st.integers(1, 40))
    cols = draw(st.integers(1, 25))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if draw(st.booleans()):
        benefit = np.round(rng.uniform(0, 100, size=(rows, cols)), 1)
    else:
        benefit = rng.choice([20.0, 40.0, 60.0, 80.0], size=(rows, cols))
    benefit[rng.random((rows, cols)) < draw(st.floats(0, 0.9))] = 0.0
    capacity = rng.integers(0, draw(st.integers(1, 4)) + 1, size=cols)
    return benefit, capacity


@settings(max_examples=150, deadline=None)
@given(instance=benefit_instances(), top_k=st.integers(1, 6), depth=st.integers(0, 3))
def test_property_sparse_solve_gives_the_dense_total(instance, top_k, depth):
    """Whatever the candidate graph (however small), the sparse solve ends with the dense
    optimum: proven by its duals, or by falling back to the dense solve."""
    from matching import engine

    benefit, capacity = instance
    dense = _solve(benefit, capacity, method="dense")
    with (
        mock.patch.object(engine, "_SPARSE_TOP_K", top_k),
        mock.patch.object(engine, "_SPARSE_COLUMN_DEPTH", depth),
    ):
        sparse = _solve(benefit, capacity, method="sparse")
    _check_pairs(sparse, benefit, capacity)
    assert _total(sparse) == pytest.approx(_total(dense), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_requests=st.integers(1, 60),
    n_guides=st.integers(1, 30),
    min_score=st.sampled_from([0, 20, 40, 60]),
)
def test_property_batch_on_the_sparse_path_equals_the_dense_batch(
    seed, n_requests, n_guides, min_score
):
    """propose_assignment forced onto the sparse path gives the dense path's total, and every
    pair's score is the single pair's score to the last bit."""
    from matching import engine

    rng = random.Random(seed)
    requests = random_requests(rng, n_requests, organisations=1)
    guides = random_guides(rng, n_guides, organisations=1, max_capacity=3)
    weights = Weights(min_score=min_score)
    with mock.patch.object(engine, "_SPARSE_MIN_CELLS", 10**12):
        dense = propose_assignment(requests, guides, weights)
    with (
        mock.patch.object(engine, "_SPARSE_MIN_CELLS", 1),
        mock.patch.object(engine, "_SPARSE_TOP_K", 2),
    ):
        sparse = propose_assignment(requests, guides, weights)
    check_assignment(sparse, requests, guides, weights)
    assert sum(a.score for a in sparse) == pytest.approx(sum(a.score for a in dense), abs=1e-6)
    by_request = {r.id: r for r in requests}
    by_guide = {g.id: g for g in guides}
    for a in sparse:
        assert a.score == score(by_request[a.request_id], by_guide[a.guide_id], weights).score


def test_the_dual_check_finds_a_pruned_pair_that_would_improve_the_total():
    """Duals that cover the candidate pairs but not a pruned one are no proof: the check says
    so and names the pair among those to solve again."""
    from matching.engine import _check_duals

    benefit = np.array([[90.0, 80.0], [70.0, 0.0]])
    # Candidates (0, 0) and (1, 0) alone: assign row 0 to column 0 (u0 = 90, v = 0) ...
    u, v = np.array([90.0, 0.0]), np.array([0.0, 0.0])
    proven, near = _check_duals(benefit, u, v)
    assert not proven  # ... but row 1 could take column 0 and row 0 column 1: 150 > 90
    assert 2 in near.tolist()  # (1, 0), flat index 1 * 2 + 0
    # The optimum (row 0 to column 1, row 1 to column 0: 150) has duals u = (80, 0), v = (70, 0)
    # that cover every pair.
    proven, _near = _check_duals(benefit, np.array([80.0, 0.0]), np.array([70.0, 0.0]))
    assert proven


def test_sparse_solve_falls_back_to_dense_when_the_duals_cannot_be_found(monkeypatch):
    from matching import engine

    rng = np.random.default_rng(3)
    benefit = np.round(rng.uniform(1, 100, size=(40, 15)), 1)
    capacity = rng.integers(1, 3, size=15)
    expected = _total(_solve(benefit, capacity, method="dense"))
    monkeypatch.setattr(engine, "_duals", lambda *a: None)
    called = []
    real_dense = engine._solve_dense
    monkeypatch.setattr(engine, "_solve_dense", lambda *a: called.append(1) or real_dense(*a))
    pairs = _solve(benefit, capacity, method="sparse")
    assert called == [1]
    assert _total(pairs) == pytest.approx(expected, abs=1e-6)


def test_more_than_64_areas_are_counted_across_words():
    """Shared areas are counted with bit masks, 64 to a word: a vocabulary of 150 areas spans
    three words and every shared area still counts."""
    guide = make_guide(experience_area_ids=set(range(1, 151)))
    request = make_request(experience_area_ids={1, 64, 65, 128, 150, 999})
    suggestion = score(request, guide)
    assert suggestion.parts["experience"] == pytest.approx(5 / 6)
    assert suggestion.score == pytest.approx(reference_score(request, guide, DEFAULT_WEIGHTS))


@pytest.mark.parametrize("seed", range(3))
def test_reasons_alone_are_the_reasons_of_the_suggestion(seed):
    from matching.engine import reasons

    rng = random.Random(seed)
    with translation.override("da"):
        for request in random_requests(rng, 10):
            for guide in random_guides(rng, 10):
                suggestion = score(request, guide, DEFAULT_WEIGHTS, LABELS)
                expected = suggestion.reasons if suggestion else []
                assert reasons(request, guide, DEFAULT_WEIGHTS, LABELS) == expected

"""The matching engine: hard filters, a weighted score with reasons in words, ranking, and a batch
proposal that maximises the total score under guide capacities (DESIGN.md, "Matching").

Pure functions over plain data, no ORM: a selector turns database rows into `RequestProfile` and
`GuideProfile`, and a service turns `Suggestion`s and `Assignment`s into proposed matches that a
coordinator confirms.

Hard filters (a guide failing one is never suggested nor assigned):
    the guide is active and has capacity left; both belong to the same organisation; the request's
    language is among the guide's languages ("" = no requirement); the gender wish is met ("" = no
    wish); the guide is not in the request's `excluded_guide_ids`; they share a way to meet (online
    or in person; a side that ticks neither is treated as open to both).

Criteria, each a number from 0 to 1 (a criterion the request says nothing about is 0 for every
guide, so it does not change the order):
    experience    share of the request's experience areas that the guide also has
    interests     share of the request's interests that the guide also has
    place         1 when both can meet online; otherwise (meeting in person) 1 in the same
                  municipality, else 1 - distance / max_distance_km (haversine, floored at 0);
                  0 when a position is unknown
    availability  share of the request's weekly slots in which the guide is also free
    age           1 - |difference in birth years| / max_age_difference (floored at 0); 0 if unknown

score = 100 * sum(weight * criterion) / sum(weights), a number from 0 to 100.

Every score comes from one vectorised function (`_evaluate`); `score`, `rank` and
`propose_assignment` all call it, so the single-pair and the batch numbers cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import linear_sum_assignment

from core.choices import mid_sentence, slot_label

CRITERIA = ("experience", "interests", "place", "availability", "age")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
SLOTS = tuple((day, part) for day in range(7) for part in PARTS_OF_DAY)
_SLOT_INDEX = {slot: index for index, slot in enumerate(SLOTS)}
EARTH_RADIUS_KM = 6371.0088
CLOSE_IN_AGE_YEARS = 10
_MAX_NAMED_SLOTS = 3
_CHUNK_ROWS = 256
_PRUNE_FACTOR = 1.5

Slot = tuple[int, str]


def slots_from_codes(codes: Iterable[str]) -> frozenset[Slot]:
    """Stored availability codes ("1-evening", see core.choices) as (weekday, part) slots."""
    slots = set()
    for code in codes:
        day, part = code.split("-", 1)
        slots.add((int(day), part))
    return frozenset(slots)


def _frozen(instance, *names: str) -> None:
    for name in names:
        value = getattr(instance, name)
        if not isinstance(value, frozenset):
            object.__setattr__(instance, name, frozenset(value))


def _check_slots(slots: frozenset) -> None:
    unknown = slots - _SLOT_INDEX.keys()
    if unknown:
        raise ValueError(f"Unknown availability slots: {sorted(unknown)!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestProfile:
    """What the engine needs to know about a waiting support request (and its participant)."""

    id: int
    organisation_id: int
    experience_area_ids: frozenset[int] = frozenset()
    interest_ids: frozenset[int] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    municipality_id: int | None = None
    meets_online: bool = False
    meets_in_person: bool = True
    availability: frozenset[Slot] = frozenset()
    birth_year: int | None = None
    language: str = "da"  # "" = no language requirement
    gender_wish: str = ""  # "" = no wish, else a core.choices.Gender value the guide must have
    excluded_guide_ids: frozenset[int] = frozenset()  # earlier ended or declined matches

    def __post_init__(self):
        _frozen(self, "experience_area_ids", "interest_ids", "availability", "excluded_guide_ids")
        _check_slots(self.availability)


@dataclass(frozen=True, slots=True, kw_only=True)
class GuideProfile:
    """What the engine needs to know about a peer guide."""

    id: int
    organisation_id: int
    is_active: bool = True
    capacity_left: int = 1  # how many more matches the guide can take now
    experience_area_ids: frozenset[int] = frozenset()
    interest_ids: frozenset[int] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    municipality_id: int | None = None
    meets_online: bool = False
    meets_in_person: bool = True
    availability: frozenset[Slot] = frozenset()
    birth_year: int | None = None
    languages: frozenset[str] = frozenset({"da"})
    gender: str = ""

    def __post_init__(self):
        _frozen(self, "experience_area_ids", "interest_ids", "availability", "languages")
        _check_slots(self.availability)


SCORE_DECIMALS = 9


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """How much each criterion counts, and the limits of the batch proposal.

    The five weights are relative (only their ratios matter). `min_score` (0-100): the batch
    proposal leaves a request unassigned rather than propose a pair below it. `max_distance_km`:
    the distance at which the place criterion reaches 0. `max_age_difference`: the difference in
    birth years at which the age criterion reaches 0.
    """

    experience: float = 40.0
    interests: float = 25.0
    place: float = 15.0
    availability: float = 12.0
    age: float = 8.0
    min_score: float = 20.0
    max_distance_km: float = 40.0
    max_age_difference: float = 30.0

    def __post_init__(self):
        values = [getattr(self, name) for name in CRITERIA]
        if any(value < 0 for value in values) or sum(values) <= 0:
            raise ValueError("Weights must be zero or more, and at least one above zero.")
        if not 0 <= self.min_score <= 100:
            raise ValueError("min_score must be between 0 and 100.")
        if self.max_distance_km <= 0 or self.max_age_difference <= 0:
            raise ValueError("max_distance_km and max_age_difference must be above zero.")

    @property
    def vector(self) -> np.ndarray:
        values = np.array([getattr(self, name) for name in CRITERIA], dtype=np.float64)
        return values / values.sum()


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True, kw_only=True)
class Labels:
    """Names (in the reader's language) of experience areas and interests, for the reasons."""

    experience_areas: Mapping[int, str] = field(default_factory=dict)
    interests: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A guide suggested for a request: the score (0-100), each criterion (0-1) and the reasons."""

    guide_id: int
    score: float
    parts: Mapping[str, float]
    reasons: list[str]
    distance_km: float | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """One pair of a batch proposal."""

    request_id: int
    guide_id: int
    score: float


class Exclusion(StrEnum):
    """Which hard filter keeps a guide away from a request (see `why_excluded`)."""

    INACTIVE = "inactive"
    NO_CAPACITY = "no_capacity"
    ORGANISATION = "organisation"
    LANGUAGE = "language"
    GENDER = "gender"
    EXCLUDED = "excluded"
    NO_COMMON_MODE = "no_common_mode"


def _modes(profile) -> tuple[bool, bool]:
    if not (profile.meets_online or profile.meets_in_person):
        return True, True
    return profile.meets_online, profile.meets_in_person


def why_excluded(request: RequestProfile, guide: GuideProfile) -> Exclusion | None:
    """The first hard filter the pair fails, or None when the guide may be suggested."""
    if not guide.is_active:
        return Exclusion.INACTIVE
    if guide.capacity_left <= 0:
        return Exclusion.NO_CAPACITY
    if guide.organisation_id != request.organisation_id:
        return Exclusion.ORGANISATION
    if request.language and request.language not in guide.languages:
        return Exclusion.LANGUAGE
    if request.gender_wish and request.gender_wish != guide.gender:
        return Exclusion.GENDER
    if guide.id in request.excluded_guide_ids:
        return Exclusion.EXCLUDED
    (r_online, r_in_person), (g_online, g_in_person) = _modes(request), _modes(guide)
    if not ((r_online and g_online) or (r_in_person and g_in_person)):
        return Exclusion.NO_COMMON_MODE
    return None


# --- Encoding ----------------------------------------------------------------------------------


class _Arrays:
    """One side (guides or requests) as NumPy arrays, one row per profile.

    The arrays named in `_SHARED` are not per row: `locations` (the distinct positions that
    `location` indexes), `places` (the distinct (position, municipality, online, in person)
    combinations that `place` indexes) and `years` (the distinct birth years that `year` indexes).
    """

    _SHARED = frozenset({"locations", "places", "years"})

    def take(self, index) -> _Arrays:
        new = object.__new__(type(self))
        for name, value in vars(self).items():
            per_row = isinstance(value, np.ndarray) and name not in self._SHARED
            setattr(new, name, value[index] if per_row else value)
        return new

    def __len__(self) -> int:
        return len(self.ids)


def _set_matrix(sets: Sequence[frozenset], vocabulary: Mapping) -> np.ndarray:
    """A 0/1 float matrix: row i has a 1 in the column of each element of sets[i] (if known)."""
    matrix = np.zeros((len(sets), len(vocabulary)), dtype=np.float64)
    rows, cols = [], []
    for row, values in enumerate(sets):
        for value in values:
            col = vocabulary.get(value)
            if col is not None:
                rows.append(row)
                cols.append(col)
    matrix[rows, cols] = 1.0
    return matrix


def _bits(matrix: np.ndarray) -> np.ndarray:
    """Each row of a 0/1 matrix packed into unsigned integers, shape (rows, words): the number
    of elements two rows share is then one AND and one popcount per word (`_shared`)."""
    packed = np.packbits(matrix.astype(bool), axis=1, bitorder="little")
    width = packed.shape[1]
    for dtype in (np.uint8, np.uint16, np.uint32):
        if width <= np.dtype(dtype).itemsize:
            words = np.zeros((len(matrix), np.dtype(dtype).itemsize), np.uint8)
            words[:, :width] = packed
            return words.view(dtype)
    words = np.zeros((len(matrix), -(-width // 8) * 8), np.uint8)
    words[:, :width] = packed
    return words.view(np.uint64)


def _shared(r_bits: np.ndarray, g_bits: np.ndarray) -> np.ndarray:
    """How many elements each request (rows) shares with each guide (columns): exact integers."""
    count = np.bitwise_count(r_bits[:, 0, None] & g_bits[None, :, 0])
    if r_bits.shape[1] > 1:
        count = count.astype(np.uint16)
        for word in range(1, r_bits.shape[1]):
            count += np.bitwise_count(r_bits[:, word, None] & g_bits[None, :, word])
    return count


def _keys(columns: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of the given columns (float) and, per profile, the index of its row."""
    stacked = np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])
    if not len(stacked):
        return stacked, np.zeros(0, dtype=np.int64)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1).astype(np.int64)


def _unit(wanted: np.ndarray) -> np.ndarray:
    """100 / wanted (0 where nothing is wanted): one shared element's worth, before weighting."""
    return np.divide(100.0, wanted, out=np.zeros_like(wanted), where=wanted > 0)


def _encode_common(a: _Arrays, profiles, locations: dict, *, areas, interests, slots) -> None:
    """The encoding both sides share: set bits, place and year keys."""
    a.area_bits = _bits(areas)
    a.interest_bits = _bits(interests)
    a.slot_bits = _bits(slots)
    a.location = _positions(profiles, locations)
    a.municipality = np.array(
        [-1 if p.municipality_id is None else p.municipality_id for p in profiles], np.int64
    )
    modes = np.array([_modes(p) for p in profiles], dtype=bool).reshape(-1, 2)
    a.online, a.in_person = modes[:, 0], modes[:, 1]
    a.places, a.place = _keys([a.location, a.municipality, a.online, a.in_person])
    a.birth_year = _float(p.birth_year for p in profiles)
    a.years, a.year = _keys([a.birth_year])
    a.years = a.years[:, 0]
    a.locations = _location_array(locations)


def _vocabulary(sets: Iterable[Iterable]) -> dict:
    values = sorted({value for values in sets for value in values}, key=repr)
    return {value: index for index, value in enumerate(values)}


def _float(values) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _positions(profiles, locations: dict) -> np.ndarray:
    """Index of each profile's (latitude, longitude) in `locations` (filled in), -1 if unknown."""
    index = np.empty(len(profiles), dtype=np.int64)
    for row, profile in enumerate(profiles):
        if profile.latitude is None or profile.longitude is None:
            index[row] = -1
        else:
            key = (float(profile.latitude), float(profile.longitude))
            index[row] = locations.setdefault(key, len(locations))
    return index


def _location_array(locations: dict) -> np.ndarray:
    array = np.full((len(locations) + 1, 2), np.nan)  # the last row stands for "unknown" (-1)
    for (lat, lon), index in locations.items():
        array[index] = (lat, lon)
    return array


def _with_extra_columns(matrix: np.ndarray) -> np.ndarray:
    """As booleans, plus columns "no requirement" (all True) and "nobody has it" (all False)."""
    n = matrix.shape[0]
    return np.hstack([matrix.astype(bool), np.ones((n, 1), bool), np.zeros((n, 1), bool)])


class GuidePool:
    """Guides encoded once, so that ranking many requests against them is fast."""

    def __init__(self, guides: Iterable[GuideProfile]):
        self.guides: tuple[GuideProfile, ...] = tuple(guides)
        guides = self.guides
        self.areas = _vocabulary(g.experience_area_ids for g in guides)
        self.interests = _vocabulary(g.interest_ids for g in guides)
        self.languages = _vocabulary(g.languages for g in guides)
        self.genders = _vocabulary([g.gender] for g in guides)
        self.index = {g.id: row for row, g in enumerate(guides)}
        locations: dict = {}

        a = _Arrays()
        a.ids = np.array([g.id for g in guides], dtype=np.int64)
        a.organisation = np.array([g.organisation_id for g in guides], dtype=np.int64)
        a.capacity = np.array([max(g.capacity_left, 0) for g in guides], dtype=np.int64)
        a.open = np.array([g.is_active for g in guides], dtype=bool) & (a.capacity > 0)
        _encode_common(
            a,
            guides,
            locations,
            areas=_set_matrix([g.experience_area_ids for g in guides], self.areas),
            interests=_set_matrix([g.interest_ids for g in guides], self.interests),
            slots=_set_matrix([g.availability for g in guides], _SLOT_INDEX),
        )
        a.language_ok = _with_extra_columns(
            _set_matrix([g.languages for g in guides], self.languages)
        )
        a.gender_ok = _with_extra_columns(_set_matrix([[g.gender] for g in guides], self.genders))
        self.arrays = a

    def __len__(self) -> int:
        return len(self.guides)

    def _column(self, vocabulary: Mapping, value: str) -> int:
        if not value:
            return len(vocabulary)  # no requirement
        return vocabulary.get(value, len(vocabulary) + 1)  # nobody has it

    def encode_requests(self, requests: Sequence[RequestProfile]) -> _Arrays:
        locations: dict = {}
        a = _Arrays()
        a.ids = np.array([r.id for r in requests], dtype=np.int64)
        a.organisation = np.array([r.organisation_id for r in requests], dtype=np.int64)
        a.areas_wanted = np.array([len(r.experience_area_ids) for r in requests], np.float64)
        a.interests_wanted = np.array([len(r.interest_ids) for r in requests], np.float64)
        a.slots_wanted = np.array([len(r.availability) for r in requests], np.float64)
        _encode_common(
            a,
            requests,
            locations,
            areas=_set_matrix([r.experience_area_ids for r in requests], self.areas),
            interests=_set_matrix([r.interest_ids for r in requests], self.interests),
            slots=_set_matrix([r.availability for r in requests], _SLOT_INDEX),
        )
        a.language_col = np.array(
            [self._column(self.languages, r.language) for r in requests], dtype=np.int64
        )
        a.gender_col = np.array(
            [self._column(self.genders, r.gender_wish) for r in requests], dtype=np.int64
        )
        a.excluded = np.empty(len(requests), dtype=object)
        a.excluded[:] = [r.excluded_guide_ids for r in requests]
        return a


# --- The criteria (the one definition) ----------------------------------------------------------


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (NumPy arrays broadcast; NaN where a position is unknown)."""
    lat1, lon1 = np.radians(lat1), np.radians(lon1)
    lat2, lon2 = np.radians(lat2), np.radians(lon2)
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _share(shared: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """shared / wanted, 0 where nothing is wanted (wanted broadcasts along the rows)."""
    shared = shared.astype(np.float64)
    wanted = wanted[:, None]
    return np.divide(shared, wanted, out=np.zeros_like(shared), where=wanted > 0)


def _distance(r: _Arrays, g: _Arrays) -> np.ndarray:
    """Distance matrix in km, computed once per pair of distinct positions (e.g. municipalities)."""
    r_used, r_inverse = np.unique(r.location, return_inverse=True)
    g_used, g_inverse = np.unique(g.location, return_inverse=True)
    r_pos, g_pos = r.locations[r_used], g.locations[g_used]  # -1 picks the NaN row
    small = haversine_km(r_pos[:, :1], r_pos[:, 1:], g_pos[:, 0][None, :], g_pos[:, 1][None, :])
    return small[r_inverse.reshape(-1)[:, None], g_inverse.reshape(-1)[None, :]]


@dataclass(frozen=True, slots=True)
class _Tables:
    """The place and age criteria per pair of distinct keys (not per pair of profiles): a few
    hundred places and a few dozen birth years on each side, looked up for every pair."""

    place: np.ndarray  # request places (rows) × guide places (columns), 0-1
    age: np.ndarray  # request birth years × guide birth years, 0-1


def _tables(r: _Arrays, g: _Arrays, weights: Weights) -> _Tables:
    rp, gp = r.places, g.places
    r_pos = r.locations[rp[:, 0].astype(np.int64)]  # -1 picks the NaN row
    g_pos = g.locations[gp[:, 0].astype(np.int64)]
    distance = haversine_km(r_pos[:, :1], r_pos[:, 1:], g_pos[:, 0][None, :], g_pos[:, 1][None, :])
    nearness = np.clip(1.0 - distance / weights.max_distance_km, 0.0, 1.0)
    nearness[np.isnan(nearness)] = 0.0
    nearness[(rp[:, 1, None] == gp[None, :, 1]) & (rp[:, 1, None] >= 0)] = 1.0
    online = (rp[:, 2, None] > 0) & (gp[None, :, 2] > 0)
    in_person = (rp[:, 3, None] > 0) & (gp[None, :, 3] > 0)
    place = np.where(online, 1.0, np.where(in_person, nearness, 0.0))
    age_gap = np.abs(r.years[:, None] - g.years[None, :])
    age = np.clip(1.0 - age_gap / weights.max_age_difference, 0.0, 1.0)
    age[np.isnan(age)] = 0.0
    return _Tables(place=place, age=age)


def _lookup(table: np.ndarray, r_index: np.ndarray, g_index: np.ndarray) -> np.ndarray:
    """table[r_index[i], g_index[j]] for every request i × guide j."""
    return np.take(table[r_index], g_index, axis=1)


def _feasible(r: _Arrays, g: _Arrays) -> np.ndarray:
    """The hard filters for every request (rows) × guide (columns)."""
    feasible = g.open[None, :] & (r.organisation[:, None] == g.organisation[None, :])
    # language_ok has one row per guide and one column per language a request can ask for.
    feasible &= np.ascontiguousarray(g.language_ok.T)[r.language_col]
    feasible &= np.ascontiguousarray(g.gender_ok.T)[r.gender_col]
    feasible &= (r.online[:, None] & g.online[None, :]) | (r.in_person[:, None] & g.in_person)
    rows_with_exclusions = [i for i, ids in enumerate(r.excluded) if ids]
    if rows_with_exclusions:
        column = {guide_id: j for j, guide_id in enumerate(g.ids.tolist())}
        for i in rows_with_exclusions:
            cols = [column[gid] for gid in r.excluded[i] if gid in column]
            feasible[i, cols] = False
    return feasible


def _points(r: _Arrays, g: _Arrays, weights: Weights, tables: _Tables) -> np.ndarray:
    """The score (0-100) of every request (rows) × guide (columns), hard filters aside.

    100 · sum(weight · criterion), term by term in the order of CRITERIA: each shared
    experience area is worth 100 · weight / (areas the request names), and so on; place and age
    come from `tables`. Each pair's number depends on that pair alone, so a single pair, a
    ranking and the batch get the same score to the last bit.
    """
    w = weights.vector
    total = _shared(r.area_bits, g.area_bits) * (w[0] * _unit(r.areas_wanted))[:, None]
    total += _shared(r.interest_bits, g.interest_bits) * (w[1] * _unit(r.interests_wanted))[:, None]
    total += _lookup((100.0 * w[2]) * tables.place, r.place, g.place)
    total += _shared(r.slot_bits, g.slot_bits) * (w[3] * _unit(r.slots_wanted))[:, None]
    total += _lookup((100.0 * w[4]) * tables.age, r.year, g.year)
    # Rounded to 1e-9 points: the weighted sum in floating point can land a hair under a score that
    # is exact on paper (1/7 · 0.5 + 2/7 + 1/7 of 100 is 49.99999999999999, not 50), and the
    # batch's `>= min_score` would then drop a pair that meets the minimum exactly.
    np.minimum(total, 100.0, out=total)
    return np.round(total, SCORE_DECIMALS, out=total)


def _evaluate(r: _Arrays, g: _Arrays, weights: Weights) -> tuple[np.ndarray, np.ndarray, dict]:
    """(feasible, score, parts) for every request (rows) × guide (columns).

    `feasible` is the hard filters, `score` 0-100 (meaningful where feasible), `parts` each
    criterion 0-1 plus "distance_km". For rankings and single pairs; the batch uses `_feasible`
    and `_points` directly, which compute the same numbers without the parts.
    """
    tables = _tables(r, g, weights)
    parts = {
        "experience": _share(_shared(r.area_bits, g.area_bits), r.areas_wanted),
        "interests": _share(_shared(r.interest_bits, g.interest_bits), r.interests_wanted),
        "place": _lookup(tables.place, r.place, g.place),
        "availability": _share(_shared(r.slot_bits, g.slot_bits), r.slots_wanted),
        "age": _lookup(tables.age, r.year, g.year),
        "distance_km": _distance(r, g),
    }
    return _feasible(r, g), _points(r, g, weights, tables), parts


# --- Reasons -----------------------------------------------------------------------------------


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {_('and')} {names[-1]}"


def _named(ids: frozenset[int], names: Mapping[int, str] | None) -> list[str]:
    if not names:
        return []
    return sorted((mid_sentence(names[i]) for i in ids if i in names), key=str.casefold)


def _slot_names(slots: frozenset[Slot]) -> list[str]:
    return [
        slot_label(f"{day}-{part}", in_sentence=True)
        for day, part in sorted(slots, key=_SLOT_INDEX.get)
    ]


def _reasons(
    request: RequestProfile,
    guide: GuideProfile,
    *,
    distance_km: float | None,
    weights: Weights,
    labels: Labels | None,
) -> list[str]:
    """The reasons for a feasible pair in the active language, in the order of the criteria."""
    reasons = []
    areas = request.experience_area_ids & guide.experience_area_ids
    if areas:
        names = _named(areas, labels.experience_areas if labels else None)
        if names:
            reasons.append(_("both have experience with %(areas)s") % {"areas": _join(names)})
        else:
            reasons.append(_("both have some of the same lived experience"))
    interests = request.interest_ids & guide.interest_ids
    if interests:
        names = _named(interests, labels.interests if labels else None)
        if names:
            reasons.append(_("both like %(interests)s") % {"interests": _join(names)})
        else:
            reasons.append(_("both have some of the same interests"))
    (r_online, r_in_person), (g_online, g_in_person) = _modes(request), _modes(guide)
    if r_in_person and g_in_person:
        if request.municipality_id is not None and request.municipality_id == guide.municipality_id:
            reasons.append(_("live in the same municipality"))
        elif distance_km is not None and distance_km < weights.max_distance_km:
            reasons.append(_("about %(km)s km apart") % {"km": max(1, round(distance_km))})
    if r_online and g_online:
        reasons.append(_("both can meet online"))
    slots = request.availability & guide.availability
    if slots:
        names = _slot_names(slots)
        if len(names) > _MAX_NAMED_SLOTS:
            reasons.append(
                _("both are free %(slots)s and at other times")
                % {"slots": ", ".join(names[:_MAX_NAMED_SLOTS])}
            )
        else:
            reasons.append(_("both are free %(slots)s") % {"slots": _join(names)})
    if (
        request.birth_year is not None
        and guide.birth_year is not None
        and abs(request.birth_year - guide.birth_year) <= CLOSE_IN_AGE_YEARS
    ):
        reasons.append(_("close in age"))
    return reasons


def _suggestion(request, guide, j, score, parts, weights, labels) -> Suggestion:
    distance = float(parts["distance_km"][0, j])
    distance = None if np.isnan(distance) else distance
    return Suggestion(
        guide_id=guide.id,
        score=float(score[0, j]),
        parts={name: float(parts[name][0, j]) for name in CRITERIA},
        reasons=_reasons(request, guide, distance_km=distance, weights=weights, labels=labels),
        distance_km=distance,
    )


# --- Public functions --------------------------------------------------------------------------


def score(
    request: RequestProfile,
    guide: GuideProfile,
    weights: Weights = DEFAULT_WEIGHTS,
    labels: Labels | None = None,
) -> Suggestion | None:
    """The suggestion of `guide` for `request`, or None when a hard filter fails."""
    pool = GuidePool([guide])
    feasible, scores, parts = _evaluate(pool.encode_requests([request]), pool.arrays, weights)
    if not feasible[0, 0]:
        return None
    return _suggestion(request, guide, 0, scores, parts, weights, labels)


def reasons(
    request: RequestProfile,
    guide: GuideProfile,
    weights: Weights = DEFAULT_WEIGHTS,
    labels: Labels | None = None,
) -> list[str]:
    """The reasons in words for a pair (those `score` gives), without scoring it: for pairs
    already chosen, e.g. by `propose_assignment`. Empty when a hard filter fails."""
    if why_excluded(request, guide) is not None:
        return []
    positions = (request.latitude, request.longitude, guide.latitude, guide.longitude)
    distance = None if None in positions else float(haversine_km(*map(float, positions)))
    return _reasons(request, guide, distance_km=distance, weights=weights, labels=labels)


def rank(
    request: RequestProfile,
    guides: Iterable[GuideProfile] | GuidePool,
    weights: Weights = DEFAULT_WEIGHTS,
    labels: Labels | None = None,
    limit: int | None = 10,
) -> list[Suggestion]:
    """The `limit` best guides for `request` (all feasible ones if None), best first.

    Equal scores are ordered by guide id. Every guide passing the hard filters is ranked, also
    below `weights.min_score` (that limit is for the batch proposal), so a coordinator can still
    choose a weaker match by hand. Pass a `GuidePool` to rank many requests against the same guides.
    """
    pool = guides if isinstance(guides, GuidePool) else GuidePool(guides)
    if not len(pool) or (limit is not None and limit <= 0):
        return []
    feasible, scores, parts = _evaluate(pool.encode_requests([request]), pool.arrays, weights)
    candidates = np.flatnonzero(feasible[0])
    order = candidates[np.lexsort((pool.arrays.ids[candidates], -scores[0, candidates]))]
    if limit is not None:
        order = order[:limit]
    return [
        _suggestion(request, pool.guides[j], j, scores, parts, weights, labels)
        for j in order.tolist()
    ]


def score_matrix(
    requests: Sequence[RequestProfile],
    guides: Iterable[GuideProfile] | GuidePool,
    weights: Weights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """Scores (0-100) of every request (rows) × guide (columns); NaN where a hard filter fails."""
    pool = guides if isinstance(guides, GuidePool) else GuidePool(guides)
    result = np.full((len(requests), len(pool)), np.nan)
    if not len(requests) or not len(pool):
        return result
    encoded = pool.encode_requests(requests)
    tables = _tables(encoded, pool.arrays, weights)
    for start in range(0, len(requests), _CHUNK_ROWS):
        chunk = encoded.take(slice(start, start + _CHUNK_ROWS))
        scores = _points(chunk, pool.arrays, weights, tables)
        scores[~_feasible(chunk, pool.arrays)] = np.nan
        result[start : start + len(scores)] = scores
    return result


def propose_assignment(
    requests: Sequence[RequestProfile],
    guides: Iterable[GuideProfile] | GuidePool,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Assignment]:
    """Pairs for many waiting requests at once, maximising the total score.

    Each guide gets at most `capacity_left` requests, each request at most one guide, no pair
    fails a hard filter or scores below `weights.min_score` (or 0): such requests stay
    unassigned. Requests and guides of different organisations never meet, so each organisation
    is solved on its own. Returned in the order of `requests`.
    """
    requests = list(requests)
    pool = guides if isinstance(guides, GuidePool) else GuidePool(guides)
    if not requests or not len(pool):
        return []
    encoded = pool.encode_requests(requests)
    g = pool.arrays
    open_by_org: dict[int, list[int]] = {}
    for j in np.flatnonzero(g.open).tolist():
        open_by_org.setdefault(int(g.organisation[j]), []).append(j)
    rows_by_org: dict[int, list[int]] = {}
    for i, request in enumerate(requests):
        rows_by_org.setdefault(request.organisation_id, []).append(i)

    assignments: list[tuple[int, int, float]] = []
    for organisation, rows in rows_by_org.items():
        cols = open_by_org.get(organisation)
        if not cols:
            continue
        guides_here = g.take(np.array(cols))
        tables = _tables(encoded, guides_here, weights)
        benefit = np.empty((len(rows), len(cols)))
        for start in range(0, len(rows), _CHUNK_ROWS):
            chunk = encoded.take(np.array(rows[start : start + _CHUNK_ROWS]))
            scores = _points(chunk, guides_here, weights, tables)
            # A pair that fails a hard filter or scores below the minimum (or 0) is not allowed.
            scores[~_feasible(chunk, guides_here) | (scores < weights.min_score)] = 0.0
            benefit[start : start + len(scores)] = scores
        for i, j, value in _solve(benefit, guides_here.capacity):
            assignments.append((rows[i], cols[j], value))

    assignments.sort()
    return [
        Assignment(request_id=requests[i].id, guide_id=pool.guides[j].id, score=value)
        for i, j, value in assignments
    ]


def _top_threshold(matrix: np.ndarray, k: int, axis: int) -> np.ndarray:
    """The k-th largest value along `axis` (for keeping only each line's top k entries)."""
    n = matrix.shape[axis]
    return np.partition(matrix, n - k, axis=axis).take(n - k, axis=axis)


def _without_empty_lines(benefit, row_ids, col_ids):
    """Drop rows and columns without a positive entry; cap capacities at the positive entries."""
    positive = benefit > 0
    rows, cols = positive.any(axis=1), positive.any(axis=0)
    if not (rows.all() and cols.all()):
        benefit, positive = benefit[np.ix_(rows, cols)], positive[np.ix_(rows, cols)]
        row_ids, col_ids = row_ids[rows], col_ids[cols]
    return benefit, row_ids, col_ids, positive.sum(axis=0)


def _solve(
    benefit: np.ndarray, capacity: np.ndarray, method: str = "auto"
) -> list[tuple[int, int, float]]:
    """Maximum-total assignment of rows to columns, column j used at most capacity[j] times.

    A zero benefit means "not allowed" (and is worth the same as leaving the row unassigned).
    Returns (row, column, benefit) for every assigned pair.

    Rows and columns without any positive entry go first; a column's capacity is capped at its
    number of positive entries. Small problems are then solved densely (`_solve_dense`); large
    ones on a sparse graph of each row's best columns (`_solve_sparse`), which proves its answer
    optimal for the whole matrix with LP duals, or returns None and the dense solve runs.
    `method` ("auto", "dense", "sparse") is for tests and benchmarks; every method is exact.
    """
    if (capacity <= 0).any():
        benefit = np.where(capacity[None, :] > 0, benefit, 0.0)  # a full column takes nobody
    benefit, row_ids, col_ids, positives = _without_empty_lines(
        benefit, np.arange(benefit.shape[0]), np.arange(benefit.shape[1])
    )
    if not benefit.size:
        return []
    cap = np.minimum(capacity[col_ids], positives)
    pairs = None
    if method == "sparse" or (
        method == "auto" and benefit.size >= _SPARSE_MIN_CELLS and benefit.shape[1] > _SPARSE_TOP_K
    ):
        pairs = _solve_sparse(benefit, cap)
    if pairs is None:
        pairs = _solve_dense(benefit, cap)
    return [(int(row_ids[i]), int(col_ids[j]), float(v)) for i, j, v in pairs]


def _solve_dense(benefit: np.ndarray, cap: np.ndarray) -> list[tuple[int, int, float]]:
    """`linear_sum_assignment` over guide slots, after two reductions that keep the optimum:

    - a column keeps only its top S entries, S = the total capacity: if a column held a row
      outside its top S, one of its top S rows would be unassigned (at most S - 1 others are
      assigned), and swapping them does not lower the total;
    - a row keeps only its top R columns, R = the number of rows: if a row held a column outside
      its top R, one of its top R columns would have a free slot (at most R - 1 other rows fill
      columns), and moving there does not lower the total.
    (They only run when they can shrink the problem noticeably.) Then each column becomes `cap`
    identical slots and `linear_sum_assignment` solves the rectangular problem exactly.
    """
    row_ids, col_ids = np.arange(benefit.shape[0]), np.arange(benefit.shape[1])
    capacity = cap
    if benefit.shape[0] >= _PRUNE_FACTOR * cap.sum():
        threshold = _top_threshold(benefit, int(cap.sum()), axis=0)
        benefit = np.where(benefit >= threshold[None, :], benefit, 0.0)
        benefit, row_ids, col_ids, positives = _without_empty_lines(benefit, row_ids, col_ids)
        cap = np.minimum(capacity[col_ids], positives)
    if benefit.shape[1] >= _PRUNE_FACTOR * benefit.shape[0]:
        threshold = _top_threshold(benefit, benefit.shape[0], axis=1)
        benefit = np.where(benefit >= threshold[:, None], benefit, 0.0)
        benefit, row_ids, col_ids, positives = _without_empty_lines(benefit, row_ids, col_ids)
        cap = np.minimum(capacity[col_ids], positives)
    if not benefit.size:
        return []

    slot_column = np.repeat(np.arange(len(col_ids)), cap)
    if len(slot_column) < benefit.shape[0]:
        # linear_sum_assignment works on the shorter side as rows; give it that layout directly
        # instead of letting it copy a transposed matrix.
        slots = np.ascontiguousarray(benefit.T)[slot_column]
        slot_index, row_index = linear_sum_assignment(slots, maximize=True)
        values = slots[slot_index, row_index]
    else:
        slots = benefit[:, slot_column]
        row_index, slot_index = linear_sum_assignment(slots, maximize=True)
        values = slots[row_index, slot_index]
    keep = values > 0
    return [
        (int(row_ids[i]), int(col_ids[slot_column[s]]), float(v))
        for i, s, v in zip(row_index[keep], slot_index[keep], values[keep], strict=True)
    ]


# The sparse solve: each row starts with its best _SPARSE_TOP_K columns; pairs that the duals
# show could improve the total are added for up to _SPARSE_ROUNDS rounds.
_SPARSE_MIN_CELLS = 200_000
_SPARSE_TOP_K = 16
_SPARSE_COLUMN_DEPTH = 4
_SPARSE_ROUNDS = 4
_SPARSE_MARGIN = 10.0
_DUAL_TOLERANCE = 1e-7


def _cover_every_left(costs, left, right, n_left: int, n_right: int, offset: float):
    """A minimum-cost matching that covers every vertex on the left, each of which also gets a
    private "unassigned" partner (cost `offset`, benefit 0). Returns the (left, right) index
    arrays of the pairs matched for real, or None when the solver finds no full matching."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    graph = csr_matrix(
        (
            np.concatenate([costs, np.full(n_left, offset)]),
            (
                np.concatenate([left, np.arange(n_left)]),
                np.concatenate([right, n_right + np.arange(n_left)]),
            ),
        ),
        shape=(n_left, n_right + n_left),
    )
    try:
        left_index, right_index = min_weight_full_bipartite_matching(graph)
    except ValueError:
        return None
    real = right_index < n_right
    return left_index[real], right_index[real]


def _solve_sparse(benefit: np.ndarray, cap: np.ndarray) -> list[tuple[int, int, float]] | None:
    """The same optimum as `_solve_dense`, on a sparse candidate graph, or None.

    1. Candidates: each row's top-k entries and each column's top rows (`_candidates`).
    2. `min_weight_full_bipartite_matching` solves the candidate graph exactly (each column
       expanded into `cap` slots, each row with a private "unassigned" column of benefit 0).
    3. LP duals u (rows) and v (columns) of that optimum come from shortest paths in the
       residual graph (`_duals`): u + v >= benefit on every candidate pair, u, v >= 0, and
       sum(u) + sum(cap * v) equals the total found.
    4. If u[i] + v[j] >= benefit[i, j] also holds for every pruned pair, the duals are feasible
       for the whole problem, so no assignment can score more (weak duality): done. Otherwise
       the solve repeats on every pair within _SPARSE_MARGIN points of tight (the violating
       pairs among them); after _SPARSE_ROUNDS rounds, or if the duals cannot be found, None
       (the caller solves densely).
    """

    n, m = benefit.shape
    rows, cols = _candidates(benefit, min(m, _SPARSE_TOP_K), int(_SPARSE_COLUMN_DEPTH * cap.max()))
    offset = float(benefit.max()) + 1.0  # costs offset - benefit > 0; "unassigned" costs offset
    for _round in range(_SPARSE_ROUNDS):
        values = benefit[rows, cols]
        positive = values > 0
        rows, cols, values = rows[positive], cols[positive], values[positive]
        used_cap = np.minimum(cap, np.bincount(cols, minlength=m))
        slot_start = np.cumsum(used_cap) - used_cap
        repeat = used_cap[cols]
        edge_rows = np.repeat(rows, repeat)
        edge_values = np.repeat(values, repeat)
        first = np.cumsum(repeat) - repeat
        edge_slots = np.repeat(slot_start[cols], repeat) + (
            np.arange(repeat.sum()) - np.repeat(first, repeat)
        )
        slots = int(used_cap.sum())
        costs = offset - edge_values
        # The smaller side is the one every vertex of which the solver must match: it gets a
        # private "unassigned" partner each (cost `offset`, benefit 0).
        if slots <= n:
            pairs = _cover_every_left(costs, edge_slots, edge_rows, slots, n, offset)
            if pairs is None:
                return None
            slot_index, row_index = pairs
        else:
            pairs = _cover_every_left(costs, edge_rows, edge_slots, n, slots, offset)
            if pairs is None:
                return None
            row_index, slot_index = pairs
        owner = np.repeat(np.arange(m), used_cap)
        match_rows, match_cols = row_index, owner[slot_index]
        duals = _duals(benefit, cap, rows, cols, values, match_rows, match_cols)
        if duals is None:
            return None
        proven, near = _check_duals(benefit, *duals)
        if proven:
            match_values = benefit[match_rows, match_cols]
            return [
                (int(i), int(j), float(x))
                for i, j, x in zip(match_rows, match_cols, match_values, strict=True)
            ]
        # Not proven: solve again on every pair within _SPARSE_MARGIN points of tight (this
        # holds the assignment just found and every violating pair).
        rows, cols = near // m, near % m
    return None


def _candidates(benefit: np.ndarray, k: int, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """The first candidate pairs (rows, cols) of the sparse solve: each row's best k columns
    and each column's best `depth` rows (scarce guides are contested), sorted, without repeats.

    Worked through in blocks of rows (and of columns) that stay in the processor's cache."""
    n, m = benefit.shape
    pairs = []
    for start in range(0, n, _CHUNK_ROWS):
        block = benefit[start : start + _CHUNK_ROWS]
        top = np.argpartition(block, m - k, axis=1)[:, m - k :]
        pairs.append((np.arange(start, start + len(block))[:, None] * m + top).reshape(-1))
    depth = max(0, min(n, depth))
    if depth:
        for start in range(0, m, _CHUNK_ROWS):
            block = np.ascontiguousarray(benefit[:, start : start + _CHUNK_ROWS].T)
            best = np.argpartition(block, n - depth, axis=1)[:, n - depth :]
            pairs.append((best * m + np.arange(start, start + len(block))[:, None]).reshape(-1))
    pair = np.unique(np.concatenate(pairs))
    return pair // m, pair % m


def _check_duals(benefit: np.ndarray, u: np.ndarray, v: np.ndarray) -> tuple[bool, np.ndarray]:
    """(no pair has u + v below its benefit, the flat indices of the pairs within
    _SPARSE_MARGIN of tight): the dual check over the whole matrix, in blocks of rows.

    A zero entry (not allowed) has -u - v <= 0, and the candidates are within tolerance by
    construction, so any positive reduced cost is a pruned pair that could improve the total."""
    n, m = benefit.shape
    proven, near = True, []
    work = np.empty((min(n, _CHUNK_ROWS), m))
    for start in range(0, n, _CHUNK_ROWS):
        block = benefit[start : start + _CHUNK_ROWS]
        reduced = work[: len(block)]
        np.subtract(block, u[start : start + len(block), None], out=reduced)
        reduced -= v[None, :]
        if proven and (reduced > _DUAL_TOLERANCE).any():
            proven = False
        near.append(np.flatnonzero(reduced > -_SPARSE_MARGIN) + start * m)
    return proven, np.concatenate(near)


def _duals(benefit, cap, rows, cols, values, match_rows, match_cols):
    """LP duals (u, v) of an optimal assignment on the candidate pairs (rows, cols, values).

    With potentials p on rows, columns and a terminal t, u[i] = p[i] - p[t] and
    v[j] = p[t] - p[j]. The conditions are difference constraints, one arc each:
        every candidate pair    p[j] <= p[i] - b[i, j]   (u + v >= b)
        every assigned pair     p[i] <= p[j] + b[i, j]   (u + v == b: complementary slackness)
        every row               p[t] <= p[i]             (u >= 0)
        every unassigned row    p[i] <= p[t]             (u == 0)
        every column            p[j] <= p[t]             (v >= 0)
        every column not full   p[t] <= p[j]             (v == 0)
    Shortest distances from a virtual source meet them all exactly when the assignment is
    optimal (no negative cycle). Bellman-Ford, vectorised over all arcs per round; None if it
    does not settle (it would only fail to when the assignment is not optimal).
    """
    n, m = benefit.shape
    t = n + m
    assigned_rows = np.zeros(n, dtype=bool)
    assigned_rows[match_rows] = True
    load = np.bincount(match_cols, minlength=m)
    not_full = np.flatnonzero(load < cap)
    unassigned = np.flatnonzero(~assigned_rows)
    matched_values = benefit[match_rows, match_cols]
    source = np.concatenate(
        [rows, n + match_cols, np.arange(n), np.full(len(unassigned), t), np.full(m, t),
         n + not_full]
    )  # fmt: skip
    target = np.concatenate(
        [n + cols, match_rows, np.full(n, t), unassigned, n + np.arange(m),
         np.full(len(not_full), t)]
    )  # fmt: skip
    weight = np.concatenate(
        [-values, matched_values, np.zeros(n), np.zeros(len(unassigned)), np.zeros(m),
         np.zeros(len(not_full))]
    )  # fmt: skip
    order = np.argsort(target, kind="stable")
    source, target, weight = source[order], target[order], weight[order]
    heads, starts = np.unique(target, return_index=True)
    distance = np.zeros(n + m + 1)
    for _round in range(n + m + 2):
        best = np.minimum.reduceat(distance[source] + weight, starts)
        better = best < distance[heads] - 1e-10
        if not better.any():
            u = distance[:n] - distance[t]
            v = distance[t] - distance[n : n + m]
            return np.maximum(u, 0.0), np.maximum(v, 0.0)
        distance[heads[better]] = best[better]
    return None

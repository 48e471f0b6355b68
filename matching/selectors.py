"""Reads for one-to-one matching: scoped lists with annotations, and the glue between the
database and the pure engine (profiles in, suggestions out)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import statistics
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import versions
from core.models import ExperienceArea, Interest
from core.selectors import terms
from matching import engine
from matching.models import Feedback, Match, MatchingWeights, Meeting, SupportRequest
from volunteers.models import PeerGuide
from volunteers.selectors import STEPPED_BACK

HELD = Meeting.Status.HELD


def weights_for(organisation_id: int) -> MatchingWeights:
    weights = MatchingWeights.objects.filter(organisation_id=organisation_id).first()
    return weights or MatchingWeights(organisation_id=organisation_id)


def engine_weights(weights: MatchingWeights) -> engine.Weights:
    return engine.Weights(
        experience=weights.experience,
        interests=weights.interests,
        place=weights.place,
        availability=weights.availability,
        age=weights.age,
        min_score=weights.min_score,
        max_distance_km=weights.max_distance_km,
    )


def labels() -> engine.Labels:
    """The terms' names in the reader's language, for the reasons (kept in the cache: a renamed
    term is named anew at the next view, see core.selectors.terms)."""
    return engine.Labels(
        experience_areas={a.pk: a.label for a in terms(ExperienceArea)},
        interests={i.pk: i.label for i in terms(Interest)},
    )


# --- Profiles for the engine ----------------------------------------------------------------


def _shared_profile(area_ids, interest_ids, place_and_time) -> dict:
    """What a guide's and a request's profile for the engine have alike, from flat rows."""
    latitude, longitude, municipality_id, online, in_person, availability, birth_year = (
        place_and_time
    )
    return {
        "experience_area_ids": frozenset(area_ids),
        "interest_ids": frozenset(interest_ids),
        "latitude": latitude,
        "longitude": longitude,
        "municipality_id": municipality_id,
        "meets_online": online,
        "meets_in_person": in_person,
        "availability": engine.slots_from_codes(availability or ()),
        "birth_year": birth_year,
    }


def guide_profiles(organisation_id: int) -> list[engine.GuideProfile]:
    """The active guides of an organisation as engine profiles, from four flat queries
    (guides with their municipality's position, open matches per guide, and the two
    many-to-many tables) instead of model instances with prefetches."""
    guides = list(
        PeerGuide.objects.filter(organisation_id=organisation_id, status=PeerGuide.Status.ACTIVE)
        .order_by("pk")
        .values_list(
            "pk",
            "capacity",
            "municipality_id",
            "municipality__latitude",
            "municipality__longitude",
            "meets_online",
            "meets_in_person",
            "availability",
            "birth_year",
            "languages",
            "gender",
        )
    )
    open_matches = dict(
        Match.objects.filter(guide__organisation_id=organisation_id, status__in=Match.OPEN)
        .values("guide_id")
        .annotate(n=Count("pk"))
        .values_list("guide_id", "n")
    )
    areas: dict[int, set[int]] = {}
    for guide_id, area_id in PeerGuide.experience_areas.through.objects.filter(
        peerguide__organisation_id=organisation_id, peerguide__status=PeerGuide.Status.ACTIVE
    ).values_list("peerguide_id", "experiencearea_id"):
        areas.setdefault(guide_id, set()).add(area_id)
    interests: dict[int, set[int]] = {}
    for guide_id, interest_id in PeerGuide.interests.through.objects.filter(
        peerguide__organisation_id=organisation_id, peerguide__status=PeerGuide.Status.ACTIVE
    ).values_list("peerguide_id", "interest_id"):
        interests.setdefault(guide_id, set()).add(interest_id)
    return [
        engine.GuideProfile(
            id=pk,
            organisation_id=organisation_id,
            is_active=True,
            capacity_left=max(capacity - open_matches.get(pk, 0), 0),
            **_shared_profile(
                areas.get(pk, ()),
                interests.get(pk, ()),
                (latitude, longitude, municipality_id, online, in_person, availability, birth_year),
            ),
            languages=frozenset(languages or ["da"]),
            gender=gender,
        )
        for (
            pk,
            capacity,
            municipality_id,
            latitude,
            longitude,
            online,
            in_person,
            availability,
            birth_year,
            languages,
            gender,
        ) in guides
    ]


# --- The prepared guide pool ----------------------------------------------------------------
# Encoding 2,000 guides (profiles and arrays) costs far more than ranking one request against
# them, so each process keeps one `GuidePool` per organisation. It is valid while the
# organisation's pool version in the cache (shared by every process when the cache is Redis) is
# the one it was built under; `invalidate_guide_pool` (called by matching/signals.py on every
# change to a guide, its experience areas or interests, or a match, and again after commit)
# gives the organisation a new version, so the next suggestion rebuilds from the database.

logger = logging.getLogger(__name__)
_POOLS: dict[int, tuple[int, engine.GuidePool]] = {}
_POOL_VERSION_KEY = "matching:guide-pool-version:{}"


def invalidate_guide_pool(organisation_id: int) -> None:
    _POOLS.pop(organisation_id, None)
    versions.renew(_POOL_VERSION_KEY.format(organisation_id))


def guide_pool(organisation_id: int) -> engine.GuidePool:
    """The organisation's active guides, encoded for the engine; rebuilt only after a change.
    Without a reachable cache every call rebuilds (correct, only slower)."""
    return _guide_pool_and_version(organisation_id)[0]


def _guide_pool_and_version(organisation_id: int) -> tuple[engine.GuidePool, int | None]:
    """The prepared pool and the version it was built under (None: the cache is unreachable)."""
    version = versions.current(_POOL_VERSION_KEY.format(organisation_id))
    if version is None:
        logger.warning("Guide pool rebuilt: the cache is unreachable")
        return engine.GuidePool(guide_profiles(organisation_id)), None
    cached = _POOLS.get(organisation_id)
    if cached is not None and cached[0] == version:
        return cached[1], version
    pool = engine.GuidePool(guide_profiles(organisation_id))
    _POOLS[organisation_id] = (version, pool)
    return pool, version


@dataclass(frozen=True)
class GuideSuggestion:
    guide: PeerGuide
    score: float
    reasons: list[str]


def suggest_guides(request: SupportRequest, limit: int = 10) -> list[GuideSuggestion]:
    """The best guides for one request, with reasons in words. A fixed number of queries."""
    profile = request_profile(request)
    weights = engine_weights(weights_for(request.organisation_id))
    suggestions = engine.rank(
        profile, guide_pool(request.organisation_id), weights, labels(), limit=limit
    )
    guides = PeerGuide.objects.select_related("user", "municipality").in_bulk(
        [s.guide_id for s in suggestions]
    )
    return [GuideSuggestion(guides[s.guide_id], round(s.score, 1), s.reasons) for s in suggestions]


def suggestion_for(request: SupportRequest, guide: PeerGuide) -> GuideSuggestion | None:
    """How well `guide` fits `request` (score and reasons), or None when the engine would not
    suggest them; what a proposal or a hand-over chosen by hand records about the pair. Scores
    that one pair only (the same number a ranking gives it), not every guide of the pool."""
    pool = guide_pool(request.organisation_id)
    row = pool.index.get(guide.pk)
    if row is None:  # not an active guide of the request's organisation
        return None
    weights = engine_weights(weights_for(request.organisation_id))
    found = engine.score(request_profile(request), pool.guides[row], weights, labels())
    if found is None:
        return None
    return GuideSuggestion(guide, round(found.score, 1), found.reasons)


@dataclass(frozen=True)
class SuggestionList:
    """The best guides for one request and, for the active guides not among them, why not."""

    suggestions: list[GuideSuggestion]
    missing: dict[str, int]  # reason code -> number of active guides (see MISSING_REASONS)
    min_score: float
    active_guides: int

    @property
    def missing_total(self) -> int:
        return sum(self.missing.values())


# Why an active guide is not among the suggestions, in the order a coordinator reads them.
MISSING_REASONS = {
    engine.Exclusion.NO_CAPACITY: "full",
    engine.Exclusion.LANGUAGE: "language",
    engine.Exclusion.EXCLUDED: "earlier_match",
    engine.Exclusion.GENDER: "gender",
    engine.Exclusion.NO_COMMON_MODE: "no_common_mode",
}


def guide_suggestions(request: SupportRequest, limit: int = 10) -> SuggestionList:
    """The `limit` best active guides at or above the organisation's minimum score, with reasons
    in words, and the number of other active guides left out for each reason (full, another
    language, excluded by an earlier match or a wish, below the minimum score, not among the
    best). A fixed number of queries; the pool is scored once, reasons only for those shown."""
    profile = request_profile(request)
    weights = engine_weights(weights_for(request.organisation_id))
    pool = guide_pool(request.organisation_id)  # the prepared pool, as the batch uses
    guides = pool.guides
    missing: dict[str, int] = {}
    for guide in guides:
        exclusion = engine.why_excluded(profile, guide)
        if exclusion is not None:
            reason = MISSING_REASONS.get(exclusion, "other")
            missing[reason] = missing.get(reason, 0) + 1
    # Every feasible guide's score (NaN where a hard filter fails) counts those below the
    # minimum and those not among the best; best first as `engine.rank` orders (score, then id).
    scores = engine.score_matrix([profile], pool, weights)[0]
    feasible = int(np.count_nonzero(~np.isnan(scores)))
    good = np.flatnonzero(scores >= weights.min_score)
    if len(good) < feasible:
        missing["below_min_score"] = feasible - len(good)
    if len(good) > limit:
        missing["not_best"] = len(good) - limit
    shown = good[np.lexsort((pool.arrays.ids[good], -scores[good]))][:limit].tolist()
    objects = PeerGuide.objects.select_related("user", "municipality").in_bulk(
        [guides[j].id for j in shown]
    )
    names = labels()
    return SuggestionList(
        suggestions=[
            GuideSuggestion(
                objects[guides[j].id],
                round(float(scores[j]), 1),
                engine.reasons(profile, guides[j], weights, names),
            )
            for j in shown
        ],
        missing=missing,
        min_score=weights.min_score,
        active_guides=len(guides),
    )


@dataclass(frozen=True)
class _RequestRows:
    """Support requests as the database has them, in primary-key order: the rows (with their
    participant's position and birth year), the two many-to-many tables and the guides each
    participant has already ended or declined a match with, each list in a fixed order."""

    rows: list[tuple]
    areas: list[tuple[int, int]]
    interests: list[tuple[int, int]]
    excluded: list[tuple[int, int]]

    def profiles(self, only=None) -> list[engine.RequestProfile]:
        """The engine's profiles of all the requests, or of the ids in `only`."""
        rows = self.rows if only is None else [row for row in self.rows if row[0] in only]
        wanted = None if only is None else {row[0] for row in rows}
        people = None if only is None else {row[2] for row in rows}
        areas: dict[int, set[int]] = {}
        for request_id, area_id in self.areas:
            if wanted is None or request_id in wanted:
                areas.setdefault(request_id, set()).add(area_id)
        interests: dict[int, set[int]] = {}
        for request_id, interest_id in self.interests:
            if wanted is None or request_id in wanted:
                interests.setdefault(request_id, set()).add(interest_id)
        excluded: dict[int, set[int]] = {}
        for participant_id, guide_id in self.excluded:
            if people is None or participant_id in people:
                excluded.setdefault(participant_id, set()).add(guide_id)
        return [
            engine.RequestProfile(
                id=pk,
                organisation_id=organisation_id,
                **_shared_profile(
                    areas.get(pk, ()),
                    interests.get(pk, ()),
                    (
                        latitude,
                        longitude,
                        municipality_id,
                        online,
                        in_person,
                        availability,
                        birth_year,
                    ),
                ),
                language=language,
                gender_wish=gender_wish,
                excluded_guide_ids=frozenset(excluded.get(participant_id, ())),
            )
            for (
                pk,
                organisation_id,
                participant_id,
                municipality_id,
                latitude,
                longitude,
                online,
                in_person,
                availability,
                birth_year,
                language,
                gender_wish,
            ) in rows
        ]


def _request_querysets(requests: QuerySet[SupportRequest]) -> tuple[QuerySet, ...]:
    """The four flat queries the engine's profiles of these requests are made from: the rows,
    the two many-to-many tables, the guides each participant has ended or declined a match with."""
    return (
        (
            requests.order_by("pk").values_list(
                "pk",
                "organisation_id",
                "participant_id",
                "participant__municipality_id",
                "participant__municipality__latitude",
                "participant__municipality__longitude",
                "meets_online",
                "meets_in_person",
                "availability",
                "participant__birth_year",
                "guide_language",
                "gender_wish",
            )
        ),
        (
            SupportRequest.experience_areas.through.objects.filter(
                supportrequest__in=requests.values("pk")
            )
            .order_by("supportrequest_id", "experiencearea_id")
            .values_list("supportrequest_id", "experiencearea_id")
        ),
        (
            SupportRequest.interests.through.objects.filter(
                supportrequest__in=requests.values("pk")
            )
            .order_by("supportrequest_id", "interest_id")
            .values_list("supportrequest_id", "interest_id")
        ),
        (
            Match.objects.filter(
                request__participant__in=requests.values("participant_id"),
                status__in=[Match.Status.ENDED, Match.Status.DECLINED],
            )
            .order_by("request__participant_id", "guide_id")
            .values_list("request__participant_id", "guide_id")
        ),
    )


def _request_rows(requests: QuerySet[SupportRequest], terms_read=None) -> _RequestRows:
    """Four flat queries: what the engine's profiles of these requests are made from; two when
    `terms_read` (the rows of the two many-to-many tables) have been read already."""
    rows, areas, interests, excluded = _request_querysets(requests)
    if terms_read is not None:
        areas, interests = terms_read
    return _RequestRows(list(rows), list(areas), list(interests), list(excluded))


def with_terms(request: SupportRequest) -> SupportRequest:
    """`request` with its experience areas and interests read (two queries), for a page that
    both shows them (the change form ticks them) and ranks guides for it (`request_profile`
    takes them as read): read once, not twice."""
    prefetch_related_objects([request], "experience_areas", "interests")
    return request


def _terms_read(request: SupportRequest) -> tuple[list, list] | None:
    """The request's terms as rows of the two many-to-many tables, if `with_terms` read them."""
    read = getattr(request, "_prefetched_objects_cache", {})
    if "experience_areas" not in read or "interests" not in read:
        return None
    return (
        [(request.pk, area.pk) for area in read["experience_areas"]],
        [(request.pk, interest.pk) for interest in read["interests"]],
    )


def request_profile(request: SupportRequest) -> engine.RequestProfile:
    """One support request as the engine sees it (read afresh from the database, but for the
    terms `with_terms` has read with it): the same builder (`_request_rows`) as the batch's,
    so the request page and the batch cannot differ."""
    requests = SupportRequest.objects.filter(pk=request.pk)
    [profile] = _request_rows(requests, terms_read=_terms_read(request)).profiles()
    return profile


def _waiting(organisation_id: int) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(
        organisation_id=organisation_id, status=SupportRequest.Status.WAITING
    )


def waiting_request_profiles(organisation_id: int) -> list[engine.RequestProfile]:
    """The organisation's waiting requests as engine profiles, in waiting order."""
    return _request_rows(_waiting(organisation_id)).profiles()


@dataclass(frozen=True)
class ProposedPair:
    request: SupportRequest
    guide: PeerGuide
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class BatchProposal:
    """The optimal assignment of an organisation's waiting requests, as (request id, guide id,
    score) in waiting order, with what the pairs' reasons are worded from."""

    assignments: list[tuple[int, int, float]]
    waiting: int
    requests: _RequestRows
    pool: engine.GuidePool
    weights: engine.Weights

    def pairs(self, start: int = 0, stop: int | None = None) -> list[ProposedPair]:
        """The pairs `start:stop` with their request, guide and reasons (two queries and
        the labels; profiles and reasons only for these): what one page of the batch shows."""
        return self._pairs(self.assignments[start:stop])

    def pairs_for(self, keys: set[tuple[int, int]]) -> dict[tuple[int, int], ProposedPair]:
        """The proposal's pairs among `keys` ((request id, guide id)), with the score and
        reasons the page showed for them: what a confirmed proposal records."""
        chosen = [a for a in self.assignments if (a[0], a[1]) in keys]
        return {(p.request.pk, p.guide.pk): p for p in self._pairs(chosen)}

    def _pairs(self, chosen: list[tuple[int, int, float]]) -> list[ProposedPair]:
        if not chosen:
            return []
        request_ids = [request_id for request_id, _, _ in chosen]
        profiles = {p.id: p for p in self.requests.profiles(only=set(request_ids))}
        # Only what the page shows of them (their names): a page of full rows cost more than the
        # rest of the page's work together.
        request_objects = (
            SupportRequest.objects.select_related("participant")
            .only("participant__first_name", "participant__last_name", "participant__anonymised_at")
            .in_bulk(request_ids)
        )
        guide_objects = (
            PeerGuide.objects.select_related("user")
            .only("user__first_name", "user__last_name", "user__email")
            .in_bulk([guide_id for _, guide_id, _ in chosen])
        )
        names = labels()
        return [
            ProposedPair(
                request_objects[request_id],
                guide_objects[guide_id],
                score,
                engine.reasons(
                    profiles[request_id],
                    self.pool.guides[self.pool.index[guide_id]],
                    self.weights,
                    names,
                ),
            )
            for request_id, guide_id, score in chosen
        ]


_BATCH_KEY = "matching:batch3:{}:{}"  # (assignments, the requests' rows)
_BATCH_SECONDS = 60 * 60
_WAITING_VERSION_KEY = "matching:waiting-version:{}"


def invalidate_waiting_requests(organisation_id: int) -> None:
    """A waiting request of the organisation, its person or its terms changed (matching/signals.py):
    the next batch proposal solves afresh (renewed now and again after commit)."""
    versions.renew_now_and_after_commit(_WAITING_VERSION_KEY.format(organisation_id))


def batch_proposal(organisation_id: int) -> BatchProposal:
    """Assign all waiting requests of an organisation at once (the engine maximises the total
    score under capacities). Nothing is written: a coordinator reviews and confirms pairs.

    The solve is kept in the cache, with the requests' rows it was made from, under the versions
    of its inputs: the guide pool's (any guide or match), the waiting requests' (any request, its
    terms or its person: `invalidate_waiting_requests`, from matching/signals.py, now and after
    commit), the weights, and which requests wait as read now (their count and the sum of their
    ids: one indexed aggregate, so a status written without signals is seen too). Paging through
    the pairs solves once; a change made through the platform is solved afresh at the next view.
    The page reads no request rows while the solve is kept: its cost does not grow with the
    number waiting (issue 15; an md5 of every waiting request's rows took 15-20 ms at 900)."""
    waiting_requests = _waiting(organisation_id)
    pool, pool_version = _guide_pool_and_version(organisation_id)
    weights = engine_weights(weights_for(organisation_id))
    waiting_version = versions.current(_WAITING_VERSION_KEY.format(organisation_id))
    key = None
    if pool_version is not None and waiting_version is not None:
        who = waiting_requests.order_by().aggregate(n=Count("pk"), ids=Sum("pk"))
        digest = hashlib.sha256(
            repr(
                (pool_version, waiting_version, dataclasses.astuple(weights), who["n"], who["ids"])
            ).encode()
        )
        key = _BATCH_KEY.format(organisation_id, digest.hexdigest())
        try:
            kept = cache.get(key)
        except Exception:  # noqa: BLE001 - without the cache the page solves every time
            logger.warning("Batch proposal solved afresh: the cache is unreachable", exc_info=True)
            key, kept = None, None
        if kept is not None:
            assignments, requests = kept
            return BatchProposal(assignments, len(requests.rows), requests, pool, weights)
    # Read after the versions: a change that commits meanwhile renews its version after the
    # commit, so whichever rows this solve saw, it is not found under the version that follows.
    requests = _request_rows(waiting_requests)
    assignments = [
        (a.request_id, a.guide_id, round(a.score, 1))
        for a in engine.propose_assignment(requests.profiles(), pool, weights)
    ]
    if key is not None:
        try:
            cache.set(key, (assignments, requests), _BATCH_SECONDS)
        except Exception:  # noqa: BLE001 - see above
            logger.warning("Batch proposal not kept: the cache is unreachable", exc_info=True)
    return BatchProposal(assignments, len(requests.rows), requests, pool, weights)


# --- Lists ----------------------------------------------------------------------------------


def _held_meetings_of_match():
    return Meeting.objects.filter(match=OuterRef("pk"), status=HELD).order_by()


def annotate_matches(queryset: QuerySet[Match]) -> QuerySet[Match]:
    """Meetings held, hours and the last held meeting, computed in the database.

    Each is a correlated subquery per match row (an index range scan on (match, status,
    starts_at)), not a join with GROUP BY: a join aggregates every meeting of the organisation
    before the page's 100 rows are cut out, and the paginator's COUNT and the list filters
    would repeat it (issue 15)."""
    held = _held_meetings_of_match()
    return queryset.annotate(
        meetings_held=Coalesce(
            Subquery(
                held.values("match").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        minutes_held=Coalesce(
            Subquery(
                held.values("match").annotate(m=Sum("duration_minutes")).values("m"),
                output_field=IntegerField(),
            ),
            0,
        ),
        last_meeting_at=Subquery(held.order_by("-starts_at").values("starts_at")[:1]),
    )


def is_stale(match: Match, *, stale_after_days: int, now=None) -> bool:
    """An active match with no held meeting for `stale_after_days` (or none since it started)."""
    if match.status != Match.Status.ACTIVE:
        return False
    now = now or timezone.now()
    last = match.last_meeting_at or match.started_at or match.status_changed_at
    return (now - last) > datetime.timedelta(days=stale_after_days)


def stale_matches(*, organisation_ids=None, now=None) -> QuerySet[Match]:
    """Active matches whose last held meeting (or start) is older than their organisation's
    limit (MatchingWeights.stale_after_days, default 21)."""
    from core.models import Organisation

    now = now or timezone.now()
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=organisation_ids)
    default = MatchingWeights._meta.get_field("stale_after_days").default
    condition = Q(pk__in=[])
    # One query: each organisation with its own limit, if it has set one.
    for organisation_id, limit in organisations.values_list(
        "pk", "matching_weights__stale_after_days"
    ):
        cutoff = now - datetime.timedelta(days=limit or default)
        condition |= Q(organisation_id=organisation_id, since__lt=cutoff)
    return (
        annotate_matches(Match.objects.filter(status=Match.Status.ACTIVE))
        .annotate(since=Coalesce("last_meeting_at", "started_at", "status_changed_at"))
        .filter(condition)
    )


# --- The guide's own view -------------------------------------------------------------------


def matches_for_guide(*, guide: PeerGuide) -> QuerySet[Match]:
    """The guide's own open matches, with meetings held and the next planned meeting."""
    upcoming = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gte=timezone.now())
    return (
        annotate_matches(Match.objects.filter(guide=guide, status__in=Match.OPEN))
        .select_related("request__participant")
        .prefetch_related(
            Prefetch("meetings", queryset=upcoming.order_by("starts_at"), to_attr="upcoming")
        )
        .order_by("status", "-proposed_at")
    )


def match_for_guide(*, guide: PeerGuide, pk: int) -> Match:
    """One of the guide's own matches (any status) or DoesNotExist — never another guide's."""
    return (
        annotate_matches(Match.objects.filter(guide=guide))
        .select_related("request__participant", "organisation")
        .get(pk=pk)
    )


def meetings_for_match(match: Match) -> QuerySet[Meeting]:
    return Meeting.objects.filter(match=match).order_by("-starts_at")


# --- What needs a coordinator's attention (the admin overview and its list filters) ----------

UNANSWERED_AFTER = datetime.timedelta(days=3)
RUNNING = (Match.Status.ACCEPTED, Match.Status.ACTIVE, Match.Status.PAUSED)
# Open matches that a guide who stepped back still holds; a paused match is taken care of.
HANDED_OVER_STATUSES = (Match.Status.PROPOSED, Match.Status.ACCEPTED, Match.Status.ACTIVE)


def waiting_requests(queryset: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    return queryset.filter(status=SupportRequest.Status.WAITING)


def unanswered_proposals(queryset: QuerySet[Match], *, now=None) -> QuerySet[Match]:
    """Proposals the guide has not answered for more than three days."""
    now = now or timezone.now()
    return queryset.filter(status=Match.Status.PROPOSED, proposed_at__lt=now - UNANSWERED_AFTER)


def fit_check_said_no(queryset: QuerySet[Match]) -> QuerySet[Match]:
    """Running matches where one side answered "no" to the fit check: time to talk, perhaps to
    re-match. A re-matched (ended) match no longer needs anything."""
    said_no = Feedback.objects.filter(
        match=OuterRef("pk"), kind=Feedback.Kind.FIT_CHECK, answer=Feedback.Answer.NO
    )
    return queryset.filter(Exists(said_no), status__in=RUNNING)


def handover_matches(queryset: QuerySet[Match], *, guide=None) -> QuerySet[Match]:
    """Proposals and running matches whose guide has stepped back (paused, retired, declined)
    and that nobody has reassigned, paused or ended yet."""
    queryset = queryset.filter(status__in=HANDED_OVER_STATUSES, guide__status__in=STEPPED_BACK)
    if guide is not None:
        queryset = queryset.filter(guide=guide)
    return queryset


# --- Expected wait on the public request form -------------------------------------------------

WAIT_WINDOW = datetime.timedelta(days=90)
WAIT_MIN_MATCHED = 5
MATCHED_STATUSES = (
    Match.Status.ACCEPTED,
    Match.Status.ACTIVE,
    Match.Status.PAUSED,
    Match.Status.ENDED,
)


def expected_waits(*, organisation_ids, now=None) -> dict[int, float]:
    """The median number of days a request waited for its guide, per organisation, over the
    requests matched in the last 90 days: from the request (`confirmed_at`, else `submitted_at`)
    to the proposal of its first match that the guide accepted — the reports' "request to match"
    (reports.selectors), so the form and the coordinator's figures agree. Organisations with
    fewer than 5 such requests are left out: a median of a handful says little and could point
    at a person.

    One query for all the organisations; the median of each is taken here, from the (few
    hundred at most) waits in the window, the same on PostgreSQL and SQLite."""
    now = now or timezone.now()
    earlier = Match.objects.filter(
        request=OuterRef("request"),
        status__in=MATCHED_STATUSES,
        proposed_at__lt=OuterRef("proposed_at"),
    )
    rows = (
        Match.objects.filter(
            organisation_id__in=list(organisation_ids),
            status__in=MATCHED_STATUSES,
            proposed_at__gte=now - WAIT_WINDOW,
            proposed_at__lte=now,
        )
        .exclude(Exists(earlier))
        .annotate(since=Coalesce("request__confirmed_at", "request__submitted_at"))
        .values_list("organisation_id", "proposed_at", "since")
        .order_by()
    )
    waits: dict[int, list[float]] = {}
    for organisation_id, proposed_at, since in rows:
        waits.setdefault(organisation_id, []).append(
            max((proposed_at - since).total_seconds(), 0) / 86400
        )
    return {
        organisation_id: statistics.median(days)
        for organisation_id, days in waits.items()
        if len(days) >= WAIT_MIN_MATCHED
    }

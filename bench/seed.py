"""The national-scale benchmark data set (issue 15): `python manage.py seed_bench --scale S`.

At scale 1: 3 organisations, 2,000 guides, 20,000 participants, 10,000 matches, 1,000,000
meetings, 500 cohorts, 10,000 enrollments and 200,000 notifications, with the support requests,
consents, status history, onboarding, cohort sessions, attendance and WHO-5 measurements that
belong with them; every count is proportional to the scale (at least one of each).

Rows get explicit primary keys and go in by PostgreSQL's COPY (psycopg 3's `cursor.copy`) or, on
other databases, `bulk_create`; the sequences are reset afterwards. Every database constraint is
respected (the database checks them: nothing is disabled). Staff users are made through the ORM
so that their passwords and permission groups are real.

Bench-only code: no runtime app imports this module.
"""

from __future__ import annotations

import datetime
import json
import random
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

BENCH_PASSWORD = "peerstotte-bench-2026"  # noqa: S105 - printed on purpose; bench data only
BENCH_COORDINATOR = "koordinator@p2p-odense.test"
BENCH_GUIDE = "guide1@bench.test"

COUNTS = {
    "guides": 2_000,
    "participants": 20_000,
    "matches": 10_000,
    "meetings": 1_000_000,
    "cohorts": 500,
    "enrollments": 10_000,
    "notifications": 200_000,
}

# name, kind, town, the coordinator and organisation admin who log in
ORGANISATIONS = [
    ("Peer to Peer Odense", "ngo", "Odense", BENCH_COORDINATOR, "leder@p2p-odense.test"),
    ("Københavns Kommune · Peerstøtte", "municipality", "København", "koordinator@kk.test", None),
    ("Region Nordjylland · Peerstøtte", "region", "Aalborg", "koordinator@rn.test", None),
]
# Row i of guides, participants, cohorts belongs to organisation ORG_PATTERN[i % 10]: Odense half.
ORG_PATTERN = (0, 0, 0, 0, 0, 1, 1, 1, 2, 2)

# Reference data that migrations load and the seed keeps (everything else is "data").
REFERENCE_MODELS = {
    "auth.permission",
    "auth.group",
    "contenttypes.contenttype",
    "core.region",
    "core.municipality",
    "core.experiencearea",
    "core.interest",
    "courses.programme",
    "courses.sessionplanitem",
}
REFERENCE_APPS = {"django_celery_beat"}

FIRST_NAMES = [
    "Mette", "Anders", "Fatima", "Lars", "Sofie", "Jonas", "Ida", "Mikkel", "Emma", "Ahmed",
    "Freja", "Rasmus", "Laura", "Omar", "Nanna", "Kasper", "Julie", "Ali", "Signe", "Mads",
]  # fmt: skip
LAST_NAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Yilmaz",
]  # fmt: skip
PLACES = ["", "Café Fyret", "Biblioteket", "Gåtur ved åen", "Kulturhuset", "Parken", ""]
THEMES = ["everyday", "relations", "work", "recovery", "coping", "activity", "system"]
SLOTS = [f"{day}-{part}" for day in range(7) for part in ("morning", "afternoon", "evening")]


def counts_for(scale: float) -> dict[str, int]:
    """The number of each kind of row at `scale` (at least one of each)."""
    return {name: max(1, round(count * scale)) for name, count in COUNTS.items()}


class RawJson(str):
    """A JSON document already serialised (saves a million `json.dumps` calls)."""


def _data_models() -> list[type[models.Model]]:
    """Every table the seed fills or that can hold user data, including M2M tables."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in REFERENCE_MODELS or model._meta.app_label in REFERENCE_APPS:
            continue
        if model._meta.auto_created:
            # An M2M table between two reference models (e.g. group permissions) is reference.
            related = {
                f.related_model._meta.label_lower for f in model._meta.fields if f.is_relation
            }
            if related <= REFERENCE_MODELS:
                continue
        if model._meta.proxy or not model._meta.managed:
            continue
        found.append(model)
    return found


def is_empty() -> bool:
    from core.models import Organisation, User

    return not (User.objects.exists() or Organisation.objects.exists())


def reset() -> None:
    """Delete every data row (reference data from migrations stays)."""
    tables = [m._meta.db_table for m in _data_models()]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            # Check deferred foreign keys now: TRUNCATE refuses tables with pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")  # noqa: S608
        else:
            # Foreign keys are checked at commit (deferred), so the order does not matter.
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


class Writer:
    """Inserts rows given as tuples of column values (attnames), by COPY or bulk_create."""

    def __init__(self, log: Callable[[str], None] | None = None):
        self.copy = connection.vendor == "postgresql"
        self.log = log or (lambda message: None)
        self.counts: dict[str, int] = {}
        self.touched: list[type[models.Model]] = []

    def insert(self, model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
        # Columns this builder does not name get their model default, as bulk_create would give
        # them (a field added to a model later must not break COPY's NOT NULL columns).
        extra = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in fields
            and not f.primary_key
            and (f.has_default() or (not f.null and f.empty_strings_allowed))
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]
        if extra:
            defaults = tuple(f.get_default() for f in extra)
            fields = [*fields, *(f.attname for f in extra)]
            rows = (tuple(row) + defaults for row in rows)
        json_columns = {
            i for i, name in enumerate(fields) if isinstance(_field(model, name), models.JSONField)
        }
        written = 0
        if self.copy:
            columns = ", ".join(connection.ops.quote_name(_field(model, f).column) for f in fields)
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        if json_columns:
                            row = [
                                (v if isinstance(v, RawJson) else json.dumps(v))
                                if i in json_columns
                                else v
                                for i, v in enumerate(row)
                            ]
                        copy.write_row(row)
                        written += 1
        else:
            batch = []
            for row in rows:
                values = dict(zip(fields, row, strict=True))
                for i in json_columns:
                    if isinstance(row[i], RawJson):
                        values[fields[i]] = json.loads(row[i])
                batch.append(model(**values))
                if len(batch) >= 2_000:
                    model._base_manager.bulk_create(batch)
                    written += len(batch)
                    batch = []
            if batch:
                model._base_manager.bulk_create(batch)
                written += len(batch)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + written
        if model not in self.touched:
            self.touched.append(model)
        return written

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _field(model, name: str):
    for field in model._meta.concrete_fields:
        if field.attname == name or field.name == name:
            return field
    raise LookupError(f"{model._meta.label} has no column {name}")


@dataclass
class Ids:
    """The next free primary key of each model (explicit ids let related rows refer to them)."""

    def __post_init__(self):
        self._next: dict[type, int] = {}

    def take(self, model, n: int) -> range:
        if model not in self._next:
            last = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = last + 1
        start = self._next[model]
        self._next[model] = start + n
        return range(start, start + n)


def build(*, scale: float, seed: int = 2026, log: Callable[[str], None] | None = None) -> dict:
    """Fill an empty database with the benchmark data set. Returns the number of rows per model."""
    return _Builder(scale=scale, seed=seed, log=log).run()


class _Builder:
    def __init__(self, *, scale: float, seed: int, log):
        self.scale = scale
        self.n = counts_for(scale)
        self.rng = np.random.default_rng(seed)
        self.random = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.log = log or (lambda message: None)
        self.writer = Writer(self.log)
        self.ids = Ids()

    # --- helpers -----------------------------------------------------------------------------

    def days_ago(self, days: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=float(days))

    def pick(self, values, low: int, high: int) -> list:
        return self.random.sample(values, self.random.randint(low, high))

    def name(self, i: int) -> tuple[str, str]:
        return FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // 7) % len(LAST_NAMES)]

    def run(self) -> dict:
        from core.models import ExperienceArea, Interest, Municipality

        self.area_ids = list(ExperienceArea.objects.values_list("pk", flat=True))
        self.interest_ids = list(Interest.objects.values_list("pk", flat=True))
        self.towns = dict(Municipality.objects.values_list("name", "pk"))
        self.town_ids = list(self.towns.values())
        with transaction.atomic():
            self.staff()
            self.guides()
            self.participants()
            self.matches()
            self.meetings()
            self.cohorts()
            self.notifications()
            self.writer.reset_sequences()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return dict(self.writer.counts)

    # --- organisations and staff ---------------------------------------------------------------

    def staff(self):
        from core import services
        from core.models import Membership, Organisation, User
        from matching.models import MatchingWeights
        from volunteers.models import OnboardingPolicy

        self.orgs = []
        self.coordinators = []
        for name, kind, town, coordinator, leader in ORGANISATIONS:
            org = Organisation.objects.create(
                name=name,
                kind=kind,
                municipality_id=self.towns[town],
                contact_email=f"kontakt@{coordinator.split('@')[1]}",
            )
            MatchingWeights.objects.create(organisation=org)
            OnboardingPolicy.objects.create(organisation=org)
            self.orgs.append(org)
            for email, role in ((coordinator, "coordinator"), (leader, "admin")):
                if not email:
                    continue
                first, last = self.name(len(self.coordinators) + 3)
                user = User.objects.create_user(
                    email, BENCH_PASSWORD, first_name=first, last_name=last, is_staff=True
                )
                services.set_membership(user=user, organisation=org, role=role)
                if role == Membership.Role.COORDINATOR:
                    self.coordinators.append(user)
        User.objects.create_superuser("admin@peerplatform.test", BENCH_PASSWORD)
        self.log("organisations and staff")

    def org_of(self, i: int) -> int:
        return self.orgs[ORG_PATTERN[i % len(ORG_PATTERN)]].pk

    # --- guides --------------------------------------------------------------------------------

    def guides(self):
        from core.models import User
        from volunteers.models import (
            GuideStatusChange,
            OnboardingCheck,
            PeerGuide,
            TrainingRecord,
        )

        n = self.n["guides"]
        user_ids = self.ids.take(User, n)
        guide_ids = self.ids.take(PeerGuide, n)
        statuses = ["active"] * 80 + ["paused"] * 5 + ["in_training"] * 5 + ["applied"] * 4
        statuses += ["screening"] * 3 + ["retired"] * 3
        self.guide_rows = []  # (id, organisation, status)
        bench_hash = make_password(BENCH_PASSWORD)
        unusable = make_password(None)
        users, guides = [], []
        for i in range(n):
            first, last = self.name(i)
            status = "active" if i < 3 else self.random.choice(statuses)
            created = self.days_ago(self.random.uniform(60, 1500))
            users.append(
                (
                    user_ids[i],
                    f"guide{i + 1}@bench.test",
                    first,
                    last,
                    "da" if i % 9 else "en",
                    False,
                    False,
                    True,
                    created,
                    bench_hash if i == 0 else unusable,
                )
            )
            languages = ["da"] + (["en"] if self.random.random() < 0.4 else [])
            guides.append(
                (
                    guide_ids[i],
                    user_ids[i],
                    self.org_of(i),
                    "paid" if i % 7 == 0 else "volunteer",
                    status,
                    created + datetime.timedelta(days=30),
                    f"+4526{i:06d}",  # E.164, as PhoneField stores it (COPY skips save)
                    self.random.choice(self.town_ids),
                    self.random.randint(1950, 2002),
                    self.random.choice(["female", "female", "male", "nonbinary", ""]),
                    languages,
                    True,
                    self.random.random() < 0.5,
                    "Jeg har selv været der, og jeg lytter gerne.",
                    sorted(self.pick(SLOTS, 3, 9)),
                    2,  # corrected below to what the open matches need
                    "",
                    created,
                    "v1",
                    created,
                    secrets.token_urlsafe(32),
                )
            )
            self.guide_rows.append((guide_ids[i], self.org_of(i), status))
        self.writer.insert(
            User,
            [
                "id",
                "email",
                "first_name",
                "last_name",
                "language",
                "is_staff",
                "is_superuser",
                "is_active",
                "date_joined",
                "password",
            ],  # fmt: skip
            users,
        )
        self.guide_fields = [
            "id", "user_id", "organisation_id", "employment", "status", "status_changed_at",
            "phone", "municipality_id", "birth_year", "gender", "languages", "meets_in_person",
            "meets_online", "presentation", "availability", "capacity", "motivation",
            "application_consent_at", "application_consent_version", "created_at",
            "calendar_token",
        ]  # fmt: skip
        self.pending_guides = guides  # written after the matches decide the capacities
        self.guide_m2m = []
        for guide_id, _org, _status in self.guide_rows:
            self.guide_m2m.append(
                (guide_id, self.pick(self.area_ids, 1, 4), self.pick(self.interest_ids, 2, 5))
            )
        onboarded = [(g, s) for g, _o, s in self.guide_rows if s in ("active", "paused", "retired")]
        self._guide_history = (GuideStatusChange, OnboardingCheck, TrainingRecord, onboarded)

    def write_guides(self, open_matches: dict[int, int]):
        from volunteers.models import PeerGuide

        capacity_at = self.guide_fields.index("capacity")
        rows = []
        for row in self.pending_guides:
            row = list(row)
            row[capacity_at] = min(
                10, max(2, open_matches.get(row[0], 0) + self.random.randint(0, 2))
            )
            rows.append(row)
        self.writer.insert(PeerGuide, self.guide_fields, rows)
        through_areas = PeerGuide.experience_areas.through
        through_interests = PeerGuide.interests.through
        self.writer.insert(
            through_areas,
            ["id", "peerguide_id", "experiencearea_id"],
            _numbered(
                self.ids, through_areas, ((g, a) for g, areas, _i in self.guide_m2m for a in areas)
            ),
        )
        self.writer.insert(
            through_interests,
            ["id", "peerguide_id", "interest_id"],
            _numbered(
                self.ids,
                through_interests,
                ((g, i) for g, _a, interests in self.guide_m2m for i in interests),
            ),
        )
        history, check, training, onboarded = self._guide_history
        created = {row[0]: row[-2] for row in self.pending_guides}
        self.writer.insert(
            history,
            ["id", "guide_id", "from_status", "to_status", "at", "note"],
            _numbered(
                self.ids,
                history,
                (
                    (g, "in_training", "active", created[g] + datetime.timedelta(days=30), "")
                    for g, _s in onboarded
                ),
            ),
        )
        self.writer.insert(
            check,
            ["id", "guide_id", "kind", "done_on", "note"],
            _numbered(
                self.ids,
                check,
                (
                    (g, kind, (created[g] + datetime.timedelta(days=10)).date(), "")
                    for g, _s in onboarded
                    for kind in ("interview", "confidentiality")
                ),
            ),
        )
        self.writer.insert(
            training,
            ["id", "guide_id", "course_name", "completed_on", "is_peer_guide_training"],
            _numbered(
                self.ids,
                training,
                (
                    (
                        g,
                        "Peerguide-uddannelse",
                        (created[g] + datetime.timedelta(days=28)).date(),
                        True,
                    )
                    for g, _s in onboarded
                ),
            ),
        )
        self.log("guides")

    # --- participants ----------------------------------------------------------------------------

    def participants(self):
        from participants.models import Consent, Participant

        n = self.n["participants"]
        ids = self.ids.take(Participant, n)
        self.participant_rows = []  # (id, organisation, created_at, language, email)
        rows = []
        for i in range(n):
            first, last = self.name(i + 11)
            created = self.days_ago(self.random.uniform(5, 1200))
            language = "da" if i % 12 else "en"
            email = f"p{i + 1}@bench.test" if i % 10 else ""
            rows.append(
                (
                    ids[i],
                    self.org_of(i),
                    first,
                    last,
                    email,
                    f"+4527{i:06d}",  # E.164 and unique per organisation
                    self.random.randint(1950, 2006),
                    self.random.choice(self.town_ids),
                    language,
                    created,
                )
            )
            self.participant_rows.append((ids[i], self.org_of(i), created, language, email))
        self.writer.insert(
            Participant,
            [
                "id",
                "organisation_id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "birth_year",
                "municipality_id",
                "language",
                "created_at",
            ],  # fmt: skip
            rows,
        )
        areas = Participant.experience_areas.through
        self.writer.insert(
            areas,
            ["id", "participant_id", "experiencearea_id"],
            _numbered(
                self.ids,
                areas,
                (
                    (p[0], a)
                    for p in self.participant_rows[::2]
                    for a in self.pick(self.area_ids, 1, 3)
                ),
            ),
        )
        purposes = [("support", 1.0), ("health_data", 0.5), ("course", 0.4), ("evaluation", 0.6)]
        self.evaluation_consent = set()
        consents = []
        for pid, _org, created, _lang, _email in self.participant_rows:
            for purpose, share in purposes:
                if self.random.random() < share:
                    consents.append((pid, purpose, "v1", created))
                    if purpose == "evaluation":
                        self.evaluation_consent.add(pid)
        self.writer.insert(
            Consent,
            ["id", "participant_id", "purpose", "text_version", "given_at"],
            _numbered(self.ids, Consent, consents),
        )
        self.log("participants")

    # --- requests, matches ----------------------------------------------------------------------

    def matches(self):
        from matching.models import Match, MatchStatusChange, SupportRequest

        n = self.n["matches"]
        active_by_org: dict[int, list[int]] = {}
        for guide_id, org, status in self.guide_rows:
            if status == "active":
                active_by_org.setdefault(org, []).append(guide_id)
        eligible = [p for p in self.participant_rows if p[1] in active_by_org]
        statuses = ["ended"] * 45 + ["active"] * 38 + ["paused"] * 4 + ["proposed"] * 4
        statuses += ["accepted"] * 3 + ["declined"] * 6
        n_waiting = max(1, round(n * 0.12))
        request_ids = self.ids.take(SupportRequest, n + n_waiting)
        match_ids = self.ids.take(Match, n)
        turn: dict[int, int] = {}
        open_count: dict[int, int] = {}
        requests, matches, history = [], [], []
        self.meeting_matches = []  # (match id, first meeting, last meeting, planned next)
        self.match_people = []  # (match id, organisation, guide, participant)
        closures = ["goals_reached"] * 5 + ["participant_withdrew", "guide_stopped", "moved"]
        closures += ["referred", "no_contact"]
        coordinator = {c.memberships.get().organisation_id: c.pk for c in self.coordinators}

        def request_row(rid, participant, status, confirmed):
            pid, org, created, language, _email = participant
            return (
                rid,
                org,
                pid,
                status,
                sorted(self.pick(SLOTS, 2, 8)),
                True,
                self.random.random() < 0.4,
                self.random.choice(["", "", "", "female", "male"]),
                "en" if language == "en" and self.random.random() < 0.5 else "da",
                "Jeg vil gerne tale med en, der har prøvet det samme.",
                confirmed - datetime.timedelta(hours=2),
                confirmed,
                confirmed,
            )

        for k in range(n):
            participant = eligible[k % len(eligible)]
            pid, org, created = participant[:3]
            status = "active" if k < 2 else self.random.choice(statuses)
            guides = active_by_org[org]
            while True:  # the next active guide of the organisation with room (at most 10)
                guide = guides[turn.get(org, 0) % len(guides)]
                turn[org] = turn.get(org, 0) + 1
                if status not in Match.OPEN or open_count.get(guide, 0) < 9:
                    break
            if status in Match.OPEN:
                open_count[guide] = open_count.get(guide, 0) + 1
            horizon = (self.now - created).days
            age = self.random.uniform(min(20, horizon), max(horizon, 21))
            if status in ("proposed", "declined"):
                age = self.random.uniform(1, 20)
            confirmed = self.days_ago(age)
            proposed = confirmed + datetime.timedelta(days=self.random.uniform(1, 10))
            proposed = min(proposed, self.now - datetime.timedelta(hours=1))
            started = ended = responded = None
            closure, held_closing, decline = "", None, ""
            changed = proposed
            if status != "proposed":
                responded = proposed + datetime.timedelta(hours=self.random.uniform(2, 48))
                responded = min(responded, self.now - datetime.timedelta(minutes=30))
                changed = responded
            if status == "declined":
                decline = "Jeg har ikke tid lige nu."
            if status in ("active", "paused", "ended"):
                started = responded + datetime.timedelta(days=self.random.uniform(1, 7))
                started = min(started, self.now - datetime.timedelta(minutes=10))
                changed = started
            if status == "ended":
                span = (self.now - started).days
                ended = started + datetime.timedelta(days=self.random.uniform(min(30, span), span))
                ended = min(ended, self.now - datetime.timedelta(minutes=5))
                closure = self.random.choice(closures)
                held_closing = self.random.random() < 0.8
                changed = ended
            request_status = {
                "ended": "closed",
                "declined": "waiting",
            }.get(status, "matched")
            requests.append(request_row(request_ids[k], participant, request_status, confirmed))
            matches.append(
                (
                    match_ids[k],
                    org,
                    request_ids[k],
                    guide,
                    status,
                    round(self.random.uniform(30, 95), 1),
                    [
                        "both have some of the same lived experience",
                        "live in the same municipality",
                    ],
                    proposed,
                    coordinator.get(org),
                    responded,
                    decline,
                    started,
                    ended,
                    closure,
                    held_closing,
                    changed,
                )
            )
            steps = {
                "accepted": [("proposed", "accepted", responded)],
                "declined": [("proposed", "declined", responded)],
                "active": [("proposed", "accepted", responded), ("accepted", "active", started)],
                "paused": [
                    ("proposed", "accepted", responded),
                    ("accepted", "active", started),
                    ("active", "paused", started),
                ],
                "ended": [
                    ("proposed", "accepted", responded),
                    ("accepted", "active", started),
                    ("active", "ended", ended),
                ],
            }.get(status, [])
            history.extend((match_ids[k], a, b, at, coordinator.get(org), "") for a, b, at in steps)
            self.match_people.append((match_ids[k], org, guide, pid, status, started, ended))
            if started:
                last = ended or self.now
                if status == "paused":
                    last = started + (self.now - started) / 2
                self.meeting_matches.append((match_ids[k], started, last, status == "active"))
        waiting = eligible[n % len(eligible) :] + eligible[: n % len(eligible)]
        for k in range(n_waiting):
            participant = waiting[k % len(waiting)]
            age = self.random.uniform(0.5, 60)
            requests.append(
                request_row(request_ids[n + k], participant, "waiting", self.days_ago(age))
            )
        self.write_guides(open_count)
        self.writer.insert(
            SupportRequest,
            [
                "id",
                "organisation_id",
                "participant_id",
                "status",
                "availability",
                "meets_in_person",
                "meets_online",
                "gender_wish",
                "guide_language",
                "help_wanted",
                "submitted_at",
                "confirmed_at",
                "status_changed_at",
            ],  # fmt: skip
            requests,
        )
        areas = SupportRequest.experience_areas.through
        interests = SupportRequest.interests.through
        self.writer.insert(
            areas,
            ["id", "supportrequest_id", "experiencearea_id"],
            _numbered(
                self.ids,
                areas,
                ((r[0], a) for r in requests for a in self.pick(self.area_ids, 1, 3)),
            ),
        )
        self.writer.insert(
            interests,
            ["id", "supportrequest_id", "interest_id"],
            _numbered(
                self.ids,
                interests,
                ((r[0], i) for r in requests for i in self.pick(self.interest_ids, 1, 3)),
            ),
        )
        self.writer.insert(
            Match,
            [
                "id",
                "organisation_id",
                "request_id",
                "guide_id",
                "status",
                "score",
                "reasons",
                "proposed_at",
                "proposed_by_id",
                "responded_at",
                "decline_reason",
                "started_at",
                "ended_at",
                "closure_reason",
                "closing_conversation_held",
                "status_changed_at",
            ],  # fmt: skip
            matches,
        )
        self.writer.insert(
            MatchStatusChange,
            ["id", "match_id", "from_status", "to_status", "at", "actor_id", "note"],
            _numbered(self.ids, MatchStatusChange, history),
        )
        self.wellbeing_for_matches()
        self.log("requests and matches")

    def wellbeing_for_matches(self):
        from participants.models import WellBeingMeasurement

        rows = []
        for match_id, org, _guide, pid, _status, started, ended in self.match_people:
            if pid not in self.evaluation_consent or not started:
                continue
            points = [("start", started)] + ([("end", ended)] if ended else [])
            for timepoint, due in points:
                items = [self.random.randint(0, 5) for _ in range(5)]
                answered = self.random.random() < 0.7
                rows.append(
                    (
                        pid,
                        org,
                        "match",
                        match_id,
                        timepoint,
                        due,
                        "answered" if answered else "pending",
                        due,
                        due + datetime.timedelta(days=2) if answered else None,
                        *(items if answered else [None] * 5),
                        sum(items) if answered else None,
                    )
                )
        # One measurement per participant, source, match and time point (a participant can have
        # several requests, each with its own match id, so the key stays unique).
        self.writer.insert(
            WellBeingMeasurement,
            [
                "id",
                "participant_id",
                "organisation_id",
                "source",
                "source_id",
                "timepoint",
                "due_at",
                "status",
                "invited_at",
                "answered_at",
                "item1",
                "item2",
                "item3",
                "item4",
                "item5",
                "raw_score",
            ],  # fmt: skip
            _numbered(self.ids, WellBeingMeasurement, rows),
        )

    # --- meetings ---------------------------------------------------------------------------------

    def meetings(self):
        from matching.models import Meeting

        total = self.n["meetings"]
        matches = self.meeting_matches
        active = [m for m in matches if m[3]]
        planned = min(len(active), max(1, round(total * 0.004)))  # one planned meeting ahead each
        past = total - planned
        weights = self.rng.gamma(2.0, 1.0, len(matches))
        per_match = self.rng.multinomial(past, weights / weights.sum())
        match_id = np.repeat(np.array([m[0] for m in matches], dtype=np.int64), per_match)
        first = np.repeat(np.array([m[1].timestamp() for m in matches]), per_match)
        last = np.repeat(np.array([m[2].timestamp() for m in matches]), per_match)
        at = first + self.rng.random(past) * np.maximum(last - first, 0)
        at = np.minimum(at, self.now.timestamp() - 3600)
        at = (at // 900) * 900  # quarter hours
        status = self.rng.choice(
            np.array(["held", "cancelled", "no_show"]), past, p=[0.86, 0.1, 0.04]
        )
        mode = self.rng.choice(
            np.array(["in_person", "walk", "phone", "video"]), past, p=[0.5, 0.2, 0.2, 0.1]
        )
        minutes = self.rng.choice(np.array([30, 45, 60, 75, 90, 120]), past)
        place = self.rng.integers(0, len(PLACES), past)
        theme_sets = [RawJson("[]")] + [RawJson(json.dumps([t])) for t in THEMES]
        theme_sets += [
            RawJson(json.dumps([a, b])) for a, b in zip(THEMES, THEMES[1:], strict=False)
        ]
        themes = self.rng.integers(0, len(theme_sets), past)
        utc = datetime.UTC
        starts = [
            datetime.datetime.fromtimestamp(t, utc) for t in at.tolist()
        ]  # 1,000,000 datetimes: about a second

        ids = self.ids.take(Meeting, total)  # not inside the generator: COPY holds the connection

        def rows():
            k = 0
            for i, (mid, st, md, mn, pl, th) in enumerate(
                zip(
                    match_id.tolist(),
                    status.tolist(),
                    mode.tolist(),
                    minutes.tolist(),
                    place.tolist(),
                    themes.tolist(),
                    strict=True,
                )
            ):
                when = starts[i]
                held = st == "held"
                yield (
                    ids[k],
                    mid,
                    st,
                    when,
                    PLACES[pl],
                    md,
                    mn if held else None,
                    theme_sets[th] if held else theme_sets[0],
                    "",
                    when,
                    when,
                )
                k += 1
            for j, (mid, _first, _last, _active) in enumerate(active[:planned]):
                when = self.now + datetime.timedelta(hours=2 + (j * 7) % (24 * 10))
                yield (ids[k], mid, "planned", when, "Café Fyret", "in_person", 60, theme_sets[0],
                       "", self.now, self.now)  # fmt: skip
                k += 1

        self.writer.insert(
            Meeting,
            [
                "id",
                "match_id",
                "status",
                "starts_at",
                "place",
                "mode",
                "duration_minutes",
                "themes",
                "note",
                "created_at",
                "updated_at",
            ],  # fmt: skip
            rows(),
        )
        self.log("meetings")

    # --- cohorts ----------------------------------------------------------------------------------

    def cohorts(self):
        from courses.models import (
            Attendance,
            Cohort,
            CohortSession,
            CohortStatusChange,
            Enrollment,
            Programme,
        )

        programmes = list(Programme.objects.exclude(kind="peer_guide_training").order_by("pk"))
        n = self.n["cohorts"]
        ids = self.ids.take(Cohort, n)
        guides_by_org: dict[int, list[int]] = {}
        for guide_id, org, status in self.guide_rows:
            if status == "active":
                guides_by_org.setdefault(org, []).append(guide_id)
        people_by_org: dict[int, list[int]] = {}
        for pid, org, *_rest in self.participant_rows:
            people_by_org.setdefault(org, []).append(pid)
        statuses = ["finished"] * 60 + ["running"] * 15 + ["open"] * 15 + ["draft"] * 5
        statuses += ["cancelled"] * 5
        cohorts, facilitators, sessions, history = [], [], [], []
        session_plan = []  # (cohort id, org, status, capacity, [(session id, starts_at)])
        for i in range(n):
            org = self.org_of(i)
            if org not in guides_by_org:
                org = self.orgs[0].pk
            programme = programmes[i % len(programmes)]
            status = "open" if i == 0 else self.random.choice(statuses)
            first = {
                "finished": self.days_ago(self.random.uniform(90, 1000)),
                "running": self.days_ago(self.random.uniform(8, 40)),
                "cancelled": self.days_ago(self.random.uniform(-60, 400)),
            }.get(status, self.days_ago(-self.random.uniform(14, 120)))
            first = first.replace(hour=17, minute=0, second=0)
            capacity = programme.max_participants
            opens = (first - datetime.timedelta(days=60)).date()
            cohorts.append(
                (
                    ids[i],
                    programme.pk,
                    org,
                    f"{programme.name} · hold {i + 1}",
                    "",
                    i % 5 == 0,
                    "" if i % 5 == 0 else "Kulturhuset",
                    "" if i % 5 == 0 else "Vestergade 1",
                    None if i % 5 == 0 else self.random.choice(self.town_ids),
                    "Link kommer på mail." if i % 5 == 0 else "",
                    "da",
                    capacity,
                    programme.completion_min_sessions,
                    opens,
                    first.date() - datetime.timedelta(days=3),
                    first.date(),
                    first.weekday(),
                    datetime.time(17, 0),
                    programme.session_minutes,
                    [],
                    status,
                    self.now if status != "finished" else first + datetime.timedelta(days=70),
                    first - datetime.timedelta(days=70),
                )
            )
            pool = guides_by_org[org]
            for guide in {pool[(i * 2) % len(pool)], pool[(i * 2 + 1) % len(pool)]}:
                facilitators.append((ids[i], guide))
            numbers = range(0 if programme.has_information_meeting else 1,
                            programme.default_sessions + 1)  # fmt: skip
            session_ids = self.ids.take(CohortSession, len(numbers))
            plan = []
            for sid, number in zip(session_ids, numbers, strict=True):
                starts = first + datetime.timedelta(weeks=number)
                ends = starts + datetime.timedelta(minutes=programme.session_minutes)
                sessions.append((sid, ids[i], number, "", starts, ends, "planned"))
                plan.append((sid, starts, number))
            session_plan.append((ids[i], org, status, capacity, plan, first))
            if status != "draft":
                history.append((ids[i], "draft", "open", first - datetime.timedelta(days=60), ""))
        self.writer.insert(
            Cohort,
            [
                "id",
                "programme_id",
                "organisation_id",
                "title",
                "description",
                "is_online",
                "venue",
                "address",
                "municipality_id",
                "online_details",
                "language",
                "capacity",
                "completion_min_sessions",
                "signup_opens",
                "signup_closes",
                "first_date",
                "weekday",
                "start_time",
                "session_minutes",
                "skip_dates",
                "status",
                "status_changed_at",
                "created_at",
            ],  # fmt: skip
            cohorts,
        )
        through = Cohort.facilitators.through
        self.writer.insert(
            through, ["id", "cohort_id", "peerguide_id"], _numbered(self.ids, through, facilitators)
        )
        self.writer.insert(
            CohortSession,
            ["id", "cohort_id", "number", "title", "starts_at", "ends_at", "status"],
            sessions,
        )
        self.writer.insert(
            CohortStatusChange,
            ["id", "cohort_id", "from_status", "to_status", "at", "note"],
            _numbered(self.ids, CohortStatusChange, history),
        )

        # Enrollments: spread over cohorts that take sign-ups, distinct participants per cohort.
        takers = [c for c in session_plan if c[2] != "draft"] or session_plan
        total = self.n["enrollments"]
        enrollment_ids = self.ids.take(Enrollment, total)
        enrollments, attendance = [], []
        k = 0
        for index, (cohort_id, org, status, capacity, plan, first) in enumerate(takers):
            want = total // len(takers) + (1 if index < total % len(takers) else 0)
            people = people_by_org[org]
            start = self.random.randrange(len(people))
            chosen = [people[(start + j) % len(people)] for j in range(min(want, len(people)))]
            for position, pid in enumerate(chosen):
                signed = first - datetime.timedelta(days=self.random.uniform(5, 50))
                confirmed = signed + datetime.timedelta(hours=1)
                seat = position < capacity
                estatus = {
                    "finished": "completed" if position % 5 else "not_completed",
                    "running": "enrolled",
                    "cancelled": "withdrawn",
                }.get(status, "enrolled")
                if not seat:
                    estatus = "waitlisted" if status == "open" else "withdrawn"
                if status == "open" and position % 11 == 10:
                    estatus = "pending"
                enrolled_at = (
                    confirmed if estatus in ("enrolled", "completed", "not_completed") else None
                )
                enrollments.append(
                    (
                        enrollment_ids[k],
                        cohort_id,
                        pid,
                        estatus,
                        signed,
                        confirmed if estatus != "pending" else None,
                        confirmed if estatus == "waitlisted" else None,
                        enrolled_at,
                        confirmed + datetime.timedelta(days=1) if estatus == "withdrawn" else None,
                        "",
                    )
                )
                if estatus in ("completed", "not_completed", "enrolled"):
                    for sid, starts, number in plan:
                        if starts < self.now and number > 0:
                            present = estatus == "completed" or self.random.random() < 0.5
                            attendance.append(
                                (sid, enrollment_ids[k], "present" if present else "absent", starts)
                            )
                k += 1
        self.writer.insert(
            Enrollment,
            [
                "id",
                "cohort_id",
                "participant_id",
                "status",
                "created_at",
                "confirmed_at",
                "waitlisted_at",
                "enrolled_at",
                "withdrawn_at",
                "result_override_reason",
            ],  # fmt: skip
            enrollments,
        )
        self.writer.insert(
            Attendance,
            ["id", "session_id", "enrollment_id", "status", "recorded_at"],
            _numbered(self.ids, Attendance, attendance),
        )
        self.log("cohorts")

    # --- notifications ----------------------------------------------------------------------------

    def notifications(self):
        from matching.models import Meeting
        from notifications.models import Notification

        n = self.n["notifications"]
        meeting_type = ContentType.objects.get_for_model(Meeting).pk
        ids = self.ids.take(Notification, n)
        first_meeting = Meeting.objects.order_by("pk").values_list("pk", flat=True).first() or 1
        statuses = ["sent"] * 90 + ["pending"] * 3 + ["cancelled"] * 5 + ["failed"] * 2

        def rows():
            for i in range(n):
                meeting_id = first_meeting + i // 2
                guide_side = i % 2 == 0
                kind = (
                    "matching.meeting_reminder_guide"
                    if guide_side
                    else "matching.meeting_reminder_participant"
                )
                recipient = f"{'guide' if guide_side else 'p'}{i % 997 + 1}@bench.test"
                due = self.days_ago(1 + (n - i) * 1000 / max(n, 1))
                status = statuses[i % len(statuses)]
                slot = due.astimezone(datetime.UTC).isoformat()
                yield (
                    ids[i],
                    recipient,
                    "email",
                    kind,
                    "reminder",
                    meeting_type,
                    str(meeting_id),
                    "da",
                    due,
                    status,
                    1 if status in ("sent", "failed") else 0,
                    "SMTP 451: prøv igen senere" if status == "failed" else "",
                    due if status == "pending" else None,
                    due + datetime.timedelta(seconds=30) if status == "sent" else None,
                    due - datetime.timedelta(hours=1),
                    "Påmindelse: I mødes i morgen",
                    "Hej\n\nDette er en påmindelse om jeres møde i morgen.\n\nVenlig hilsen\n",
                    "<p>Hej</p><p>Dette er en påmindelse om jeres møde i morgen.</p>",
                    f"{kind}|matching.meeting:{meeting_id}|{recipient}|{slot}|{i}",
                )

        self.writer.insert(
            Notification,
            [
                "id",
                "recipient",
                "channel",
                "kind",
                "category",
                "content_type_id",
                "object_id",
                "language",
                "due_at",
                "status",
                "attempts",
                "last_error",
                "next_attempt_at",
                "sent_at",
                "created_at",
                "subject",
                "body_text",
                "body_html",
                "idempotency_key",
            ],  # fmt: skip
            rows(),
        )
        self.log("notifications")


def _numbered(ids: Ids, model, rows: Iterable[tuple]) -> list[tuple]:
    """Prefix each row with the next primary key of `model`."""
    rows = list(rows)
    return [(pk, *row) for pk, row in zip(ids.take(model, len(rows)), rows, strict=True)]

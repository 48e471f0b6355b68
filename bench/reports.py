"""How the report pages scale: generate a data set on PostgreSQL, time each page's selectors,
and time the same main figures computed naively in Python over the rows (the baseline).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peerplatform .venv/bin/python bench/reports.py
    ... --participants 2000 --guides 200 --meetings 100000 --cohorts 50   # a smaller run

Prints one JSON object: the sizes, seconds to generate, per page the seconds and query count of
the database selectors, and per page the seconds of the naive Python baseline.
"""

import argparse
import datetime
import statistics

from _django import emit, test_database, timer


def generate(args, results):
    from django.db import connection
    from django.utils import timezone

    from core.models import Municipality, Organisation, User
    from courses.models import Cohort, CohortSession, Enrollment, Programme
    from matching.models import Match, SupportRequest
    from participants.models import Participant
    from volunteers.models import PeerGuide

    now = timezone.now()
    day = datetime.timedelta(days=1)
    towns = list(Municipality.objects.order_by("pk"))
    orgs = [
        Organisation.objects.create(name=f"Bench {i}", municipality=towns[i * 7]) for i in range(2)
    ]
    unusable = "!"  # an unusable password hash: nobody logs in as a bench guide
    users = User.objects.bulk_create(
        User(email=f"guide{i}@bench.test", password=unusable) for i in range(args.guides)
    )
    guides = PeerGuide.objects.bulk_create(
        PeerGuide(
            user=u,
            organisation=orgs[i % 2],
            status="active" if i % 5 else "applied",
            employment="paid" if i % 7 == 0 else "volunteer",
            created_at=now - (i % 700) * day,
        )
        for i, u in enumerate(users)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO volunteers_guidestatuschange (guide_id, from_status, to_status, at, note)"
            " SELECT id, 'in_training', 'active', created_at + interval '30 days', ''"
            " FROM volunteers_peerguide WHERE status = 'active'"
        )
    participants = Participant.objects.bulk_create(
        (
            Participant(
                organisation=orgs[i % 2],
                first_name=f"P{i}",
                email=f"p{i}@bench.test",
                municipality=towns[i % len(towns)],
                created_at=now - (i % 720) * day,
            )
            for i in range(args.participants)
        ),
        batch_size=5000,
    )
    requests = SupportRequest.objects.bulk_create(
        (
            SupportRequest(
                organisation=p.organisation,
                participant=p,
                status="waiting" if i % 4 == 0 else "matched",
                confirmed_at=now - (i % 720) * day,
                submitted_at=now - (i % 720) * day,
            )
            for i, p in enumerate(participants)
        ),
        batch_size=5000,
    )
    org_guides = {o.pk: [g for g in guides if g.organisation_id == o.pk] for o in orgs}
    matches = []
    for i, r in enumerate(requests):
        if r.status == "waiting":
            continue
        start = r.confirmed_at + (5 + i % 40) * day
        ended = start + (60 + i % 200) * day
        is_ended = ended < now
        matches.append(
            Match(
                organisation_id=r.organisation_id,
                request=r,
                guide=org_guides[r.organisation_id][i % len(org_guides[r.organisation_id])],
                status="ended" if is_ended else "active",
                proposed_at=start - 2 * day,
                started_at=start,
                ended_at=ended if is_ended else None,
                closure_reason="goals_reached" if is_ended else "",
            )
        )
    Match.objects.bulk_create(matches, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM matching_match")
        low, high = cursor.fetchone()
        cursor.execute(
            "INSERT INTO matching_meeting (match_id, status, starts_at, place, mode,"
            " duration_minutes, themes, note, created_at, updated_at)"
            " SELECT m.id, CASE WHEN g %% 7 = 0 THEN 'cancelled' ELSE 'held' END,"
            " m.started_at + (((g / %s) * 9) %% 400) * interval '1 day',"
            " '', 'in_person', 30 + (g %% 4) * 30, '[]'::jsonb, '', now(), now()"
            " FROM generate_series(0, %s - 1) g"
            " JOIN matching_match m ON m.id = %s + g %% %s",
            [high - low + 1, args.meetings, low, high - low + 1],
        )
        cursor.execute(
            "INSERT INTO participants_consent (participant_id, purpose, text_version, given_at,"
            " given_orally)"
            " SELECT id, 'evaluation', 'bench', created_at, false FROM participants_participant"
            " WHERE id %% 10 < 7",
            [],
        )
        cursor.execute(
            "INSERT INTO participants_wellbeingmeasurement (participant_id, organisation_id,"
            " source, source_id, timepoint, due_at, status, invited_at, answered_at,"
            " item1, item2, item3, item4, item5, raw_score)"
            " SELECT r.participant_id, m.organisation_id, 'match', m.id, t.tp,"
            " CASE WHEN t.tp = 'start' THEN m.started_at ELSE m.ended_at END,"
            " CASE WHEN m.id %% 5 = 0 THEN 'pending' ELSE 'answered' END,"
            " m.started_at, m.started_at, 2, 2, 2, 2, 2 + (m.id + t.n) %% 4,"
            " 10 + (m.id + t.n) %% 4"
            " FROM matching_match m JOIN matching_supportrequest r ON r.id = m.request_id"
            " CROSS JOIN (VALUES ('start', 0), ('end', 3)) AS t(tp, n)"
            " WHERE t.tp = 'start' OR m.ended_at IS NOT NULL",
            [],
        )
        cursor.execute(
            "UPDATE participants_wellbeingmeasurement SET answered_at = NULL, item1 = NULL,"
            " item2 = NULL, item3 = NULL, item4 = NULL, item5 = NULL, raw_score = NULL"
            " WHERE status = 'pending'"
        )
    programmes = list(Programme.objects.order_by("pk"))
    cohorts = []
    for i in range(args.cohorts):
        first = (now - (i % 700) * day).date()
        programme = programmes[i % len(programmes)]
        cohorts.append(
            Cohort(
                programme=programme,
                organisation=orgs[i % 2],
                title=f"Hold {i}",
                first_date=first,
                weekday=first.weekday(),
                start_time=datetime.time(17),
                status="finished" if first < (now - 60 * day).date() else "running",
                capacity=12,
                completion_min_sessions=4,
                session_minutes=120,
            )
        )
    Cohort.objects.bulk_create(cohorts)
    sessions, through = [], Cohort.facilitators.through
    links = []
    for i, c in enumerate(cohorts):
        start = datetime.datetime.combine(c.first_date, c.start_time, tzinfo=datetime.UTC)
        for n in range(1, 9):
            at = start + (n - 1) * 7 * day
            sessions.append(
                CohortSession(
                    cohort=c,
                    number=n,
                    starts_at=at,
                    ends_at=at + datetime.timedelta(hours=2),
                )
            )
        pool = org_guides[c.organisation_id]
        links += [
            through(cohort_id=c.pk, peerguide_id=pool[(i * 2 + k) % len(pool)].pk) for k in range(2)
        ]
    CohortSession.objects.bulk_create(sessions, batch_size=5000)
    through.objects.bulk_create(links, ignore_conflicts=True)
    enrollments = Enrollment.objects.bulk_create(
        (
            Enrollment(
                cohort=c,
                participant=participants[(i * 10 + k) % len(participants)],
                status="completed"
                if c.status == "finished" and k % 4
                else "not_completed"
                if c.status == "finished"
                else "enrolled",
            )
            for i, c in enumerate(cohorts)
            for k in range(10)
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO courses_attendance (session_id, enrollment_id, status, recorded_at)"
            " SELECT s.id, e.id, CASE WHEN (s.id + e.id) %% 5 = 0 THEN 'absent' ELSE 'present'"
            " END, s.starts_at FROM courses_enrollment e"
            " JOIN courses_cohortsession s ON s.cohort_id = e.cohort_id WHERE s.starts_at < now()",
            [],
        )
        cursor.execute("ANALYZE")
    from reports import rollup

    rollup.rebuild()  # the meetings were written with INSERT: no signals
    results["rows"] = {
        "participants": len(participants),
        "guides": len(guides),
        "matches": len(matches),
        "meetings": args.meetings,
        "cohorts": len(cohorts),
        "enrollments": len(enrollments),
    }
    return orgs


# --- The naive baseline: the same main figures, computed in Python over the rows ------------


def naive(area, period, scope):
    from django.utils import timezone

    from courses.models import Attendance, CohortSession
    from matching.models import Match, Meeting, SupportRequest
    from participants.models import Consent, WellBeingMeasurement

    orgs = set(scope.organisation_ids)
    start, end = period.start_at, period.end_at

    def inside(value):
        return value is not None and start <= value < end

    def meetings():
        held = [
            m
            for m in Meeting.objects.select_related("match").all()
            if m.match.organisation_id in orgs and m.status == "held" and inside(m.starts_at)
        ]
        return {"held": len(held), "hours": sum(m.duration_minutes for m in held) / 60}

    def matches():
        rows = [m for m in Match.objects.all() if m.organisation_id in orgs]
        active = [
            m
            for m in rows
            if m.started_at and m.started_at < end and (not m.ended_at or m.ended_at >= start)
        ]
        lengths = [
            (m.ended_at - m.started_at).days
            for m in rows
            if m.status == "ended" and inside(m.ended_at)
        ]
        waits = [
            (m.proposed_at - m.request.confirmed_at).days
            for m in Match.objects.select_related("request")
            if m.organisation_id in orgs and inside(m.proposed_at)
        ]
        return {
            "active": len(active),
            "median_length": statistics.median(lengths) if lengths else None,
            "median_wait": statistics.median(waits) if waits else None,
        }

    def trend():
        months = {}
        for r in SupportRequest.objects.all():
            if r.organisation_id in orgs and inside(r.confirmed_at):
                key = r.confirmed_at.strftime("%Y-%m")
                months[key] = months.get(key, 0) + 1
        for m in Meeting.objects.select_related("match"):
            if m.match.organisation_id in orgs and m.status == "held" and inside(m.starts_at):
                key = m.starts_at.strftime("%Y-%m")
                months[key] = months.get(key, 0) + 1
        return months

    def courses():
        present = marked = 0
        for a in Attendance.objects.select_related("session__cohort"):
            s = a.session
            if s.cohort.organisation_id in orgs and inside(s.starts_at):
                marked += 1
                present += a.status == "present"
        sessions = [
            s
            for s in CohortSession.objects.select_related("cohort")
            if s.cohort.organisation_id in orgs and inside(s.starts_at)
        ]
        return {"rate": present / marked if marked else None, "sessions": len(sessions)}

    def wellbeing():
        consenting = set(
            Consent.objects.filter(purpose="evaluation", withdrawn_at=None).values_list(
                "participant_id", flat=True
            )
        )
        rows = [
            m
            for m in WellBeingMeasurement.objects.all()
            if m.organisation_id in orgs and inside(m.due_at)
        ]
        answered = [m for m in rows if m.status == "answered" and m.participant_id in consenting]
        starts = {
            (m.participant_id, m.source_id): m.raw_score for m in answered if m.timepoint == "start"
        }
        changes = [
            4 * (m.raw_score - starts[(m.participant_id, m.source_id)])
            for m in answered
            if m.timepoint == "end" and (m.participant_id, m.source_id) in starts
        ]
        return {"mean_change": statistics.mean(changes) if changes else None}

    def participants():
        helped = {}
        for m in Match.objects.select_related("request__participant__municipality"):
            if (
                m.organisation_id in orgs
                and m.started_at
                and m.started_at < end
                and (not m.ended_at or m.ended_at >= start)
            ):
                p = m.request.participant
                helped[p.pk] = p.municipality.name if p.municipality else ""
        counts = {}
        for town in helped.values():
            counts[town] = counts.get(town, 0) + 1
        return counts

    def guides():
        from volunteers.models import PeerGuide

        counts = {}
        for g in PeerGuide.objects.all():
            if g.organisation_id in orgs:
                counts[(g.status, g.employment)] = counts.get((g.status, g.employment), 0) + 1
        return counts

    def activities():
        from activities.models import Occurrence

        now = timezone.now()
        held = [
            o
            for o in Occurrence.objects.select_related("activity")
            if o.activity.organisation_id in orgs
            and o.cancelled_at is None
            and inside(o.starts_at)
            and o.starts_at < now
        ]
        return {"held": len(held), "attendances": sum(o.attendance_count or 0 for o in held)}

    return {
        "overview": lambda: (meetings(), matches(), trend(), courses(), wellbeing(), activities()),
        "activities": activities,
        "guides": guides,
        "support": lambda: (meetings(), matches(), trend()),
        "courses": courses,
        "wellbeing": wellbeing,
        "participants": participants,
    }[area]()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--guides", type=int, default=2_000)
    parser.add_argument("--meetings", type=int, default=1_000_000)
    parser.add_argument("--cohorts", type=int, default=500)
    parser.add_argument("--skip-naive", action="store_true", help="time only the selectors")
    args = parser.parse_args()

    with test_database():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from reports import pages
        from reports.forms import last_twelve_months
        from reports.selectors import Scope

        results = {"database": connection.vendor}
        with timer(results, "seconds_to_generate"):
            orgs = generate(args, results)
        period = last_twelve_months(timezone.localdate())
        scope = Scope(organisation_ids=tuple(o.pk for o in orgs))
        results["selectors_seconds"], results["selectors_queries"] = {}, {}
        results["naive_python_seconds"] = {}
        for area, build in pages.BUILDERS.items():
            with CaptureQueriesContext(connection) as queries:
                with timer(results["selectors_seconds"], area):
                    build(period, scope)
            results["selectors_queries"][area] = len(queries.captured_queries)
        if not args.skip_naive:
            for area in pages.BUILDERS:
                with timer(results["naive_python_seconds"], area):
                    naive(area, period, scope)
        emit(results)


if __name__ == "__main__":
    main()

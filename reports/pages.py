"""What each report page shows: key figures, charts (each with its table) and tables, built
from the selectors, with small cells suppressed. The same objects feed the HTML page and the
CSV/XLSX exports, so an export never shows more than the page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates
from core.choices import Gender, PeerSupportForm
from reports import selectors
from reports.suppression import SUPPRESSED, cell, column, over
from volunteers.models import PeerGuide

AREAS = {
    "overview": gettext_lazy("Overview"),
    "guides": gettext_lazy("Peer guides"),
    "support": gettext_lazy("One-to-one support"),
    "courses": gettext_lazy("Courses"),
    "activities": gettext_lazy("Group activities"),
    "wellbeing": gettext_lazy("Well-being (WHO-5)"),
    "participants": gettext_lazy("Participants"),
}


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]


@dataclass
class Chart:
    key: str
    kind: str  # "line" or "bar"
    title: str
    table: Table
    series: list[int] = field(default_factory=list)  # which table columns are datasets

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def data(self) -> dict:
        return {
            "type": self.kind,
            "labels": [str(row[0]) for row in self.table.rows],
            "datasets": [
                {
                    "label": str(self.table.columns[i]),
                    "data": [
                        None if row[i] in (None, SUPPRESSED) else row[i] for row in self.table.rows
                    ],
                }
                for i in self.series
            ],
        }


@dataclass
class Page:
    area: str
    title: str
    figures: list[tuple[str, object]]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def all_tables(self) -> list[Table]:
        figures = Table("figures", _("Key figures"), [_("Figure"), _("Value")], self.figures)
        return [figures] + [c.table for c in self.charts] + self.tables


def _month(day) -> str:
    return dates.month(day)


def _trend_charts(trend: list[dict], *, cohorts=True, one_to_one=True) -> list[Chart]:
    charts = []
    if one_to_one:
        charts.append(
            Chart(
                "trend",
                "line",
                _("Requests, matches and meetings per month"),
                Table(
                    "trend",
                    _("Requests, matches and meetings per month"),
                    [_("Month"), _("Requests received"), _("Matches started"), _("Meetings held")],
                    [
                        [_month(m["month"]), m["requests"], m["matches"], m["meetings"]]
                        for m in trend
                    ],
                ),
                series=[1, 2, 3],
            )
        )
    charts.append(
        Chart(
            "hours",
            "bar",
            _("Hours per month"),
            Table(
                "hours",
                _("Hours per month"),
                [_("Month"), _("One-to-one meeting hours"), _("Facilitated cohort hours")],
                [[_month(m["month"]), m["meeting_hours"], m["cohort_hours"]] for m in trend],
            ),
            series=[1, 2] if (cohorts and one_to_one) else ([1] if one_to_one else [2]),
        )
    )
    return charts


def _wellbeing_chart(w: dict) -> Chart:
    return Chart(
        "who5",
        "bar",
        _("WHO-5 before and after (mean percentage score 0-100)"),
        Table(
            "who5",
            _("WHO-5 before and after (mean percentage score 0-100)"),
            [_("Time point"), _("Mean score"), _("Answers")],
            [
                [_("At the start"), over(w["start_mean"], w["start_n"]), w["start_n"]],
                [_("At the end"), over(w["end_mean"], w["end_n"]), w["end_n"]],
                [
                    _("3 months after the end"),
                    over(w["follow_up_mean"], w["follow_up_n"]),
                    w["follow_up_n"],
                ],
                [_("Start, paired"), over(w["paired_before"], w["pairs"]), w["pairs"]],
                [_("End, paired"), over(w["paired_after"], w["pairs"]), w["pairs"]],
            ],
        ),
        series=[1],
    )


def _wellbeing_figures(w: dict) -> list[tuple[str, object]]:
    return [
        (_("WHO-5 invitations"), w["invited"]),
        (_("WHO-5 response rate (%)"), w["response_rate"]),
        (_("WHO-5 mean at the start"), over(w["start_mean"], w["start_n"])),
        (_("WHO-5 mean at the end"), over(w["end_mean"], w["end_n"])),
        (_("WHO-5 mean change (points)"), over(w["mean_change"], w["pairs"])),
        (_("Share improved by 10 points or more (%)"), over(w["improved_share"], w["pairs"])),
        (_("Share worsened by 10 points or more (%)"), over(w["worsened_share"], w["pairs"])),
    ]


def overview(period, scope) -> Page:
    s = selectors.support_figures(period, scope)
    c = selectors.course_figures(period, scope)
    w = selectors.wellbeing_figures(period, scope)
    a = selectors.activity_figures(period, scope)
    helped = selectors.helped_participants(period, scope).count()
    trend = selectors.monthly_trend(period, scope)
    figures = [
        (_("Participants helped"), helped),
        (_("Requests received"), s["requests_received"]),
        (_("Waiting now"), s["waiting_now"]),
        (_("Median days from request to match"), s["median_days_to_match"]),
        (_("Matches started"), s["matches_started"]),
        (_("Matches active"), s["matches_active"]),
        (_("Meetings held"), s["meetings_held"]),
        (_("One-to-one meeting hours"), s["meeting_hours"]),
        (_("Cohorts run"), c["cohorts_run"]),
        (_("Facilitated cohort hours"), c["facilitated_hours"]),
        (_("Group activity dates held"), a["held"]),
        (_("Attendances at group activities"), a["attendances"]),
        (
            _("Volunteer hours"),
            round(
                s["volunteer_meeting_hours"]
                + c["volunteer_facilitated_hours"]
                + a["volunteer_hours"],
                1,
            ),
        ),
        (_("WHO-5 mean change (points)"), over(w["mean_change"], w["pairs"])),
    ]
    charts = _trend_charts(trend, cohorts=scope.cohorts, one_to_one=scope.one_to_one)
    charts.append(_wellbeing_chart(w))
    return Page("overview", str(AREAS["overview"]), figures, charts)


def _share_column(counts: list[int], total: int) -> list:
    """Shares in percent of `total`, hidden where the count itself is hidden."""
    shown = column(counts)
    return [
        None if n == SUPPRESSED or total < 5 else selectors._ratio(raw, total)
        for raw, n in zip(counts, shown, strict=True)
    ]


def exit_survey_tables(survey: dict) -> list[Table]:
    answers = [a["n"] for a in survey["answers"]]
    ratings = [r["n"] for r in survey["ratings"]] + [survey["no_rating"]]
    total = survey["n"]
    answer_table = Table(
        "exit_survey",
        _("Exit survey: has the peer support made a difference? (participants)"),
        [_("Answer"), _("Participants"), _("Share (%)")],
        [
            [a["label"], n, share]
            for a, n, share in zip(
                survey["answers"], column(answers), _share_column(answers, total), strict=True
            )
        ]
        + [[_("Answers in all"), cell(total), None]],
    )
    rating_labels = [str(r["value"]) for r in survey["ratings"]] + [_("No rating given")]
    rating_table = Table(
        "exit_rating",
        _("Exit survey: how much did the peer support help? (1 = not at all, 5 = very much)"),
        [_("Rating"), _("Participants"), _("Share (%)")],
        [
            [label, n, share]
            for label, n, share in zip(
                rating_labels, column(ratings), _share_column(ratings, total), strict=True
            )
        ],
    )
    return [answer_table, rating_table]


def _quarter(day) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


def checkin_table(checkins: list[dict]) -> Table:
    return Table(
        "checkins",
        _("Peer guides' own well-being check-ins per quarter"),
        [
            _("Organisation"),
            _("Quarter"),
            _("Check-ins"),
            _("Share answering “very hard” or “a bit hard” (%)"),
        ],
        [
            [c["organisation"], _quarter(c["quarter"]), cell(c["n"]), over(c["low_share"], c["n"])]
            for c in checkins
        ],
    )


def guides(period, scope) -> Page:
    g = selectors.guide_figures(period, scope)
    labels = dict(PeerGuide.Status.choices)
    figures = [
        (_("New applications"), g["applications"]),
        (_("Guides activated for the first time"), g["activated"]),
        (_("Median days from application to active"), g["median_days_to_active"]),
        (_("Active volunteer guides now"), g["active_volunteers"]),
        (_("Active paid guides now"), g["active_paid"]),
    ]
    chart = Chart(
        "guides",
        "bar",
        _("Peer guides by status and employment, now"),
        Table(
            "guides",
            _("Peer guides by status and employment, now"),
            [_("Status"), _("Volunteer"), _("Paid")],
            [[str(labels[r["status"]]), r["volunteer"], r["paid"]] for r in g["by_status"]],
        ),
        series=[1, 2],
    )
    checkins = checkin_table(selectors.guide_checkins(period, scope))
    return Page("guides", str(AREAS["guides"]), figures, [chart], [checkins])


def support(period, scope) -> Page:
    s = selectors.support_figures(period, scope)
    trend = selectors.monthly_trend(period, scope)
    waits = selectors.waiting_distribution(period, scope)
    figures = [
        (_("Requests received"), s["requests_received"]),
        (_("Waiting now"), s["waiting_now"]),
        (_("Requests matched"), s["matched"]),
        (_("Median days from request to match"), s["median_days_to_match"]),
        (_("Matches started"), s["matches_started"]),
        (_("Matches active"), s["matches_active"]),
        (_("Matches ended"), s["matches_ended"]),
        (_("Median match length (days)"), s["median_match_days"]),
        (_("Meetings held"), s["meetings_held"]),
        (_("One-to-one meeting hours"), s["meeting_hours"]),
        (_("of which by volunteers"), s["volunteer_meeting_hours"]),
    ]
    charts = _trend_charts(trend, cohorts=False, one_to_one=True)
    charts.append(
        Chart(
            "waiting",
            "bar",
            _("Days from request to match"),
            Table(
                "waiting",
                _("Days from request to match"),
                [_("Days"), _("Requests")],
                [[w["bucket"], w["n"]] for w in waits],
            ),
            series=[1],
        )
    )
    reasons = [r for r in s["closure_reasons"]]
    closure = Table(
        "closure",
        _("Matches ended, by closure reason"),
        [_("Closure reason"), _("Matches")],
        [[r["label"], n] for r, n in zip(reasons, column([r["n"] for r in reasons]), strict=True)],
    )
    sources = selectors.requests_by_source(period, scope)
    by_source = Table(
        "source",
        _("Requests received, by source"),
        [_("Came in by"), _("Requests")],
        [[r["label"], n] for r, n in zip(sources, column([r["n"] for r in sources]), strict=True)],
    )
    survey = exit_survey_tables(selectors.exit_survey(period, scope))
    from reports.goals import goal_table  # goal attainment (issue 19), kept in its own module

    tables = [closure, by_source, *survey, goal_table(period, scope)]
    return Page("support", str(AREAS["support"]), figures, charts, tables)


def courses(period, scope) -> Page:
    c = selectors.course_figures(period, scope)
    trend = selectors.monthly_trend(period, scope)
    rows = c["per_programme"]
    enrollments = column([r["enrollments"] for r in rows])
    figures = [
        (_("Cohorts run"), c["cohorts_run"]),
        (_("Sessions held"), c["sessions_held"]),
        (_("Enrollments"), c["enrollments"]),
        (_("Attendance rate (%)"), c["attendance_rate"]),
        (_("Completion rate (%)"), c["completion_rate"]),
        (_("Session hours"), c["session_hours"]),
        (_("Facilitated cohort hours"), c["facilitated_hours"]),
        (_("of which by volunteers"), c["volunteer_facilitated_hours"]),
    ]
    chart = Chart(
        "programmes",
        "bar",
        _("Attendance and completion per programme (%)"),
        Table(
            "programmes",
            _("Attendance and completion per programme (%)"),
            [
                _("Programme"),
                _("Attendance rate (%)"),
                _("Completion rate (%)"),
                _("Cohorts run"),
                _("Enrollments"),
            ],
            [
                [
                    r["programme"],
                    over(r["attendance_rate"], r["enrollments"]),
                    over(r["completion_rate"], r["finished"]),
                    r["cohorts"],
                    n,
                ]
                for r, n in zip(rows, enrollments, strict=True)
            ],
        ),
        series=[1, 2],
    )
    charts = [chart] + _trend_charts(trend, cohorts=True, one_to_one=False)
    return Page("courses", str(AREAS["courses"]), figures, charts)


def activities(period, scope) -> Page:
    """Volunteer-run group activities: dates held, attendances and hours, and each activity."""
    a = selectors.activity_figures(period, scope)
    rows = selectors.activity_rows(period, scope)
    figures = [
        (_("Activities with a date held"), a["activities"]),
        (_("Group activity dates held"), a["held"]),
        (_("Attendances at group activities"), a["attendances"]),
        (_("Host hours"), a["host_hours"]),
        (_("of which by volunteers"), a["volunteer_hours"]),
    ]
    table = Table(
        "activities",
        _("Dates held and attendances per activity"),
        [_("Activity"), _("Dates held"), _("Attendances")],
        [
            [r["activity__title"], r["held"], n]
            for r, n in zip(rows, column([r["attendances"] or 0 for r in rows]), strict=True)
        ],
    )
    title = _("Group activity dates held and attendances per month")
    chart = Chart(
        "activity_months",
        "bar",
        title,
        Table(
            "activity_months",
            title,
            [_("Month"), _("Dates held"), _("Attendances")],
            [
                [_month(m["month"]), m["held"], m["attendances"]]
                for m in selectors.activity_months(period, scope)
            ],
        ),
        series=[1, 2],
    )
    return Page("activities", str(AREAS["activities"]), figures, [chart], [table])


def _group_label(breakdown: str, group) -> str:
    if breakdown == "all":
        return _("All")
    if breakdown == "programme":
        return group or _("One-to-one support")
    if breakdown == "form":
        return str(dict(PeerSupportForm.choices).get(group, _("Not stated")))
    return group or _("Unknown")


BREAKDOWN_LABELS = {
    "all": gettext_lazy("All"),
    "programme": gettext_lazy("Programme"),
    "form": gettext_lazy("Form of peer support"),
    "organisation": gettext_lazy("Organisation"),
}


def _change_rows(changes: dict) -> list[tuple[str, str, dict]]:
    """(breakdown, group label, row) for all pairs, then each breakdown in turn."""
    rows = [("all", _group_label("all", None), changes["all"])]
    for breakdown in selectors.BREAKDOWNS:
        rows += [(breakdown, _group_label(breakdown, r["group"]), r) for r in changes[breakdown]]
    return rows


def _change_table(key: str, title: str, changes: dict) -> Table:
    rows = []
    for breakdown in ("all", *selectors.BREAKDOWNS):
        group_rows = [r for r in _change_rows(changes) if r[0] == breakdown]
        counts = column([r["n"] for _b, _g, r in group_rows])
        for (_b, label, r), n in zip(group_rows, counts, strict=True):
            rows.append(
                [
                    str(BREAKDOWN_LABELS[breakdown]),
                    label,
                    n,
                    *[
                        over(r[name], r["n"])
                        for name in (
                            "mean_change",
                            "ci_low",
                            "ci_high",
                            "improved_share",
                            "worsened_share",
                            "poor_before_share",
                            "poor_after_share",
                            "depressed_before_share",
                            "depressed_after_share",
                        )
                    ],
                ]
            )
    return Table(
        key,
        title,
        [
            _("Breakdown"),
            _("Group"),
            _("Pairs"),
            _("Mean change (points)"),
            _("95 % CI from"),
            _("95 % CI to"),
            _("Improved ≥ 10 (%)"),
            _("Worsened ≥ 10 (%)"),
            _("≤ 50 at the start (%)"),
            _("≤ 50 after (%)"),
            _("≤ 28 at the start (%)"),
            _("≤ 28 after (%)"),
        ],
        rows,
    )


def _change_chart(changes: dict) -> Chart:
    later = {
        later: {(b, label): r for b, label, r in _change_rows(changes[later])}
        for later in ("end", "follow_up")
    }
    keys = list(dict.fromkeys([*later["end"], *later["follow_up"]]))

    def mean(which, key):
        r = later[which].get(key)
        return over(r["mean_change"], r["n"]) if r else None

    return Chart(
        "who5_change",
        "bar",
        _("Mean change in WHO-5 from the start (percentage points)"),
        Table(
            "who5_change",
            _("Mean change in WHO-5 from the start (percentage points)"),
            [_("Group"), _("Start to end"), _("Start to 3 months after")],
            [
                [
                    label if b == "all" else f"{BREAKDOWN_LABELS[b]}: {label}",
                    mean("end", (b, label)),
                    mean("follow_up", (b, label)),
                ]
                for b, label in keys
            ],
        ),
        series=[1, 2],
    )


def wellbeing(period, scope) -> Page:
    w = selectors.wellbeing_figures(period, scope)
    changes = selectors.change_scores(period, scope)
    end, follow_up = changes["end"]["all"], changes["follow_up"]["all"]
    figures = _wellbeing_figures(w) + [
        (_("Answered"), w["answered"]),
        (_("Declined"), w["declined"]),
        (_("Pairs, start to 3 months after"), cell(follow_up["n"])),
        (
            _("WHO-5 mean change, start to 3 months after (points)"),
            over(follow_up["mean_change"], follow_up["n"]),
        ),
        (
            _("Poor well-being (≤ 50) at the start, paired (%)"),
            over(end["poor_before_share"], end["n"]),
        ),
        (
            _("Poor well-being (≤ 50) at the end, paired (%)"),
            over(end["poor_after_share"], end["n"]),
        ),
    ]
    charts = [_wellbeing_chart(w), _change_chart(changes)]
    tables = [
        _change_table("who5_change_end", _("Change from the start to the end"), changes["end"]),
        _change_table(
            "who5_change_follow_up",
            _("Change from the start to 3 months after the end"),
            changes["follow_up"],
        ),
    ]
    return Page("wellbeing", str(AREAS["wellbeing"]), figures, charts, tables)


def participants(period, scope) -> Page:
    p = selectors.participant_figures(period, scope)
    regions = p["by_region"]
    municipalities = p["by_municipality"]
    chart = Chart(
        "regions",
        "bar",
        _("Participants helped by region"),
        Table(
            "regions",
            _("Participants helped by region"),
            [_("Region"), _("Participants")],
            [
                [r["region"] or _("Unknown"), n]
                for r, n in zip(regions, column([r["n"] for r in regions]), strict=True)
            ],
        ),
        series=[1],
    )
    table = Table(
        "municipalities",
        _("Participants helped by municipality"),
        [_("Region"), _("Municipality"), _("Participants")],
        [
            [r["region"] or _("Unknown"), r["municipality"] or _("Unknown"), n]
            for r, n in zip(municipalities, column([r["n"] for r in municipalities]), strict=True)
        ],
    )
    figures = [(_("Participants helped"), p["total"])]
    return Page("participants", str(AREAS["participants"]), figures, [chart], [table])


BUILDERS = {
    "overview": overview,
    "guides": guides,
    "support": support,
    "courses": courses,
    "activities": activities,
    "wellbeing": wellbeing,
    "participants": participants,
}


def funder_table(year: int, scope) -> Table:
    f = selectors.funder_figures(year, scope)
    rows = [
        [_("Year"), f["year"]],
        [_("Number of volunteers (volunteer guides with activity)"), f["volunteers"]],
        [_("Paid peer guides with activity"), f["paid_guides"]],
        [_("Number of users (participants helped)"), f["users"]],
        [_("Volunteer hours"), f["volunteer_hours"]],
        [_("One-to-one meeting hours"), f["meeting_hours"]],
        [_("Facilitated cohort hours"), f["facilitated_hours"]],
        [_("Activities held"), f["activities"]],
        [_("of which one-to-one meetings"), f["meetings_held"]],
        [_("of which cohort sessions"), f["sessions_held"]],
        [_("of which group activity dates"), f["group_activity_dates"]],
        [_("Group activities with a date held"), f["group_activities"]],
        [_("Attendances at group activities"), f["group_attendances"]],
        [_("Group activity host hours"), f["group_host_hours"]],
        [_("Group activity volunteer hours"), f["group_volunteer_hours"]],
        [_("Cohorts run"), f["cohorts_run"]],
        [_("Course enrollments"), f["enrollments"]],
        [_("Requests received"), f["requests_received"]],
        [_("Matches started"), f["matches_started"]],
        [_("Matches active"), f["matches_active"]],
    ]
    period = selectors.Period.year(year)
    people = selectors.helped_by_age_and_gender(period, scope)
    age_labels = {
        selectors.AGE_OVER: _("67 and over"),
        selectors.AGE_UNKNOWN: _("age not stated"),
        "0-17": _("under 18"),
    }
    ages = people["ages"]
    for a, n in zip(ages, column([a["n"] for a in ages]), strict=True):
        label = age_labels.get(a["group"], a["group"].replace("-", "–"))
        rows.append([_("Participants helped, %(group)s") % {"group": label}, n])
    genders = people["genders"]
    gender_labels = {value: str(label) for value, label in Gender.choices if value}
    for g, n in zip(genders, column([g["n"] for g in genders]), strict=True):
        label = gender_labels.get(g["gender"]) or _("gender not stated")
        rows.append([_("Participants helped, %(group)s") % {"group": label.lower()}, n])
    survey = selectors.exit_survey(period, scope)
    answers = [a["n"] for a in survey["answers"]]
    rows.append([_("Exit survey answers (participants)"), cell(survey["n"])])
    for a, n, share in zip(
        survey["answers"],
        column(answers),
        _share_column(answers, survey["n"]),
        strict=True,
    ):
        rows.append([_("Exit survey, made a difference: %(answer)s") % {"answer": a["label"]}, n])
        rows.append(
            [_("Exit survey, made a difference: %(answer)s (%%)") % {"answer": a["label"]}, share]
        )
    from reports.goals import funder_rows  # goal attainment (issue 19), kept in its own module

    rows += funder_rows(year, scope)
    return Table(
        "funder", _("Activity figures %(year)s") % {"year": year}, [_("Figure"), _("Value")], rows
    )

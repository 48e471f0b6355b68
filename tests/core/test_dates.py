"""One date and time style per language, everywhere (issue 17, point 2).

Danish "tirsdag den 22. december 2026 kl. 17.00" (lower-case weekday, "kl."), English
"Tuesday 22 December 2026, 17:00"; the year whenever a date is outside the current year or a list
crosses New Year; and no page, e-mail or label formats a date any other way.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core import dates
from courses import jobs
from notifications.models import Notification
from tests.factories import make_cohort, make_enrollment

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "notifications", "participants", "volunteers", "matching", "courses", "reports",
        "dashboard", "privacy", "activities", "plans"]  # fmt: skip


def at(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())  # noqa: DTZ001 (local wall-clock time)


@pytest.fixture
def this_year(monkeypatch):
    """Today is 28 November 2026, whatever the machine's clock says."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 28))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "tirsdag den 22. december 2026 kl. 17.00"),
        ("en", "Tuesday 22 December 2026, 17:00"),
    ],
)
def test_the_full_style_per_language(language, expected, this_year):
    with translation.override(language):
        assert dates.when(at(2026, 12, 22, 17, 0), year=True) == expected


def test_danish_weekdays_are_lower_case_although_the_catalogue_capitalises_them(this_year):
    with translation.override("da"):
        # The form choice "Tuesday" reads "Tirsdag" at the start of a label ...
        assert translation.gettext("Tuesday") == "Tirsdag"
        # ... but mid-sentence a date is written in lower case.
        assert dates.weekday(datetime.date(2026, 12, 22)) == "tirsdag den 22. december"


def test_the_year_is_shown_outside_the_current_year_only(this_year):
    with translation.override("da"):
        assert dates.when(at(2026, 12, 22, 17, 0)) == "tirsdag den 22. december kl. 17.00"
        assert dates.when(at(2027, 1, 5, 17, 0)) == "tirsdag den 5. januar 2027 kl. 17.00"
    with translation.override("en"):
        assert dates.when(at(2027, 1, 5, 9, 5)) == "Tuesday 5 January 2027, 09:05"
        assert dates.span(at(2026, 12, 22, 17), at(2026, 12, 22, 19)) == (
            "Tuesday 22 December, 17:00–19:00"
        )


def test_records_always_show_the_year_and_no_iso_text(this_year):
    with translation.override("da"):
        assert dates.day("2026-11-28T15:09:00+01:00") == "28. november 2026"
        assert dates.moment("2026-11-28T15:09:00+01:00") == "28. november 2026 kl. 15.09"
        assert dates.moment(None) == "–"
    with translation.override("en"):
        assert dates.moment(at(2026, 11, 28, 15, 9)) == "28 November 2026, 15:09"


def test_a_list_over_new_year_shows_the_year_on_every_date(this_year):
    december, january = at(2026, 12, 29, 17), at(2027, 1, 5, 17)
    template = Template(
        "{% load dates %}{% needs_year sessions as y %}"
        "{% for s in sessions %}{{ s|weekday:y }};{% endfor %}"
    )
    with translation.override("da"):
        crossing = template.render(Context({"sessions": [december, january]}))
        within = template.render(Context({"sessions": [december]}))
    assert crossing == "tirsdag den 29. december 2026;tirsdag den 5. januar 2027;"
    assert within == "tirsdag den 29. december;"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "kl. 17.00"), ("en", ", 17:00")],
)
def test_the_session_reminder_uses_the_style_of_its_language(org1, language, expected):
    cohort = make_cohort(org1, first_date=timezone.localdate() + datetime.timedelta(days=1))
    enrollment = make_enrollment(cohort)
    enrollment.participant.language = language
    enrollment.participant.save(update_fields=["language"])
    session = cohort.sessions.order_by("starts_at").first()
    jobs.send_session_reminders(now=session.starts_at - datetime.timedelta(hours=12))
    row = Notification.objects.get(
        kind="courses.session_reminder_participant", recipient=enrollment.participant.email
    )
    with translation.override(language):
        written = dates.when(session.starts_at)
    assert written in row.body_text
    assert written in row.subject
    assert expected in written
    weekday = written.split(" ")[0]
    if language == "da":
        assert weekday == weekday.lower()


# --- nothing formats a date another way ---------------------------------------------------------

TEMPLATE_DATE = re.compile(r"\|\s*(date|time|naturaltime|naturalday)\b|{%\s*now\b")


def test_no_template_formats_a_date_except_through_the_shared_filters():
    offenders = []
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and path.suffix in {".html", ".txt", ".ics", ".xml"}:
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if TEMPLATE_DATE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == [], "use the filters in core/templatetags/dates.py: " + ", ".join(offenders)


PYTHON_DATE = re.compile(r"strftime\(|date_format\(|time_format\(|\{[^{}]*:%[a-zA-Z]")
# Machine formats nobody reads as text: ISO values in inputs and query strings, export keys.
MACHINE_FORMATS = {
    "core/dates.py": ('local.strftime("%Y-%m-%dT%H:%M")',),
    "courses/filters.py": ('day.strftime("%Y-%m")',),
    "courses/forms.py": ('strftime("%d.%m.%Y")',),  # the value of a text field a person edits
    "reports/exports.py": ('strftime("%Y-%m")',),
    "reports/views.py": ("{period.start:%Y%m%d}", "{period.end:%Y%m%d}"),  # a file name
}


def test_no_python_code_formats_a_date_for_people_except_through_core_dates():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).exists() else ():
            relative = str(path.relative_to(ROOT))
            if "/migrations/" in relative or "/management/" in relative:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PYTHON_DATE.search(line) and not (
                    any(allowed in line for allowed in MACHINE_FORMATS.get(relative, ()))
                ):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], "use core/dates.py:\n" + "\n".join(offenders)


# --- words inside sentences -------------------------------------------------------------------


def test_match_reasons_write_weekdays_and_labels_in_lower_case_mid_sentence():
    from matching import engine

    common = {
        "organisation_id": 1,
        "availability": frozenset({(1, "evening")}),
        "experience_area_ids": frozenset({1, 2}),
    }
    request = engine.RequestProfile(id=1, **common)
    guide = engine.GuideProfile(id=2, **common)
    labels = engine.Labels(experience_areas={1: "Misbrug", 2: "ADHD"})

    def reasons():
        return " · ".join(
            engine._reasons(
                request, guide, distance_km=None, weights=engine.DEFAULT_WEIGHTS, labels=labels
            )
        )

    with translation.override("da"):
        danish = reasons()
    assert "tirsdag aften" in danish
    assert "Tirsdag" not in danish
    assert "misbrug" in danish
    assert "ADHD" in danish
    with translation.override("en"):
        english = reasons()
    assert "Tuesday evening" in english

"""The codebook (data dictionary) of the pseudonymised evaluation export, in Danish and English.

A researcher reads it beside the data: what each column means, its type and unit, the values it
can take with their labels, the instrument and its version, and how the pseudonym is made. It is
a document in two languages at once, so its texts are data here rather than catalogue entries
that follow the reader's language. tests/reports/test_codebook.py checks that every exported
column is described and that nothing is described that is not exported.
"""

from __future__ import annotations

from core.choices import PeerSupportForm
from participants import who5
from participants.models import WellBeingMeasurement
from reports.pages import Table

VERSION = "1.0"
LANGUAGES = ("da", "en")


def _both(da: str, en: str) -> dict:
    return {"da": da, "en": en}


WHO5 = {
    "name": who5.INSTRUMENT,
    "version": who5.VERSION,
    "scoring": _both(
        "Hvert spørgsmål 0-5; råscore = summen (0-25); procentscore = råscore × 4 (0-100). "
        "≤ 50: dårlig trivsel; ≤ 28: sandsynlig depression. En ændring på 10 point regnes "
        "som betydende.",
        "Each item 0-5; raw score = the sum (0-25); percentage score = raw score × 4 (0-100). "
        "≤ 50: poor well-being; ≤ 28: likely depression. A change of 10 points counts as "
        "meaningful.",
    ),
}

PSEUDONYM = _both(
    "De første 20 hex-tegn af HMAC-SHA256 over teksten 'participant:<intern id>' med en hemmelig "
    "nøgle (indstillingen EVALUATION_PSEUDONYM_KEY). Samme person har samme pseudonym i alle "
    "udtræk med samme nøgle; uden nøglen kan pseudonymet ikke føres tilbage til en person. Navn, "
    "kontaktoplysninger, fødselsår og præcise datoer er aldrig med.",
    "The first 20 hex characters of HMAC-SHA256 over the text 'participant:<internal id>' with a "
    "secret key (the setting EVALUATION_PSEUDONYM_KEY). The same person has the same pseudonym "
    "in every export made with the same key; without the key it cannot be traced back to a "
    "person. Name, contact details, year of birth and exact dates are never included.",
)

DATASET = _both(
    "Én række pr. besvaret WHO-5-måling pr. deltager pr. forløb (et en-til-en-forløb eller et "
    "hold), kun for deltagere med et gældende samtykke til evaluering.",
    "One row per answered WHO-5 measurement per participant per course of support (a one-to-one "
    "match or a cohort), only for participants with a current consent to evaluation.",
)

_TIMEPOINTS = {
    WellBeingMeasurement.Timepoint.START: _both("Ved start", "At the start"),
    WellBeingMeasurement.Timepoint.END: _both("Ved afslutning", "At the end"),
    WellBeingMeasurement.Timepoint.FOLLOW_UP: _both(
        "3 måneder efter afslutning", "3 months after the end"
    ),
}
_COURSE_TYPES = {
    WellBeingMeasurement.Source.MATCH: _both("En-til-en-forløb", "One-to-one match"),
    WellBeingMeasurement.Source.COHORT: _both("Hold (kursus)", "Cohort (course)"),
}
_FORMS = {
    PeerSupportForm.MUTUAL: _both(
        "Gensidig peer-støtte (selvhjælpsgrupper, netværk)",
        "Mutual peer support (self-help groups, networks)",
    ),
    PeerSupportForm.USER_DRIVEN: _both(
        "Brugerdrevne peer-støtte-indsatser", "User-driven peer support"
    ),
    PeerSupportForm.ESTABLISHED: _both(
        "Peer-støtte i de etablerede indsatser (kommuner, regioner)",
        "Peer support within established services (municipal, regional)",
    ),
    "": _both("Ikke angivet", "Not stated"),
}


def _values(labels: dict) -> list[dict]:
    return [{"value": value, "label": label} for value, label in labels.items()]


def _answer_values() -> list[dict]:
    return [
        {
            "value": value,
            "label": _both(who5.TEXTS["da"]["answers"][i], who5.TEXTS["en"]["answers"][i]),
        }
        for i, value in enumerate(who5.ANSWER_VALUES)
    ]


def _column(name, type_, da, en, *, unit=None, values=None, instrument=None) -> dict:
    return {
        "name": name,
        "type": type_,
        "unit": _both(unit, unit) if isinstance(unit, str) else unit,
        "meaning": _both(da, en),
        "values": values or [],
        "instrument": instrument,
    }


def _item_columns() -> list[dict]:
    heading = who5.TEXTS
    return [
        _column(
            name,
            "integer",
            f"WHO-5 spørgsmål {i + 1}: »{heading['da']['heading']} {heading['da']['items'][i]}«",
            f"WHO-5 item {i + 1}: “{heading['en']['heading']} {heading['en']['items'][i]}”",
            unit="0-5",
            values=_answer_values(),
            instrument=f"{who5.INSTRUMENT}, {who5.VERSION}",
        )
        for i, name in enumerate(who5.ITEM_NAMES)
    ]


def columns() -> list[dict]:
    instrument = f"{who5.INSTRUMENT}, {who5.VERSION}"
    return [
        _column(
            "pseudonym",
            "string",
            "Pseudonym for deltageren (se 'pseudonym' øverst).",
            "The participant's pseudonym (see 'pseudonym' above).",
        ),
        _column("organisation", "string", "Organisationens navn.", "The organisation's name."),
        _column(
            "course_type",
            "string",
            "Forløbets type.",
            "The kind of course of support.",
            values=_values(_COURSE_TYPES),
        ),
        _column(
            "programme",
            "string",
            "Programmets navn for et hold; 'one_to_one' for et en-til-en-forløb.",
            "The programme's name for a cohort; 'one_to_one' for a one-to-one match.",
            values=[
                {"value": "one_to_one", "label": _both("En-til-en-støtte", "One-to-one support")}
            ],
        ),
        _column(
            "peer_support_form",
            "string",
            "Formen for peer-støtte (Peer-Partnerskabets tre former): programmets, ellers "
            "organisationens. Tom: ikke angivet.",
            "The form of peer support (Peer-Partnerskabet's three forms): the programme's, else "
            "the organisation's. Empty: not stated.",
            values=_values(_FORMS),
        ),
        _column(
            "timepoint",
            "string",
            "Målingens tidspunkt i forløbet.",
            "The measurement's time point in the course of support.",
            values=_values(_TIMEPOINTS),
        ),
        _column(
            "reference_month",
            "string",
            "Måned for målingens referencedato (start, afslutning eller 3 måneder efter).",
            "Month of the measurement's reference date (start, end or 3 months after).",
            unit="YYYY-MM",
        ),
        _column(
            "answered_month",
            "string",
            "Måned hvor deltageren svarede.",
            "Month the participant answered.",
            unit="YYYY-MM",
        ),
        *_item_columns(),
        _column(
            "raw_score",
            "integer",
            "WHO-5 råscore: summen af de fem svar.",
            "WHO-5 raw score: the sum of the five answers.",
            unit="0-25",
            instrument=instrument,
        ),
        _column(
            "percentage_score",
            "integer",
            "WHO-5 procentscore: råscore × 4.",
            "WHO-5 percentage score: raw score × 4.",
            unit="0-100",
            instrument=instrument,
        ),
        _column(
            "sessions_held",
            "integer",
            "Holdets afholdte gange indtil udtrækket (uden informationsmøde). Tom for en-til-en.",
            "Sessions the cohort has held up to the export (information meeting not counted). "
            "Empty for one-to-one.",
            unit=_both("gange", "sessions"),
        ),
        _column(
            "sessions_attended",
            "integer",
            "Gange deltageren var til stede. Tom for en-til-en.",
            "Sessions the participant attended. Empty for one-to-one.",
            unit=_both("gange", "sessions"),
        ),
        _column(
            "match_length_days",
            "integer",
            "En-til-en-forløbets længde i dage fra første afholdte møde til afslutning. Tom "
            "for hold og for forløb der ikke er afsluttet.",
            "The one-to-one match's length in days from its first held meeting to its end. Empty "
            "for cohorts and for matches not yet ended.",
            unit=_both("dage", "days"),
        ),
    ]


def codebook() -> dict:
    """The whole codebook, as written to JSON."""
    return {
        "title": _both(
            "Kodebog: pseudonymiserede WHO-5-evalueringsdata",
            "Codebook: pseudonymised WHO-5 evaluation data",
        ),
        "version": VERSION,
        "dataset": DATASET,
        "pseudonym": PSEUDONYM,
        "instrument": WHO5,
        "file": _both(
            "CSV med semikolon som skilletegn, UTF-8 med BOM; decimaltegn efter sproget.",
            "CSV with semicolon as separator, UTF-8 with BOM; decimal mark by language.",
        ),
        "columns": columns(),
    }


def _values_text(values: list[dict], language: str) -> str:
    return "; ".join(f"{v['value']} = {v['label'][language]}" for v in values)


def codebook_table(title: str) -> Table:
    """The codebook as a sheet for the XLSX export: one row per column, then the pseudonym and
    the instrument."""
    header = [
        "name",
        "type",
        "unit (da)",
        "unit (en)",
        "meaning (da)",
        "meaning (en)",
        "values (da)",
        "values (en)",
        "instrument",
    ]
    rows = [
        [
            c["name"],
            c["type"],
            (c["unit"] or {}).get("da", ""),
            (c["unit"] or {}).get("en", ""),
            c["meaning"]["da"],
            c["meaning"]["en"],
            _values_text(c["values"], "da"),
            _values_text(c["values"], "en"),
            c["instrument"] or "",
        ]
        for c in columns()
    ]
    rows.append([])
    rows.append(["(pseudonym)", "", "", "", PSEUDONYM["da"], PSEUDONYM["en"], "", "", ""])
    rows.append(
        [
            "(instrument)",
            "",
            "",
            "",
            WHO5["scoring"]["da"],
            WHO5["scoring"]["en"],
            "",
            "",
            f"{WHO5['name']}, {WHO5['version']}",
        ]
    )
    rows.append(["(dataset)", "", "", "", DATASET["da"], DATASET["en"], "", "", f"v{VERSION}"])
    return Table("codebook", title, header, rows)

"""CSV and XLSX exports of report tables, and the pseudonymised evaluation export."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from participants.models import WHO5_ITEMS
from reports import selectors
from reports.pages import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _csv_cell(value):
    """A cell as the reader's spreadsheet expects it: whole numbers as they are, decimals with
    the language's decimal mark (14,5 in Danish, 14.5 in English), never a thousands separator
    (the column separator is ";", so a comma inside a number is safe)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return formats.number_format(value, use_l10n=True, force_grouping=False)
    return _safe("" if value is None else str(value))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(tables: list[Table], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    _attachment(response, f"{filename}.csv")
    response.write("\ufeff")  # Excel reads UTF-8 with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([_safe(str(table.title))])
        writer.writerow([_safe(str(c)) for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in row])
    return response


def _sheet_title(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28] or "Sheet"
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name[:25]} {n}", n + 1
    used.add(candidate)
    return candidate


def xlsx_response(tables: list[Table], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([str(c) for c in table.columns])
        for row in table.rows:
            sheet.append(
                [_safe(v if isinstance(v, int | float) or v is None else str(v)) for v in row]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    return _attachment(response, f"{filename}.xlsx")


def file_name(text: str) -> str:
    """A file name from words in the reader's language: "rapport-en-til-en-støtte-20260101"."""
    return slugify(text, allow_unicode=True) or "export"


def export(tables: list[Table], filename: str, fmt: str) -> HttpResponse:
    return xlsx_response(tables, filename) if fmt == "xlsx" else csv_response(tables, filename)


# --- Evaluation export ----------------------------------------------------------------------


def pseudonym(participant_id: int) -> str:
    """A stable pseudonym: a keyed hash (HMAC-SHA256) of the participant's id. The key is the
    setting EVALUATION_PSEUDONYM_KEY (SECRET_KEY when unset); without it the pseudonym cannot be
    linked back to a person."""
    key = getattr(settings, "EVALUATION_PSEUDONYM_KEY", None) or settings.SECRET_KEY
    digest = hmac.new(key.encode(), f"participant:{participant_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def _month(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m") if value else ""


def evaluation_table(scope) -> Table:
    """One row per participant per answered measurement, with a pseudonym instead of any
    identifying field. Dates are given as months to make re-identification harder."""
    columns = [
        "pseudonym",
        "organisation",
        "course_type",
        "programme",
        "peer_support_form",
        "timepoint",
        "reference_month",
        "answered_month",
        *[name for name, _label in WHO5_ITEMS],
        "raw_score",
        "percentage_score",
        "sessions_held",
        "sessions_attended",
        "match_length_days",
    ]
    rows = [
        [
            pseudonym(m.participant_id),
            m.organisation.name,
            m.source,
            m.programme_name,
            m.peer_support_form or "",
            m.timepoint,
            _month(m.due_at),
            _month(m.answered_at),
            *[getattr(m, name) for name, _label in WHO5_ITEMS],
            m.raw_score,
            m.raw_score * 4,
            m.sessions_held,
            m.sessions_attended,
            None if m.match_days is None else round(m.match_days),
        ]
        for m in selectors.evaluation_rows(scope).iterator(chunk_size=2000)
    ]
    return Table("evaluation", _("WHO-5 evaluation data"), columns, rows)

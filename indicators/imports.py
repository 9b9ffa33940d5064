"""Spreadsheet import of measurements (XLSX and CSV) and its downloadable template.

The file has one row per value, with the columns (headers in French, matched whatever
their case and accents):

    Code indicateur | Période | Valeur | Commentaire | Motif de correction

Other columns (the template's helper columns: title, unit) are ignored, and so are rows
without a value, so that a template can be returned with only some values filled in.
The whole file is validated through the services before anything is written; if any row
is wrong nothing is written and every bad row is reported with its line number.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import services
from .models import Indicator, Period
from .permissions import can_enter_measurement
from .services import BatchRejected, MeasurementInput, RowError

#: Data rows one file may hold.
MAX_ROWS = 10_000
#: Largest file accepted, in bytes.
MAX_FILE_SIZE = 5 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The file format is a contract with the people and programs that fill the files: its
# headers are fixed, in French; English ones are accepted too.
HEADER_CODE = "Code indicateur"
HEADER_PERIOD = "Période"
HEADER_VALUE = "Valeur"
HEADER_COMMENT = "Commentaire"
HEADER_REASON = "Motif de correction"
HEADER_TITLE = "Intitulé (aide)"
HEADER_UNIT = "Unité (aide)"
HEADER_FREQUENCY = "Fréquence (aide)"

_ALIASES = {
    "code": ("code indicateur", "code de l indicateur", "indicateur", "code",
             "indicator code", "indicator"),
    "period": ("periode", "period"),
    "value": ("valeur", "value"),
    "comment": ("commentaire", "commentaires", "comment"),
    "reason": ("motif de correction", "motif", "raison", "correction reason", "reason"),
}
_REQUIRED = ("code", "period", "value")


class FileRejected(Exception):
    """Nothing was written: `errors` lists every bad row (line None: the whole file)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[int] = field(default_factory=list)  # lines without a value, ignored


# --- Reading ---------------------------------------------------------------------------------


def normalise_header(text) -> str:
    """'  Période * ' → 'periode'; 'Code_indicateur' → 'code indicateur'."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _column_map(header_row, line: int) -> dict[str, int]:
    lookup = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
    columns = {}
    for index, cell in enumerate(header_row):
        key = lookup.get(normalise_header(cell))
        if key and key not in columns:
            columns[key] = index
    missing = [key for key in _REQUIRED if key not in columns]
    if missing:
        names = {"code": HEADER_CODE, "period": HEADER_PERIOD, "value": HEADER_VALUE}
        raise FileRejected([RowError(line, _(
            "The first row must name the columns %(expected)s; missing: %(missing)s."
        ) % {
            "expected": ", ".join(f"« {h} »" for h in (
                HEADER_CODE, HEADER_PERIOD, HEADER_VALUE, HEADER_COMMENT, HEADER_REASON)),
            "missing": ", ".join(f"« {names[key]} »" for key in missing),
        })])
    return columns


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _period_text(value) -> str:
    """A period as typed: spreadsheets turn 2026-03 into a date and 2026 into a number."""
    if isinstance(value, (datetime, date)):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows_to_inputs(numbered_rows) -> tuple[list[MeasurementInput], list[RowError], list[int]]:
    """(line, cells) pairs, the first non-empty one being the header → inputs, row
    errors found while reading, and the lines ignored for want of a value."""
    columns = None
    items, errors, skipped = [], [], []
    for line, cells in numbered_rows:
        cells = list(cells)
        if all(_is_blank(c) for c in cells):
            continue
        if columns is None:
            columns = _column_map(cells, line)
            continue

        def cell(key, cells=cells, columns=columns):
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        code, value = _text(cell("code")), cell("value")
        if _is_blank(value):
            skipped.append(line)
            continue
        if len(items) + len(errors) >= MAX_ROWS:
            raise FileRejected([RowError(None, _(
                "A file holds at most %(max)s values: split it into several files."
            ) % {"max": MAX_ROWS})])
        if not code:
            errors.append(RowError(line, _("The indicator code is missing.")))
            continue
        items.append(MeasurementInput(
            indicator_code=code,
            period=_period_text(cell("period")),
            value=value.strip() if isinstance(value, str) else value,
            comment=_text(cell("comment")),
            reason=_text(cell("reason")),
            line=line,
        ))
    if columns is None:
        raise FileRejected([RowError(None, _("The file is empty."))])
    return items, errors, skipped


def _read_xlsx(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors alike
        raise FileRejected([RowError(None, _(
            "The file could not be read as an Excel workbook (.xlsx)."
        ))]) from None
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # The header names no comma: a comma there is the delimiter; otherwise French
    # spreadsheets write semicolons (values like 92,5 then keep their comma).
    delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        line = 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileRejected([RowError(reader.line_num, _(
            "The CSV file could not be read: %(error)s"
        ) % {"error": error})]) from None


def read_measurements(name: str, data: bytes):
    """Parse a file into MeasurementInputs (line numbers as a spreadsheet shows them).
    Returns (items, errors, skipped lines); raises FileRejected on an unreadable file."""
    lower = (name or "").lower()
    if lower.endswith(".xlsx") or (data[:2] == b"PK" and not lower.endswith(".csv")):
        rows = _read_xlsx(data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        rows = _read_csv(data)
    else:
        raise FileRejected([RowError(None, _(
            "Send an Excel workbook (.xlsx) or a CSV file (.csv)."
        ))])
    return _rows_to_inputs(rows)


# --- Importing -------------------------------------------------------------------------------


def _merge(*error_lists) -> list[RowError]:
    by_line: dict = {}
    for errors in error_lists:
        for error in errors:
            messages = by_line.setdefault(error.line, [])
            if error.message not in messages:
                messages.append(error.message)
    return [
        RowError(line, " ".join(messages))
        for line, messages in sorted(by_line.items(), key=lambda kv: (kv[0] or 0))
    ]


def _permission_errors(items, user) -> list[RowError]:
    codes = {item.indicator_code.strip().upper() for item in items}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    errors = []
    for item in items:
        indicator = indicators.get(item.indicator_code.strip().upper())
        if indicator is not None and not can_enter_measurement(user, indicator):
            errors.append(RowError(item.line, _(
                "You may not enter values of indicator %(code)s."
            ) % {"code": indicator.code}))
    return errors


def measurements_import(*, name: str, data: bytes, user) -> ImportResult:
    """Import a spreadsheet as `user`: every row is checked (format, indicator, period,
    value, the user's right to enter it) before anything is written; then all rows are
    recorded through services.measurements_record_batch, or none.

    Raises FileRejected naming every bad row."""
    if len(data) > MAX_FILE_SIZE:
        raise FileRejected([RowError(None, _(
            "The file is too large (%(max)s MB at most)."
        ) % {"max": MAX_FILE_SIZE // (1024 * 1024)})])
    items, read_errors, skipped = read_measurements(name, data)
    refused = _permission_errors(items, user)
    if read_errors or refused:
        try:
            services.validate_batch(items)
        except BatchRejected as rejected:
            raise FileRejected(_merge(read_errors, refused, rejected.errors)) from None
        raise FileRejected(_merge(read_errors, refused))
    if not items:
        raise FileRejected([RowError(None, _("The file holds no value to import."))])
    try:
        counts = services.measurements_record_batch(items, user=user, origin="import")
    except BatchRejected as rejected:
        raise FileRejected(_merge(rejected.errors)) from None
    return ImportResult(**counts, skipped=skipped)


# --- The template ----------------------------------------------------------------------------


def enterable_indicators(user):
    """The active indicators whose values `user` may enter (permissions.py decides)."""
    candidates = Indicator.objects.filter(is_active=True).only(
        "pk", "owner_id", "service_id"
    )
    ids = [i.pk for i in candidates if can_enter_measurement(user, i)]
    return Indicator.objects.filter(pk__in=ids)


def template_workbook(*, user, today: date | None = None) -> bytes:
    """An XLSX with one row per active indicator the user may enter, for its last closed
    period, the value left blank; the title, unit and frequency as helper columns."""
    today = today or timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mesures"
    headers = [HEADER_CODE, HEADER_PERIOD, HEADER_VALUE, HEADER_COMMENT, HEADER_REASON,
               HEADER_TITLE, HEADER_UNIT, HEADER_FREQUENCY]
    sheet.append(headers)
    bold = Font(bold=True, color="FFFFFF")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    helper = Font(italic=True, color="666666")
    indicators = enterable_indicators(user).select_related("service").order_by(
        "service__name", "code"
    )
    for indicator in indicators:
        sheet.append([
            indicator.code,
            Period.last_closed(today, indicator.frequency).label,
            None, None, None,
            indicator.title,
            indicator.unit,
            str(indicator.get_frequency_display()),
        ])
        row = sheet.max_row
        for column in (1, 2):  # keep 2026-03 as text: Excel would make it a date
            sheet.cell(row=row, column=column).number_format = "@"
        for column in (6, 7, 8):
            sheet.cell(row=row, column=column).font = helper
    for index, width in enumerate((18, 12, 12, 40, 40, 60, 10, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(_("Instructions")[:31])
    for text in (
        _("One row per value. Fill in the “Valeur” column; rows left without a value are "
          "ignored."),
        _("Periods: 2026-03 (monthly), 2026-T1 (quarterly), 2026-S1 (half-yearly), 2026 "
          "(yearly). You may add rows for other periods."),
        _("To correct a value already recorded, give the reason in “Motif de correction”."),
        _("The columns marked “(aide)” are there to help you and are not imported."),
        _("The whole file is checked before anything is recorded: if a row is wrong, "
          "nothing is recorded and every wrong row is listed with its line number."),
    ):
        notes.append([text])
    notes.column_dimensions["A"].width = 110

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

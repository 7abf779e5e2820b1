"""The one spreadsheet writer of citeduc: every XLSX it hands out is a table written here.

A table has a title row, then a bold header frozen in place with a filter on it, then its rows,
each cell of the type of its column: dates as dates (shown 31/12/2025), money as numbers shown
« 1 234,50 € », rates as numbers shown « 10,1 % », counts as whole numbers; texts that a
spreadsheet would run as a formula are kept as text (citeduc.common.cells). A totals row, when
asked, holds real SUM formulas; its first cell is ``TOTAL_LABEL``, which the importers skip, so
that an exported sheet stays a valid import file. Columns are as wide as their content.

Number formats are written in the file's own (locale-neutral) codes; LibreOffice and Excel show
them with the reader's separators, French ones in French."""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from citeduc.common.cells import put

TEXT, INTEGER, NUMBER = "text", "integer", "number"
MONEY, PERCENT, DATE = "money", "percent", "date"
FORMATS = {
    INTEGER: "#,##0",
    NUMBER: "#,##0.0#",
    MONEY: '#,##0.00\\ "€"',
    PERCENT: "0.0%",
    DATE: "DD/MM/YYYY",
}
TOTAL_LABEL = "Total (calculé)"
SUMMED = {INTEGER, NUMBER, MONEY}
MIN_WIDTH, MAX_WIDTH = 8, 60
RATE = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*%\s*$")


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT


def columns(*titles: str, kinds: dict[str, str] | None = None) -> list[Column]:
    """Columns by title, text unless ``kinds`` says otherwise."""
    kinds = kinds or {}
    return [Column(title, kinds.get(title, TEXT)) for title in titles]


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        plain = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        plain = plain.replace("€", "").replace(",", ".")
        try:
            return Decimal(plain) if plain else None
        except InvalidOperation:
            return None
    return None


def typed(value: Any, kind: str) -> Any:
    """The value as its column's type; what cannot be read so (a masked count, « — ») stays as
    it is shown."""
    if value is None or value == "":
        return None
    if kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return value
    if kind == PERCENT:
        if isinstance(value, str):
            rate = RATE.match(value)
            return Decimal(rate.group(1).replace(",", ".")) / 100 if rate else value
        return value
    if kind in SUMMED:
        number = _number(value)
        if number is None:
            return value
        return int(number) if kind == INTEGER and number == number.to_integral() else number
    return value


def _write(sheet: Worksheet, row: int, column: int, value: Any, kind: str) -> None:
    cell = sheet.cell(row=row, column=column)
    put(cell, value)  # a text is shown as typed, never run
    if value is not None and not isinstance(value, str) and kind in FORMATS:
        cell.number_format = FORMATS[kind]


def write_table(
    sheet: Worksheet,
    cols: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    notes: Sequence[str] = (),
    totals: bool = False,
) -> int:
    """Write a table on an empty sheet; returns the row of its header."""
    header_row = 1
    if title:
        sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
        header_row = 2
    for line in notes:
        sheet.cell(row=header_row, column=1, value=line)
        header_row += 1
    for index, column in enumerate(cols, start=1):
        sheet.cell(row=header_row, column=index, value=column.title).font = Font(bold=True)
    last = header_row
    for values in rows:
        last += 1
        for index, (column, value) in enumerate(zip(cols, values, strict=False), start=1):
            _write(sheet, last, index, typed(value, column.kind), column.kind)
    first_data = header_row + 1
    if totals and last >= first_data:
        _totals(sheet, cols, first_data, last)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
    end = get_column_letter(max(1, len(cols)))
    sheet.auto_filter.ref = f"A{header_row}:{end}{max(last, header_row)}"
    fit_widths(sheet, cols, header_row)
    return header_row


def _totals(sheet: Worksheet, cols: Sequence[Column], first: int, last: int) -> None:
    row = last + 1
    sheet.cell(row=row, column=1, value=TOTAL_LABEL).font = Font(bold=True)
    for index, column in enumerate(cols, start=1):
        if index > 1 and column.kind in SUMMED:
            letter = get_column_letter(index)
            cell = sheet.cell(row=row, column=index, value=f"=SUM({letter}{first}:{letter}{last})")
            cell.number_format = FORMATS[column.kind]
            cell.font = Font(bold=True)


def fit_widths(sheet: Worksheet, cols: Sequence[Column], header_row: int) -> None:
    """Each column as wide as its header and its longest shown value, within bounds."""
    for index, column in enumerate(cols, start=1):
        letter = get_column_letter(index)
        longest = len(column.title)
        for (cell,) in sheet.iter_rows(
            min_row=header_row + 1, min_col=index, max_col=index, values_only=True
        ):
            shown = 10 if isinstance(cell, date) else len(str(cell)) if cell is not None else 0
            longest = max(longest, shown + (3 if column.kind == MONEY else 0))
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))


def write_lines(sheet: Worksheet, lines: Iterable[str], *, title: str = "") -> None:
    """A sheet of notes: a title, then a line of text per row, wide enough to read."""
    row = 1
    if title:
        sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
        row = 2
    for line in lines:
        put(sheet.cell(row=row, column=1), line)
        row += 1
    sheet.column_dimensions["A"].width = 100


def new_workbook(sheet_title: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    return workbook, sheet


def xlsx_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""Cells of the CSV and spreadsheets we hand out, made inert (CSV/formula injection).

A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by a spreadsheet
as a formula: a project titled `=HYPERLINK("http://…?"&B2,"x")` would send the neighbouring cell
away when an auditor opens the file. Every export goes through here:

- in a CSV, such a text gets a leading apostrophe, which spreadsheets show as text;
- in an XLSX, the cell is typed as text, so the content stays exactly what was typed.

Numbers stay numbers, and a text that is a plain signed number (`-12`, `+3,5`) is left alone."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def is_formula_like(value: object) -> bool:
    return (
        isinstance(value, str) and value.startswith(TRIGGERS) and not PLAIN_NUMBER.fullmatch(value)
    )


def inert(value: Any) -> Any:
    """A CSV cell that no spreadsheet will run."""
    return f"'{value}" if is_formula_like(value) else value


def inert_rows(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    return [[inert(value) for value in row] for row in rows]


def inert_dicts(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: inert(value) for key, value in row.items()} for row in rows]


def put(cell: Cell, value: Any) -> None:
    """A value into a spreadsheet cell, a formula-like text kept as text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"


def append(sheet: Worksheet, row: Iterable[Any]) -> None:
    """``sheet.append(row)``, with every formula-like text kept as text."""
    values = list(row)
    sheet.append(values)
    for index, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=sheet.max_row, column=index)
            assert isinstance(cell, Cell)
            put(cell, value)


def inert_row(row: Iterable[Any]) -> list[Any]:
    return [inert(value) for value in row]


def inert_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: inert(value) for key, value in row.items()}

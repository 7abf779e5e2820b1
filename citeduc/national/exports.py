"""The national rollup of one indicator as CSV and spreadsheet. The files carry exactly what the
page shows: masked cells leave as their mark, never as a number."""

import csv
import io

from citeduc.common.cells import inert_rows
from citeduc.common.spreadsheet import (
    INTEGER,
    MONEY,
    PERCENT,
    Column,
    columns,
    new_workbook,
    write_table,
    xlsx_bytes,
)
from citeduc.common.text import is_digits
from citeduc.indicators.enums import Unit
from citeduc.national.rollup import Rollup

ROLLUP_HEADER = ["niveau", "region", "cite"]


def _export_cell(text: str) -> int | str:
    plain = text.replace("\u202f", "")
    return int(plain) if is_digits(plain) else text


def rollup_rows(rollup: Rollup) -> list[list[int | str]]:
    header: list[int | str] = [*ROLLUP_HEADER, *rollup.columns, "total"]
    rows = [header]
    for level, region, line in rollup.rows():
        name = line.label if level == "cite" else ""
        label_region = region if level != "national" else "France entière"
        rows.append([level, label_region, name, *map(_export_cell, [*line.cells, line.total])])
    return rows


def rollup_csv(rollup: Rollup) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows(inert_rows(rollup_rows(rollup)))
    return out.getvalue()


def rollup_xlsx(rollup: Rollup) -> bytes:
    """The rollup as a table: counts as whole numbers, rates as percentages (« 10,1 % » becomes
    0.101 shown as a rate); a masked cell keeps its mark, as text."""
    header, *rows = rollup_rows(rollup)
    kinds: dict[str, str] = {Unit.COUNT: INTEGER, Unit.EUROS: MONEY}
    kind = kinds.get(rollup.unit, PERCENT)
    figures = [str(title) for title in header[len(ROLLUP_HEADER) :]]
    cols = [*columns(*ROLLUP_HEADER), *(Column(title, kind) for title in figures)]
    workbook, sheet = new_workbook(rollup.code)
    write_table(
        sheet,
        cols,
        rows,
        title=f"{rollup.code} — {rollup.name} ({rollup.year}), secret statistique appliqué",
    )
    return xlsx_bytes(workbook)

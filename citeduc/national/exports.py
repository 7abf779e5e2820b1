"""The national rollup of one indicator as CSV and spreadsheet. The files carry exactly what the
page shows: masked cells leave as their mark, never as a number."""

import csv
import io

from openpyxl import Workbook

from citeduc.common.cells import append, inert_rows
from citeduc.common.text import is_digits
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
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = rollup.code[:31]
    append(sheet, [f"{rollup.code} — {rollup.name} ({rollup.year}), secret statistique appliqué"])
    for row in rollup_rows(rollup):
        append(sheet, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

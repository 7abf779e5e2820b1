"""Reading a frozen snapshot: cells as a reader may see them, tables ready for a page, a PDF
or a DOCX, the charts drawn from them, and what changed between two snapshots."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from citeduc.common.money import format_euros
from citeduc.funding.rules import percent
from citeduc.indicators.charts import BarChart
from citeduc.reviews.enums import ReviewPart

NBSP = "\u202f"


def raw(cell: Any) -> Any:
    """The exact value of a cell (the one pilots read and the diff compares)."""
    return cell["v"] if isinstance(cell, dict) else cell


def show(cell: Any, unit: str, *, exact: bool = True) -> str:
    if isinstance(cell, dict):
        if not exact:
            return str(cell["m"])
        cell = cell["v"]
    if cell is None or cell == "":
        return "—" if unit != "text" else ""
    if unit == "count":
        return f"{int(cell):,}".replace(",", NBSP)
    if unit == "euros":
        return format_euros(Decimal(str(cell)), thousands=NBSP)
    if unit == "percent":
        return percent(Decimal(str(cell)))
    if unit == "date":
        return date.fromisoformat(str(cell)).strftime("%d/%m/%Y")
    return str(cell)


def number(cell: Any, *, exact: bool) -> Decimal:
    """What a chart's bar measures: a masked cell draws no bar (its mark is written instead)."""
    if isinstance(cell, dict) and not exact:
        return Decimal(0)
    value = raw(cell)
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


@dataclass
class ShownTable:
    id: str
    part: str
    title: str
    note: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]
    chart: BarChart | None

    @property
    def lines(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells with whether they are numbers (right-aligned)."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]


def shown_table(table: dict[str, Any], *, exact: bool) -> ShownTable:
    units = [c["unit"] for c in table["columns"]]
    rows = [
        [
            show(cell, unit, exact=exact)
            for cell, unit in zip(row["cells"], row.get("units", units), strict=True)
        ]
        for row in table["rows"]
    ]
    chart = None
    if table.get("chart") and table["rows"]:
        series = table["chart"]
        body = [row for row in table["rows"] if row["key"] not in TOTAL_KEYS]
        chart = BarChart(
            slug=f"graphique-{table['id'].replace('_', '-')}",
            title=table["title"],
            description=(
                "Barres horizontales : "
                + ", ".join(table["columns"][j]["label"] for j in series)
                + f" pour chaque ligne ({len(body)})."
            ),
            series=[table["columns"][j]["label"] for j in series],
            rows=[
                (str(raw(row["cells"][0])), [number(row["cells"][j], exact=exact) for j in series])
                for row in body
            ],
            texts=[[show(row["cells"][j], units[j], exact=exact) for j in series] for row in body],
        )
    return ShownTable(
        id=table["id"],
        part=table["part"],
        title=table["title"],
        note=table.get("note", ""),
        headers=[c["label"] for c in table["columns"]],
        numeric=[unit in ("count", "euros", "percent") for unit in units],
        rows=rows,
        chart=chart,
    )


TOTAL_KEYS = {"total", "total_in", "total_out", "balance"}


@dataclass(frozen=True)
class Change:
    where: str
    before: str
    after: str


def _cells(snapshot: dict[str, Any]) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """(table, row, column) → (table title, row label, shown exact value)."""
    found = {}
    for table in snapshot["tables"]:
        for row in table["rows"]:
            units = row.get("units", [c["unit"] for c in table["columns"]])
            label = show(row["cells"][0], units[0]) or row["key"]
            for column, cell, unit in zip(
                table["columns"][1:], row["cells"][1:], units[1:], strict=True
            ):
                found[(table["id"], row["key"], column["label"])] = (
                    table["title"],
                    label,
                    show(cell, unit),
                )
    return found


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed from one snapshot to the next, in reading order of the newer one."""
    old, new = _cells(before), _cells(after)
    changes = []
    for key in [*new, *(k for k in old if k not in new)]:
        was = old[key][2] if key in old else "(absent)"
        now = new[key][2] if key in new else "(absent)"
        if was != now:
            title, row, _value = new.get(key) or old[key]
            changes.append(Change(f"{title} › {row} › {key[2]}", was, now))
    old_findings = {f["message"] for f in before["findings"]}
    new_findings = {f["message"] for f in after["findings"]}
    for f in after["findings"]:
        if f["message"] not in old_findings:
            changes.append(Change(f"Contrôles › {f['rule']}", "(absent)", f["message"]))
    for f in before["findings"]:
        if f["message"] not in new_findings:
            changes.append(Change(f"Contrôles › {f['rule']}", f["message"], "levée"))
    return changes


def parts_of(snapshot: dict[str, Any], *, exact: bool) -> list[tuple[str, str, list[ShownTable]]]:
    """The snapshot's tables grouped by the six parts of the national questionnaire."""
    tables = [shown_table(t, exact=exact) for t in snapshot["tables"]]
    return [
        (part.value, str(part.label), [t for t in tables if t.part == part.value])
        for part in ReviewPart
    ]

"""Every XLSX citeduc hands out, opened with openpyxl for its cell types and layout, then converted
by LibreOffice headless as a person opening it would (one run for all files)."""

import csv
from datetime import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from citeduc.accounts.models import User
from citeduc.common.spreadsheet import FORMATS, MONEY, PERCENT, TOTAL_LABEL
from citeduc.demo.loading import DemoResult
from tests.support.office import CSV_UTF8, libreoffice_convert

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = pytest.mark.pg_only

DEMO = "demo.citeduc.example.org"


def _download(client: Client, url: str, path: Path) -> Path:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.content[:2] == b"PK"
    path.write_bytes(response.content)
    return path


def _files(tmp_path: Path) -> dict[str, Path]:
    coordination, national = Client(), Client()
    coordination.force_login(User.objects.get(email=f"coordination@{DEMO}"))
    national.force_login(User.objects.get(email=f"national@{DEMO}"))
    by_coordination = {
        "plan": reverse("action_plan:export_xlsx", args=["besancon"]),
        "programmation": reverse("funding:programmation_xlsx", args=["besancon", 2025]),
        "fonds": reverse("funding:fund_statement_xlsx", args=["besancon", 2025]),
        "modele-programmation": reverse("jobs:template", args=["besancon", "programmation"]),
        "modele-mesures": reverse("jobs:template", args=["besancon", "mesures"]),
    }
    by_national = {
        "absenteisme": reverse("national:indicator_xlsx", args=["ABSENTEISME"]),
        "modele-annuaire": reverse("jobs:national_template", args=["annuaire"]),
        "modele-qpv": reverse("jobs:national_template", args=["qpv"]),
    }
    files = {
        k: _download(coordination, u, tmp_path / f"{k}.xlsx") for k, u in by_coordination.items()
    }
    files |= {k: _download(national, u, tmp_path / f"{k}.xlsx") for k, u in by_national.items()}
    return files


def _laid_out(sheet: Worksheet, header: int) -> None:
    """A title row, a bold header under it frozen with a filter, columns given widths."""
    assert sheet["A1"].font.bold and sheet["A1"].value, sheet.title
    assert sheet.freeze_panes == f"A{header + 1}", sheet.title
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{header}:"), sheet.title
    assert all(cell.font.bold for cell in sheet[header] if cell.value), sheet.title
    assert sheet.column_dimensions["A"].width >= 8, sheet.title


class TestOnTheDemo:
    def test_each_export_has_typed_cells_and_libreoffice_reads_it(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        files = _files(tmp_path)
        books = {name: load_workbook(path) for name, path in files.items()}
        for name, book in books.items():
            # The fund's statement says its officer and sums between its title and its header.
            _laid_out(book.worksheets[0], header=4 if name == "fonds" else 2)

        plan = books["plan"].worksheets[0]
        start = plan["H3"]
        assert plan["H2"].value == "Début" and isinstance(start.value, datetime)
        assert start.number_format == FORMATS["date"]

        programmation = books["programmation"].worksheets[0]
        money = [c for c in programmation[3][6:] if c.value is not None]
        assert money and all(isinstance(c.value, (int, float)) for c in money)
        assert all(c.number_format == FORMATS[MONEY] for c in money)
        last = list(programmation.iter_rows(min_row=programmation.max_row))[0]
        assert last[0].value == TOTAL_LABEL
        assert all(str(c.value).startswith("=SUM(") for c in last[6:])  # Demandé too

        fund = books["fonds"].worksheets[0]
        header = [c.value for c in fund[4]]  # title, officer, sums, then the header
        assert header == ["Nature", "Date", "Objet", "Financeur", "Montant"]
        first_entry = fund[5]
        assert isinstance(first_entry[1].value, datetime)
        assert isinstance(first_entry[4].value, (int, float))
        assert first_entry[4].number_format == FORMATS[MONEY]

        rates = books["absenteisme"].worksheets[0]
        figures = [c for row in rates.iter_rows(min_row=3, min_col=4) for c in row if c.value]
        numbers = [c for c in figures if isinstance(c.value, (int, float))]
        assert numbers and all(0 <= c.value <= 1 for c in numbers)  # 10,1 % is 0.101
        assert all(c.number_format == FORMATS[PERCENT] for c in numbers)
        assert all(not str(c.value).endswith("%") for c in figures)

        converted = libreoffice_convert(list(files.values()), CSV_UTF8, tmp_path / "lo")
        for path in converted:
            rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
            assert len(rows) >= 3, path.name
        plan_rows = list(csv.reader(converted[0].read_text(encoding="utf-8").splitlines()))
        assert plan_rows[1][7] == "Début"
        day, month, year = plan_rows[2][7].split("/")  # shown as a date, not as ISO text
        assert len(year) == 4 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31

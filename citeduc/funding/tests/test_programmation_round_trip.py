"""The programmation exported by citeduc is an import file: export 2025, import as 2026."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from citeduc.common.importing import ImportReport
from citeduc.common.spreadsheet import TOTAL_LABEL
from citeduc.demo.loading import DemoResult
from citeduc.funding.dashboard import programmation
from citeduc.funding.models import GrantRequest, RequestedAmount
from citeduc.funding.programmation_import import import_programmation
from citeduc.funding.programmation_sheet import programmation_workbook, template_workbook
from citeduc.territory.models import CiteEducative

Shape = set[tuple[str, str, tuple[tuple[str, Decimal, Decimal | None], ...]]]


def shape(cite: CiteEducative, year: int) -> Shape:
    """A year's programmation as what a person compares: action, porteur, and per funder the
    amount asked and the amount decided."""
    _, rows, _ = programmation(cite, year)
    asked = {
        (a.request_id, a.funder.code): a.amount
        for a in RequestedAmount.objects.filter(
            request__cite=cite, request__year=year
        ).select_related("funder")
    }
    codes = {code for _, code in asked}
    out = set()
    for row in rows:
        decided = {d.funder.code: d.amount for d in row.request.decisions.select_related("funder")}
        per_funder = tuple(
            sorted(
                (code, asked[(row.request.pk, code)], decided.get(code))
                for code in codes
                if (row.request.pk, code) in asked
            )
        )
        out.add((row.request.action.title, row.request.applicant.name, per_funder))
    return out


def save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


@pytest.fixture
def cite(demo: DemoResult) -> CiteEducative:
    return CiteEducative.objects.get(slug="besancon")


class TestOnTheDemo:
    def test_export_2025_imported_as_2026_gives_the_same_programmation(
        self, cite: CiteEducative, tmp_path: Path
    ) -> None:
        GrantRequest.objects.filter(cite=cite, year=2026).delete()
        path = save(programmation_workbook(cite, 2025), tmp_path / "programmation-2025.xlsx")
        report = import_programmation(path, cite, 2026)
        assert report.errors == []
        assert report.created > 0 and report.updated == report.unchanged == 0
        assert shape(cite, 2026) == shape(cite, 2025) != set()
        again = import_programmation(path, cite, 2026)
        assert again.created == again.updated == 0 and again.unchanged == report.created

    def test_the_template_lists_the_allowed_values_and_its_example_row_imports(
        self, cite: CiteEducative, tmp_path: Path
    ) -> None:
        workbook = template_workbook(cite)
        allowed = [row[1] for row in workbook["Valeurs permises"].iter_rows(values_only=True)]
        assert "QN02503M" in allowed and "P147" in allowed
        path = save(workbook, tmp_path / "modele.xlsx")
        report = import_programmation(path, cite, 2026, dry_run=True, report=ImportReport(path))
        assert report.errors == [] and report.created == 1
        assert report.lines[0][0] == "modele.xlsx, ligne 3"  # under the title and the header

    def test_the_export_keeps_totals_out_of_the_imported_sheet(self, cite: CiteEducative) -> None:
        buffer = io.BytesIO()
        programmation_workbook(cite, 2025).save(buffer)
        workbook = load_workbook(io.BytesIO(buffer.getvalue()))
        sheet = workbook.worksheets[0]
        first = [row[0] for row in sheet.iter_rows(values_only=True)]
        # The totals row is a formula row the import skips (the round trip above reads it).
        assert first[-1] == TOTAL_LABEL and first.count(TOTAL_LABEL) == 1
        total_row = list(sheet.iter_rows(min_row=sheet.max_row, values_only=True))[0]
        last_data = sheet.max_row - 1
        letter = get_column_letter(len(total_row))
        assert total_row[-1] == f"=SUM({letter}3:{letter}{last_data})"
        per_funder = {
            row[0]: row[3]
            for row in workbook["Par financeur"].iter_rows(min_row=3, values_only=True)
            if row[0] != TOTAL_LABEL
        }
        assert sum(per_funder.values()) == 730000

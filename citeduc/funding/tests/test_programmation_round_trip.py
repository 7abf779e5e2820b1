"""The programmation exported by citeduc is an import file: export 2025, import as 2026."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from citeduc.common.importing import ImportReport
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
        allowed = [row[0] for row in workbook["Valeurs permises"].iter_rows(values_only=True)]
        assert "QN02503M" in allowed and "P147" in allowed
        path = save(workbook, tmp_path / "modele.xlsx")
        report = import_programmation(path, cite, 2026, dry_run=True, report=ImportReport(path))
        assert report.errors == [] and report.created == 1
        assert report.lines[0][0] == "modele.xlsx, ligne 2"

    def test_the_export_keeps_totals_out_of_the_imported_sheet(self, cite: CiteEducative) -> None:
        buffer = io.BytesIO()
        programmation_workbook(cite, 2025).save(buffer)
        workbook = load_workbook(io.BytesIO(buffer.getvalue()))
        first = [row[0] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        assert "Total" not in first
        notes = {row[0]: row[1] for row in workbook["À lire"].iter_rows(values_only=True) if row}
        assert notes["Total"] == 730000

"""The Fonds de la cité's yearly statement of execution, for the COPIL (art. 11)."""

import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from citeduc.common.cells import append
from citeduc.common.pdf import render_pdf
from citeduc.funding.enums import FundEntryKind
from citeduc.funding.models import FundEntry, FundLedger
from citeduc.territory.models import CiteEducative


@dataclass
class Statement:
    cite: CiteEducative
    year: int
    ledger: FundLedger | None
    contributions: list[FundEntry]
    expenses: list[FundEntry]

    @property
    def total_in(self) -> Decimal:
        return sum((e.amount for e in self.contributions), Decimal("0"))

    @property
    def total_out(self) -> Decimal:
        return sum((e.amount for e in self.expenses), Decimal("0"))

    @property
    def balance(self) -> Decimal:
        return self.total_in - self.total_out


def statement(cite: CiteEducative, year: int) -> Statement:
    ledger = FundLedger.objects.filter(cite=cite).first()
    entries = list(
        FundEntry.objects.filter(ledger__cite=cite, year=year)
        .select_related("funder")
        .order_by("date", "pk")
    )
    return Statement(
        cite,
        year,
        ledger,
        [e for e in entries if e.kind == FundEntryKind.CONTRIBUTION],
        [e for e in entries if e.kind == FundEntryKind.EXPENSE],
    )


def statement_xlsx(s: Statement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Fonds {s.year}"
    append(sheet, [f"Fonds de la {s.cite.name} — état d'exécution {s.year}"])
    append(
        sheet, [f"Ordonnateur : {s.ledger.authorising_officer if s.ledger else 'non renseigné'}"]
    )
    append(sheet, [])
    append(sheet, ["Nature", "Date", "Objet", "Financeur", "Montant"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for entry in [*s.contributions, *s.expenses]:
        append(
            sheet,
            [
                entry.get_kind_display(),
                entry.date,
                entry.object,
                entry.funder.code if entry.funder else "",
                entry.amount,
            ],
        )
    append(sheet, [])
    append(sheet, ["Total des abondements", "", "", "", s.total_in])
    append(sheet, ["Total des dépenses engagées", "", "", "", s.total_out])
    append(sheet, ["Solde", "", "", "", s.balance])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statement_pdf(s: Statement) -> bytes:
    return render_pdf("funding/fund_statement_pdf.html", {"s": s})

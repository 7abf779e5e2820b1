"""The Fonds de la cité's yearly statement of execution, for the COPIL (art. 11)."""

from dataclasses import dataclass
from decimal import Decimal

from citeduc.common.money import format_euros
from citeduc.common.pdf import render_pdf
from citeduc.common.spreadsheet import DATE, MONEY, columns, new_workbook, write_table, xlsx_bytes
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


STATEMENT_COLUMNS = columns(
    "Nature", "Date", "Objet", "Financeur", "Montant", kinds={"Date": DATE, "Montant": MONEY}
)


def statement_xlsx(s: Statement) -> bytes:
    workbook, sheet = new_workbook(f"Fonds {s.year}")
    officer = s.ledger.authorising_officer if s.ledger else "non renseigné"
    rows = [
        [
            entry.get_kind_display(),
            entry.date,
            entry.object,
            entry.funder.code if entry.funder else "",
            entry.amount if entry.kind == FundEntryKind.CONTRIBUTION else -entry.amount,
        ]
        for entry in [*s.contributions, *s.expenses]
    ]
    write_table(
        sheet,
        STATEMENT_COLUMNS,
        rows,
        title=f"Fonds de la {s.cite.name} — état d'exécution {s.year}",
        notes=[
            f"Ordonnateur : {officer}",
            f"Abondements {format_euros(s.total_in)} ; dépenses engagées "
            f"{format_euros(s.total_out)} (en négatif ci-dessous) ; "
            f"solde {format_euros(s.balance)}.",
        ],
        totals=True,
    )
    return xlsx_bytes(workbook)


def statement_pdf(s: Statement) -> bytes:
    return render_pdf("funding/fund_statement_pdf.html", {"s": s})

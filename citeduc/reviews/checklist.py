"""Article 9's checklist (R-FUND-10): for each year's P147 credits, what must have reached the
ANCT, when it did, and the document that went."""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from citeduc.funding.models import CreditDelegation
from citeduc.funding.rules import delegation_pieces_needed
from citeduc.reviews.enums import ChecklistItem, ReviewStatus
from citeduc.reviews.models import AnnualReview, ChecklistPiece
from citeduc.territory.models import CiteEducative

FIELD_OF = {
    ChecklistItem.CONVENTION: "convention_sent_on",
    ChecklistItem.PROTOCOL: "protocol_sent_on",
    ChecklistItem.REVIEW: "review_sent_on",
}


@dataclass
class Line:
    item: ChecklistItem
    label: str
    required: bool
    sent_on: date | None
    documents: list[tuple[str, str]] = field(default_factory=list)  # (label, url)

    @property
    def done(self) -> bool:
        return self.sent_on is not None and bool(self.documents)


@dataclass
class Checklist:
    cite: CiteEducative
    year: int
    lines: list[Line]
    by_notification: bool

    @property
    def missing(self) -> list[Line]:
        return [line for line in self.lines if line.required and not line.done]


def required_items(cite: CiteEducative, year: int) -> set[ChecklistItem]:
    """The pieces R-FUND-10 asks for that year (funding.rules decides)."""
    needed = set(delegation_pieces_needed(cite.label_start.year, year))
    return {item for item, name in FIELD_OF.items() if name in needed}


def checklist(cite: CiteEducative, year: int) -> Checklist:
    delegation = CreditDelegation.objects.filter(cite=cite, year=year).first()
    pieces = ChecklistPiece.objects.filter(cite=cite, year=year)
    previous = AnnualReview.objects.filter(cite=cite, year=year - 1).first()
    required = required_items(cite, year)
    lines = []
    for item in ChecklistItem:
        sent_on = getattr(delegation, FIELD_OF[item]) if delegation else None
        documents = [
            (
                f"{p.original_name} (transmis le {p.sent_on:%d/%m/%Y})",
                reverse("reviews:piece", args=[cite.slug, year, p.pk]),
            )
            for p in pieces
            if p.item == item
        ]
        if (
            item == ChecklistItem.REVIEW
            and previous
            and previous.status == ReviewStatus.TRANSMITTED
        ):
            documents.insert(
                0,
                (
                    f"Revue de projet {previous.year} (PDF, transmise le "
                    f"{previous.transmitted_on:%d/%m/%Y})",
                    reverse("jobs:review_pdf", args=[cite.slug, previous.year]),
                ),
            )
        lines.append(
            Line(
                item,
                item.label.replace("l'année précédente", str(year - 1)),
                item in required,
                sent_on,
                documents,
            )
        )
    return Checklist(cite, year, lines, by_notification=not required)

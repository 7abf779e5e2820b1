"""Recording a funder's decision and its payments; the money rules that block are checked here."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from citeduc.funding.loaders import totals
from citeduc.funding.models import (
    CreditDelegation,
    Decision,
    Envelope,
    Funder,
    GrantRequest,
    Payment,
    RequestedAmount,
)
from citeduc.funding.rules import DELEGATION_FIELDS, P147, euros
from citeduc.territory.models import CiteEducative


class RuleViolation(Exception):
    """An operation refused by a blocking rule; the message says which and by how much."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{message} [{rule}]")
        self.rule = rule


def check_decision(
    request: GrantRequest, funder: Funder, amount: Decimal, *, replacing: Decimal = Decimal("0")
) -> None:
    asked = (
        RequestedAmount.objects.filter(request=request, funder=funder)
        .values_list("amount", flat=True)
        .first()
    )
    if asked is None or amount > asked:
        raise RuleViolation(
            "R-FUND-6",
            f"{funder.code} ne peut accorder {euros(amount)} : {euros(asked or Decimal('0'))} "
            f"lui ont été demandés pour « {request.action.title} ».",
        )
    if funder.code == P147:
        t = totals(request.cite, request.year)
        used = t.p147_decided - replacing + amount + t.fund_p147
        if used > t.envelope_p147:
            raise RuleViolation(
                "R-FUND-1",
                f"Cette décision porterait le P147 {request.year} à {euros(used)} "
                "(décisions et part du fonds), au-delà de l'enveloppe de "
                f"{euros(t.envelope_p147)}.",
            )


def lock_envelope(cite_id: int, funder: Funder, year: int) -> None:
    """Row locks on the funder (always there) and on its envelope for the year (when there is
    one), until the end of the transaction: two decisions of one funder are then checked against
    the envelope one after the other, never both against the same remaining amount."""
    Funder.objects.select_for_update().filter(pk=funder.pk).first()
    list(Envelope.objects.select_for_update().filter(cite_id=cite_id, funder=funder, year=year))


@transaction.atomic
def record_decision(
    request: GrantRequest, funder: Funder, amount: Decimal, day: date, reference: str = ""
) -> Decision:
    lock_envelope(request.cite_id, funder, request.year)
    existing = Decision.objects.filter(request=request, funder=funder).first()
    check_decision(request, funder, amount, replacing=existing.amount if existing else Decimal("0"))
    decision, _ = Decision.objects.update_or_create(
        request=request,
        funder=funder,
        defaults={"amount": amount, "date": day, "reference": reference},
    )
    return decision


@transaction.atomic
def record_payment(decision: Decision, amount: Decimal, day: date) -> Payment:
    # The decision's row is locked first: parallel payments on it are checked one at a time,
    # each against what the others paid (read after the lock, not from a stale object).
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    paid = sum((p.amount for p in Payment.objects.filter(decision=decision)), Decimal("0"))
    if paid + amount > decision.amount:
        raise RuleViolation(
            "R-FUND-6",
            f"Ce versement porterait les versements à {euros(paid + amount)} "
            f"pour une décision de {euros(decision.amount)}.",
        )
    return Payment.objects.create(decision=decision, amount=amount, date=day)


def record_delegation_piece(cite: CiteEducative, year: int, name: str, day: date) -> None:
    """Note that one of Article 9's pieces reached the ANCT for the year's credits (R-FUND-10);
    an earlier date already recorded is kept."""
    if name not in DELEGATION_FIELDS:
        raise ValueError(f"pièce inconnue : {name}")
    delegation, _created = CreditDelegation.objects.get_or_create(cite=cite, year=year)
    recorded = getattr(delegation, name)
    if recorded is None or day < recorded:
        setattr(delegation, name, day)
        delegation.save(update_fields=[name])

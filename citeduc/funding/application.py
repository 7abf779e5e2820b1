"""Filling an application step by step: what each step reads from and writes to the request."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from citeduc.accounts.models import User
from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action
from citeduc.common.enums import AgeBand
from citeduc.directory.models import Organisation
from citeduc.funding.enums import Account
from citeduc.funding.forms import (
    CHARGE_ACCOUNTS,
    IN_KIND_ACCOUNTS,
    OTHER_74,
    PRODUCT_ACCOUNTS,
)
from citeduc.funding.loaders import forecast_by_account
from citeduc.funding.models import (
    Attachment,
    BudgetLine,
    Call,
    Funder,
    GrantRequest,
    RequestedAmount,
)
from citeduc.funding.rules import budget_errors

STEPS = [
    ("identite", "Identité de la structure"),
    ("projet", "Le projet"),
    ("budget", "Budget du projet"),
    ("declarations", "Déclarations sur l'honneur"),
    ("pieces", "Pièces jointes"),
    ("recapitulatif", "Récapitulatif et dépôt"),
]
STEP_NAMES = [name for name, _ in STEPS]
# The request's own fields each step writes (the rest of a step lives on the action or the
# structure); "reprendre une demande" copies the first two groups.
IDENTITY_FIELDS = (
    "legal_representative",
    "legal_representative_role",
    "contact_name",
    "contact_email",
    "contact_phone",
)
PROJECT_FIELDS = ("age_bands", "expected_girls", "expected_boys", "place", "evaluation_indicators")


def call_funders(grant: GrantRequest) -> list[Funder]:
    """The funders a request may ask: those of its call, or every funder of the Cité."""
    funders = (
        grant.call.funders.all()
        if grant.call is not None
        else Funder.objects.filter(cite=grant.cite)
    )
    return list(funders.order_by("-is_state", "code"))


@transaction.atomic
def start(
    call: Call, organisation: Organisation, *, title: str, previous: GrantRequest | None, by: User
) -> GrantRequest:
    """A new draft for the call: a proposed action (piste) and its request, maybe copied."""
    year = call.year
    source_action = previous.action if previous else None
    action = Action.objects.create(
        cite=call.cite,
        title=title or (source_action.title if source_action else ""),
        description=source_action.description if source_action else "",
        start_date=date(year, 1, 1),
        end_date=date(year, 12, 31),
        year=year,
        status=ActionStatus.PISTE,
        age_min=source_action.age_min if source_action else None,
        age_max=source_action.age_max if source_action else None,
        carried_from=source_action,
    )
    action.porteurs.add(organisation)
    grant = GrantRequest(
        cite=call.cite, call=call, action=action, applicant=organisation, year=year
    )
    if previous is None:
        grant.save()
        return grant
    action.objectives.set(previous.action.objectives.filter(axis__cite=call.cite))
    action.qpvs.set(previous.action.qpvs.all())
    for name in (*IDENTITY_FIELDS, *PROJECT_FIELDS):
        setattr(grant, name, getattr(previous, name))
    grant._history_user = by  # type: ignore[attr-defined]
    grant.save()
    allowed = {f.pk for f in call_funders(grant)}
    for line in previous.budget_lines.all():
        if line.funder_id and line.funder_id not in allowed:
            continue
        BudgetLine.objects.create(
            request=grant,
            account=line.account,
            label=line.label,
            amount=line.amount,
            funder_id=line.funder_id,
        )
    sync_asked(grant)
    for attachment in previous.attachments.all():
        Attachment.objects.create(
            request=grant,
            kind=attachment.kind,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=by,
        )
    return grant


def sync_asked(grant: GrantRequest) -> None:
    """The asked amounts are the 74 lines that name a funder of the Cité."""
    asked: dict[int, Decimal] = {}
    for funder_id, amount in grant.budget_lines.filter(funder__isnull=False).values_list(
        "funder_id", "amount"
    ):
        asked[funder_id] = asked.get(funder_id, Decimal("0")) + amount
    RequestedAmount.objects.filter(request=grant).exclude(funder__in=asked).delete()
    for funder_id, amount in asked.items():
        RequestedAmount.objects.update_or_create(
            request=grant, funder_id=funder_id, defaults={"amount": amount}
        )


# ---- each step's initial values and how it is saved ------------------------------------------


def _write(grant: GrantRequest, names: tuple[str, ...], data: dict[str, Any], by: User) -> None:
    """Save a step's fields of the request, the author kept in its history."""
    for name in names:
        setattr(grant, name, data[name])
    grant._history_user = by  # type: ignore[attr-defined]
    grant.save()


def identity_initial(grant: GrantRequest) -> dict[str, Any]:
    organisation = grant.applicant
    return {
        "siret": organisation.siret,
        "rna": organisation.rna,
        **{name: getattr(grant, name) for name in IDENTITY_FIELDS},
    }


@transaction.atomic
def save_identity(grant: GrantRequest, data: dict[str, Any], by: User) -> None:
    organisation = grant.applicant
    organisation.siret, organisation.rna = data["siret"], data["rna"]
    organisation.save(update_fields=["siret", "rna"])
    _write(grant, IDENTITY_FIELDS, data, by)


def project_initial(grant: GrantRequest) -> dict[str, Any]:
    action = grant.action
    return {
        "title": action.title,
        "objectives": list(action.objectives.all()),
        "description": action.description,
        "qpvs": list(action.qpvs.all()),
        "start_date": action.start_date,
        "end_date": action.end_date,
        **{name: getattr(grant, name) for name in PROJECT_FIELDS},
    }


@transaction.atomic
def save_project(grant: GrantRequest, data: dict[str, Any], by: User) -> None:
    action = grant.action
    bands = [AgeBand(code) for code in data["age_bands"]]
    action.title = data["title"]
    action.description = data["description"]
    action.start_date, action.end_date = data["start_date"], data["end_date"]
    action.age_min = min(band.bounds[0] for band in bands) if bands else None
    action.age_max = max(band.bounds[1] for band in bands) if bands else None
    action.expected_participants = data["expected_girls"] + data["expected_boys"]
    action.save()
    action.objectives.set(data["objectives"])
    action.qpvs.set(data["qpvs"])
    _write(grant, PROJECT_FIELDS, data, by)


def budget_initial(grant: GrantRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for line in grant.budget_lines.all():
        if line.funder_id:
            initial[f"asked_{line.funder_id}"] = line.amount
            continue
        key = OTHER_74 if line.account == Account.P74 else line.account
        initial[f"amount_{key}"] = line.amount
        initial[f"label_{key}"] = line.label
    return initial


@transaction.atomic
def save_budget(grant: GrantRequest, data: dict[str, Any], funders: list[Funder]) -> None:
    """Replace the budget by what the form holds: one row per non-empty account or funder."""
    grant.budget_lines.all().delete()
    for account in [*CHARGE_ACCOUNTS, *PRODUCT_ACCOUNTS, *IN_KIND_ACCOUNTS]:
        amount = data.get(f"amount_{account.value}")
        if amount:
            BudgetLine.objects.create(
                request=grant,
                account=account.value,
                label=data.get(f"label_{account.value}", ""),
                amount=amount,
            )
    if data.get(f"amount_{OTHER_74}"):
        BudgetLine.objects.create(
            request=grant,
            account=Account.P74,
            label=data.get(f"label_{OTHER_74}") or "Autres subventions",
            amount=data[f"amount_{OTHER_74}"],
        )
    for funder in funders:
        amount = data.get(f"asked_{funder.pk}")
        if amount:
            BudgetLine.objects.create(
                request=grant,
                account=Account.P74,
                label=f"Subvention demandée : {funder.name}",
                amount=amount,
                funder=funder,
            )
    sync_asked(grant)


def budget_summary(grant: GrantRequest) -> dict[str, Any]:
    """The totals the porteur sees under the budget, and what unbalances it (R-FUND-8)."""
    charges = products = Decimal("0")
    in_kind = {"86": Decimal("0"), "87": Decimal("0")}
    for line in grant.budget_lines.all():
        account = Account(line.account)
        if account.in_kind:
            in_kind[line.account] += line.amount
        elif account.is_charge:
            charges += line.amount
        else:
            products += line.amount
    return {
        "charges": charges,
        "products": products,
        "in_kind_charges": in_kind["86"],
        "in_kind_products": in_kind["87"],
        "errors": budget_errors(forecast_by_account(grant)),
    }

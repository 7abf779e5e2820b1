"""The life of a grant request: which state may follow which, who is told, and what blocks filing.

Every move goes through `move()`, which keeps an event (who, when, from, to, why) and notifies
the people the new state concerns; the request's own history (simple-history) keeps every
version of what the porteur typed, so a corrected request still shows what it said before.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.enums import Role
from citeduc.accounts.members import coordination_of
from citeduc.accounts.models import User
from citeduc.accounts.notify import notify
from citeduc.action_plan.enums import ActionStatus
from citeduc.funding.decide import RuleViolation, record_decision
from citeduc.funding.enums import DECIDABLE_STATUSES, RequestStatus
from citeduc.funding.loaders import forecast_by_account
from citeduc.funding.models import Funder, GrantRequest, RequestEvent
from citeduc.funding.rules import budget_errors, euros

S = RequestStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.REVIEWING, S.CORRECTION, S.GRANTED, S.PARTIAL, S.REFUSED}),
    S.REVIEWING: frozenset({S.CORRECTION, S.OPINION, S.GRANTED, S.PARTIAL, S.REFUSED}),
    S.CORRECTION: frozenset({S.CORRECTED}),
    S.CORRECTED: frozenset({S.REVIEWING, S.CORRECTION, S.OPINION, S.GRANTED, S.PARTIAL, S.REFUSED}),
    S.OPINION: frozenset({S.CORRECTION, S.GRANTED, S.PARTIAL, S.REFUSED}),
    S.GRANTED: frozenset({S.SIGNED}),
    S.PARTIAL: frozenset({S.SIGNED}),
    S.REFUSED: frozenset(),
    S.SIGNED: frozenset({S.PAID, S.REPORTED}),
    S.PAID: frozenset({S.REPORT_DUE, S.REPORTED}),
    S.REPORT_DUE: frozenset({S.REPORTED}),
    S.REPORTED: frozenset({S.CLOSED, S.REPORT_DUE}),
    S.CLOSED: frozenset(),
}

# Which side is told of each new state: the porteur's structure or the Cité's coordination.
TELL_PORTEUR = frozenset(
    {S.REVIEWING, S.CORRECTION, S.GRANTED, S.PARTIAL, S.REFUSED, S.SIGNED, S.PAID, S.REPORT_DUE}
) | {S.CLOSED}
TELL_COORDINATION = frozenset({S.SUBMITTED, S.CORRECTED, S.OPINION, S.REPORTED})

MESSAGES: dict[str, str] = {
    S.SUBMITTED: "{applicant} a déposé la demande « {title} » ({year}).",
    S.REVIEWING: "Votre demande « {title} » est en cours d'instruction.",
    S.CORRECTION: "La coordination vous demande de corriger la demande « {title} ».",
    S.CORRECTED: "{applicant} a corrigé la demande « {title} » et l'a déposée de nouveau.",
    S.OPINION: "Tous les avis d'instruction sont rendus pour « {title} ».",
    S.GRANTED: "Votre demande « {title} » est accordée : {decided} pour {asked} demandés.",
    S.PARTIAL: "Votre demande « {title} » est accordée en partie : {decided} "
    "pour {asked} demandés.",
    S.REFUSED: "Votre demande « {title} » n'a pas été retenue.",
    S.SIGNED: "La convention de la demande « {title} » est signée.",
    S.PAID: "Un versement a été enregistré pour « {title} ».",
    S.REPORT_DUE: "Le compte-rendu financier de « {title} » est attendu au plus tard le {due}.",
    S.REPORTED: "{applicant} a déposé le compte-rendu financier de « {title} ».",
    S.CLOSED: "La demande « {title} » est soldée.",
}


class WorkflowError(Exception):
    """A move the request's state does not allow; the message says which."""


def can_move(grant: GrantRequest, to: str) -> bool:
    return to in TRANSITIONS[grant.status]


def porteur_users(grant: GrantRequest) -> QuerySet[User]:
    """The porteurs named editors of the applicant structure, members of the Cité."""
    return User.objects.filter(
        pk__in=grant.applicant.editors.values("pk"),
        memberships__cite=grant.cite_id,
        memberships__role=Role.PORTEUR,
    ).distinct()


def coordination_users(grant: GrantRequest) -> QuerySet[User]:
    """The coordination of the Cité; its pilots when it has no coordination yet."""
    return coordination_of(grant.cite_id)


def request_url(grant: GrantRequest) -> str:
    return reverse("funding:request_detail", args=[grant.cite.slug, grant.pk])


def describe(grant: GrantRequest, status: str) -> str:
    asked = sum((a.amount for a in grant.asked.all()), Decimal("0"))
    decided = sum((d.amount for d in grant.decisions.all()), Decimal("0"))
    return MESSAGES[status].format(
        applicant=grant.applicant.name,
        title=grant.action.title,
        year=grant.year,
        asked=euros(asked),
        decided=euros(decided),
        due=f"{grant.report_due_on:%d/%m/%Y}",
    )


@transaction.atomic
def move(grant: GrantRequest, to: str, *, by: User | None, message: str = "") -> RequestEvent:
    if not can_move(grant, to):
        raise WorkflowError(
            f"Une demande « {grant.get_status_display()} » ne peut pas passer à "
            f"« {RequestStatus(to).label} »."
        )
    before = grant.status
    grant.status = to
    if to == S.SUBMITTED and grant.submitted_on is None:
        grant.submitted_on = timezone.localdate()
    grant._history_user = by  # type: ignore[attr-defined]
    grant.save()
    event = RequestEvent.objects.create(
        request=grant, from_status=before, to_status=to, by=by, message=message
    )
    if to in (S.GRANTED, S.PARTIAL) and grant.action.status == ActionStatus.PISTE:
        grant.action.status = ActionStatus.PROGRAMMEE
        grant.action.save(update_fields=["status"])
    recipients: Iterable[User] = []
    if to in TELL_PORTEUR:
        recipients = porteur_users(grant)
    elif to in TELL_COORDINATION:
        recipients = coordination_users(grant)
    body = describe(grant, to)
    if message:
        body += f"\n\nMessage : {message}"
    notify(
        recipients, f"{RequestStatus(to).label} — {grant.action.title}", body, request_url(grant)
    )
    return event


# ---- what must hold before the porteur files --------------------------------------------------


def submission_errors(grant: GrantRequest, today: date | None = None) -> dict[str, list[str]]:
    """Everything that stops filing, by step of the form; an empty dict means it may be filed."""
    today = today or timezone.localdate()
    organisation, action = grant.applicant, grant.action
    errors: dict[str, list[str]] = {}

    def add(step: str, message: str) -> None:
        errors.setdefault(step, []).append(message)

    if not organisation.siret:
        add("identite", "Le SIRET de la structure est obligatoire.")
    if organisation.kind == "association" and not organisation.rna:
        add("identite", "Le numéro RNA est obligatoire pour une association.")
    for value, label in (
        (grant.legal_representative, "le représentant légal"),
        (grant.contact_name, "la personne chargée du dossier"),
        (grant.contact_email, "l'e-mail de la personne chargée du dossier"),
    ):
        if not value:
            add("identite", f"Indiquez {label}.")
    if not action.description.strip():
        add("projet", "Décrivez le projet.")
    if not action.objectives.exists():
        add("projet", "Rattachez le projet à au moins un objectif du plan d'actions.")
    if not grant.age_bands:
        add("projet", "Indiquez au moins une tranche d'âge du public.")
    if grant.expected_girls + grant.expected_boys == 0:
        add("projet", "Indiquez le nombre de participants attendus (filles et garçons).")
    lines = list(grant.budget_lines.all())
    if not any(line.account.startswith("6") for line in lines):
        add("budget", "Le budget ne comporte aucune charge.")
    if not any(line.funder_id and line.amount for line in lines):
        add("budget", "Indiquez le montant demandé à au moins un financeur de la Cité.")
    for error in budget_errors(forecast_by_account(grant)):
        add("budget", f"Budget déséquilibré (R-FUND-8) : {error}.")
    if organisation.kind == "association" and not grant.republican_commitment:
        add(
            "declarations",
            "Une association doit souscrire le contrat d'engagement républicain (R-FUND-9).",
        )
    if not grant.sworn_obligations:
        add("declarations", "Certifiez que la structure est à jour de ses obligations.")
    if not grant.sworn_accurate:
        add("declarations", "Certifiez l'exactitude des informations de la demande.")
    if not grant.signatory.strip():
        add("declarations", "Indiquez le nom du signataire.")
    if grant.call is not None:
        present = set(grant.attachments.values_list("kind", flat=True))
        for code, label in zip(
            grant.call.required_documents, grant.call.required_labels(), strict=True
        ):
            if code not in present:
                add("pieces", f"Pièce obligatoire manquante : {label}.")
        if grant.status == S.DRAFT and not grant.call.is_open(today):
            add(
                "recapitulatif",
                f"L'appel à projets est clos depuis le {grant.call.closes_on:%d/%m/%Y}.",
            )
    return errors


def submit(grant: GrantRequest, *, by: User) -> RequestEvent:
    """File a draft, or a corrected request; refused with every reason when something is missing."""
    errors = submission_errors(grant)
    if errors:
        raise WorkflowError(" ".join(message for step in errors.values() for message in step))
    return move(grant, S.CORRECTED if grant.status == S.CORRECTION else S.SUBMITTED, by=by)


# ---- decisions, in one step for a whole programmation ----------------------------------------


def outcome(grant: GrantRequest) -> str:
    asked = {a.funder_id: a.amount for a in grant.asked.all()}
    decided = {d.funder_id: d.amount for d in grant.decisions.all()}
    total = sum(decided.values(), Decimal("0"))
    if total == 0:
        return S.REFUSED
    if all(decided.get(funder, Decimal("0")) >= amount for funder, amount in asked.items()):
        return S.GRANTED
    return S.PARTIAL


@transaction.atomic
def decide(
    entries: Iterable[tuple[GrantRequest, Funder, Decimal]],
    *,
    day: date,
    reference: str,
    by: User,
) -> list[GrantRequest]:
    """Record every funder's decision at once; one refused by a rule undoes them all."""
    touched: dict[int, GrantRequest] = {}
    for grant, funder, amount in entries:
        if grant.status not in DECIDABLE_STATUSES:
            raise WorkflowError(
                f"« {grant.action.title} » est « {grant.get_status_display()} » : "
                "elle ne peut plus recevoir de décision."
            )
        record_decision(grant, funder, amount, day, reference)
        touched[grant.pk] = grant
    for grant in touched.values():
        if grant.asked.exclude(funder__in=grant.decisions.values("funder")).exists():
            continue  # another funder has still to decide
        move(grant, outcome(grant), by=by, message=reference)
    return list(touched.values())


__all__ = ["RuleViolation", "WorkflowError", "decide", "move", "submit", "submission_errors"]

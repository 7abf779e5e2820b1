"""Structures that join by themselves, as on DORA: a person claims a structure of the directory
or declares a new one; the coordination of the Cité accepts or refuses, with a reason; the first
accepted member administers the structure (invites colleagues, removes them, hands over).

Every refusal is a `ClaimRefused` with the sentence to show; every write is one transaction, so
that a refused step leaves nothing half-written."""

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.enums import Role
from citeduc.accounts.members import add_member, coordination_of
from citeduc.accounts.models import User
from citeduc.accounts.notify import notify
from citeduc.common.text import fold
from citeduc.directory.models import Claim, ClaimStatus, Organisation
from citeduc.territory.models import CiteEducative, Commune


class ClaimRefused(Exception):
    """A step that cannot be taken; its message is the sentence for the person."""


def find_organisations(query: str, limit: int = 20) -> QuerySet[Organisation]:
    """Structures of the directory by SIRET (or SIREN), RNA or a part of their name."""
    text = "".join(query.split())
    organisations = Organisation.objects.active().select_related("cite", "commune")
    if text.isdigit() and len(text) in (9, 14):
        return organisations.filter(siret__startswith=text)[:limit]
    if text.upper().startswith("W") and len(text) == 10:
        return organisations.filter(rna=text.upper())[:limit]
    words = fold(query).split()
    if not words:
        return organisations.none()
    # Accents aside ("cafe" finds "Café"): names are compared folded, read in one query of
    # three columns (a few thousand structures at most on one instance).
    matching = [
        pk
        for pk, name, acronym in Organisation.objects.active().values_list("pk", "name", "acronym")
        if all(word in fold(f"{name} {acronym}") for word in words)
    ][:limit]
    return organisations.filter(pk__in=matching).order_by("name")


# Words too common in structures' names to tell two of them apart.
COMMON_WORDS = {"association", "associations", "club", "maison", "centre", "france", "ville"}


def similar_organisations(claim: Claim, limit: int = 10) -> list[Organisation]:
    """Structures of the claim's Cité sharing a telling word of its name: a possible duplicate
    the coordination should see before creating a new one."""
    words = {w for w in fold(claim.name).replace("-", " ").split() if len(w) >= 4} - COMMON_WORDS
    if not words:
        return []
    organisations = Organisation.objects.active().filter(cite=claim.cite).order_by("name")
    return [
        organisation
        for organisation in organisations
        if words & set(fold(organisation.name).replace("-", " ").split())
    ][:limit]


def _claims_url(cite: CiteEducative) -> str:
    return reverse("directory:claim_list", args=[cite.slug])


def _announce(claim: Claim) -> None:
    what = "déclare une nouvelle structure" if claim.is_new else "demande à gérer la structure"
    notify(
        coordination_of(claim.cite_id),
        f"Demande de rattachement : {claim.name}",
        f"{claim.user.get_full_name()} ({claim.user.email}) {what} « {claim.name} »"
        + (f" (SIRET {claim.siret})" if claim.siret else "")
        + (f" (RNA {claim.rna})" if claim.rna else "")
        + ". Acceptez-la ou refusez-la avec un motif."
        + (f"\n\nSon message : {claim.message}" if claim.message else ""),
        reverse("directory:claim_decide", args=[claim.cite.slug, claim.pk]),
    )


def claim_existing(user: User, organisation: Organisation, message: str = "") -> Claim:
    if organisation.merged_into_id is not None:
        raise ClaimRefused(
            "Cette structure a été fusionnée dans une autre : rattachez-vous à elle."
        )
    if organisation.editors.filter(pk=user.pk).exists():
        raise ClaimRefused(f"Vous êtes déjà membre de « {organisation.name} ».")
    pending = Claim.objects.filter(
        user=user, organisation=organisation, status=ClaimStatus.PENDING
    ).first()
    if pending is not None:
        raise ClaimRefused(
            f"Vous avez déjà demandé à gérer « {organisation.name} » le "
            f"{timezone.localtime(pending.created_at):%d/%m/%Y} : la demande attend la "
            "coordination de la Cité."
        )
    if organisation.administrators.exists():
        raise ClaimRefused(
            f"« {organisation.name} » a déjà un administrateur sur la plateforme : demandez-lui "
            "de vous inviter (ou à la coordination de la Cité de vous ajouter)."
        )
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                user=user,
                cite=organisation.cite,
                organisation=organisation,
                name=organisation.name,
                siret=organisation.siret,
                rna=organisation.rna,
                kind=organisation.kind,
                commune=organisation.commune,
                message=message.strip(),
            )
            _announce(claim)
    except IntegrityError as exc:  # the same claim sent from a second tab
        raise ClaimRefused(
            f"Vous avez déjà demandé à gérer « {organisation.name} » : la demande attend la "
            "coordination de la Cité."
        ) from exc
    return claim


def declare_new(
    user: User,
    cite: CiteEducative,
    *,
    name: str,
    kind: str,
    commune: Commune | None,
    siret: str = "",
    rna: str = "",
    message: str = "",
) -> Claim:
    if not siret and not rna:
        raise ClaimRefused("Indiquez le SIRET de la structure, ou le numéro RNA d'une association.")
    same = Q(siret=siret) if siret else Q(pk__in=[])
    if rna:
        same |= Q(rna=rna)
    existing = Organisation.objects.active().filter(same).select_related("cite").first()
    if existing is not None:
        raise ClaimRefused(
            f"Cette structure est déjà dans l'annuaire : « {existing.name} » "
            f"({existing.cite.name}). Rattachez-vous à elle plutôt que de la déclarer."
        )
    pending = Claim.objects.filter(status=ClaimStatus.PENDING, organisation__isnull=True).filter(
        same
    )
    if pending.filter(user=user).exists():
        raise ClaimRefused(
            "Vous avez déjà déclaré cette structure : votre demande attend la coordination."
        )
    if pending.exists():
        raise ClaimRefused(
            "Une autre personne a déjà déclaré une structure avec ce SIRET ou ce numéro RNA ; "
            "sa demande attend la coordination de la Cité, qui peut ensuite vous y ajouter."
        )
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                user=user,
                cite=cite,
                name=name.strip(),
                siret=siret,
                rna=rna,
                kind=kind,
                commune=commune,
                message=message.strip(),
            )
            _announce(claim)
    except IntegrityError as exc:
        raise ClaimRefused(
            "Une demande est déjà en cours pour ce SIRET ou ce numéro RNA : elle attend la "
            "coordination de la Cité."
        ) from exc
    return claim


def _pending(claim_pk: int) -> Claim:
    # Only the claim's row is locked: its structure may be absent (a new one), and PostgreSQL
    # refuses to lock the empty side of an outer join.
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("user", "cite", "organisation")
        .get(pk=claim_pk)
    )
    if claim.status != ClaimStatus.PENDING:
        raise ClaimRefused(
            f"Cette demande a déjà été traitée ({claim.get_status_display().lower()}) : rien "
            "n'a changé."
        )
    return claim


def _decided(claim: Claim, status: ClaimStatus, by: User, reason: str) -> None:
    claim.status = status
    claim.reason = reason
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save()


def accept(claim: Claim, by: User) -> Organisation:
    with transaction.atomic():
        claim = _pending(claim.pk)
        organisation = claim.organisation
        if organisation is None:
            source = f"citeduc-{claim.cite.slug}"
            organisation = Organisation.objects.create(
                cite=claim.cite,
                source=source,
                external_id=f"{source}--{uuid.uuid4().hex[:12]}",
                name=claim.name,
                siret=claim.siret,
                rna=claim.rna,
                kind=claim.kind,
                commune=claim.commune,
            )
            claim.organisation = organisation
        attach_editor(organisation, claim.user)
        _decided(claim, ClaimStatus.ACCEPTED, by, "")
        notify(
            [claim.user],
            f"Votre demande pour « {organisation.name} » est acceptée",
            f"La coordination de la {claim.cite.name} a accepté votre demande : vous gérez "
            f"désormais « {organisation.name} » (fiche, services, membres) et pouvez répondre "
            "à ses appels à projets en son nom.",
            reverse("directory:my_structures"),
        )
    return organisation


def refuse(claim: Claim, by: User, reason: str) -> None:
    if not reason.strip():
        raise ClaimRefused("Donnez le motif du refus : il est envoyé au demandeur.")
    with transaction.atomic():
        claim = _pending(claim.pk)
        _decided(claim, ClaimStatus.REFUSED, by, reason.strip())
        notify(
            [claim.user],
            f"Votre demande pour « {claim.name} » est refusée",
            f"La coordination de la {claim.cite.name} a refusé votre demande. Motif : "
            f"{reason.strip()}",
            reverse("directory:my_structures"),
        )


def attach_editor(organisation: Organisation, user: User) -> None:
    """Make a person an editor of the structure (and a porteur of its Cité); the first one also
    administers it."""
    add_member(organisation.cite, user.email, Role.PORTEUR)
    organisation.editors.add(user)
    if not organisation.administrators.exists():
        organisation.administrators.add(user)


def invite(organisation: Organisation, email: str, full_name: str, by: User) -> tuple[User, bool]:
    """Add a colleague by e-mail; the account is created when new (it then gets the link to
    choose its password). Returns the person and whether the account is new."""
    email = email.strip().lower()
    with transaction.atomic():
        if organisation.editors.filter(email__iexact=email).exists():
            raise ClaimRefused(f"{email} est déjà membre de « {organisation.name} ».")
        _membership, new = add_member(organisation.cite, email, Role.PORTEUR, full_name)
        user = User.objects.get(email__iexact=email)
        organisation.editors.add(user)
        if not organisation.administrators.exists():
            organisation.administrators.add(user)
    if not new:
        notify(
            [user],
            f"Vous êtes membre de « {organisation.name} »",
            f"{by.get_full_name()} vous a ajouté(e) aux membres de « {organisation.name} » : "
            "vous pouvez modifier sa fiche et ses services, et répondre aux appels à projets "
            "en son nom.",
            reverse("directory:my_structures"),
        )
    return user, new


def remove(organisation: Organisation, user: User) -> None:
    with transaction.atomic():
        admins = set(organisation.administrators.values_list("pk", flat=True))
        if admins == {user.pk}:
            raise ClaimRefused(
                f"{user.get_full_name()} est le seul administrateur de « {organisation.name} » : "
                "confiez d'abord l'administration à un autre membre."
            )
        organisation.editors.remove(user)
        organisation.administrators.remove(user)


def hand_over(organisation: Organisation, to: User, *, leaving: User | None) -> None:
    """Make a member administrator; the one who hands over steps down when ``leaving``."""
    with transaction.atomic():
        if not organisation.editors.filter(pk=to.pk).exists():
            raise ClaimRefused("Seul un membre de la structure peut l'administrer.")
        organisation.administrators.add(to)
        if leaving is not None and leaving.pk != to.pk:
            organisation.administrators.remove(leaving)

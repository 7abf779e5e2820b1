"""The Annuaire de l'éducation reaches the Cité.

After an import, every establishment of a Cité's communes that lies in one of its QPV or is in
priority education belongs to the Cité (`attach`). The Cité's own establishments, often named by
the convention without their UAI (« Diderot »), are proposed a match among the Annuaire's rows
(« Collège Diderot »): same commune, same kind of school, a similar name (`proposals`). The
coordination confirms each match; `merge` then keeps one row: the Annuaire's UAI, name, position,
address and priority education, with the Cité's role and the actions that name it."""

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from citeduc.territory.enums import CiteRole, EstablishmentKind, PriorityEducation
from citeduc.territory.models import CiteEducative, Establishment

# Words that say what an establishment is, not which one it is.
GENERIC = {
    "ecole", "elementaire", "maternelle", "primaire", "publique", "public", "privee", "prive",
    "college", "lycee", "groupe", "scolaire", "general", "generale", "technologique",
    "professionnel", "polyvalent", "des", "de", "du", "la", "le", "les", "d", "l", "et",
    "ee", "em", "ep", "pu", "pr", "eepu", "empu", "eppu", "clg", "lp", "lgt",
}  # fmt: skip
SCHOOLS = {
    EstablishmentKind.ECOLE_MATERNELLE,
    EstablishmentKind.ECOLE_ELEMENTAIRE,
    EstablishmentKind.ECOLE_PRIMAIRE,
}
LYCEES = {
    EstablishmentKind.LYCEE_GENERAL,
    EstablishmentKind.LYCEE_PROFESSIONNEL,
    EstablishmentKind.LYCEE_POLYVALENT,
}
# Below this similarity of their names, two establishments are not proposed as one.
THRESHOLD = 0.75
PRIORITY = {PriorityEducation.REP, PriorityEducation.REP_PLUS}


def family(kind: str) -> str:
    """Kinds that a convention and the Annuaire may name differently for the same school."""
    if kind in SCHOOLS:
        return "ecole"
    if kind in LYCEES:
        return "lycee"
    return kind


def name_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in GENERIC]
    return " ".join(words)


def similarity(a: str, b: str) -> float:
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return 0.0
    if set(key_a.split()) == set(key_b.split()):
        return 1.0
    return difflib.SequenceMatcher(None, key_a, key_b).ratio()


def attach(establishments: Iterable[Establishment]) -> dict[str, int]:
    """Set the Cité of establishments (not yet saved, or to be bulk-updated) that lie in one of
    its QPV, or are in priority education in one of its communes; returns how many per Cité."""
    cites_of_commune: dict[int, list[CiteEducative]] = defaultdict(list)
    qpvs_of_cite: dict[int, set[int]] = {}
    for cite in CiteEducative.objects.prefetch_related("communes", "qpvs"):
        qpvs_of_cite[cite.pk] = {q.pk for q in cite.qpvs.all()}
        for commune in cite.communes.all():
            cites_of_commune[commune.pk].append(cite)
    counts: dict[str, int] = defaultdict(int)
    for establishment in establishments:
        if establishment.cite_id is not None:
            continue
        cites = cites_of_commune.get(establishment.commune_id or 0, [])
        by_qpv = [c for c in cites if establishment.qpv_id in qpvs_of_cite[c.pk]]
        priority = establishment.priority_education in PRIORITY and len(cites) == 1
        found = by_qpv[0] if by_qpv else (cites[0] if priority else None)
        if found is not None:
            establishment.cite = found
            establishment.cite_role = CiteRole.MEMBRE
            counts[found.name] += 1
    return dict(counts)


@dataclass
class Proposal:
    local: Establishment
    candidates: list[tuple[Establishment, float]]


def proposals(cite: CiteEducative) -> list[Proposal]:
    """For each establishment of the Cité without a UAI, the Annuaire rows it may be (best
    first), in a fixed number of queries."""
    locals_ = list(
        Establishment.objects.filter(cite=cite, uai__isnull=True).select_related("commune")
    )
    communes = list(cite.communes.values_list("pk", flat=True))
    pool = list(
        Establishment.objects.filter(uai__isnull=False, commune__in=communes).select_related(
            "commune", "qpv"
        )
    )
    out = []
    for local in locals_:
        scored = [
            (row, similarity(local.name, row.name))
            for row in pool
            if family(row.kind) == family(local.kind)
            and (local.commune_id is None or row.commune_id == local.commune_id)
        ]
        # The same kind first (« Bourgogne » maternelle and élémentaire are two schools).
        best = sorted(
            [(row, score) for row, score in scored if score >= THRESHOLD],
            key=lambda pair: (pair[0].kind != local.kind, -pair[1], pair[0].name),
        )[:3]
        if best:
            out.append(Proposal(local, best))
    return out


MERGED_FIELDS = [
    "name",
    "kind",
    "sector",
    "priority_education",
    "address",
    "commune",
    "latitude",
    "longitude",
    "qpv",
]


@transaction.atomic
def merge(local: Establishment, official: Establishment) -> Establishment | None:
    """One row for both: the Annuaire's facts on the Cité's row, which keeps its role and its
    actions; the Annuaire's row is removed (its actions move to the kept row). None when either
    row is gone or the Cité's row has a UAI already (merged from another tab)."""
    rows = Establishment.objects.select_for_update()
    local_now = rows.filter(pk=local.pk, uai__isnull=True).first()
    official_now = rows.filter(pk=official.pk).first()
    if local_now is None or official_now is None:
        return None
    local, official = local_now, official_now
    for action in official.actions.all():
        action.establishments.add(local)
    values = {name: getattr(official, name) for name in MERGED_FIELDS}
    uai = official.uai
    official.delete()
    for name, value in values.items():
        setattr(local, name, value)
    local.uai = uai
    local.full_clean()
    local.save()
    return local

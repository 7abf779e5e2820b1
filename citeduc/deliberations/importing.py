"""Writing a read extract: one transaction, idempotent (the council by its name and commune, a
councillor by the folded name, the sitting by its date, the deliberation by its number), the
sitting's attendance and proxies replaced by the extract's."""

from dataclasses import dataclass

from django.db import transaction

from citeduc.common.findings import Finding
from citeduc.common.text import fold
from citeduc.common.upsert import upsert
from citeduc.deliberations.enums import ACTES, Ballot, Convocation
from citeduc.deliberations.extract import Extract
from citeduc.deliberations.models import (
    Attendance,
    Council,
    Councillor,
    Deliberation,
    Proxy,
    Sitting,
)
from citeduc.deliberations.tally import Span, Tally, count
from citeduc.territory.models import Commune


class ImportRefused(Exception):
    pass


@dataclass
class Outcome:
    extract: Extract
    tally: Tally
    findings: list[Finding]
    deliberation: Deliberation | None = None

    def as_json(self) -> dict[str, object]:
        d = self.extract.deliberation
        return {
            "council": self.extract.council,
            "members_in_office": self.extract.members_in_office,
            "sitting_date": self.extract.sitting_date.isoformat(),
            "deliberation": {"number": d.number, **self.tally.as_json(d.votes)},
            "findings": [f.as_json() for f in self.findings],
        }


def check(extract: Extract) -> Outcome:
    d = extract.deliberation
    tally, findings = count(
        extract.members,
        extract.proxies,
        members_in_office=extract.members_in_office,
        item=d.item,
        votes=d.votes,
        interested=d.interested,
        second_convocation=extract.second_convocation,
    )
    return Outcome(extract, tally, findings)


def commune_of(council_name: str) -> Commune | None:
    """ "Ville de Besançon" → the commune named Besançon, if there is exactly one."""
    name = council_name.split(" de ", 1)[-1]
    matches = [c for c in Commune.objects.all() if fold(c.name) == fold(name)]
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def save(extract: Extract, *, siret: str = "", subject_code: str = "") -> Outcome:
    """The council, its councillors, the sitting with its attendance and proxies, then the
    deliberation: each step a function below, all in one transaction."""
    if subject_code and subject_code not in ACTES:
        raise ImportRefused(f"code matière ACTES inconnu : {subject_code} (de 1.1 à 9.4)")
    outcome = check(extract)
    council = _council(extract, siret)
    people = _councillors(extract, council)
    sitting = _sitting(extract, council, people)
    _attendance(extract, sitting, people)
    outcome.deliberation = _deliberation(extract, sitting, people, subject_code)
    return outcome


def _council(extract: Extract, siret: str) -> Council:
    commune = commune_of(extract.council)
    council = Council.objects.filter(name=extract.council, commune=commune).first()
    if council is None:
        council = Council(name=extract.council, commune=commune)
    council.members_in_office = extract.members_in_office
    council.siret = siret or council.siret
    council.full_clean()
    council.save()
    return council


def _councillors(extract: Extract, council: Council) -> dict[str, Councillor]:
    """Every councillor named, by folded name: their civility and name as this extract writes."""
    people = {}
    for member in extract.members:
        name = member.name.split(" ", 1)[1] if extract.civilities[member.key] else member.name
        people[member.key], _ = upsert(
            Councillor,
            {"council": council, "key": member.key},
            {"civility": extract.civilities[member.key], "name": name},
        )
    return people


def _last_item(extract: Extract) -> int:
    """The highest item the extract speaks of: its deliberation, or a range's bound."""
    spans = [s for m in extract.members for s in m.present] + [p.span for p in extract.proxies]
    bounds = [b for s in spans for b in (s.first, s.last) if b]
    return max([extract.deliberation.item, *bounds])


def _sitting(extract: Extract, council: Council, people: dict[str, Councillor]) -> Sitting:
    existing = Sitting.objects.filter(council=council, date=extract.sitting_date).first()
    sitting, _ = upsert(
        Sitting,
        {"council": council, "date": extract.sitting_date},
        {
            "convoked_on": extract.convoked_on,
            "place": extract.place,
            "chair": people[extract.chair],
            "secretary": people[extract.secretary] if extract.secretary else None,
            "convocation": Convocation.SECOND if extract.second_convocation else Convocation.FIRST,
            "members_in_office": extract.members_in_office,
            # Other deliberations of the same sitting may have been imported from other extracts.
            "last_item": max(_last_item(extract), existing.last_item if existing else 0),
        },
    )
    return sitting


def _attendance(extract: Extract, sitting: Sitting, people: dict[str, Councillor]) -> None:
    """The sitting's attendance and proxies, replaced by the extract's."""
    sitting.attendances.all().delete()
    sitting.proxies.all().delete()
    for member in extract.members:
        spans: list[Span | None] = list(member.present) or [None]
        for span in spans:
            Attendance.objects.create(
                sitting=sitting,
                councillor=people[member.key],
                present=span is not None,
                first_item=span.first if span else None,
                last_item=span.last if span else None,
            )
    for proxy in extract.proxies:
        Proxy.objects.create(
            sitting=sitting,
            giver=people[proxy.giver],
            holder=people[proxy.holder],
            first_item=proxy.span.first,
            last_item=proxy.span.last,
        )


def _deliberation(
    extract: Extract, sitting: Sitting, people: dict[str, Councillor], subject_code: str
) -> Deliberation:
    d = extract.deliberation
    deliberation, _ = upsert(
        Deliberation,
        {"sitting": sitting, "number": d.number},
        {
            "item": d.item,
            "title": d.title[:500],
            "rapporteur": people[d.rapporteur] if d.rapporteur else None,
            "rapporteur_role": d.rapporteur_role,
            "commission": d.commission,
            "commission_date": d.commission_date,
            "commission_opinion": d.commission_opinion,
            "summary": d.summary,
            "published_on": extract.published_on,
            "votes_for": d.votes.for_,
            "votes_against": d.votes.against,
            "abstentions": d.votes.abstention,
            "not_voting": d.votes.not_voting,
            "ballot": Ballot.PUBLIC,
            "result": d.result,
        },
    )
    if subject_code:
        deliberation.subject_code = subject_code
        deliberation.save(update_fields=["subject_code"])
    deliberation.interested.set([people[key] for key in d.interested])
    return deliberation

"""Who took part in the vote on an item, from the attendance and the proxies, and whether the
law held (RULES.md §V, R-DELIB-1 … 4). Pure functions over plain values: the importer checks an
extract before writing anything, the pages check what is stored, with the same code."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from citeduc.common.findings import Finding, Severity


@dataclass(frozen=True)
class Span:
    """Items first…last included; None is an open end (from the first item, to the last)."""

    first: int | None = None
    last: int | None = None

    def covers(self, item: int) -> bool:
        return (self.first is None or self.first <= item) and (
            self.last is None or item <= self.last
        )

    def label(self) -> str:
        if self.first is None and self.last is None:
            return "toute la séance"
        if self.last is None:
            return f"à compter de la question n° {self.first}"
        if self.first is None:
            return f"jusqu'à la question n° {self.last} incluse"
        return f"des questions n° {self.first} à {self.last}"


@dataclass
class Member:
    key: str  # the name folded, what every section of an extract is matched on
    name: str  # as written, with its civility: "Mme Anne VIGNOT"
    present: list[Span] = field(default_factory=list)  # empty: absent the whole sitting

    def is_present(self, item: int) -> bool:
        return any(span.covers(item) for span in self.present)


@dataclass(frozen=True)
class ProxyLine:
    giver: str
    holder: str
    span: Span = Span()


@dataclass(frozen=True)
class Votes:
    for_: int
    against: int
    abstention: int
    not_voting: int = 0


@dataclass
class Tally:
    item: int
    members_in_office: int
    present: list[str]
    represented: list[tuple[str, str]]  # (giver, holder) names
    absent: list[str]  # neither present nor validly represented
    interested: list[str]
    voters: int
    quorum_needed: int
    quorum: bool
    adopted: bool

    def as_json(self, votes: Votes) -> dict[str, object]:
        return {
            "item": self.item,
            "present": len(self.present),
            "represented": len(self.represented),
            "absent_unrepresented": len(self.absent),
            "voters": self.voters,
            "for": votes.for_,
            "against": votes.against,
            "abstention": votes.abstention,
            "quorum": self.quorum,
            "adopted": self.adopted,
        }


@dataclass
class Attendance:
    """Who is there for one item: present, represented by a valid proxy, or absent."""

    present: list[Member]
    represented: list[tuple[Member, Member]]  # (giver, holder)
    absent: list[Member]
    findings: list[Finding]

    def status(self) -> dict[str, str]:
        """Each member's key → "present", "represented" or "absent"."""
        found = {m.key: "present" for m in self.present}
        found |= {giver.key: "represented" for giver, _ in self.represented}
        found |= {m.key: "absent" for m in self.absent}
        return found


def attendance(members: Sequence[Member], proxies: Sequence[ProxyLine], item: int) -> Attendance:
    """R-DELIB-2: a proxy counts when its range covers the item, its giver is away and its holder
    is there; a holder exercises one proxy at most."""
    by_key = {m.key: m for m in members}
    findings: list[Finding] = []
    represented: list[tuple[Member, Member]] = []
    held: dict[str, Member] = {}  # holder → the giver whose proxy it exercises
    for proxy in proxies:
        giver, holder = by_key[proxy.giver], by_key[proxy.holder]
        if not proxy.span.covers(item) or giver.is_present(item):
            continue  # not for this item, or the giver votes in person
        if not holder.is_present(item):
            findings.append(
                Finding(
                    "R-DELIB-2",
                    Severity.WARNING,
                    f"Question n° {item} : la procuration de {giver.name} à {holder.name} ne "
                    f"peut pas être exercée, {holder.name} étant absent·e ; {giver.name} n'est "
                    "pas représenté·e (art. L2121-20 du CGCT).",
                    {"item": item, "giver": giver.name, "holder": holder.name},
                )
            )
            continue
        if holder.key in held:
            findings.append(
                Finding(
                    "R-DELIB-2",
                    Severity.BLOCKING,
                    f"Question n° {item} : {holder.name} détient déjà la procuration de "
                    f"{held[holder.key].name} ; celle de {giver.name} ne compte pas "
                    "(un seul pouvoir par conseiller, art. L2121-20 du CGCT).",
                    {"item": item, "holder": holder.name, "giver": giver.name},
                )
            )
            continue
        held[holder.key] = giver
        represented.append((giver, holder))
    givers = {giver.key for giver, _ in represented}
    return Attendance(
        present=[m for m in members if m.is_present(item)],
        represented=represented,
        absent=[m for m in members if not m.is_present(item) and m.key not in givers],
        findings=findings,
    )


def count(
    members: Sequence[Member],
    proxies: Sequence[ProxyLine],
    *,
    members_in_office: int,
    item: int,
    votes: Votes,
    interested: Sequence[str] = (),
    second_convocation: bool = False,
    secret_ballot: bool = False,
) -> tuple[Tally, list[Finding]]:
    """The vote of one item counted from the attendance: quorum (R-DELIB-1), votes against
    voters (R-DELIB-3), outcome (R-DELIB-4), each a check below."""
    by_key = {m.key: m for m in members}
    there = attendance(members, proxies, item)
    present = there.present
    findings = list(there.findings)
    represented = [(giver.name, holder.name) for giver, holder in there.represented]
    represented_names = {giver for giver, _ in represented}
    absent = [m.name for m in members if not m.is_present(item) and m.name not in represented_names]
    interested_names = [by_key[key].name for key in interested]
    voters = len(present) + len(represented) - len(interested_names)
    quorum_needed = members_in_office // 2 + 1
    quorum = second_convocation or len(present) >= quorum_needed
    if not quorum:
        findings.append(_no_quorum(item, len(present), members_in_office, quorum_needed))
    declared = votes.for_ + votes.against + votes.abstention + votes.not_voting
    if declared != voters:
        breakdown = (len(present), len(represented), len(interested_names))
        findings.append(_votes_mismatch(item, votes, declared, voters, breakdown))
    findings += _outcome(item, votes, secret_ballot)
    tally = Tally(
        item=item,
        members_in_office=members_in_office,
        present=[m.name for m in present],
        represented=represented,
        absent=absent,
        interested=interested_names,
        voters=voters,
        quorum_needed=quorum_needed,
        quorum=quorum,
        adopted=votes.for_ > votes.against,
    )
    return tally, findings


def _no_quorum(item: int, present: int, in_office: int, needed: int) -> Finding:
    return Finding(
        "R-DELIB-1",
        Severity.BLOCKING,
        f"Question n° {item} : {present} membres présents sur {in_office} en "
        f"exercice, quorum non atteint (il en faut {needed}, plus de la moitié ; "
        "les procurations ne comptent pas, art. L2121-17 du CGCT).",
        {"item": item, "present": present, "needed": needed},
    )


def _votes_mismatch(
    item: int, votes: Votes, declared: int, voters: int, breakdown: tuple[int, int, int]
) -> Finding:
    present, represented, interested = breakdown
    return Finding(
        "R-DELIB-3",
        Severity.BLOCKING,
        f"Question n° {item} : {declared} votes déclarés (pour {votes.for_}, contre "
        f"{votes.against}, abstention {votes.abstention}, ne prenant pas part "
        f"{votes.not_voting}) pour {voters} votants calculés ({present} présents + "
        f"{represented} représentés − {interested} intéressés).",
        {"item": item, "declared": declared, "voters": voters},
    )


def _outcome(item: int, votes: Votes, secret_ballot: bool) -> list[Finding]:
    """On a tie the chair's vote prevails (not in a secret ballot); which way it went is not in
    the figures, so a tie is reported for a person to check, and counted as not adopted."""
    figures: dict[str, object] = {"item": item, "for": votes.for_, "against": votes.against}
    if votes.for_ == votes.against:
        rule = (
            "en scrutin secret, la proposition est rejetée."
            if secret_ballot
            else "la voix du président est prépondérante : vérifier son vote."
        )
        text = (
            f"Question n° {item} : partage des voix ({votes.for_} pour, {votes.against} "
            f"contre) ; {rule}"
        )
        return [Finding("R-DELIB-4", Severity.WARNING, text, figures)]
    if votes.for_ < votes.against:
        text = (
            f"Question n° {item} : la délibération n'est pas adoptée ({votes.for_} pour, "
            f"{votes.against} contre ; les abstentions ne sont pas des suffrages exprimés)."
        )
        return [Finding("R-DELIB-4", Severity.WARNING, text, figures)]
    return []

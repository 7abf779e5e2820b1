"""Reading an "EXTRAIT DU REGISTRE des Délibérations du Conseil Municipal" in its text form (the
seed's): the sitting, the members in office, who was present from which item to which, the
absent, the proxies with their ranges, then the deliberation with its vote.

Names are matched across sections on their folded form, whatever the civility or the case.
Anything that cannot be read is an error naming its line; an extract that reads well but breaks
a rule is not refused here: the tally reports it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from citeduc.common.text import fold, is_digits
from citeduc.deliberations.tally import Member, ProxyLine, Span, Votes

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
CIVILITIES = {"m.": "M.", "m": "M.", "monsieur": "M.", "mme": "Mme", "madame": "Mme", "mlle": "Mme"}
SECTIONS = {
    "etaient presents": "present",
    "etaient presentes": "present",
    "secretaire": "secretary",
    "etaient absents": "absent",
    "etaient absentes": "absent",
    "procurations de vote": "proxies",
}


class ExtractError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Person:
    civility: str
    name: str  # without civility, as written: "Anne VIGNOT"
    line: int

    @property
    def key(self) -> str:
        return fold(self.name)

    @property
    def display(self) -> str:
        return f"{self.civility} {self.name}".strip()


@dataclass
class ParsedDeliberation:
    number: str
    item: int
    title: str
    rapporteur: str | None  # a member's key
    rapporteur_role: str
    commission: str
    commission_date: date | None
    commission_opinion: str
    summary: str
    result: str
    votes: Votes
    interested: list[str]  # keys


@dataclass
class Extract:
    council: str
    published_on: date | None
    sitting_date: date
    convoked_on: date | None
    place: str
    second_convocation: bool
    members_in_office: int
    chair: str  # key
    secretary: str | None
    members: list[Member]
    civilities: dict[str, str]
    proxies: list[ProxyLine]
    deliberation: ParsedDeliberation
    warnings: list[str] = field(default_factory=list)

    def name_of(self, key: str) -> str:
        return next(m.name for m in self.members if m.key == key)


def _clean(line: str) -> str:
    """The text without its Markdown marks."""
    line = line.replace("\\*", "*").replace("**", "").replace("\u00a0", " ").strip()
    return line.lstrip("#").strip()


def _french_date(text: str) -> date | None:
    folded = fold(text)
    match = re.search(r"(\d{1,2})(?:er)? (" + "|".join(MONTHS) + r") (\d{4})", folded)
    if match:
        return date(int(match[3]), MONTHS[match[2]], int(match[1]))
    match = re.search(r"(\d{2})/(\d{2})/(\d{4})", text)
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    return None


def _split_names(text: str) -> list[str]:
    """A comma-separated list whose entries may hold parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip().rstrip(".") for p in parts if p.strip()]


RANGE_FROM = re.compile(r"(?:a compter de|a partir de|de) la question n\s*[°o]?\s*(\d+)")
RANGE_TO = re.compile(
    r"(?:jusqu'a|jusqu'au|a) la question n\s*[°o]?\s*(\d+)(?:\s+(incluse|exclue))?"
)


def parse_span(text: str) -> Span:
    """ "à compter de la question n° 3", "jusqu'à la question n° 20 incluse", or both."""
    folded = fold(text)
    first = RANGE_FROM.search(folded)
    rest = folded[first.end() :] if first else folded
    last = RANGE_TO.search(rest)
    leftover = RANGE_TO.sub("", RANGE_FROM.sub("", folded, count=1), count=1)
    if (first is None and last is None) or leftover.strip(" ,;et"):
        raise ValueError(f"plage de questions illisible : « {text} »")
    end = None
    if last is not None:
        end = int(last[1]) - (1 if last[2] == "exclue" else 0)
    span = Span(int(first[1]) if first else None, end)
    if span.first is not None and span.last is not None and span.last < span.first:
        raise ValueError(f"plage de questions à l'envers : « {text} »")
    return span


PERSON = re.compile(
    r"^(?:(?P<civ>M\.|M|Mme|Mlle|Monsieur|Madame)\s+)?(?P<name>[^()]+?)\s*"
    r"(?:\((?P<range>[^)]*)\))?$",
    re.IGNORECASE,
)


def parse_person(text: str, line: int) -> tuple[Person, str | None]:
    match = PERSON.match(text.strip())
    if not match or not match["name"].strip():
        raise ValueError(f"nom illisible : « {text} »")
    civility = CIVILITIES.get((match["civ"] or "").lower(), "")
    return Person(civility, " ".join(match["name"].split()), line), match["range"]


def _numbered(lines: list[tuple[int, str]], pattern: str) -> tuple[int, re.Match[str]] | None:
    regex = re.compile(pattern, re.IGNORECASE)
    for number, text in lines:
        match = regex.search(text)
        if match:
            return number, match
    return None


def parse(text: str, *, source: str = "extrait") -> Extract:
    """The extract read, or an ExtractError listing every line at fault. A pipeline of small
    readers over the extract's lines; each notes its errors and the last step raises them all."""
    reader = _Reader(source, _extract_lines(text, source))
    header = reader.header()
    sections = reader.sections()
    reader.roll_call(sections)
    proxies = reader.proxies(sections)
    secretary = reader.secretary(sections)
    chair = reader.chair(header["chair"])
    deliberation = _parse_deliberation(reader.lines, reader.known, reader.find)
    return reader.extract(header, chair, secretary, proxies, deliberation)


def _extract_lines(text: str, source: str) -> list[tuple[int, str]]:
    """The numbered, cleaned, non-blank lines from the register's title to the next document."""
    raw = text.splitlines()
    start = next((i for i, line in enumerate(raw) if "EXTRAIT DU REGISTRE" in line.upper()), None)
    if start is None:
        raise ExtractError([f"{source} : ce n'est pas un extrait du registre des délibérations"])
    # The extract ends where the next document (a Markdown title of level 1) begins.
    end = next(
        (i for i in range(start + 1, len(raw)) if re.match(r"^# ", raw[i])),
        len(raw),
    )
    lines = [(i + 1, _clean(raw[i])) for i in range(start, end)]
    return [(n, t) for n, t in lines if t]


Found = tuple[int, re.Match[str]] | None


class _Reader:
    """What the readers share: the lines, the errors met so far, the councillors named."""

    def __init__(self, source: str, lines: list[tuple[int, str]]) -> None:
        self.source = source
        self.lines = lines
        self.errors: list[str] = []
        self.people: dict[str, Person] = {}
        self.members: dict[str, Member] = {}

    def error(self, line: int | None, message: str) -> None:
        where = f"{self.source}, ligne {line}" if line else self.source
        self.errors.append(f"{where} : {message}")

    def find(self, pattern: str, what: str) -> Found:
        found = _numbered(self.lines, pattern)
        if found is None:
            self.error(None, f"{what} introuvable")
        return found

    def header(self) -> dict[str, Found]:
        """The sitting's lines: publication, date, convocation, place, members, chair."""
        return {
            "published": _numbered(self.lines, r"^Publi[ée] le\s*:\s*(.+)$"),
            "sitting": self.find(r"^S[ée]ance du (.+)$", "la ligne « Séance du … »"),
            "convened": _numbered(self.lines, r"convoqu[ée]e? le ([^,]+)"),
            "place": _numbered(self.lines, r"s'est r[ée]uni(?:e)? (?:à|a|en) (?:l')?(.+)$"),
            "in_office": self.find(
                r"en exercice\s*:\s*(\d+)", "le nombre de conseillers en exercice"
            ),
            "chair": self.find(r"^Pr[ée]sidence de (.+)$", "la présidence de séance"),
        }

    def sections(self) -> dict[str, list[tuple[int, str]]]:
        """The lists: the lines after each section title, up to the next title."""
        sections: dict[str, list[tuple[int, str]]] = {}
        current = None
        for number, content in self.lines:
            heading = fold(content.rstrip(": ").rstrip())
            if heading in SECTIONS:
                current = SECTIONS[heading]
                sections[current] = []
                continue
            if content.upper().startswith("OBJET"):
                current = None
            if current is not None:
                sections[current].append((number, content))
        for needed, label in (
            ("present", "Étaient présents"),
            ("absent", "Étaient absents"),
            ("proxies", "Procurations de vote"),
        ):
            if needed not in sections:
                self.error(None, f"section « {label} » introuvable")
        return sections

    def enrol(self, person: Person, span: Span | None) -> None:
        if person.key in self.members:
            self.error(
                person.line, f"{person.display} figure deux fois parmi les présents et absents"
            )
            return
        self.people[person.key] = person
        self.members[person.key] = Member(person.key, person.display, [span] if span else [])

    def roll_call(self, sections: dict[str, list[tuple[int, str]]]) -> None:
        """The present (each with the range of items they sat for) and the absent."""
        for status in ("present", "absent"):
            for number, content in sections.get(status, []):
                for entry in _split_names(content):
                    self._call(status, number, entry)

    def _call(self, status: str, number: int, entry: str) -> None:
        try:
            person, span_text = parse_person(entry, number)
            span = parse_span(span_text) if span_text else Span()
        except ValueError as exc:
            self.error(number, str(exc))
            return
        if status == "absent" and span_text:
            self.error(number, f"un absent n'a pas de plage de questions : « {entry} »")
            return
        self.enrol(person, span if status == "present" else None)

    def known(self, text: str, line: int, role: str) -> str | None:
        """The key of a councillor named in the roll call, or None with an error."""
        try:
            person, span_text = parse_person(text, line)
        except ValueError as exc:
            self.error(line, str(exc))
            return None
        if span_text:
            self.error(line, f"{role} : plage de questions inattendue")
        if person.key not in self.members:
            self.error(
                line, f"{role} « {person.display} » n'est ni parmi les présents ni les absents"
            )
            return None
        return person.key

    def proxies(self, sections: dict[str, list[tuple[int, str]]]) -> list[ProxyLine]:
        proxies: list[ProxyLine] = []
        for number, content in sections.get("proxies", []):
            for entry in _split_names(content):
                proxy = self._proxy(number, entry)
                if proxy is not None:
                    proxies.append(proxy)
        return proxies

    def _proxy(self, number: int, entry: str) -> ProxyLine | None:
        """ "X à Y (range)": both must be in the roll call, and not the same person."""
        match = PROXY.match(entry)
        if not match:
            self.error(number, f"procuration illisible : « {entry} » (attendu : « X à Y »)")
            return None
        giver = self.known(match["giver"], number, "le mandant")
        holder = self.known(match["holder"], number, "le mandataire")
        try:
            span = parse_span(match["range"]) if match["range"] else Span()
        except ValueError as exc:
            self.error(number, str(exc))
            return None
        if not (giver and holder):
            return None
        if giver == holder:
            self.error(number, f"procuration de {self.people[giver].display} à lui-même")
            return None
        return ProxyLine(giver, holder, span)

    def secretary(self, sections: dict[str, list[tuple[int, str]]]) -> str | None:
        secretary = None
        for number, content in sections.get("secretary", [])[:1]:
            secretary = self.known(content, number, "le secrétaire de séance")
        return secretary

    def chair(self, chair_line: Found) -> str | None:
        if not chair_line:
            return None
        return self.known(chair_line[1][1].split(",")[0], chair_line[0], "la présidence")

    def extract(
        self,
        header: dict[str, Found],
        chair: str | None,
        secretary: str | None,
        proxies: list[ProxyLine],
        deliberation: ParsedDeliberation | None,
    ) -> Extract:
        """The last step: every error at once, or the extract with its warnings."""
        sitting, in_office, place = header["sitting"], header["in_office"], header["place"]
        sitting_date = _french_date(sitting[1][1]) if sitting else None
        if sitting and sitting_date is None:
            self.error(sitting[0], f"date de séance illisible : « {sitting[1][1]} »")
        members_in_office = int(in_office[1][1]) if in_office else 0
        if self.errors or deliberation is None or sitting_date is None or chair is None:
            raise ExtractError(self.errors or [f"{self.source} : extrait incomplet"])
        where = place[1][1].strip().rstrip(".") if place else ""
        extract = Extract(
            council=_council(where),
            published_on=_date_of(header["published"]),
            sitting_date=sitting_date,
            convoked_on=_date_of(header["convened"]),
            place=where,
            second_convocation=_numbered(self.lines, r"(seconde|deuxi[èe]me) convocation")
            is not None,
            members_in_office=members_in_office,
            chair=chair,
            secretary=secretary,
            members=list(self.members.values()),
            civilities={key: person.civility for key, person in self.people.items()},
            proxies=proxies,
            deliberation=deliberation,
        )
        if len(self.members) != members_in_office:
            extract.warnings.append(
                f"{len(self.members)} conseillers nommés parmi les présents et absents pour "
                f"{members_in_office} en exercice."
            )
        return extract


PROXY = re.compile(
    r"^(?P<giver>.+?)\s+(?:à|a|au profit de)\s+(?P<holder>(?:M\.|Mme|Mlle|Monsieur"
    r"|Madame)?\s*[^()]+?)\s*(?:\((?P<range>[^)]*)\))?$"
)


def _date_of(found: Found) -> date | None:
    return _french_date(found[1][1]) if found else None


def _council(place: str) -> str:
    council = re.search(r"(Ville de [^,.]+|Mairie de [^,.]+)", place, re.IGNORECASE)
    return council[1][0].upper() + council[1][1:] if council else "Conseil municipal"


def _parse_deliberation(
    lines: list[tuple[int, str]],
    known: Callable[[str, int, str], str | None],
    find: Callable[[str, str], tuple[int, re.Match[str]] | None],
) -> ParsedDeliberation | None:
    subject = find(r"^OBJET\s*:\s*(\d+)\s*[-–]\s*(.+)$", "la ligne « OBJET : <n°> - <titre> »")
    number = find(r"^D[ée]lib[ée]ration n\s*[°o]\s*(\S+)", "le numéro de délibération")
    votes: dict[str, int | None] = {}
    for label, pattern in (
        ("for", r"^Pour\s*:\s*(\d+)"),
        ("against", r"^Contre\s*:\s*(\d+)"),
        ("abstention", r"^Abstentions?\s*\*?\s*:\s*(\d+)"),
    ):
        found = find(pattern, f"la ligne de vote « {label} »")
        votes[label] = int(found[1][1]) if found else None
    interested: list[str] = []
    concerned = _numbered(lines, r"^Conseill[eè]re?s? int[ée]ress[ée]e?s?\s*:\s*(.+)$")
    # A bare count ("Conseiller intéressé : 0") names nobody: only named councillors are taken out.
    if concerned and not is_digits(concerned[1][1].strip()):
        for name in _split_names(concerned[1][1]):
            key = known(name, concerned[0], "le conseiller intéressé")
            if key:
                interested.append(key)
    rapporteur_line = _numbered(lines, r"^Rapporteur\s*:\s*(.+)$")
    rapporteur, role = None, ""
    if rapporteur_line:
        who, _, role = rapporteur_line[1][1].partition(",")
        rapporteur = known(who, rapporteur_line[0], "le rapporteur")
        role = role.strip()
    commission = _numbered(lines, r"^(Commission[^\t]*?)\s*\t\s*(\d{2}/\d{2}/\d{4})\s*\t\s*(.+)$")
    result = _numbered(lines, r"^(Rapport (?:adopt|rejet).*)$")
    summary_start = next((n for n, t in lines if fold(t).startswith("resume")), None)
    vote_start = next(
        (n for n, t in lines if re.match(r"^(Rapport (?:adopt|rejet)|Pour\s*:)", t)), None
    )
    summary = "\n\n".join(
        t
        for n, t in lines
        if summary_start is not None and vote_start is not None and summary_start < n < vote_start
    )
    if subject is None or number is None:
        return None
    counted = {label: value for label, value in votes.items() if value is not None}
    if len(counted) != len(votes):
        return None
    return ParsedDeliberation(
        number=number[1][1],
        item=int(subject[1][1]),
        title=subject[1][2].strip(),
        rapporteur=rapporteur,
        rapporteur_role=role,
        commission=commission[1][1].strip() if commission else "",
        commission_date=_french_date(commission[1][2]) if commission else None,
        commission_opinion=commission[1][3].strip() if commission else "",
        summary=summary,
        result=result[1][1] if result else "",
        votes=Votes(counted["for"], counted["against"], counted["abstention"]),
        interested=interested,
    )

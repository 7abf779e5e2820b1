"""The menu of the site for one person and one Cité: every page they may use, grouped by what
people do. Each entry names the access rule its view applies (the same function decides both
the link and the page), so that nobody is shown a link that answers 404.

The menu is built for the Cité of the page (its ``slug``) or, elsewhere, the person's first
Cité; the year is the current one, brought inside the Cité's label."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from citeduc.funding.access import is_partner
from citeduc.governance.access import can_control
from citeduc.territory.access import (
    AnyUser,
    can_manage,
    can_read_private,
    is_national,
    roles_in,
)
from citeduc.territory.models import CiteEducative

# An access rule of the views, asked with the user's roles in the Cité read once for the menu.
Rule = Callable[[AnyUser, CiteEducative, set[str] | None], bool]


def anyone(user: AnyUser, cite: CiteEducative, roles: set[str] | None = None) -> bool:
    return True


# Which rule each kind of page applies, as the views do (see tests/support/access.py).
MEMBERS: Rule = can_read_private
PARTNERS: Rule = is_partner
CONTROLLERS: Rule = can_control
CURATORS: Rule = can_manage


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    rule: Rule
    takes: str = "cite"  # the URL's arguments: "cite", "cite_year", "cite_last_year"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Section:
    label: str
    links: list[Link]

    def holds(self, path: str) -> bool:
        return any(link.url == path for link in self.links)


SECTIONS: list[tuple[str, list[Entry]]] = [
    (
        "Plan d'actions",
        [
            Entry("Grille du plan d'actions", "action_plan:grid", anyone),
            Entry("Actions", "action_plan:action_list", MEMBERS),
            Entry("Couverture des objectifs", "action_plan:coverage", MEMBERS),
            Entry("Nouvelle action", "action_plan:action_create", CURATORS),
        ],
    ),
    (
        "Financements",
        [
            Entry("Tableau de bord financier", "funding:dashboard", PARTNERS, "cite_year"),
            Entry("Programmation", "funding:programmation", PARTNERS, "cite_year"),
            Entry("Décisions de l'année", "funding:decisions", CURATORS, "cite_year"),
            Entry("Fonds de la Cité", "funding:fund_ledger", PARTNERS, "cite_year"),
            Entry("Données ouvertes des subventions", "funding:open_data", CURATORS, "cite_year"),
            Entry("Demandes de subvention", "funding:request_list", MEMBERS),
            Entry("Appels à projets", "funding:call_list", anyone),
        ],
    ),
    (
        "Instances",
        [
            Entry("Calendrier des instances", "governance:calendar", MEMBERS),
            Entry("Registre des décisions", "governance:register", MEMBERS),
            Entry("Avenants", "governance:amendment_list", PARTNERS),
            Entry("Contrôle", "governance:control", CONTROLLERS, "cite_year"),
        ],
    ),
    (
        "Évaluation",
        [
            Entry("Tableau de bord", "indicators:dashboard", MEMBERS, "cite_year"),
            Entry("Indicateurs", "indicators:indicator_list", anyone),
            Entry("Protocole d'évaluation", "indicators:protocol", MEMBERS),
            Entry("Revues de projet", "reviews:review_list", MEMBERS),
            Entry("Délégation des crédits", "reviews:delegation", MEMBERS, "cite_year"),
        ],
    ),
    (
        "Annuaire",
        [
            Entry("Gérer l'annuaire", "directory:manage", MEMBERS),
            Entry("Couverture de l'offre", "directory:coverage", MEMBERS),
            Entry("Demandes de rattachement", "directory:claim_list", CURATORS),
            Entry("Dispositifs", "directory:scheme_list", anyone),
            Entry("Espace des partenaires", "territory:cite_space", MEMBERS),
        ],
    ),
    (
        "Données",
        [
            Entry("Importer des données", "jobs:import_home", CURATORS),
            Entry("Historique des imports", "jobs:history", CURATORS),
            Entry("Rapprocher les établissements", "territory:match_establishments", CURATORS),
        ],
    ),
]

NATIONAL_SECTION = (
    "National",
    [
        ("Consolidation des indicateurs", "national:indicator_list"),
        ("Revues de projet des Cités", "national:review_list"),
        ("Importer des données nationales", "jobs:national_home"),
    ],
)


def current_year(cite: CiteEducative) -> int:
    """This year, brought inside the Cité's label."""
    years = cite.label_years()
    return min(max(timezone.localdate().year, years[0]), years[-1])


def _url(entry: Entry, cite: CiteEducative, year: int) -> str:
    if entry.takes == "cite_year":
        return reverse(entry.url_name, args=[cite.slug, year])
    return reverse(entry.url_name, args=[cite.slug])


def menu(user: AnyUser, cite: CiteEducative | None) -> list[Section]:
    """The sections of the menu for this person on this Cité, empty sections left out."""
    sections = []
    if cite is not None:
        year = current_year(cite)
        rules = {e.rule for _label, entries in SECTIONS for e in entries}
        roles = roles_in(user, cite)  # one query for every rule of the menu
        allowed = {rule: rule(user, cite, roles) for rule in rules}
        for label, entries in SECTIONS:
            links = [Link(e.label, _url(e, cite, year)) for e in entries if allowed[e.rule]]
            if links:
                sections.append(Section(label, links))
    if is_national(user):
        label, names = NATIONAL_SECTION
        sections.append(Section(label, [Link(text, reverse(name)) for text, name in names]))
    return sections


def cites_of(user: AnyUser) -> list[CiteEducative]:
    """The Cités a person belongs to, by name (the switcher's choices)."""
    if not user.is_authenticated:
        return []
    return list(CiteEducative.objects.filter(memberships__user=user.pk).distinct().order_by("name"))


def cite_of_page(
    user: AnyUser, slug: str | None, mine: list[CiteEducative]
) -> CiteEducative | None:
    """The Cité the menu is for: the page's when its reader may open the Cité's private pages,
    else the person's first Cité (``mine``: the Cités they belong to)."""
    if slug:
        cite = next((c for c in mine if c.slug == slug), None)
        if cite is not None:
            return cite  # one of theirs: no question to ask
        cite = CiteEducative.objects.filter(slug=slug).first()
        if cite is not None and can_read_private(user, cite):
            return cite
    return mine[0] if mine else None

"""Load the Besançon demo: every call leaves the same rows, whatever was there before."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Axis, Objective, Priority
from citeduc.common.text import fold
from citeduc.common.upsert import trusted_source, upsert
from citeduc.deliberations.extract import parse as parse_extract
from citeduc.deliberations.importing import save as save_extract
from citeduc.demo import besancon, besancon_plan, fictitious, seed_plan
from citeduc.demo import besancon_directory as directory
from citeduc.demo import besancon_governance as governance
from citeduc.demo import besancon_indicators as evaluation
from citeduc.demo import besancon_review as demo_review
from citeduc.directory.enums import OrganisationKind, ServiceStatus
from citeduc.directory.models import Organisation, Public, Scheme, Service, Theme
from citeduc.directory.referentials import ensure_vocabularies
from citeduc.funding.enums import FundEntryKind, RequestStatus
from citeduc.funding.funders import seed_funders
from citeduc.funding.models import (
    Call,
    Decision,
    Envelope,
    FundEntry,
    Funder,
    FundLedger,
    GrantRequest,
    RequestedAmount,
)
from citeduc.governance.enums import BodyKind, MeetingStatus, Presence
from citeduc.governance.models import Attendance, Body, BodyMember, DecisionRecord, Meeting
from citeduc.indicators import collect
from citeduc.indicators.derive import derive_measurements, rate
from citeduc.indicators.enums import Sex
from citeduc.indicators.install import install_catalogue
from citeduc.indicators.models import EvaluationProtocol, Indicator
from citeduc.indicators.periods import parse_period
from citeduc.indicators.protocol import prefill_from_plan
from citeduc.reviews.operations import freeze, latest, open_review
from citeduc.territory.importers import import_qpv_file
from citeduc.territory.models import CiteEducative, Commune, Establishment, Qpv

DEMO_PASSWORD = "citeduc-demo-2024"  # noqa: S105 — printed by `make run`, demo instances only
DEMO_DOMAIN = "demo.citeduc.example.org"

# (e-mail local part, full name, role in the Cité or None for the national coordination)
DEMO_ACCOUNTS: list[tuple[str, str, Role | None]] = [
    ("porteur", "Camille Porteur (association)", Role.PORTEUR),
    ("instance", "Dominique Membre d'instance", Role.MEMBRE_INSTANCE),
    ("coordination", "Sacha Chargée de projet", Role.COORDINATION),
    ("ville", "Alix Pilote Ville", Role.PILOTE_VILLE),
    ("etat", "Morgan Pilote Préfecture", Role.PILOTE_ETAT),
    ("education", "Noa Pilote Éducation nationale", Role.PILOTE_EDUCATION),
    ("national", "Lou Coordination nationale", None),
]


@dataclass
class DemoResult:
    cite: CiteEducative
    accounts: list[tuple[str, str]] = field(default_factory=list)
    directory: tuple[int, int, int] = (0, 0, 0)
    plan: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    funding: tuple[int, int] = (0, 0)
    governance: tuple[int, int] = (0, 0)
    deliberation: str = ""
    indicators: tuple[int, int] = (0, 0)
    review: int = 0  # the number of the 2025 review's latest snapshot


def load_demo(*, with_accounts: bool) -> DemoResult:
    """The whole demo in one transaction. Its rows come from citeduc's own seed data, checked
    row by row by a test: they are written without a `full_clean()` each."""
    with transaction.atomic(), trusted_source():
        return _load(with_accounts=with_accounts)


def _load(*, with_accounts: bool) -> DemoResult:
    standards = settings.CITEDUC_REFERENCE_DIR / "standards" / "qpv"
    import_qpv_file(standards / "besancon_qpv_2024.csv")
    import_qpv_file(standards / "besancon_qpv_2024.geojson")
    commune, _ = upsert(Commune, {"insee_code": besancon.COMMUNE[0]}, {"name": besancon.COMMUNE[1]})
    cite, _ = upsert(
        CiteEducative,
        {"slug": besancon.SLUG},
        {
            "name": besancon.NAME,
            "label_start": besancon.LABEL_START,
            "label_end": besancon.LABEL_END,
        },
    )
    cite.communes.set([commune])
    cite.qpvs.set(Qpv.objects.filter(code__in=besancon.QPV_CODES))
    for kind, priority, role, names in besancon.ESTABLISHMENTS:
        for name in names:
            establishment, _ = upsert(
                Establishment,
                {"cite": cite, "kind": kind, "name": name, "uai": None},
                {"priority_education": priority, "cite_role": role, "commune": commune},
            )
            if name == besancon.LEAD_COLLEGE and kind == "college":
                cite.lead_college = establishment
    cite.save(update_fields=["lead_college"])
    result = DemoResult(cite=cite, directory=load_directory(cite), plan=load_plan(cite))
    result.funding = load_funding(cite)
    result.governance = load_governance(cite)
    result.deliberation = load_deliberation(cite)
    result.indicators = load_indicators(cite)
    result.review = load_review(cite)
    if with_accounts:
        result.accounts = _load_accounts(cite)
    return result


def _load_accounts(cite: CiteEducative) -> list[tuple[str, str]]:
    accounts = []
    for local, full_name, role in DEMO_ACCOUNTS:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name = full_name
        user.is_national = role is None
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role is not None:
            Membership.objects.get_or_create(user=user, cite=cite, role=role)
        if role == Role.PORTEUR:
            # The demo porteur answers for one association, so that it can apply to a call.
            # … and administers it: it invites and removes its colleagues.
            organisation = cite.organisations.get(
                external_id__endswith=f"--{DEMO_PORTEUR_ORGANISATION}"
            )
            organisation.editors.add(user)
            organisation.administrators.add(user)
        if role == Role.PORTEUR:
            # … and sits in the Planoise collectif éducatif, whose minutes it therefore reads.
            upsert(
                BodyMember,
                {"body": cite.bodies.get(qpv__code=PLANOISE), "user": user},
                {
                    "office": "Représentant d'une association du quartier",
                    "institution": "Association",
                },
            )
        accounts.append((email, role.label if role else "Coordination nationale (lecture seule)"))
    admin_email = f"admin@{DEMO_DOMAIN}"
    admin = User.objects.filter(email=admin_email).first() or User(email=admin_email)
    admin.full_name, admin.is_staff, admin.is_superuser = (
        "Administrateur de démonstration",
        True,
        True,
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    accounts.append((admin_email, "Administration technique (/admin/)"))
    return accounts


def load_directory(cite: CiteEducative) -> tuple[int, int, int]:
    """The actors, services and schemes of the seed; returns their counts."""
    ensure_vocabularies(Theme, Public)
    source = f"citeduc-{cite.slug}"
    qpvs = {q.code: q for q in cite.qpvs.all()}
    commune = cite.communes.order_by("insee_code").first()
    organisations = {
        org.key: _seed_organisation(cite, source, org, qpvs, commune)
        for org in directory.ORGANISATIONS
    }
    themes = {t.code: t for t in Theme.objects.all()}
    publics = {p.code: p for p in Public.objects.all()}
    services: dict[str, Service] = {}
    for svc in directory.SERVICES:
        service, _ = upsert(
            Service,
            {"source": source, "external_id": f"{source}--{svc.org}--{svc.key}"},
            {
                "organisation": organisations[svc.org],
                "name": svc.name,
                "description": svc.description,
                "type": svc.type,
                "age_min": svc.ages[0],
                "age_max": svc.ages[1],
                "school_levels": list(svc.levels),
                "reception_modes": ["en-presentiel"],
                "eligibility_zone": [commune.insee_code] if commune else [],
                "status": ServiceStatus.PUBLISHED,
            },
        )
        service.qpvs.set(
            qpvs.values() if svc.qpvs == directory.ALL else [qpvs[c] for c in svc.qpvs]
        )
        service.set_vocabulary([themes[c] for c in svc.themes], [publics[c] for c in svc.publics])
        services[f"{svc.org}:{svc.key}"] = service
    _seed_schemes(cite, organisations, services, qpvs)
    made_up = _seed_fictitious(cite, source, qpvs, commune, themes, publics)
    return len(organisations) + made_up[0], len(services) + made_up[1], len(directory.SCHEMES)


def _fictitious_service(
    svc: fictitious.FictitiousService, owner: Organisation, commune: Commune | None
) -> dict[str, object]:
    """A made-up service, complete; it takes place at its structure's address unless it is
    only at home."""
    on_site = bool(svc.modes)
    return {
        "organisation": owner,
        "name": svc.name,
        "description": svc.description,
        "type": "accompagnement",
        "age_min": svc.ages[0],
        "age_max": svc.ages[1],
        "reception_modes": list(svc.modes),
        "at_home": svc.at_home,
        "on_appointment": svc.on_appointment,
        "mobilisation_modes": list(svc.mobilisation),
        "mobilisable_by": ["usagers", "professionnels"],
        "how_to_access": svc.how_to_access,
        "cost": svc.cost,
        "cost_details": svc.cost_details,
        "phone": svc.phone,
        "email": svc.email,
        "schedule": svc.hours,
        "address": owner.address if on_site else "",
        "postal_code": owner.postal_code if on_site else "",
        "commune": commune,
        "latitude": owner.latitude if on_site else None,
        "longitude": owner.longitude if on_site else None,
        "eligibility_zone": [commune.insee_code] if commune else [],
        "status": ServiceStatus.PUBLISHED,
    }


def _seed_fictitious(
    cite: CiteEducative,
    source: str,
    qpvs: dict[str, Qpv],
    commune: Commune | None,
    themes: dict[str, Theme],
    publics: dict[str, Public],
) -> tuple[int, int]:
    """The two made-up structures with complete services (citeduc/demo/fictitious.py)."""
    organisations = {}
    for org in fictitious.ORGANISATIONS:
        organisations[org.key], _ = upsert(
            Organisation,
            {"source": source, "external_id": f"{source}--{org.key}"},
            {
                "cite": cite,
                "name": org.name,
                "kind": OrganisationKind.ASSOCIATION,
                "description": "Structure fictive, pour montrer une fiche complète.",
                "address": org.address,
                "postal_code": "25000",
                "commune": commune,
                "latitude": org.position[0],
                "longitude": org.position[1],
                "position_approximate": False,
                "phone": org.phone,
                "email": org.email,
                "opening_hours": org.hours,
            },
        )
    for svc in fictitious.SERVICES:
        service, _ = upsert(
            Service,
            {"source": source, "external_id": f"{source}--{svc.org}--{svc.key}"},
            _fictitious_service(svc, organisations[svc.org], commune),
        )
        service.qpvs.set([qpvs[svc.qpv]])
        service.set_vocabulary([themes[c] for c in svc.themes], [publics[c] for c in svc.publics])
    return len(organisations), len(fictitious.SERVICES)


def _seed_organisation(
    cite: CiteEducative,
    source: str,
    org: directory.Org,
    qpvs: dict[str, Qpv],
    commune: Commune | None,
) -> Organisation:
    """An actor of the seed, placed at the centre of its QPV when it names one."""
    placed = qpvs.get(org.qpv) if org.qpv else None
    organisation, _ = upsert(
        Organisation,
        {"source": source, "external_id": f"{source}--{org.key}"},
        {
            "cite": cite,
            "name": org.name,
            "acronym": org.acronym,
            "kind": org.kind,
            "networks": list(org.networks),
            "description": org.description,
            "commune": commune,
            "latitude": placed.centroid_lat if placed else None,
            "longitude": placed.centroid_lon if placed else None,
            "position_approximate": placed is not None,
        },
    )
    return organisation


def _seed_schemes(
    cite: CiteEducative,
    organisations: dict[str, Organisation],
    services: dict[str, Service],
    qpvs: dict[str, Qpv],
) -> None:
    for data in directory.SCHEMES:
        scheme, _ = upsert(
            Scheme,
            {"cite": cite, "name": data.name},
            {"acronym": data.acronym, "description": data.description},
        )
        scheme.porteurs.set([organisations[key] for key in data.porteurs])
        scheme.services.set([services[key] for key in data.services])
        scheme.qpvs.set(
            qpvs.values() if data.qpvs == directory.ALL else [qpvs[c] for c in data.qpvs]
        )


def load_plan(cite: CiteEducative) -> tuple[int, int, int, int, int]:
    """Axes, objectives and priorities of Annexes 1 and 2, then the 2024 actions and the pistes."""
    axes, rows = seed_plan.load(settings.CITEDUC_REFERENCE_DIR / "seed")
    objectives: dict[int, Objective] = {}
    priority_count = 0
    for seed_axis in axes:
        axis_objectives, priorities = _seed_axis(cite, seed_axis)
        objectives |= axis_objectives
        priority_count += priorities
    organisations = {o.external_id.rsplit("--", 1)[1]: o for o in cite.organisations.all()}
    schemes = {s.name: s for s in cite.schemes.all()}
    all_qpvs = list(cite.qpvs.all())
    done = pistes = 0
    for row in rows:
        continues = any(fold(p).startswith(("poursuivre", "conforter")) for p in row.pistes)
        status = ActionStatus.EN_COURS if continues else ActionStatus.REALISEE
        end = date(2026, 12, 31) if continues else date(2024, 12, 31)
        _seed_action(
            cite,
            row.done_2024,
            objectives[row.objective],
            2024,
            status,
            date(2024, 1, 1),
            end,
            organisations,
            schemes,
            all_qpvs,
        )
        done += 1
        for text in row.pistes:
            _seed_action(
                cite,
                text,
                objectives[row.objective],
                2025,
                ActionStatus.PISTE,
                date(2025, 1, 1),
                date(2026, 12, 31),
                organisations,
                schemes,
                all_qpvs,
            )
            pistes += 1
    return len(axes), len(objectives), priority_count, done, pistes


def _seed_axis(
    cite: CiteEducative, seed_axis: seed_plan.SeedAxis
) -> tuple[dict[int, Objective], int]:
    """One axis of Annex 1 with its objectives and priorities; returns them and how many
    priorities."""
    axis, _ = upsert(
        Axis,
        {"cite": cite, "number": seed_axis.number},
        {"title": seed_axis.title, "text": seed_axis.text},
    )
    objectives: dict[int, Objective] = {}
    for o in seed_axis.objectives:
        objectives[o.number], _ = upsert(
            Objective,
            {"axis": axis, "number": o.number},
            {
                "title": o.title,
                "examples": o.examples,
                "concordance_contrat_ville": o.contrat_ville,
                "concordance_peb_axis": o.peb_axis,
                "concordance_peb": o.peb,
                "concordance_education_nationale": o.education_nationale,
            },
        )
    for number, text in enumerate(seed_axis.priorities, start=1):
        upsert(Priority, {"axis": axis, "number": number}, {"text": text})
    return objectives, len(seed_axis.priorities)


def _seed_action(
    cite: CiteEducative,
    text: str,
    objective: Objective,
    year: int,
    status: ActionStatus,
    start: date,
    end: date,
    organisations: dict[str, Organisation],
    schemes: dict[str, Scheme],
    all_qpvs: list[Qpv],
) -> Action:
    scheme_names = besancon_plan.matches(besancon_plan.SCHEMES, text)
    action, _ = upsert(
        Action,
        {"cite": cite, "year": year, "description": text},
        {
            "title": besancon_plan.short_title(text),
            "status": status,
            "start_date": start,
            "end_date": end,
            "scheme": schemes.get(scheme_names[0]) if scheme_names else None,
        },
    )
    action.objectives.set([objective])
    keys = besancon_plan.matches(besancon_plan.PORTEURS, text)
    action.porteurs.set([organisations[key] for key in keys if key in organisations])
    named = besancon_plan.matches(besancon_plan.QPV_NAMES, text)
    action.qpvs.set([q for q in all_qpvs if q.code in named] or all_qpvs)
    return action


# A demonstration programmation for 2025 (données de démonstration, not from the seed):
# (words starting the 2025 piste's text, porteur key, engineering, [(funder, asked, decided)])
DEMO_PROGRAMMATION_2025: list[tuple[str, str, bool, list[tuple[str, int, int]]]] = [
    (
        "Développement d'une coordination",
        "cite",
        True,
        [("P147", 90000, 90000), ("VILLE", 90000, 90000)],
    ),
    (
        "Poursuivre et consolider le travail de l'internat",
        "cite",
        False,
        [("P147", 60000, 60000), ("P230", 20000, 20000)],
    ),
    (
        "S'appuyer sur l'expérience de l'AFEV",
        "afev",
        False,
        [("P147", 45000, 40000), ("VILLE", 15000, 15000), ("CAF", 10000, 10000)],
    ),
    ("Travail sur l'absentéisme", "udaf", False, [("P147", 70000, 65000), ("VILLE", 20000, 20000)]),
    (
        "Inviter les clubs sportifs",
        "clubs-sportifs",
        False,
        [("P147", 40000, 35000), ("GBM", 15000, 15000)],
    ),
    (
        "Développer les partenariats autour du numérique",
        "mediatheques",
        False,
        [("P147", 50000, 45000), ("VILLE", 25000, 25000)],
    ),
    (
        "Mutualisation des modalités d'attribution",
        "cite",
        False,
        [("P147", 120000, 110000), ("VILLE", 40000, 40000), ("CAF", 20000, 20000)],
    ),
    (
        "Formation partagée sur le développement des compétences",
        "cite",
        True,
        [("P147", 30000, 30000)],
    ),
]
DEMO_DECISION_DATE = date(2025, 3, 14)
# Made-up RNA numbers (données de démonstration, not the associations' real ones), so that the
# demo's SCDL Subventions file has its beneficiaries identified as the standard requires.
DEMO_RNA = {"afev": "W259000101", "udaf": "W259000102"}
# The Ville's own services: what the Ville grants them is its own spending, not a subsidy.
DEMO_VILLE_SERVICES = [
    "cite",
    "mediatheques",
    "ville-education",
    "ville-sante",
    "ville-petite-enfance",
]
DEMO_PORTEUR_ORGANISATION = "pari"
# Demonstration calls for projects (données de démonstration): the 2025 call the programmation
# above answered, and the final year's call, open all year for the envelope still free.
DEMO_CALLS = [
    (
        2025,
        "Appel à projets 2025 de la Cité éducative",
        date(2024, 11, 4),
        date(2025, 1, 31),
        ["P147", "P230", "VILLE", "GBM", "CAF"],
    ),
    (
        2026,
        "Appel à projets 2026 — dépôt au fil de l'eau",
        date(2026, 1, 5),
        date(2026, 12, 31),
        ["P147", "VILLE", "CAF"],
    ),
]
DEMO_CALL_TEXT = (
    "Données de démonstration. La Cité éducative de Besançon invite les associations, "
    "établissements et services à proposer des actions pour les enfants et les jeunes de 0 à 25 "
    "ans de ses six quartiers prioritaires, au service des trois grands objectifs de la "
    "convention : conforter le rôle de l'école, promouvoir la continuité éducative, ouvrir le "
    "champ des possibles. Chaque demande présente un budget équilibré, le public visé par âge et "
    "par sexe, les quartiers concernés et les indicateurs d'évaluation proposés."
)


def load_funding(cite: CiteEducative) -> tuple[int, int]:
    """The seed's figures (P147 envelope, the fund's shares), then the 2025 demo programmation."""
    funders = seed_funders(
        cite,
        {"VILLE": "Ville de Besançon", "GBM": "Grand Besançon Métropole", "CAF": "CAF du Doubs"},
    )
    if not funders["VILLE"].siret:
        funders["VILLE"].siret = besancon.VILLE_SIRET
        funders["VILLE"].save(update_fields=["siret"])
    _seed_envelopes_and_fund(cite, funders)
    calls = _demo_calls(cite, funders)
    count = _demo_programmation(cite, funders, calls[2025])
    return len(besancon.P147_ENVELOPES), count


def _seed_envelopes_and_fund(cite: CiteEducative, funders: dict[str, Funder]) -> None:
    """Article 11: the P147 envelopes, and the yearly P230 and P147 shares of the fund."""
    for year, amount in besancon.P147_ENVELOPES.items():
        upsert(
            Envelope,
            {"cite": cite, "funder": funders["P147"], "year": year},
            {"amount": Decimal(amount)},
        )
    ledger, _ = upsert(FundLedger, {"cite": cite}, {"authorising_officer": besancon.FUND_OFFICER})
    for year in besancon.P147_ENVELOPES:
        for code in ("P230", "P147"):
            upsert(
                FundEntry,
                {
                    "ledger": ledger,
                    "year": year,
                    "kind": FundEntryKind.CONTRIBUTION,
                    "funder": funders[code],
                },
                {
                    "amount": besancon.FUND_SHARE,
                    "date": date(year, 1, 1),
                    "object": f"Abondement annuel {code} prévu par l'article 11 de la convention",
                },
            )


def _demo_calls(cite: CiteEducative, funders: dict[str, Funder]) -> dict[int, Call]:
    calls = {}
    for year, title, opens, closes, codes in DEMO_CALLS:
        call, _ = upsert(
            Call,
            {"cite": cite, "year": year, "title": title},
            {
                "text": DEMO_CALL_TEXT,
                "opens_on": opens,
                "closes_on": closes,
                "required_documents": ["statuts", "rib", "comptes"],
            },
        )
        call.funders.set([funders[code] for code in codes])
        calls[year] = call
    return calls


def _demo_programmation(cite: CiteEducative, funders: dict[str, Funder], call: Call) -> int:
    """The 2025 demo requests, each asked of and decided by its funders; returns how many."""
    organisations = {o.external_id.rsplit("--", 1)[1]: o for o in cite.organisations.all()}
    for key, rna in DEMO_RNA.items():
        if not organisations[key].rna:
            organisations[key].rna = rna
            organisations[key].save(update_fields=["rna"])
    funders["VILLE"].own_services.add(*(organisations[key] for key in DEMO_VILLE_SERVICES))
    count = 0
    for start, porteur, engineering, lines in DEMO_PROGRAMMATION_2025:
        action = Action.objects.get(cite=cite, year=2025, description__startswith=start)
        if action.is_engineering != engineering:
            action.is_engineering = engineering
            action.save(update_fields=["is_engineering"])
        request, _ = upsert(
            GrantRequest,
            {"action": action, "applicant": organisations[porteur], "year": 2025},
            {
                "cite": cite,
                "call": call,
                "status": RequestStatus.GRANTED,
                "is_demo": True,
                "republican_commitment": True,
            },
        )
        for code, asked, decided in lines:
            upsert(
                RequestedAmount,
                {"request": request, "funder": funders[code]},
                {"amount": Decimal(asked)},
            )
            upsert(
                Decision,
                {"request": request, "funder": funders[code]},
                {
                    "amount": Decimal(decided),
                    "date": DEMO_DECISION_DATE,
                    "reference": "Démonstration — COPIL du 14/03/2025",
                },
            )
        count += 1
    return count


PLANOISE = "QN02503M"


def _seat(body: Body, members: list[governance.Member]) -> None:
    for office, name, institution in members:
        upsert(
            BodyMember,
            {"body": body, "office": office, "institution": institution, "user": None},
            {"name": name},
        )


def load_governance(cite: CiteEducative) -> tuple[int, int]:
    """The bodies of art. 4 (a collectif éducatif per QPV) and the 2025 COPIL meetings, the
    latter as demonstration data; returns the numbers of bodies and meetings."""
    bodies = {}
    for kind, name, frequency, role, members in governance.BODIES:
        bodies[kind], _ = upsert(
            Body,
            {"cite": cite, "name": name},
            {"kind": kind, "frequency": frequency, "description": role},
        )
        _seat(bodies[kind], members)
    for qpv in cite.qpvs.order_by("code"):
        collectif, _ = upsert(
            Body,
            {"cite": cite, "name": f"Collectif éducatif — {qpv.name}"},
            {
                "kind": BodyKind.COLLECTIF_EDUCATIF,
                "qpv": qpv,
                "description": governance.COLLECTIF_ROLE,
            },
        )
        _seat(collectif, governance.COLLECTIF_MEMBERS)
    count = 0
    for kind, day, agenda in governance.DEMO_MEETINGS_2025:
        meeting, _ = upsert(
            Meeting,
            {
                "body": bodies[kind],
                "starts_at": timezone.make_aware(datetime.combine(day, governance.START)),
            },
            {
                "ends_at": timezone.make_aware(datetime.combine(day, governance.END)),
                "title": f"{bodies[kind].name} (démonstration)",
                "place": governance.MEETING_PLACE,
                "agenda": "\n".join(agenda),
                "status": MeetingStatus.HELD,
                "minutes": governance.DEMO_MINUTES,
                "is_demo": True,
            },
        )
        for member in bodies[kind].members.all():
            Attendance.objects.get_or_create(
                meeting=meeting, member=member, defaults={"presence": Presence.PRESENT}
            )
        if day == DEMO_DECISION_DATE:
            _record_programmation(cite, meeting)
        count += 1
    return len(governance.BODIES) + cite.qpvs.count(), count


def _record_programmation(cite: CiteEducative, meeting: Meeting) -> None:
    """The COPIL decision the demo's funding decisions refer to, linked to them."""
    decisions = Decision.objects.filter(
        request__cite=cite, request__year=2025, date=DEMO_DECISION_DATE
    )
    kind, text = governance.DEMO_DECISION
    record, _ = upsert(
        DecisionRecord,
        {"meeting": meeting, "number": 1},
        {
            "kind": kind,
            "text": text,
            "amount": decisions.aggregate(total=Sum("amount"))["total"],
        },
    )
    record.funding_decisions.set(decisions)
    record.requests.set(GrantRequest.objects.filter(decisions__in=decisions).distinct())
    record.actions.set(Action.objects.filter(requests__decisions__in=decisions).distinct())


# The seed gives no ACTES subject for the deliberation: the demo files it under "politique de la
# ville" (8.5), the matter of a Cité éducative; a council's legal service sets its own.
DEMO_SUBJECT_CODE = "8.5"


def load_deliberation(cite: CiteEducative) -> str:
    """The seed's register extract: the sitting of 12 December 2024 and deliberation n° 007788,
    which authorises the Maire to sign the convention, linked to the Cité."""
    seed = next((settings.CITEDUC_REFERENCE_DIR / "seed").glob("*.txt"))
    extract = parse_extract(seed.read_text(encoding="utf-8"), source=seed.name)
    outcome = save_extract(extract, siret=besancon.VILLE_SIRET, subject_code=DEMO_SUBJECT_CODE)
    deliberation = outcome.deliberation
    assert deliberation is not None
    deliberation.cite = cite
    deliberation.authorises = (
        f"Convention cadre de la Cité éducative {cite.label_start.year}-{cite.label_end.year}"
    )
    deliberation.save(update_fields=["cite", "authorises"])
    return deliberation.number


def load_indicators(cite: CiteEducative) -> tuple[int, int]:
    """The catalogue linked to the objectives, the protocol prefilled from the plan, the derived
    measurements of every label year and the demonstration figures."""
    indicators = {i.code: i for i in install_catalogue(cite)}
    objectives = {o.number: o for o in Objective.objects.filter(axis__cite=cite)}
    for code, numbers in evaluation.OBJECTIVES.items():
        indicators[code].objectives.set([objectives[n] for n in numbers])
    for code, (value, day) in evaluation.TARGETS.items():
        upsert(Indicator, {"pk": indicators[code].pk}, {"target_value": value, "target_date": day})
    value, day = evaluation.DEMO_PARENTS_TARGET
    upsert(
        Indicator,
        {"pk": indicators["PARENTS_IMPLIQUES"].pk},
        {"target_value": value, "target_date": day},
    )
    upsert(
        EvaluationProtocol,
        {"cite": cite},
        {"evaluator": evaluation.EVALUATOR, "governance": evaluation.GOVERNANCE},
    )
    prefill_from_plan(cite)
    qpvs = {q.code: q for q in cite.qpvs.all()}
    count = 0
    for year, per_qpv in evaluation.DEMO_PARENTS.items():
        for code, (women, men) in per_qpv.items():
            for sex, number in ((Sex.GIRLS, women), (Sex.BOYS, men)):
                _demo_measurement(
                    indicators["PARENTS_IMPLIQUES"], str(year), qpvs[code], sex, number
                )
                count += 1
    for code, (absent, enrolled) in evaluation.DEMO_ABSENCE.items():
        _demo_measurement(
            indicators["ABSENTEISME"],
            "2024-2025",
            qpvs[code],
            "",
            rate(absent, enrolled),
            numerator=absent,
            denominator=enrolled,
        )
        count += 1
    for year in cite.label_years():
        count += derive_measurements(cite, year)
    return len(indicators), count


def _demo_measurement(
    indicator: Indicator,
    period: str,
    qpv: Qpv,
    sex: str,
    value: Decimal | int,
    *,
    numerator: int | None = None,
    denominator: int | None = None,
) -> None:
    cell = collect.Cell(parse_period(period), qpv, sex)
    figure = collect.Figure(Decimal(value), numerator, denominator)
    collect.save(indicator, cell, figure, by=None, is_demo=True)


def load_review(cite: CiteEducative) -> int:
    """The 2025 review in draft, with demonstration text and its figures frozen once. A review
    someone has since validated is left as it is."""
    review = open_review(cite, demo_review.YEAR)
    if not review.is_locked:
        for answer in review.answers.all():
            if answer.is_empty:
                texts = demo_review.ANSWERS[answer.part]
                answer.successes, answer.difficulties, answer.adjustments = (
                    demo_review.DEMO + text if text else "" for text in texts
                )
                answer.save()
        if not review.cooperation:
            review.cooperation = demo_review.DEMO + demo_review.COOPERATION
            review.pathways = demo_review.DEMO + demo_review.PATHWAYS
            review.save()
        if latest(review) is None:
            freeze(review, None)
    taken = latest(review)
    return taken.number if taken else 0

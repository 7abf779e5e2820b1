"""Load the Besançon demo: every call leaves the same rows, whatever was there before."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from citeduc.common.upsert import upsert
from citeduc.demo import besancon
from citeduc.demo import besancon_directory as directory
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Organisation, Public, Scheme, Service, Theme
from citeduc.directory.referentials import ensure_vocabularies
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


@transaction.atomic
def load_demo(*, with_accounts: bool) -> DemoResult:
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
    result = DemoResult(cite=cite, directory=load_directory(cite))
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
    themes = {t.code: t for t in Theme.objects.all()}
    publics = {p.code: p for p in Public.objects.all()}
    organisations: dict[str, Organisation] = {}
    for org in directory.ORGANISATIONS:
        placed = qpvs.get(org.qpv) if org.qpv else None
        organisations[org.key], _ = upsert(
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
    return len(organisations), len(services), len(directory.SCHEMES)

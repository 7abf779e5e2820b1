"""Load the Besançon demo: every call leaves the same rows, whatever was there before."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from citeduc.common.upsert import upsert
from citeduc.demo import besancon
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
    result = DemoResult(cite=cite)
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

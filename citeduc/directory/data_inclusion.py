"""Exchange with data·inclusion: structures.json and services.json, items valid against the
``data-inclusion-schema`` package's v1 models (version pinned in pyproject: 1.0.10, the one the
reference files in reference/standards/data-inclusion were validated with).

What data·inclusion cannot carry travels in extra ``citeduc_*`` keys, which its models ignore:
our own themes and publics (``educ--``), the age range, school levels, QPV served, the Cité,
RNA, typology, acronym, status, "à domicile", "sur rendez-vous", and positions that are only
approximate (a QPV's centre is not an address, so it never goes into data·inclusion's
latitude/longitude).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from data_inclusion.schema import v1
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from pydantic import ValidationError as PydanticError

from citeduc.common.importing import read_json
from citeduc.common.upsert import upsert
from citeduc.directory import referentials
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Organisation, Public, Service, Theme
from citeduc.directory.referentials import ensure_vocabularies
from citeduc.territory.models import CiteEducative, Commune, Qpv

EXPORTED_STATUSES = [ServiceStatus.PUBLISHED, ServiceStatus.TO_CHECK]


def _none_if_blank(value: Any) -> Any:
    return None if value in ("", [], None) else value


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if _none_if_blank(value) is not None}


def _position(obj: Organisation | Service) -> dict[str, Any]:
    if not obj.has_position:
        return {}
    if obj.position_approximate:
        return {"citeduc_position_approximative": [obj.latitude, obj.longitude]}
    return {"latitude": obj.latitude, "longitude": obj.longitude}


def _address(obj: Organisation | Service) -> dict[str, Any]:
    commune = obj.commune
    return {
        "adresse": obj.address,
        "code_postal": obj.postal_code,
        "commune": commune.name if commune else None,
        "code_insee": commune.insee_code if commune else None,
        **_position(obj),
    }


def structure_item(org: Organisation) -> dict[str, Any]:
    return _clean(
        {
            "source": org.source,
            "id": org.external_id,
            "nom": org.name,
            "date_maj": org.updated_on.isoformat(),
            "description": org.description,
            "siret": org.siret,
            "telephone": org.phone,
            "courriel": org.email,
            "site_web": org.website,
            "horaires_accueil": org.opening_hours,
            "reseaux_porteurs": org.networks,
            **_address(org),
            "citeduc_cite": org.cite.slug,
            "citeduc_sigle": org.acronym,
            "citeduc_rna": org.rna,
            "citeduc_typologie": org.kind,
        }
    )


def service_item(service: Service) -> dict[str, Any]:
    themes = sorted(t.code for t in service.themes.all())
    publics = sorted(p.code for p in service.publics.all())
    return _clean(
        {
            "source": service.source,
            "structure_id": service.organisation.external_id,
            "id": service.external_id,
            "nom": service.name,
            "description": service.description,
            "date_maj": service.updated_on.isoformat(),
            "type": service.type,
            "thematiques": [c for c in themes if not referentials.is_own(c)],
            "frais": service.cost,
            "frais_precisions": service.cost_details,
            "publics": [c for c in publics if not referentials.is_own(c)],
            "publics_precisions": service.publics_details,
            "conditions_acces": service.access_conditions,
            "mobilisation_precisions": service.how_to_access,
            "modes_accueil": service.reception_modes,
            "zone_eligibilite": service.eligibility_zone,
            "modes_mobilisation": service.mobilisation_modes,
            "mobilisable_par": service.mobilisable_by,
            "contact_nom_prenom": service.contact_name,
            "telephone": service.phone,
            "courriel": service.email,
            "horaires_accueil": service.schedule,
            **_address(service),
            "citeduc_thematiques": [c for c in themes if referentials.is_own(c)],
            "citeduc_publics": [c for c in publics if referentials.is_own(c)],
            "citeduc_age_min": service.age_min,
            "citeduc_age_max": service.age_max,
            "citeduc_niveaux_scolaires": service.school_levels,
            "citeduc_qpv": sorted(q.code for q in service.qpvs.all()),
            "citeduc_statut": service.status,
            "citeduc_a_domicile": service.at_home or None,
            "citeduc_sur_rendez_vous": service.on_appointment or None,
        }
    )


def _validate(model: Any, items: list[dict[str, Any]], filename: str, start: int = 0) -> list[str]:
    errors = []
    for index, item in enumerate(items, start):
        try:
            model.model_validate(item)
        except PydanticError as exc:
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"]) or "(élément)"
                errors.append(f"{filename}, élément n° {index}, champ {where} : {error['msg']}")
    return errors


def export_cite(cite: CiteEducative, output: Path) -> tuple[int, int]:
    organisations = list(
        Organisation.objects.active()
        .filter(cite=cite)
        .select_related("commune", "cite")
        .order_by("external_id")
    )
    services = list(
        Service.objects.filter(organisation__in=organisations, status__in=EXPORTED_STATUSES)
        .select_related("organisation", "commune")
        .prefetch_related("themes", "publics", "qpvs")
        .order_by("external_id")
    )
    structures = [structure_item(org) for org in organisations]
    offers = [service_item(service) for service in services]
    errors = _validate(v1.Structure, structures, "structures.json")
    errors += _validate(v1.Service, offers, "services.json")
    if errors:
        raise CommandError("Export refusé, éléments invalides :\n" + "\n".join(errors))
    output.mkdir(parents=True, exist_ok=True)
    for name, items in (("structures.json", structures), ("services.json", offers)):
        text = json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (output / name).write_text(text, encoding="utf-8")
    return len(structures), len(offers)


# ---- import ---------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    structures: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    services: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )


def _read_array(path: Path) -> list[dict[str, Any]]:
    items = read_json(path)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise CommandError(f"{path.name} : un tableau JSON d'objets est attendu")
    return items


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_codes(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(code, str) for code in value)


def _is_age(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _is_position(value: Any) -> bool:
    numbers = isinstance(value, list) and len(value) == 2
    return value is None or (
        numbers and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


def _is_flag(value: Any) -> bool:
    return value is None or isinstance(value, bool)


# Our fields beside the data·inclusion schema, which its models do not check: their shapes.
EXTENSIONS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "citeduc_cite": (_is_text, "un texte"),
    "citeduc_sigle": (_is_text, "un texte"),
    "citeduc_rna": (_is_text, "un texte"),
    "citeduc_typologie": (_is_text, "un texte"),
    "citeduc_statut": (_is_text, "un texte"),
    "citeduc_thematiques": (_is_codes, "une liste de codes"),
    "citeduc_publics": (_is_codes, "une liste de codes"),
    "citeduc_qpv": (_is_codes, "une liste de codes"),
    "citeduc_niveaux_scolaires": (_is_codes, "une liste de codes"),
    "citeduc_age_min": (_is_age, "un nombre entier d'années ou null"),
    "citeduc_age_max": (_is_age, "un nombre entier d'années ou null"),
    "citeduc_position_approximative": (_is_position, "[latitude, longitude] ou null"),
    "citeduc_a_domicile": (_is_flag, "true, false ou null"),
    "citeduc_sur_rendez_vous": (_is_flag, "true, false ou null"),
}


def _extension_errors(item: dict[str, Any], where: str) -> list[str]:
    return [
        f"{where}, champ {key} : {expected} attendu"
        for key, (valid, expected) in EXTENSIONS.items()
        if key in item and not valid(item[key])
    ]


def _shape_errors(
    model: Any, items: list[dict[str, Any]], filename: str, errors: list[str]
) -> set[int]:
    """Adds the errors of the schema and of our fields; returns the indexes of faulty items."""
    bad = set()
    for index, item in enumerate(items):
        found = _validate(model, items[index : index + 1], filename, start=index)
        found += _extension_errors(item, f"{filename}, élément n° {index}")
        errors += found
        if found:
            bad.add(index)
    return bad


def _sound(items: list[dict[str, Any]], bad: set[int]) -> list[tuple[int, dict[str, Any]]]:
    return [(index, item) for index, item in enumerate(items) if index not in bad]


class _Errors(list[str]):
    def check(self, filename: str, index: int, field_name: str, ok: bool, message: str) -> None:
        if not ok:
            self.append(f"{filename}, élément n° {index}, champ {field_name} : {message}")


def _commune(item: dict[str, Any]) -> Commune | None:
    code = item.get("code_insee")
    if not code:
        return None
    commune, _ = upsert(Commune, {"insee_code": code}, {"name": item.get("commune") or code})
    return commune


def _located_values(item: dict[str, Any]) -> dict[str, Any]:
    approximate = item.get("citeduc_position_approximative")
    lat, lon = approximate if approximate else (item.get("latitude"), item.get("longitude"))
    return {
        "address": item.get("adresse") or "",
        "postal_code": item.get("code_postal") or "",
        "commune": _commune(item),
        "latitude": lat,
        "longitude": lon,
        "position_approximate": bool(approximate),
    }


@dataclass
class _Tables:
    """The rows an import refers to by code, read once."""

    cites: dict[str, CiteEducative]
    themes: dict[str, Theme]
    publics: dict[str, Public]
    qpvs: dict[str, Qpv]

    @classmethod
    def load(cls) -> "_Tables":
        ensure_vocabularies(Theme, Public)
        return cls(
            cites={c.slug: c for c in CiteEducative.objects.all()},
            themes={t.code: t for t in Theme.objects.all()},
            publics={p.code: p for p in Public.objects.all()},
            qpvs={q.code: q for q in Qpv.objects.all()},
        )


def import_files(
    structures_path: Path, services_path: Path, *, cite: CiteEducative | None, dry_run: bool
) -> ImportSummary:
    """Both files checked whole (shapes, then references) before one transaction writes them;
    any error and nothing is written."""
    structures = _read_array(structures_path)
    services = _read_array(services_path)
    errors = _Errors()
    # The checks below read the fields: they look only at items whose shapes hold.
    bad_structures = _shape_errors(v1.Structure, structures, structures_path.name, errors)
    bad_services = _shape_errors(v1.Service, services, services_path.name, errors)
    tables = _Tables.load()
    known_ids = {item.get("id") for i, item in enumerate(structures) if i not in bad_structures}
    known_ids |= set(Organisation.objects.values_list("external_id", flat=True))
    for index, item in _sound(structures, bad_structures):
        slug = item.get("citeduc_cite")
        errors.check(
            structures_path.name,
            index,
            "citeduc_cite",
            cite is not None or slug in tables.cites,
            f"Cité inconnue {slug!r} (donnez --cite)",
        )
    for index, item in _sound(services, bad_services):
        _check_service(services_path.name, index, item, known_ids, tables, errors)
    if errors:
        raise CommandError(f"{len(errors)} erreur(s) ; rien n'a été écrit.\n" + "\n".join(errors))
    writer = _Writer(tables, cite)
    try:
        with transaction.atomic():
            for index, item in enumerate(structures):
                writer.where = f"{structures_path.name}, élément n° {index}"
                writer.structure(item)
            for index, item in enumerate(services):
                writer.where = f"{services_path.name}, élément n° {index}"
                writer.service(item)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as exc:
        raise CommandError(f"{writer.where} : import refusé, rien n'a été écrit : {exc}") from exc
    return writer.summary


def _check_service(
    name: str,
    index: int,
    item: dict[str, Any],
    known_ids: set[Any],
    tables: _Tables,
    errors: _Errors,
) -> None:
    """A service's references: its structure, its codes, its status."""
    structure_id = item.get("structure_id")
    errors.check(
        name,
        index,
        "structure_id",
        structure_id in known_ids,
        f"structure inconnue {structure_id!r}",
    )
    for key, table in (
        ("citeduc_thematiques", tables.themes),
        ("citeduc_publics", tables.publics),
        ("citeduc_qpv", tables.qpvs),
    ):
        unknown = [code for code in item.get(key, []) if code not in table]
        errors.check(name, index, key, not unknown, f"code(s) inconnu(s) : {', '.join(unknown)}")
    statut = item.get("citeduc_statut", ServiceStatus.PUBLISHED)
    errors.check(
        name, index, "citeduc_statut", statut in ServiceStatus.values, f"statut inconnu {statut!r}"
    )


class _Writer:
    """Upserts structures then services, counting what was created, updated or left as is."""

    def __init__(self, tables: _Tables, cite: CiteEducative | None) -> None:
        self.tables = tables
        self.cite = cite
        self.summary = ImportSummary()
        self.organisations: dict[str, Organisation] = {}
        self.where = ""

    def structure(self, item: dict[str, Any]) -> None:
        org, outcome = upsert(
            Organisation,
            {"source": item["source"], "external_id": item["id"]},
            {
                "cite": self.cite or self.tables.cites[item["citeduc_cite"]],
                "name": item["nom"],
                "acronym": item.get("citeduc_sigle", ""),
                "siret": item.get("siret") or "",
                "rna": item.get("citeduc_rna", ""),
                "kind": item.get("citeduc_typologie", "autre"),
                "networks": item.get("reseaux_porteurs") or [],
                "phone": item.get("telephone") or "",
                "email": item.get("courriel") or "",
                "website": item.get("site_web") or "",
                "opening_hours": item.get("horaires_accueil") or "",
                "description": item.get("description") or "",
                "updated_on": date.fromisoformat(item["date_maj"]),
                **_located_values(item),
            },
        )
        self.organisations[item["id"]] = org
        self.summary.structures[outcome] += 1

    def service(self, item: dict[str, Any]) -> None:
        org = self.organisations.get(item["structure_id"]) or Organisation.objects.get(
            external_id=item["structure_id"]
        )
        service, outcome = upsert(
            Service,
            {"source": item["source"], "external_id": item["id"]},
            {"organisation": org, **_service_values(item)},
        )
        codes = (item.get("thematiques") or []) + item.get("citeduc_thematiques", [])
        public_codes = (item.get("publics") or []) + item.get("citeduc_publics", [])
        service.qpvs.set([self.tables.qpvs[c] for c in item.get("citeduc_qpv", [])])
        service.set_vocabulary(
            [self.tables.themes[c] for c in codes], [self.tables.publics[c] for c in public_codes]
        )
        self.summary.services[outcome] += 1


def _service_values(item: dict[str, Any]) -> dict[str, Any]:
    """A data·inclusion service as the fields of our Service."""
    return {
        "name": item["nom"],
        "description": item["description"],
        "type": item.get("type") or "",
        "cost": item.get("frais") or "",
        "cost_details": item.get("frais_precisions") or "",
        "publics_details": item.get("publics_precisions") or "",
        "access_conditions": item.get("conditions_acces") or "",
        "how_to_access": item.get("mobilisation_precisions") or "",
        "reception_modes": item.get("modes_accueil") or [],
        "eligibility_zone": item.get("zone_eligibilite") or [],
        "mobilisation_modes": item.get("modes_mobilisation") or [],
        "mobilisable_by": item.get("mobilisable_par") or [],
        "at_home": bool(item.get("citeduc_a_domicile")),
        "on_appointment": bool(item.get("citeduc_sur_rendez_vous")),
        "contact_name": item.get("contact_nom_prenom") or "",
        "phone": item.get("telephone") or "",
        "email": item.get("courriel") or "",
        "schedule": item.get("horaires_accueil") or "",
        "age_min": item.get("citeduc_age_min"),
        "age_max": item.get("citeduc_age_max"),
        "school_levels": item.get("citeduc_niveaux_scolaires") or [],
        "status": item.get("citeduc_statut", ServiceStatus.PUBLISHED),
        "updated_on": date.fromisoformat(item["date_maj"]),
        **_located_values(item),
    }

"""The national referentials into the territory: the QPV list, the Annuaire de l'éducation.

Each import validates the whole file first and writes nothing unless every row is right; the write
runs in one transaction and is an upsert on the natural code, so running it twice changes nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from citeduc.common import versions
from citeduc.common.importing import (
    PROGRESS_EVERY,
    ImportReport,
    Located,
    parse_decimal_degrees,
    read_json,
    read_table,
    read_text,
)
from citeduc.common.text import is_digits
from citeduc.common.upsert import Outcome, upsert
from citeduc.territory import geo
from citeduc.territory.enums import EstablishmentKind, PriorityEducation, Sector
from citeduc.territory.matching import attach
from citeduc.territory.models import Commune, Establishment, Qpv
from citeduc.territory.validators import (
    uai_error,
    validate_insee_code,
    validate_qpv_code,
)

QPV_CSV_REQUIRED = ["code_qp", "lib_qp", "insee_com", "lib_com"]
ANNUAIRE_REQUIRED = [
    "Identifiant_de_l_etablissement",
    "Nom_etablissement",
    "Type_etablissement",
    "Statut_public_prive",
    "Code_commune",
    "Appartenance_Education_Prioritaire",
    "latitude",
    "longitude",
    "Ecole_maternelle",
    "Ecole_elementaire",
]


@dataclass
class QpvRecord:
    where: str
    code: str
    name: str
    insee: str
    commune_name: str
    values: dict[str, Any]


def _first_error(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _check_commune(report: ImportReport, where: str, insee: str, name: str, column: str) -> bool:
    """The commune a row names: a valid INSEE code, and a name (in ``column``) that fits."""
    limit = Commune._meta.get_field("name").max_length or 0
    if len(name) > limit:
        report.error(where, f"{column} : plus de {limit} caractères")
    try:
        validate_insee_code(insee)
    except ValidationError as exc:
        report.error(where, _first_error(exc))
        return False
    return len(name) <= limit


# ---- QPV ------------------------------------------------------------------------------------


def _qpv_from_csv_row(row: Located, report: ImportReport) -> QpvRecord | None:
    data, where = row.data, row.where()
    errors_before = len(report.errors)
    try:
        validate_qpv_code(data["code_qp"])
    except ValidationError as exc:
        report.error(where, _first_error(exc))
    if not data["lib_qp"]:
        report.error(where, "le nom du quartier (lib_qp) est vide")
    _check_commune(report, where, data["insee_com"], data["lib_com"], "lib_com")
    values: dict[str, Any] = {"name": data["lib_qp"]}
    population = data.get("pop_muni_qpv", "")
    if population:
        if is_digits(population) and len(population) <= 9:
            values["population"] = int(population)
        else:
            report.error(where, f"population (pop_muni_qpv) non entière : {population!r}")
    try:
        lat = parse_decimal_degrees(
            data.get("centroid_lat", ""), low=-90, high=90, label="centroid_lat"
        )
        lon = parse_decimal_degrees(
            data.get("centroid_lon", ""), low=-180, high=180, label="centroid_lon"
        )
    except ValueError as exc:
        report.error(where, str(exc))
    else:
        if lat is not None and lon is not None:
            values.update(centroid_lat=lat, centroid_lon=lon)
    if len(report.errors) > errors_before:
        return None
    return QpvRecord(
        where, data["code_qp"], data["lib_qp"], data["insee_com"], data["lib_com"], values
    )


def _feature_line(text: str, code: str) -> int | None:
    position = text.find(f'"{code}"') if code else -1
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def _qpv_from_feature(
    path: Path, text: str, index: int, feature: Any, report: ImportReport
) -> QpvRecord | None:
    props = feature.get("properties") or {} if isinstance(feature, dict) else {}
    code = str(props.get("code_qp") or "")
    line = _feature_line(text, code)
    where = f"{path.name}, entité n° {index}" + (f" (ligne {line})" if line else "")
    errors_before = len(report.errors)
    try:
        validate_qpv_code(code)
    except ValidationError as exc:
        report.error(where, _first_error(exc))
    name = str(props.get("lib_qp") or "")
    if not name:
        report.error(where, "le nom du quartier (lib_qp) est vide")
    insee = str(props.get("insee_com") or "")
    _check_commune(report, where, insee, str(props.get("lib_com") or ""), "lib_com")
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    values: dict[str, Any] = {"name": name}
    try:
        lat, lon = geo.centroid(geometry or {})
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        report.error(where, f"géométrie illisible : {exc}")
    else:
        values.update(contour=geometry, centroid_lat=round(lat, 5), centroid_lon=round(lon, 5))
    if len(report.errors) > errors_before:
        return None
    return QpvRecord(where, code, name, insee, str(props.get("lib_com") or ""), values)


def _read_qpv_records(path: Path, report: ImportReport) -> list[QpvRecord]:
    records: list[QpvRecord | None]
    if path.suffix.lower() in {".geojson", ".json"}:
        text = read_text(path, report.notices)
        collection = read_json(path)
        features = collection.get("features") if isinstance(collection, dict) else None
        if not isinstance(features, list):
            report.error(f"{path.name}, ligne 1", "ce n'est pas une FeatureCollection GeoJSON")
            return []
        records = [
            _qpv_from_feature(path, text, index, feature, report)
            for index, feature in enumerate(features, start=1)
        ]
    else:
        records = [
            _qpv_from_csv_row(row, report)
            for row in read_table(path, required=QPV_CSV_REQUIRED, notices=report.notices)
        ]
    found = [record for record in records if record is not None]
    seen: dict[str, str] = {}
    for record in found:
        if record.code in seen:
            report.error(record.where, f"code {record.code} déjà présent ({seen[record.code]})")
        seen.setdefault(record.code, record.where)
    return found


def import_qpv_file(
    path: Path, *, dry_run: bool = False, report: ImportReport | None = None
) -> ImportReport:
    report = report or ImportReport(path=path)
    records = _read_qpv_records(path, report)
    report.raise_if_errors()
    with transaction.atomic():
        communes = _communes_for(records)
        for record in records:
            _qpv, outcome = upsert(
                Qpv, {"code": record.code}, {"commune": communes[record.insee], **record.values}
            )
            report.count(outcome)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _communes_for(records: Sequence["QpvRecord | EstablishmentRecord"]) -> dict[str, Commune]:
    """The communes the records name, created or renamed as the file says, in a few bulk
    statements: the last name given for a code wins; a commune left without one is named by
    its code."""
    names: dict[str, str] = {}
    for record in records:
        if record.commune_name or record.insee not in names:
            names[record.insee] = record.commune_name
    found = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=names)}
    renamed = []
    for insee, name in names.items():
        commune = found.get(insee)
        wanted = name or (commune.name if commune else "") or insee
        if commune is not None and commune.name != wanted:
            commune.name = wanted
            renamed.append(commune)
    Commune.objects.bulk_update(renamed, ["name"], batch_size=1000)
    missing = [Commune(insee_code=i, name=n or i) for i, n in names.items() if i not in found]
    Commune.objects.bulk_create(missing, batch_size=1000)
    versions.changed(None, "territory")
    found.update({c.insee_code: c for c in missing})
    return found


# ---- Annuaire de l'éducation ----------------------------------------------------------------

PRIORITY_VALUES = {
    "": PriorityEducation.NONE,
    "REP": PriorityEducation.REP,
    "REP+": PriorityEducation.REP_PLUS,
}
SECTOR_VALUES = {"public": Sector.PUBLIC, "privé": Sector.PRIVE, "prive": Sector.PRIVE}
FLAG_VALUES = {"": False, "0": False, "1": True}


@dataclass
class EstablishmentRecord:
    where: str
    uai: str
    insee: str
    commune_name: str
    values: dict[str, Any]


def _kind(row: dict[str, str], maternelle: bool, elementaire: bool) -> EstablishmentKind:
    kind = row["Type_etablissement"].strip().lower()
    nature = row.get("code_nature", "")
    if kind == "ecole" or kind == "école":
        if maternelle and elementaire:
            return EstablishmentKind.ECOLE_PRIMAIRE
        return (
            EstablishmentKind.ECOLE_MATERNELLE
            if maternelle
            else EstablishmentKind.ECOLE_ELEMENTAIRE
        )
    if kind == "collège" or kind == "college":
        return EstablishmentKind.COLLEGE
    if kind == "lycée" or kind == "lycee":
        if nature == "306":
            return EstablishmentKind.LYCEE_POLYVALENT
        if (
            nature == "320"
            or row.get("Voie_generale") == "0"
            and row.get("Voie_professionnelle") == "1"
        ):
            return EstablishmentKind.LYCEE_PROFESSIONNEL
        return EstablishmentKind.LYCEE_GENERAL
    return EstablishmentKind.AUTRE


def _establishment_from_row(row: Located, report: ImportReport) -> EstablishmentRecord | None:
    data, where = row.data, row.where()
    errors_before = len(report.errors)
    uai = data["Identifiant_de_l_etablissement"].upper()
    if problem := uai_error(uai):
        report.error(where, problem)
    if not data["Nom_etablissement"]:
        report.error(where, "le nom de l'établissement (Nom_etablissement) est vide")
    sector = SECTOR_VALUES.get(data["Statut_public_prive"].lower())
    if sector is None:
        report.error(
            where,
            f"Statut_public_prive inconnu : {data['Statut_public_prive']!r} (Public ou Privé)",
        )
    priority = PRIORITY_VALUES.get(data["Appartenance_Education_Prioritaire"].upper())
    if priority is None:
        report.error(
            where,
            "Appartenance_Education_Prioritaire inconnue : "
            f"{data['Appartenance_Education_Prioritaire']!r} (REP, REP+ ou vide)",
        )
    flags = {}
    for column in ("Ecole_maternelle", "Ecole_elementaire"):
        flags[column] = FLAG_VALUES.get(data[column])
        if flags[column] is None:
            report.error(where, f"{column} doit valoir 0, 1 ou rester vide, pas {data[column]!r}")
    _check_commune(report, where, data["Code_commune"], data.get("Nom_commune", ""), "Nom_commune")
    try:
        lat = parse_decimal_degrees(data["latitude"], low=-90, high=90, label="latitude")
        lon = parse_decimal_degrees(data["longitude"], low=-180, high=180, label="longitude")
    except ValueError as exc:
        report.error(where, str(exc))
        lat = lon = None
    if (lat is None) != (lon is None):
        report.error(where, "latitude et longitude doivent être données ensemble")
    address = ", ".join(
        part for part in (data.get("Adresse_1", ""), data.get("Adresse_3", "")) if part
    )
    for label, text, limit in (
        ("Nom_etablissement", data["Nom_etablissement"], 200),
        ("Adresse_1 et Adresse_3", address, 300),
    ):
        if len(text) > limit:
            report.error(where, f"{label} : plus de {limit} caractères")
    if len(report.errors) > errors_before:
        return None
    values = {
        "name": data["Nom_etablissement"],
        "kind": _kind(data, bool(flags["Ecole_maternelle"]), bool(flags["Ecole_elementaire"])),
        "sector": sector,
        "priority_education": priority,
        "address": address,
        "latitude": lat,
        "longitude": lon,
    }
    return EstablishmentRecord(
        where, uai, data["Code_commune"], data.get("Nom_commune", ""), values
    )


def _write_establishments(records: list[EstablishmentRecord], report: ImportReport) -> None:
    """Create or update every record by UAI in a few bulk statements, whatever the file's size;
    each is placed in the QPV whose contour holds it (first by code), if any."""
    locator = geo.Locator(
        [(q, q.contour or {}) for q in Qpv.objects.filter(contour__isnull=False).order_by("code")]
    )
    communes = _communes_for(records)
    existing: dict[str, Establishment] = {}
    uais = [r.uai for r in records]
    for start in range(0, len(uais), 5000):
        existing.update(
            (e.uai or "", e)
            for e in Establishment.objects.filter(uai__in=uais[start : start + 5000])
        )
    created, updated, fields = [], [], set()
    for record in records:
        values = {"commune": communes[record.insee], **record.values}
        lat, lon = values["latitude"], values["longitude"]
        if lat is not None and lon is not None:
            found = locator.find(lon=lon, lat=lat)
            if found is not None:
                values["qpv"] = found
        establishment = existing.get(record.uai)
        if establishment is None:
            created.append(Establishment(uai=record.uai, **values))
            report.count(Outcome.CREATED, record.where, f"{record.uai} {values['name']}")
            continue
        changed = [name for name, value in values.items() if getattr(establishment, name) != value]
        for name in changed:
            setattr(establishment, name, values[name])
        fields.update(changed)
        if changed:
            updated.append(establishment)
        outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        report.count(outcome, record.where, f"{record.uai} {values['name']}")
    # The Annuaire reaches the Cités: what lies in their QPV or is in priority education.
    unattached = [e for e in existing.values() if e.cite_id is None]
    attached = attach([*created, *unattached])
    newly = [e for e in unattached if e.cite_id is not None and e not in updated]
    if any(e.cite_id is not None for e in unattached):
        fields.update({"cite", "cite_role"})
    updated += newly
    for name, count in sorted(attached.items()):
        report.notices.append(f"{count} établissement(s) rattaché(s) à la Cité éducative {name}.")
    Establishment.objects.bulk_create(created, batch_size=2000)
    if updated:
        Establishment.objects.bulk_update(updated, sorted(fields), batch_size=1000)
    versions.changed(None, "territory")  # bulk writes send no signal: every Cité's data is newer


def import_annuaire_file(
    path: Path,
    *,
    communes: list[str] | None = None,
    dry_run: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import the official Annuaire de l'éducation export (`;`-separated CSV, UTF-8 with or
    without BOM or Windows-1252, or the same columns in XLSX/ODS)."""
    report = report or ImportReport(path=path)
    wanted = set(communes or [])
    records: list[EstablishmentRecord] = []
    seen: dict[str, str] = {}
    rows = list(read_table(path, required=ANNUAIRE_REQUIRED, notices=report.notices))
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0 or done == len(rows):
            report.progress("Vérification", done, len(rows))
        if wanted and row.data["Code_commune"] not in wanted:
            report.skipped += 1
            continue
        record = _establishment_from_row(row, report)
        if record is None:
            continue
        if record.uai in seen:
            report.error(record.where, f"UAI {record.uai} déjà présent ({seen[record.uai]})")
        seen.setdefault(record.uai, record.where)
        records.append(record)
    report.raise_if_errors()
    with transaction.atomic():
        report.progress("Écriture", 0, len(records))
        _write_establishments(records, report)
        report.progress("Écriture", len(records), len(records))
        if dry_run:
            transaction.set_rollback(True)
    return report

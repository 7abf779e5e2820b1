"""The imports a person can run from the browser: what each reads, who may run it, its template
and where its result shows. Each importer is the same function as its management command."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import reverse
from openpyxl import Workbook

from citeduc.common.importing import ImportReport
from citeduc.funding.programmation_import import import_programmation
from citeduc.funding.programmation_sheet import template_workbook as programmation_template
from citeduc.indicators.collect import import_measurements
from citeduc.indicators.measurement_sheet import measurements_template
from citeduc.jobs.models import Job
from citeduc.territory.import_sheets import annuaire_template, qpv_template
from citeduc.territory.importers import import_annuaire_file, import_qpv_file

Run = Callable[[Path, Job, ImportReport], ImportReport]


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    help: str
    run: Run
    # The template of the file: given the Cité (its funders, QPV…), or None for a national one.
    template: Callable[[Any], Workbook]
    # Where the imported data shows, for the link under the report.
    result: Callable[[Job], tuple[str, str]]
    with_year: bool = False
    # A national import (national staff, no Cité) rather than one of a Cité's coordination.
    national: bool = False
    # Whether what it wrote is journaled, so that it can be undone (common/undo.py); the
    # Annuaire is written in bulk statements: it is undone by importing the previous file.
    undoable: bool = True


def _programmation(path: Path, job: Job, report: ImportReport) -> ImportReport:
    assert job.cite is not None and job.year is not None
    return import_programmation(path, job.cite, job.year, dry_run=job.dry_run, report=report)


def _measurements(path: Path, job: Job, report: ImportReport) -> ImportReport:
    assert job.cite is not None
    return import_measurements(
        path, job.cite, dry_run=job.dry_run, by=job.started_by, report=report
    )


def _annuaire(path: Path, job: Job, report: ImportReport) -> ImportReport:
    return import_annuaire_file(path, dry_run=job.dry_run, report=report)


def _qpv(path: Path, job: Job, report: ImportReport) -> ImportReport:
    return import_qpv_file(path, dry_run=job.dry_run, report=report)


def _cite_year_url(name: str) -> Callable[[Job], str]:
    def url(job: Job) -> str:
        assert job.cite is not None
        return reverse(name, args=[job.cite.slug, job.year or job.cite.label_start.year])

    return url


IMPORTERS: dict[str, Importer] = {
    i.kind: i
    for i in [
        Importer(
            "programmation",
            "Programmation d'une année",
            "Une ligne par action et porteur, une paire Demandé / Accordé par financeur : "
            "l'export XLSX de la programmation d'une autre année convient tel quel.",
            _programmation,
            programmation_template,
            lambda job: (
                "Voir le tableau de bord financier",
                _cite_year_url("funding:dashboard")(job),
            ),
            with_year=True,
        ),
        Importer(
            "mesures",
            "Mesures d'indicateurs",
            "Une ligne par mesure : indicateur, période, QPV, sexe, tranche d'âge, valeur.",
            _measurements,
            measurements_template,
            lambda job: (
                "Voir le tableau de bord des indicateurs",
                _cite_year_url("indicators:dashboard")(job),
            ),
        ),
        Importer(
            "annuaire",
            "Annuaire de l'éducation",
            "Le fichier national des établissements (71 colonnes officielles) : chaque école, "
            "collège ou lycée d'une commune de Cité situé dans un QPV ou en éducation "
            "prioritaire est rattaché à sa Cité.",
            _annuaire,
            annuaire_template,
            lambda job: ("Voir les Cités éducatives", reverse("home")),
            national=True,
            undoable=False,
        ),
        Importer(
            "qpv",
            "Quartiers prioritaires (QPV)",
            "La liste officielle des QPV : code, nom, commune (INSEE).",
            _qpv,
            qpv_template,
            lambda job: ("Voir les Cités éducatives", reverse("home")),
            national=True,
        ),
    ]
}

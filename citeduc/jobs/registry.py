"""The imports a person can run from the browser: what each reads, who may run it, its template
and where its result shows. Each importer is the same function as its management command."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from openpyxl import Workbook

from citeduc.common.importing import ImportReport
from citeduc.funding.programmation_import import import_programmation
from citeduc.funding.programmation_sheet import template_workbook as programmation_template
from citeduc.indicators.collect import import_measurements
from citeduc.indicators.measurement_sheet import measurements_template
from citeduc.jobs.models import Job
from citeduc.territory.models import CiteEducative

Run = Callable[[Path, Job, ImportReport], ImportReport]


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    help: str
    run: Run
    template: Callable[[CiteEducative], Workbook]
    # Where the imported data shows, for the link under the report.
    result: Callable[[Job], tuple[str, str]]
    with_year: bool = False


def _programmation(path: Path, job: Job, report: ImportReport) -> ImportReport:
    assert job.cite is not None and job.year is not None
    return import_programmation(path, job.cite, job.year, dry_run=job.dry_run, report=report)


def _measurements(path: Path, job: Job, report: ImportReport) -> ImportReport:
    assert job.cite is not None
    return import_measurements(
        path, job.cite, dry_run=job.dry_run, by=job.started_by, report=report
    )


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
    ]
}

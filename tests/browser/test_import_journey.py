"""The coordination imports a programmation by clicking, as a person would: from its home to the
import page, downloads the template, uploads a filled XLSX, reads the preview with one refused
line, uploads the fixed file, confirms, watches the progress bar of the job (run by a real
worker in another process) reach 100 % without a page reload, reads the report and finds the
amounts on the money dashboard."""

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Sum
from openpyxl import load_workbook
from playwright.sync_api import Page, ViewportSize

from citeduc.funding.models import Decision
from citeduc.funding.rules import euros
from tests.support.browser import Site, blocking_violations
from tests.support.workers import start_worker, stop_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
HOME = "/mon-espace/"
FILLER = 120  # enough lines for the bar to be seen moving


@pytest.fixture
def worker(settings: Any) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(settings)
    yield process
    stop_worker(process)


def filled(template: Path, target: Path, *, bad_qpv: bool) -> Path:
    """The template with its example replaced by real lines (one with an unknown QPV)."""
    workbook = load_workbook(template)
    sheet = workbook.active
    # A title row, the header, then the example row, replaced here.
    header = [cell.value for cell in sheet[2]]
    sheet.delete_rows(3)
    column = {name: index for index, name in enumerate(header)}

    def row(title: str, qpv: str, p147: int | None, ville: int) -> list[Any]:
        cells: list[Any] = [None] * len(header)
        cells[column["Action"]], cells[column["Objectif"]] = title, "1"
        cells[column["Porteur"]], cells[column["QPV"]] = "Association Alpha", qpv
        cells[column["Ingénierie"]] = "non"
        cells[column["Demandé P147"]] = cells[column["Accordé P147"]] = p147
        cells[column["Demandé VILLE"]] = cells[column["Accordé VILLE"]] = ville
        return cells

    sheet.append(row("Ateliers lecture du mercredi", "QN02503M | QN02505M", 12000, 4321))
    sheet.append(row("Sortie nature", "QN09999X" if bad_qpv else "QN02505M", None, 800))
    for n in range(FILLER):
        sheet.append(row(f"Atelier de quartier {n + 1}", "QN02503M", None, 100))
    workbook.save(target)
    return target


def open_imports(page: Page, site: Site, phone: bool) -> None:
    page.goto(site.url + HOME)
    if phone:
        page.get_by_role("button", name="Menu", exact=True).click()
    nav = page.locator("#navigation-principale")
    nav.get_by_role("button", name="Données", exact=True).click()
    with page.expect_navigation():
        nav.get_by_role("link", name="Importer des données", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Programmation d'une année").click()


def upload(page: Page, path: Path) -> None:
    page.get_by_label("Année importée").select_option("2026")
    page.get_by_label("Fichier à importer").set_input_files(path)
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier le fichier").click()


def wait_for_report(page: Page) -> list[int]:
    """The bar's values while the job runs; the page is never reloaded meanwhile."""
    page.evaluate("window.sameDocument = true")
    seen: list[int] = []
    for _ in range(600):
        if page.locator("#job-report h2").count():
            break
        if page.locator("#job-progress-bar").count():
            seen.append(int(page.locator("#job-progress-bar").evaluate("bar => bar.value")))
        page.wait_for_timeout(100)
    assert page.evaluate("window.sameDocument === true"), "la page a été rechargée"
    return seen


# On a wide screen: the menus and pages at 390 px are clicked through by
# test_menus_by_clicking.py, and the import pages pass axe-core at both widths there and in
# test_pages_in_chromium.py (this journey at 390 px was checked by hand, docs/captures).
@pytest.mark.parametrize(("width", "height"), [(1280, 900)], ids=["ordinateur"])
def test_the_coordination_imports_a_programmation_by_clicking(
    site: Site, page_as: Any, worker: Any, tmp_path: Path, width: int, height: int
) -> None:
    page = page_as("coordination")
    page.set_viewport_size(ViewportSize(width=width, height=height))
    phone = width < 500
    open_imports(page, site, phone)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le modèle").click()
    template = tmp_path / "modele.xlsx"
    download.value.save_as(template)

    upload(page, filled(template, tmp_path / "programmation-2026.xlsx", bad_qpv=True))
    wait_for_report(page)
    report = page.locator("#job-report")
    # Line 4 of the sheet as the person sees it: under the title, the header and the first line.
    assert "ligne 4 : QPV inconnu(s) dans la Cité : QN09999X" in report.inner_text()
    assert page.get_by_role("button", name="Confirmer l'import").count() == 0
    assert blocking_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("link", name="Déposer le fichier corrigé").click()
    upload(page, filled(template, tmp_path / "programmation-2026.xlsx", bad_qpv=False))
    wait_for_report(page)
    assert "Le fichier est valide" in report.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer l'import").click()
    seen = wait_for_report(page)
    assert seen == sorted(seen), seen  # the bar only moves forward
    assert "Import terminé" in report.inner_text()
    assert int(page.locator("#job-progress-bar").evaluate("bar => bar.value")) == 100
    if not phone:
        page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    assert blocking_violations(page) == []
    if phone:
        width_now = page.evaluate("document.documentElement.scrollWidth")
        assert width_now <= 390, f"la page fait {width_now} px de large"

    with page.expect_navigation():
        page.get_by_role("link", name="Voir le tableau de bord financier").click()
    assert "/financements/2026/" in page.url
    # The money dashboard's row of the city shows what it decided in 2026, imported lines included.
    decided = Decision.objects.filter(request__year=2026, funder__code="VILLE").aggregate(
        total=Sum("amount")
    )["total"]
    assert decided is not None and decided >= 4321 + 800 + 100 * FILLER
    row = page.locator("main tr", has_text="(VILLE)")
    assert euros(decided).replace("\u202f", " ") in row.inner_text().replace("\u202f", " ")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Programmation 2026").click()
    body = page.locator("main").inner_text().replace("\u202f", " ")
    assert "Ateliers lecture du mercredi" in body and "4 321,00 €" in body

"""Pages, exports and API of the evaluation: masked for the public and the national
coordination, exact for the Cité's members; flat query counts; protocol documents."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.indicators.install import install_catalogue
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.models import Commune, Qpv
from citeduc.territory.tests.factories import QpvFactory
from tests.support.world import World


def measure(indicator: Indicator, qpv: Qpv, sex: str, value: int) -> None:
    Measurement.objects.create(
        indicator=indicator,
        period="2025",
        year=2025,
        qpv=qpv,
        sex=sex,
        value=value,
        origin="saisie",
    )


@pytest.fixture
def parents(world: World) -> Indicator:
    """Parents involved: 3 girls-side (small) and 40 in the first QPV, 25 and 30 in a second."""
    indicator = {i.code: i for i in install_catalogue(world.cite)}["PARENTS_IMPLIQUES"]
    second = QpvFactory.create(name="Second quartier")
    world.cite.qpvs.add(second)
    measure(indicator, world.own.qpv, "F", 3)
    measure(indicator, world.own.qpv, "G", 40)
    measure(indicator, second, "F", 25)
    measure(indicator, second, "G", 30)
    return indicator


def cells(html: str) -> list[str]:
    return [part.split("</td>")[0] for part in html.split("<td>")[1:]]


def test_public_page_masks_the_small_count_and_a_second_cell(
    client: Client, world: World, parents: Indicator
) -> None:
    html = client.get(parents.get_absolute_url()).content.decode()
    shown = cells(html)
    assert "&lt; 11" in shown
    assert "secret" in shown
    assert "3" not in shown
    # With the row total (43) and 40 shown, 3 would come back: 40 or the total must be hidden.
    assert not ("40" in shown and "43" in shown)


def test_members_read_exact_figures(client: Client, world: World, parents: Indicator) -> None:
    client.force_login(world.users["membre_instance"])
    shown = cells(client.get(parents.get_absolute_url()).content.decode())
    assert "3" in shown and "43" in shown and "&lt; 11" not in shown


def test_the_national_coordination_reads_masked_figures(
    client: Client, world: World, parents: Indicator
) -> None:
    client.force_login(world.users["national"])
    shown = cells(client.get(parents.get_absolute_url()).content.decode())
    assert "3" not in shown and "&lt; 11" in shown


def national_csv(client: Client, code: str) -> list[list[str]]:
    url = reverse("national:indicator_csv", args=[code]) + "?annee=2025"
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))


def test_the_exported_csv_never_holds_a_small_count_the_page_hides(
    client: Client, world: World, parents: Indicator
) -> None:
    other = install_catalogue(world.other_cite)
    other_parents = next(i for i in other if i.code == "PARENTS_IMPLIQUES")
    measure(other_parents, world.other.qpv, "F", 4)  # small at the Cité level
    measure(other_parents, world.other.qpv, "G", 60)
    client.force_login(world.users["national"])
    rows = national_csv(client, "PARENTS_IMPLIQUES")
    assert rows[0] == ["niveau", "region", "cite", "Filles", "Garçons", "total"]
    figures = [cell for row in rows[1:] for cell in row[3:]]
    small = [c for c in figures if c.isdigit() and 0 < int(c) < 11]
    assert small == []
    assert "< 11" in figures and "secret" in figures
    page = client.get(reverse("national:indicator", args=["PARENTS_IMPLIQUES"]))
    page_cells = cells(page.content.decode())
    assert "4" not in page_cells and "&lt; 11" in page_cells
    xlsx = client.get(reverse("national:indicator_xlsx", args=["PARENTS_IMPLIQUES"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_rollup_protects_a_cite_inside_its_region_total(client: Client, world: World) -> None:
    """Two Cités of one region: one with 5, one with 50. The region total (55) minus the 50 would
    give the 5 back: the second Cité or the total is masked too."""
    region_commune = Commune.objects.create(insee_code="25056", name="Besançon")
    for cite, value in ((world.cite, 5), (world.other_cite, 50)):
        cite.communes.set([region_commune])
        indicator = Indicator.objects.create(
            cite=cite, code="JEUNES_SUIVIS", name="Jeunes suivis", kind="suivi", unit="count"
        )
        Measurement.objects.create(
            indicator=indicator, period="2025", year=2025, value=value, origin="saisie"
        )
    client.force_login(world.users["national"])
    rows = national_csv(client, "JEUNES_SUIVIS")
    by_level = {(row[0], row[2]): row[3:] for row in rows[1:]}
    assert by_level[("cite", world.cite.name)] == ["< 11", "< 11"]
    other = by_level[("cite", world.other_cite.name)]
    region = by_level[("region", "")]
    assert "secret" in other or "secret" in region


def test_api_masks_for_outsiders_and_not_for_members(
    client: Client, world: World, parents: Indicator
) -> None:
    url = reverse("api:list_indicators", args=[world.cite.slug])
    public = {i["code"]: i for i in client.get(url).json()}
    assert public["PARENTS_IMPLIQUES"]["masked"] is True
    client.force_login(world.users["coordination"])
    exact = {i["code"]: i for i in client.get(url).json()}
    assert exact["PARENTS_IMPLIQUES"]["values"] == [{"period": "2025", "value": "98"}]
    rollup = client.get(
        reverse("api:indicator_rollup", args=["PARENTS_IMPLIQUES"]), {"year": 2025}
    ).json()
    own = next(line for line in rollup["lines"] if line["cite"] == world.cite.slug)
    assert own["cells"] == ["28", "70"]


def test_api_rollup_is_masked_for_everyone_else(
    client: Client, world: World, parents: Indicator
) -> None:
    url = reverse("api:indicator_rollup", args=["PARENTS_IMPLIQUES"])
    client.force_login(world.users["outsider"])
    rollup = client.get(url, {"year": 2025}).json()
    own = next(line for line in rollup["lines"] if line["cite"] == world.cite.slug)
    assert own["cells"] == ["28", "70"]  # 28 and 70 are not small: shown
    assert (
        client.get(reverse("api:indicator_rollup", args=["NOPE"]), {"year": 2025}).status_code
        == 404
    )


def dashboard_queries(client: Client, world: World) -> int:
    url = reverse("indicators:dashboard", args=[world.cite.slug, 2025])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + f"?qpv={world.own.qpv.code}")
        assert response.status_code == 200
    return len(queries)


def test_dashboard_query_count_is_flat_from_1_to_100_actions(
    client: Client, world: World, parents: Indicator
) -> None:
    client.force_login(world.users["coordination"])
    one = dashboard_queries(client, world)
    objective = world.own.action.objectives.get()
    for _ in range(99):
        action = ActionFactory.create(cite=world.cite, objectives=[objective], status="programmee")
        action.qpvs.add(world.own.qpv)
    assert dashboard_queries(client, world) == one


def test_dashboard_shows_charts_with_their_tables(
    client: Client, world: World, parents: Indicator
) -> None:
    client.force_login(world.users["pilote_etat"])
    html = client.get(reverse("indicators:dashboard", args=[world.cite.slug, 2025])).content
    text = html.decode()
    assert text.count('role="img"') == text.count("<figure") >= 4
    assert "Actions 2025 par axe et par situation" in text
    assert "Public touché en 2025 par tranche d'âge et par sexe" in text


def test_protocol_flags_gaps_and_downloads_as_pdf_and_docx(
    client: Client, world: World, parents: Indicator
) -> None:
    Indicator.objects.filter(code="BILANS_SANTE").delete()
    client.force_login(world.users["coordination"])
    html = client.get(reverse("indicators:protocol", args=[world.cite.slug])).content.decode()
    assert "Objectifs sans indicateur" in html
    assert "rarement évalués au niveau national et sans indicateur ici : Santé." in html
    pdf = client.get(reverse("indicators:protocol_pdf", args=[world.cite.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("indicators:protocol_docx", args=[world.cite.slug]))
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Protocole de suivi et d" in body and "PARENTS_IMPLIQUES" in body


def test_an_objective_protocol_is_saved_and_checked(client: Client, world: World) -> None:
    client.force_login(world.users["coordination"])
    objective = world.own.action.objectives.get()
    url = reverse("indicators:objective_evaluation", args=[world.cite.slug, objective.pk])
    response = client.post(
        url,
        {"age_bands": ["6-10", "11-14"], "scolaire": "on", "calendar": "2025-2026"},
    )
    assert response.status_code == 302
    assert objective.evaluation.age_bands == ["6-10", "11-14"]
    assert objective.evaluation.missing() == ["l'effet levier attendu"]


def test_rates_sum_numerators_and_denominators(world: World) -> None:
    from citeduc.indicators.figures import aggregate

    rows = [
        Measurement(value=Decimal("10"), numerator=1, denominator=10),
        Measurement(value=Decimal("50"), numerator=45, denominator=90),
    ]
    assert aggregate("rate", rows).value == Decimal("46.00")  # type: ignore[union-attr]

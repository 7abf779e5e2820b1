"""Collecting measurements: the CSV import (all or nothing, line-numbered errors, --dry-run,
idempotent), the entry form (refusals keep what was typed), the derived figures."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from citeduc.common import versions
from citeduc.indicators.derive import derive_measurements
from citeduc.indicators.enums import Origin
from citeduc.indicators.install import install_catalogue
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.tests.factories import QpvFactory
from tests.support.commits import commit
from tests.support.samples import MEASUREMENTS_HEADER
from tests.support.world import World

HEADER = MEASUREMENTS_HEADER


@pytest.fixture
def catalogue(world: World) -> dict[str, Indicator]:
    return {i.code: i for i in install_catalogue(world.cite)}


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mesures.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_import_writes_counts_and_rates_and_is_idempotent(
    world: World, catalogue: dict[str, Indicator], tmp_path: Path
) -> None:
    code = world.own.qpv.code
    path = write(
        tmp_path,
        f"PARENTS_IMPLIQUES;2025;{code};F;;42;;\n"
        f"PARENTS_IMPLIQUES;2025;{code};G;;7;;\n"
        f"ABSENTEISME;2024-2025;{code};;6-10;;31;420\n",
    )
    call_command("import_measurements", str(path), cite=world.cite.slug)
    rate = Measurement.objects.get(indicator__code="ABSENTEISME")
    assert (rate.numerator, rate.denominator, rate.value) == (31, 420, Decimal("7.38"))
    assert rate.period_kind == "annee_scolaire" and rate.year == 2025
    assert rate.origin == Origin.IMPORTED
    call_command("import_measurements", str(path), cite=world.cite.slug)
    assert Measurement.objects.filter(indicator__cite=world.cite).count() == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("INCONNU;2025;{qpv};F;;4;;", "indicateur « INCONNU » inconnu"),
        ("PARENTS_IMPLIQUES;2025;{outside};F;;4;;", "hors de la Cité"),
        ("PARENTS_IMPLIQUES;2025;{qpv};F;;-3;;", "négative"),
        ("ABSENTEISME;2025;{qpv};;6-10;;30;12", "le numérateur (30) dépasse le dénominateur (12)"),
        ("PARENTS_IMPLIQUES;2025;;F;;4;;", "se ventile par qpv"),
        ("PARENTS_IMPLIQUES;20-25;{qpv};F;;4;;", "période « 20-25 » illisible"),
        ("PARENTS_IMPLIQUES;2025;{qpv};X;;4;;", "sexe « X » inconnu"),
        ("PARENTS_IMPLIQUES;2025;{qpv};F;;4,5;;", "nombre entier"),
        ("PUBLIC_TOUCHE;2025;{qpv};F;6-10;4;;", "calculé par citeduc"),
    ],
)
def test_bad_input_is_refused_with_file_and_line_and_nothing_is_written(
    world: World, catalogue: dict[str, Indicator], tmp_path: Path, line: str, message: str
) -> None:
    outside = QpvFactory.create()
    good = f"PARENTS_IMPLIQUES;2025;{world.own.qpv.code};G;;40;;\n"
    path = write(tmp_path, good + line.format(qpv=world.own.qpv.code, outside=outside.code) + "\n")
    with pytest.raises(CommandError) as error:
        call_command("import_measurements", str(path), cite=world.cite.slug)
    assert "mesures.csv, ligne 3" in str(error.value)
    assert message in str(error.value)
    assert not Measurement.objects.exists()


def test_a_cell_given_twice_is_refused(
    world: World, catalogue: dict[str, Indicator], tmp_path: Path
) -> None:
    line = f"PARENTS_IMPLIQUES;2025;{world.own.qpv.code};G;;40;;\n"
    with pytest.raises(CommandError, match="ligne 3 : même mesure que la ligne 2"):
        call_command("import_measurements", str(write(tmp_path, line * 2)), cite=world.cite.slug)


def test_dry_run_validates_without_writing(
    world: World, catalogue: dict[str, Indicator], tmp_path: Path
) -> None:
    path = write(tmp_path, f"PARENTS_IMPLIQUES;2025;{world.own.qpv.code};G;;40;;\n")
    call_command("import_measurements", str(path), cite=world.cite.slug, dry_run=True)
    assert not Measurement.objects.exists()


def test_a_missing_column_names_line_one(world: World, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("indicateur;periode;valeur\nX;2025;3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="m.csv, ligne 1 .*qpv"):
        call_command("import_measurements", str(path), cite=world.cite.slug)


def test_entry_form_saves_cells_and_keeps_typed_values_on_error(
    client: Client, world: World, catalogue: dict[str, Indicator]
) -> None:
    client.force_login(world.users["coordination"])
    indicator = catalogue["PARENTS_IMPLIQUES"]
    url = reverse("indicators:measurement_entry", args=[world.cite.slug, indicator.pk])
    page = client.get(url + "?periode=2025")
    assert page.status_code == 200
    assert f"{world.own.qpv.name} — Filles" in page.content.decode()
    response = client.post(url, {"period": "2025", "c0_value": "12", "c1_value": "-4"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "négative" in content
    assert 'value="12"' in content and 'value="-4"' in content
    assert not Measurement.objects.exists()
    response = client.post(url, {"period": "2025", "c0_value": "12", "c1_value": "9"})
    assert response.status_code == 302
    assert sorted(Measurement.objects.values_list("sex", "value")) == [
        ("F", Decimal("12")),
        ("G", Decimal("9")),
    ]
    assert Measurement.objects.first().entered_by == world.users["coordination"]  # type: ignore[union-attr]
    client.post(url, {"period": "2025", "c0_value": "12", "c1_value": ""})
    assert list(Measurement.objects.values_list("sex", flat=True)) == ["F"]


def test_a_rate_above_its_denominator_is_refused_in_the_form(
    client: Client, world: World, catalogue: dict[str, Indicator]
) -> None:
    client.force_login(world.users["pilote_ville"])
    indicator = catalogue["CLASSES_DECOUVERTE"]
    url = reverse("indicators:measurement_entry", args=[world.cite.slug, indicator.pk])
    response = client.post(url, {"period": "2024-2025", "c0_num": "50", "c0_den": "20"})
    assert response.status_code == 400
    assert "Le numérateur (50) dépasse le dénominateur (20)." in response.content.decode()


def test_porteurs_enter_only_the_indicators_they_report(
    client: Client, world: World, catalogue: dict[str, Indicator]
) -> None:
    client.force_login(world.users["porteur"])
    for code, status in (("PARENTS_IMPLIQUES", 200), ("ABSENTEISME", 404)):
        url = reverse("indicators:measurement_entry", args=[world.cite.slug, catalogue[code].pk])
        assert client.get(url).status_code == status


def test_derived_measurements_come_from_citeduc_data_and_rerun_changes_nothing(
    world: World, catalogue: dict[str, Indicator]
) -> None:
    world.own.action.status = "programmee"
    world.own.action.save()
    derive_measurements(world.cite, 2025)
    derive_measurements(world.cite, 2025)
    actions = Measurement.objects.get(indicator__code="ACTIONS_PROGRAMMEES", period="2025")
    assert actions.value == 1 and actions.origin == Origin.DERIVED
    assert Measurement.objects.filter(indicator__code="ACTIONS_PROGRAMMEES").count() == 1


def test_a_derivation_that_changes_nothing_writes_nothing(
    world: World, catalogue: dict[str, Indicator]
) -> None:
    """What is kept from the children's figures follows their version: a decision, a meeting, an
    action saved without changing a derived figure must leave the figures' version alone."""
    world.own.action.status = "programmee"
    world.own.action.save()
    derive_measurements(world.cite, 2025)
    commit()
    before = versions.topic_version("children")
    first = Measurement.objects.get(indicator__code="ACTIONS_PROGRAMMEES", period="2025")
    assert derive_measurements(world.cite, 2025) > 0, "the rows computed, written or not"
    again = Measurement.objects.get(indicator__code="ACTIONS_PROGRAMMEES", period="2025")
    assert again.pk == first.pk and versions.topic_version("children") == before
    world.own.action.status = "abandonnee"
    world.own.action.save()  # the derivation follows on commit
    commit()
    after = Measurement.objects.get(indicator__code="ACTIONS_PROGRAMMEES", period="2025")
    assert after.value == 0 and versions.topic_version("children") != before

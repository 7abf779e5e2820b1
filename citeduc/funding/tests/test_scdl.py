import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from frictionless import Resource, Schema

from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.directory.tests.factories import OrganisationFactory
from citeduc.funding.decide import record_decision, record_payment
from citeduc.funding.funders import seed_funders
from citeduc.funding.models import Decision, GrantRequest, RequestedAmount
from citeduc.funding.scdl import SCHEMA, validate
from citeduc.territory.models import CiteEducative
from citeduc.territory.tests.factories import CiteFactory


@pytest.fixture
def cite_with_decisions(db: None) -> CiteEducative:
    cite = CiteFactory.create(slug="scdl")
    funders = seed_funders(cite, {"VILLE": "Ville de Testville"})
    funders["VILLE"].siret = "21250056500008"
    funders["VILLE"].save()
    funders["CAF"].siret = "73282932000074"
    funders["CAF"].save()
    with_siret = OrganisationFactory.create(
        cite=cite, name="Association Alpha", siret="73282932000074"
    )
    with_rna = OrganisationFactory.create(cite=cite, name="Association Bêta", rna="W251000123")
    for organisation, asked in ((with_siret, 12000), (with_rna, 800)):
        grant = GrantRequest.objects.create(
            cite=cite, action=ActionFactory.create(cite=cite), applicant=organisation, year=2025
        )
        for code in ("CAF", "VILLE", "P147"):
            RequestedAmount.objects.create(
                request=grant, funder=funders[code], amount=Decimal(asked)
            )
        for code in ("CAF", "VILLE"):
            record_decision(grant, funders[code], Decimal(asked), date(2025, 3, 14), "DCM-2025-042")
    return cite


def test_export_validates_with_frictionless_town_first(
    tmp_path: Path, cite_with_decisions: CiteEducative
) -> None:
    decision = Decision.objects.get(
        request__cite=cite_with_decisions,
        request__applicant__name="Association Alpha",
        funder__code="VILLE",
    )
    record_payment(decision, Decimal("6000"), date(2025, 4, 1))
    record_payment(decision, Decimal("6000"), date(2025, 9, 1))
    output = tmp_path / "subventions.csv"
    call_command(
        "export_scdl_subventions", "--cite", "scdl", "--year", "2025", "--output", str(output)
    )
    # frictionless on the written file itself (a relative path under its base directory)
    resource = Resource(
        path=output.name, basepath=str(tmp_path), schema=Schema.from_descriptor(_schema())
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5  # header + 2 requests × (Ville, CAF); no P147 (State) row
    assert lines[1].startswith(
        "Ville de Testville,21250056500008,2025-03-14,DCM-2025-042,Association"
    )
    assert ",2025-04-01/2025-09-01," in output.read_text(encoding="utf-8")
    assert validate(output.read_text(encoding="utf-8")) == []


def _schema() -> dict[str, object]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_a_row_without_siret_nor_rna_stops_the_export(
    tmp_path: Path, cite_with_decisions: CiteEducative
) -> None:
    cite_with_decisions.organisations.filter(name="Association Bêta").update(rna="")
    output = tmp_path / "subventions.csv"
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_scdl_subventions", "--cite", "scdl", "--year", "2025", "--output", str(output)
        )
    assert "« Association Bêta » n'a ni SIRET ni numéro RNA" in str(excinfo.value)
    assert not output.exists()


def test_validate_reports_frictionless_and_custom_errors() -> None:
    example = (SCHEMA.parent / "exemple_valide.csv").read_text(encoding="utf-8")
    assert validate(example) == []
    broken = example.replace("12500.00", "douze", 1).replace("21250056500008", "21250056500009", 1)
    errors = validate(broken)
    assert any(e.startswith("ligne 2, montant") for e in errors)
    assert "ligne 2, idAttribuant : SIRET '21250056500009' invalide (clé de Luhn)" in errors

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from frictionless import Resource, Schema

from citeduc.accounts.models import User
from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.common.scdl import rows_of
from citeduc.demo.loading import DemoResult
from citeduc.directory.tests.factories import OrganisationFactory
from citeduc.funding.decide import record_decision, record_payment
from citeduc.funding.funders import seed_funders
from citeduc.funding.models import Decision, Funder, GrantRequest, RequestedAmount
from citeduc.funding.scdl import (
    COLUMNS,
    MAPPING,
    SCHEMA,
    mapping_table,
    publication,
    schema_definitions,
    validate,
)
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


def _export(tmp_path: Path, *extra: str) -> tuple[Path, str]:
    output = tmp_path / "subventions.csv"
    report = call_command(
        "export_scdl_subventions",
        "--cite",
        "scdl",
        "--year",
        "2025",
        "--output",
        str(output),
        *extra,
    )
    return output, report


def _frictionless_report(output: Path) -> object:
    """frictionless on the written file itself (a relative path under its base directory)."""
    resource = Resource(
        path=output.name, basepath=str(output.parent), schema=Schema.from_descriptor(_schema())
    )
    return resource.validate()


def test_one_file_per_granting_authority_the_ville_by_default(
    tmp_path: Path, cite_with_decisions: CiteEducative
) -> None:
    decision = Decision.objects.get(
        request__cite=cite_with_decisions,
        request__applicant__name="Association Alpha",
        funder__code="VILLE",
    )
    record_payment(decision, Decimal("6000"), date(2025, 4, 1))
    record_payment(decision, Decimal("6000"), date(2025, 9, 1))
    output, report = _export(tmp_path)
    checked = _frictionless_report(output)
    assert checked.valid, checked.flatten(["rowNumber", "fieldName", "note"])  # type: ignore[attr-defined]
    rows = rows_of(output.read_text(encoding="utf-8"))
    assert [r["nomAttribuant"] for r in rows] == ["Ville de Testville"] * 2  # no CAF, no P147
    alpha = next(r for r in rows if r["nomBeneficiaire"] == "Association Alpha")
    assert alpha["datesPeriodeVersement"] == "2025-04-01/2025-09-01"
    assert alpha["conditionsVersement"] == "échelonné"
    beta = next(r for r in rows if r["nomBeneficiaire"] == "Association Bêta")
    # No payment yet: the period runs from the decision to the end of the year.
    assert beta["datesPeriodeVersement"] == "2025-03-14/2025-12-31"
    # One beneficiary per request: it receives all of the subsidy (the schema's definition).
    assert {r["pourcentageSubvention"] for r in rows} == {"1.00"}
    assert "2 décision(s) publiée(s), 0 écartée(s)" in report
    assert validate(output.read_text(encoding="utf-8")) == []

    caf, _ = _export(tmp_path, "--attribuant", "caf")
    caf_rows = rows_of(caf.read_text(encoding="utf-8"))
    caf_funder = Funder.objects.get(cite=cite_with_decisions, code="CAF")
    assert {(r["nomAttribuant"], r["idAttribuant"]) for r in caf_rows} == {
        (caf_funder.name, "73282932000074")
    }
    assert sorted(r["montant"] for r in caf_rows) == ["12000.00", "800.00"]


def _schema() -> dict[str, object]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_lines_that_cannot_be_published_are_named_and_do_not_block_the_rest(
    tmp_path: Path, cite_with_decisions: CiteEducative
) -> None:
    cite_with_decisions.organisations.filter(name="Association Bêta").update(rna="")
    town = Funder.objects.get(cite=cite_with_decisions, code="VILLE")
    own = OrganisationFactory.create(cite=cite_with_decisions, name="Ville — service jeunesse")
    town.own_services.add(own)
    grant = GrantRequest.objects.create(
        cite=cite_with_decisions,
        action=ActionFactory.create(cite=cite_with_decisions),
        applicant=own,
        year=2025,
    )
    RequestedAmount.objects.create(request=grant, funder=town, amount=Decimal("5000"))
    record_decision(grant, town, Decimal("5000"), date(2025, 3, 14), "DCM-2025-042")
    output, report = _export(tmp_path)
    rows = rows_of(output.read_text(encoding="utf-8"))
    assert [r["nomBeneficiaire"] for r in rows] == ["Association Alpha"]
    assert _frictionless_report(output).valid  # type: ignore[attr-defined]
    assert "1 décision(s) publiée(s), 2 écartée(s)" in report
    assert "« Association Bêta » n'a ni SIRET ni numéro RNA" in report
    assert "dépense en propre : « Ville — service jeunesse » est un service de" in report
    found = publication(cite_with_decisions, town, 2025)
    assert sorted(o.kind for o in found.left_out) == ["identifiant", "interne"]


def test_a_funder_without_siret_writes_no_file_and_says_why(
    tmp_path: Path, cite_with_decisions: CiteEducative
) -> None:
    Funder.objects.filter(cite=cite_with_decisions, code="CAF").update(siret="")
    output = tmp_path / "subventions.csv"
    with pytest.raises(CommandError, match="n'a pas de SIRET"):
        _export(tmp_path, "--attribuant", "CAF")
    assert not output.exists()
    with pytest.raises(CommandError, match="de l'État"):
        _export(tmp_path, "--attribuant", "P147")


def test_a_line_the_standard_refuses_is_left_out_with_its_error(
    cite_with_decisions: CiteEducative,
) -> None:
    # A Corsican RNA is valid for the directory, not for the standard's pattern (W + 9 digits).
    cite_with_decisions.organisations.filter(name="Association Bêta").update(rna="W2A1000123")
    town = Funder.objects.get(cite=cite_with_decisions, code="VILLE")
    found = publication(cite_with_decisions, town, 2025)
    assert [d.request.applicant.name for d in found.decisions] == ["Association Alpha"]
    [refused] = found.left_out
    assert refused.kind == "refusee"
    assert "rnaBeneficiaire" in refused.reason
    assert validate(found.text) == []


def test_the_mapping_answers_each_definition_of_the_standard() -> None:
    """The schema's definitions read beside our mapping, column by column, in the schema's order;
    where a definition fixes a value, the mapping gives that value."""
    definitions = schema_definitions()
    assert list(MAPPING) == list(definitions) == COLUMNS
    side_by_side = {name: (definitions[name], MAPPING[name]) for name in COLUMNS}
    theirs, ours = side_by_side["pourcentageSubvention"]
    assert "bénéficiaire unique" in theirs and "'1.00'" in theirs and "1.00" in ours
    theirs, ours = side_by_side["montant"]
    assert "avant répartition" in theirs and "montant attribué" in ours
    theirs, ours = side_by_side["datesPeriodeVersement"]
    assert "versement est unique" in theirs and "versement unique" in ours
    theirs, ours = side_by_side["notificationUE"]
    assert "'non'" in theirs and "« non »" in ours
    theirs, ours = side_by_side["idBeneficiaire"]
    assert "rnaBeneficiaire" in theirs and "SIRET" in ours
    doc = (settings.BASE_DIR / "docs" / "scdl-subventions.md").read_text(encoding="utf-8")
    assert mapping_table() in doc, "docs/scdl-subventions.md n'a plus la table de MAPPING"


def test_validate_reports_frictionless_and_custom_errors() -> None:
    example = (SCHEMA.parent / "exemple_valide.csv").read_text(encoding="utf-8")
    assert validate(example) == []
    broken = example.replace("12500.00", "douze", 1).replace("21250056500008", "21250056500009", 1)
    errors = validate(broken)
    assert any(e.startswith("ligne 2, montant") for e in errors)
    assert "ligne 2, idAttribuant : SIRET '21250056500009' invalide" in errors


class TestOnTheDemo:
    """The Besançon demo's 2025 year, through the command and through the page."""

    def test_the_ville_2025_file_and_what_it_leaves_out(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        output = tmp_path / "subventions-ville-2025.csv"
        report = call_command(
            "export_scdl_subventions",
            "--cite",
            "besancon",
            "--year",
            "2025",
            "--output",
            str(output),
        )
        checked = _frictionless_report(output)
        assert checked.valid, checked.flatten(["rowNumber", "fieldName", "note"])  # type: ignore[attr-defined]
        rows = rows_of(output.read_text(encoding="utf-8"))
        town = Funder.objects.get(cite=demo.cite, code="VILLE")
        every = Decision.objects.filter(request__cite=demo.cite, request__year=2025, funder=town)
        published = {(r["nomBeneficiaire"], Decimal(r["montant"])) for r in rows}
        # Every decision of the Ville is either in the file or named in the report, once.
        for decision in every.select_related("request__applicant"):
            name = decision.request.applicant.name
            in_file = (name, decision.amount) in published
            assert in_file != (
                f"Écartée : {name}" in report and f"({decision.amount:.2f} €)" in report
            )
        assert sorted(published) == [
            ("Association de la fondation étudiante pour la ville", Decimal("15000.00")),
            ("Union départementale des associations familiales", Decimal("20000.00")),
        ]
        assert {(r["idAttribuant"], r["pourcentageSubvention"]) for r in rows} == {
            ("21250056500008", "1.00")
        }
        assert report.count("dépense en propre") == 3  # the coordination twice, the libraries
        assert "2 décision(s) publiée(s), 3 écartée(s)" in report

    def test_the_open_data_page_by_the_coordination(self, client: Client, demo: DemoResult) -> None:
        client.force_login(User.objects.get(email="coordination@demo.citeduc.example.org"))
        page = reverse("funding:open_data", args=["besancon", 2025])
        html = client.get(page).content.decode()
        assert "Ville de Besançon" in html and "CAF du Doubs" in html
        assert "Aucun : SIRET manquant" in html  # the CAF and the Métropole have none
        assert html.count("dépense en propre") == 3
        csv_url = reverse("funding:subsidies_csv", args=["besancon", 2025, "VILLE"])
        assert csv_url in html
        downloaded = client.get(csv_url)
        assert downloaded["Content-Type"].startswith("text/csv")
        assert validate(downloaded.content.decode()) == []
        assert (
            client.get(reverse("funding:subsidies_csv", args=["besancon", 2025, "CAF"])).status_code
            == 404
        )

        # The CAF's SIRET: a wrong key keeps the typing and says why; a right one opens the file.
        siret_url = reverse("funding:funder_siret", args=["besancon", 2025, "CAF"])
        refused = client.post(siret_url, {"siret": "732 829 320 00075"})
        assert "clé de contrôle incorrecte" in refused.content.decode()
        assert 'value="732 829 320 00075"' in refused.content.decode()
        assert Funder.objects.get(cite=demo.cite, code="CAF").siret == ""
        accepted = client.post(siret_url, {"siret": "732 829 320 00074"}, follow=True)
        assert "Le SIRET de CAF du Doubs est enregistré" in accepted.content.decode()
        caf_csv = client.get(reverse("funding:subsidies_csv", args=["besancon", 2025, "CAF"]))
        caf_rows = rows_of(caf_csv.content.decode())
        # The CAF's two decisions: the AFEV's is published, the coordination's is not the CAF's
        # own spending but has no identifier: named on the page with a link to fill it in.
        assert [r["nomBeneficiaire"] for r in caf_rows] == [
            "Association de la fondation étudiante pour la ville"
        ]
        caf_page = client.get(page, {"attribuant": "CAF"}).content.decode()
        assert "n&#x27;a ni SIRET ni numéro RNA" in caf_page
        assert "Renseigner son SIRET ou son RNA" in caf_page

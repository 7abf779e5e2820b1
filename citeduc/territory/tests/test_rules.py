"""R-PER-2: a Cité covers one or more QPV and has one collège chef de file among its own
establishments. Gaps are warnings of `check_rules` and of the dashboard; the admin refuses a chef
de file that is not a collège of the Cité."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citeduc.demo.loading import DemoResult
from citeduc.governance.loaders import check_all
from citeduc.territory.enums import CiteRole, EstablishmentKind
from citeduc.territory.models import CiteEducative
from citeduc.territory.rules import r_per_2
from citeduc.territory.tests.factories import CiteFactory, EstablishmentFactory, QpvFactory

pytestmark = pytest.mark.django_db


def complete_cite() -> CiteEducative:
    cite = CiteFactory.create()
    cite.qpvs.add(QpvFactory.create())
    cite.lead_college = EstablishmentFactory.create(
        cite=cite, kind=EstablishmentKind.COLLEGE, cite_role=CiteRole.CHEF_DE_FILE
    )
    cite.save()
    return cite


def messages(cite: CiteEducative) -> list[str]:
    findings = r_per_2(cite)
    assert {(f.rule, str(f.severity)) for f in findings} <= {("R-PER-2", "warning")}
    return [f.message for f in findings]


def test_besancon_perimeter_is_complete(
    capsys: pytest.CaptureFixture[str], demo: DemoResult
) -> None:
    cite = demo.cite
    assert r_per_2(cite) == []
    call_command("check_rules", "--cite", "besancon", "--year", "2025", "--json")
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "R-PER-2" not in rules


def test_a_complete_perimeter_has_no_finding() -> None:
    assert messages(complete_cite()) == []


def test_a_cite_without_qpv_nor_chef_de_file_gets_two_warnings() -> None:
    cite = CiteFactory.create(name="Cité de Nulle-Part")
    assert messages(cite) == [
        "La Cité Cité de Nulle-Part ne couvre aucun quartier prioritaire (QPV) : le périmètre "
        "de la convention (art. 2) en nomme au moins un.",
        "La Cité Cité de Nulle-Part n'a pas de collège chef de file désigné (convention, art. 2).",
    ]
    # check_all reports them with the money and governance rules, perimeter first
    _totals, findings = check_all(cite, 2025)
    assert [f.rule for f in findings[:2]] == ["R-PER-2", "R-PER-2"]


def test_a_chef_de_file_that_is_a_school_or_of_another_cite_is_reported() -> None:
    cite = complete_cite()
    cite.establishments.update(cite_role=CiteRole.MEMBRE)
    school = EstablishmentFactory.create(
        cite=cite,
        name="Fourier",
        kind=EstablishmentKind.ECOLE_ELEMENTAIRE,
        cite_role=CiteRole.CHEF_DE_FILE,
    )
    cite.lead_college = school
    cite.save()
    assert messages(cite) == [
        "Collège chef de file : École élémentaire Fourier n'est pas un collège : le chef de file "
        "est un collège."
    ]
    elsewhere = EstablishmentFactory.create(name="Voltaire", kind=EstablishmentKind.COLLEGE)
    cite.lead_college = elsewhere
    cite.save()
    lead_problem, fourier_left = messages(cite)
    assert lead_problem.startswith("Collège chef de file : Collège Voltaire n'est pas un établ")
    assert fourier_left.endswith("pour la Cité : École élémentaire Fourier.")


def test_the_admin_refuses_a_chef_de_file_outside_the_cite_or_not_a_college() -> None:
    cite = complete_cite()
    cite.full_clean()  # the designated collège passes
    cite.lead_college = EstablishmentFactory.create(kind=EstablishmentKind.COLLEGE)
    with pytest.raises(ValidationError) as refused:
        cite.full_clean()
    assert "R-PER-2" in refused.value.message_dict["lead_college"][0]
    cite.lead_college = EstablishmentFactory.create(cite=cite, kind=EstablishmentKind.LYCEE_GENERAL)
    with pytest.raises(ValidationError, match="n'est pas un collège"):
        cite.full_clean()


def test_roles_that_contradict_the_designation_are_reported() -> None:
    cite = complete_cite()
    lead = cite.lead_college
    assert lead is not None
    EstablishmentFactory.create(
        cite=cite, name="Proudhon", kind=EstablishmentKind.COLLEGE, cite_role=CiteRole.CHEF_DE_FILE
    )
    assert messages(cite) == [
        "Un seul collège est chef de file ; ont pourtant ce rôle sans être désignés comme tel "
        "pour la Cité : Collège Proudhon."
    ]
    lead.cite_role = CiteRole.MEMBRE
    lead.save()
    assert f"{lead} est désigné chef de file mais son rôle dans la Cité est « Membre »." in (
        messages(cite)
    )


def test_the_check_costs_the_same_queries_for_1_or_30_establishments() -> None:
    cite = complete_cite()
    with CaptureQueriesContext(connection) as one:
        r_per_2(cite)
    EstablishmentFactory.create_batch(29, cite=cite, cite_role=CiteRole.MEMBRE)
    with CaptureQueriesContext(connection) as thirty:
        r_per_2(cite)
    assert len(one) == len(thirty) == 2

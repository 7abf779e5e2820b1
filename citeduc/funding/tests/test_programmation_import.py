from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from citeduc.action_plan.models import Action
from citeduc.demo.loading import DemoResult
from citeduc.funding.models import Decision, GrantRequest, RequestedAmount
from citeduc.funding.programmation_import import parse_amount
from tests.support.samples import PROGRAMMATION_ALPHA, PROGRAMMATION_HEADER, PROGRAMMATION_ROWS

HEADER, ALPHA, GOOD = PROGRAMMATION_HEADER, PROGRAMMATION_ALPHA, PROGRAMMATION_ROWS


@pytest.fixture
def besancon(demo: DemoResult) -> None:
    """The Besançon demo: its objectives, funders and envelopes receive the imported lines."""


def write(tmp_path: Path, lines: list[str], name: str = "programmation.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts() -> tuple[int, int, int, int]:
    return (
        Action.objects.count(),
        GrantRequest.objects.count(),
        RequestedAmount.objects.count(),
        Decision.objects.count(),
    )


def run(path: Path, *extra: str) -> None:
    call_command("import_programmation", str(path), "--cite", "besancon", "--year", "2026", *extra)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 500,00", Decimal("12500.00")),
        ("12500.00", Decimal("12500.00")),
        ("800", Decimal("800")),
        ("1\u202f234,5", Decimal("1234.5")),
        ("", None),
    ],
)
def test_amounts_in_french_or_english(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["12,500.00", "douze", "-5", "1 2 3"])
def test_malformed_amounts(text: str) -> None:
    with pytest.raises(ValueError, match="montant mal formé"):
        parse_amount(text)


class TestOnTheDemo:
    """Lines imported into the Besançon demo, loaded once for these tests."""

    def test_import_creates_then_a_second_import_changes_nothing(
        self, tmp_path: Path, besancon: None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, GOOD)
        before = counts()
        run(path, "--dry-run")
        assert counts() == before
        run(path)
        after = counts()
        assert after == (before[0] + 2, before[1] + 2, before[2] + 3, before[3] + 3)
        action = Action.objects.get(title="Ateliers lecture du mercredi", year=2026)
        assert sorted(q.code for q in action.qpvs.all()) == ["QN02503M", "QN02505M"]
        assert Action.objects.get(title="Coordination des collectifs").is_engineering
        run(path)
        assert counts() == after
        assert "0 créé(s), 0 mis à jour, 3 inchangé(s)" in capsys.readouterr().out.splitlines()[-1]

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            (GOOD[0].replace(";P147;", ";P999;"), "ligne 3 : financeur inconnu : 'P999'"),
            (
                GOOD[0].replace("QN02503M|", "QN09999X|"),
                "ligne 3 : QPV inconnu(s) dans la Cité : QN09999X",
            ),
            (GOOD[0].replace(";1;", ";Objectif qui n'existe pas;"), "ligne 3 : objectif inconnu"),
            (
                GOOD[0].replace("12 500,00", "douze mille"),
                "ligne 3 : montant mal formé : 'douze mille'",
            ),
            (GOOD[0].replace("73282932000074", "73282932000075"), "ligne 3 : SIRET invalide"),
            (
                GOOD[0].replace("12 000,00", "13 000,00"),
                "ligne 3 : 13 000,00 € accordés pour 12 500,00 € demandés [R-FUND-6]",
            ),
            (GOOD[0].replace("12 500,00;12 000,00", "600 000;600 000"), "[R-FUND-1]"),
        ],
    )
    def test_one_bad_line_is_named_and_nothing_is_written(
        self, tmp_path: Path, besancon: None, line: str, message: str
    ) -> None:
        path = write(tmp_path, [GOOD[1], line, GOOD[2]])
        before = counts()
        with pytest.raises(CommandError) as excinfo:
            run(path)
        assert message in str(excinfo.value).replace("\u202f", " ")
        assert "rien n'a été écrit" in str(excinfo.value)
        assert counts() == before

    def test_the_envelope_line_is_the_one_that_crosses_it(
        self, tmp_path: Path, besancon: None
    ) -> None:
        # 2026: 550 000 € envelope, 15 000 € of it to the fund: 535 000 € left for actions
        lines = [
            "Grande action A;1;Association Alpha;;QN02503M;P147;300000;300000;non",
            "Grande action B;1;Association Alpha;;QN02503M;P147;235000;235000;non",
            "Grande action C;1;Association Alpha;;QN02503M;P147;1;1;non",
        ]
        with pytest.raises(CommandError) as excinfo:
            run(write(tmp_path, lines))
        assert "ligne 4 : les décisions P147 2026" in str(excinfo.value)
        assert "ligne 3" not in str(excinfo.value)
        run(write(tmp_path, lines[:2], "exact.csv"))  # exactly the envelope: accepted
        assert Decision.objects.filter(request__year=2026, funder__code="P147").count() == 2

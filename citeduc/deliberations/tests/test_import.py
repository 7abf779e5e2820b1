"""The seed's register extract, and extracts built to break each rule or to be unreadable."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from citeduc.deliberations.extract import ExtractError, parse
from citeduc.deliberations.models import Attendance, Councillor, Deliberation, Proxy, Sitting
from citeduc.deliberations.tally import count

SEED = next((settings.CITEDUC_REFERENCE_DIR / "seed").glob("*.txt"))
SEED_TEXT = SEED.read_text(encoding="utf-8")


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    call_command("import_deliberation", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_the_seed_gives_the_figures_of_the_register(capsys: pytest.CaptureFixture[str]) -> None:
    payload = run(str(SEED), "--siret", "21250056500008", "--matiere", "8.5", capsys=capsys)
    assert payload == {
        "council": "Ville de Besançon",
        "members_in_office": 55,
        "sitting_date": "2024-12-12",
        "deliberation": {
            "number": "007788",
            "item": 42,
            "present": 45,
            "represented": 9,
            "absent_unrepresented": 1,
            "voters": 54,
            "for": 54,
            "against": 0,
            "abstention": 0,
            "quorum": True,
            "adopted": True,
        },
        "findings": [],
    }
    sitting = Sitting.objects.get()
    assert (sitting.members_in_office, sitting.last_item, str(sitting.chair)) == (
        55,
        42,
        "Mme Anne VIGNOT",
    )
    assert str(sitting.secretary) == "Mme Françoise PRESSE"
    assert sitting.convoked_on.isoformat() == "2024-12-05"  # type: ignore[union-attr]
    assert Councillor.objects.count() == 55 and Proxy.objects.count() == 16
    deliberation = Deliberation.objects.get()
    assert deliberation.rapporteur is not None and deliberation.rapporteur.name == "Claudine CAULET"
    assert (deliberation.commission, deliberation.commission_opinion) == (
        "Commission n°3",
        "Favorable unanime",
    )
    assert deliberation.published_on.isoformat() == "2024-12-19"  # type: ignore[union-attr]
    assert deliberation.subject_code == "8.5" and "A l'unanimité" in deliberation.summary
    # Idempotent: a second import changes nothing.
    counts = (Councillor.objects.count(), Attendance.objects.count(), Proxy.objects.count())
    run(str(SEED), capsys=capsys)
    assert (Councillor.objects.count(), Attendance.objects.count(), Proxy.objects.count()) == counts
    assert Deliberation.objects.get().subject_code == "8.5"  # kept when not given again


# Hand-computed from the lists of the extract (present, represented, absent without proxy).
EXPECTED = {
    1: (35, 13, 7),  # five arrive at 3, two at 21, three at 13, one at 14, one at 12
    2: (35, 13, 7),
    3: (40, 14, 1),  # ALEM arrives: BENEDETTO's proxy to him now counts
    11: (40, 14, 1),
    12: (41, 13, 1),  # HUGUET arrives, his proxy (to 11) ends
    13: (44, 10, 1),  # BENEDETTO, BOUSSO, LAMBERT arrive; their proxies (to 12) end
    14: (45, 9, 1),  # HENRY arrives, his proxy (to 13) ends
    20: (45, 9, 1),
    21: (45, 9, 1),  # BAILLY, COUDRY arrive; TERZO, VARET leave and give proxies
    42: (45, 9, 1),
}


def test_attendance_of_every_item() -> None:
    extract = parse(SEED_TEXT)
    votes = extract.deliberation.votes
    for item, (present, represented, absent) in EXPECTED.items():
        tally, _ = count(
            extract.members, extract.proxies, members_in_office=55, item=item, votes=votes
        )
        assert (len(tally.present), len(tally.represented), len(tally.absent)) == (
            present,
            represented,
            absent,
        ), item
    for item in range(1, 43):  # nobody is lost or counted twice, at any item
        tally, _ = count(
            extract.members, extract.proxies, members_in_office=55, item=item, votes=votes
        )
        assert len(tally.present) + len(tally.represented) + len(tally.absent) == 55
    tally, _ = count(extract.members, extract.proxies, members_in_office=55, item=42, votes=votes)
    assert ("Mme André TERZO".replace("Mme", "M."), "Mme Anne BENEDETTO") in tally.represented
    assert tally.absent == ["Mme Nadia GARNIER"]


HEAD = """**EXTRAIT DU REGISTRE
des Délibérations du Conseil Municipal**

Publié le : 10/02/2025

**Séance du 3 février 2025**

Le Conseil Municipal, convoqué le 27 janvier 2025, s'est réuni à l'hôtel de Ville de Testville

Conseillers Municipaux en exercice : {office}

Présidence de Mme Alice ARNAUD, Maire

**Étaient présents :**

{present}

**Secrétaire :**

M. Bruno BERNARD

**Étaient absents :**

{absent}

**Procurations de vote :**

{proxies}

**OBJET :** 5 - Cité éducative - programmation

Délibération n° 2025-005

**Rapporteur : M. Bruno BERNARD, Adjoint**

Rapport adopté

Pour : {for_}

Contre : {against}

Abstention\\*: {abstention}

Conseiller intéressé : 0
"""
PRESENT = "Mme Alice ARNAUD, M. Bruno BERNARD, Mme Chloé CARON, M. David DUBOIS, Mme Emma EVRARD"
ABSENT = "M. Fabien FAURE, Mme Gaëlle GIRARD"


def extract(tmp_path: Path, **fields: object) -> Path:
    values = {
        "office": 7,
        "present": PRESENT,
        "absent": ABSENT,
        "proxies": "M. Fabien FAURE à Mme Chloé CARON",
        "for_": 6,
        "against": 0,
        "abstention": 0,
        **fields,
    }
    path = tmp_path / "extrait.txt"
    path.write_text(HEAD.format(**values), encoding="utf-8")
    return path


def rules(payload: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in payload["findings"]]


@pytest.mark.django_db
def test_a_clean_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = run(str(extract(tmp_path)), capsys=capsys)
    assert payload["deliberation"]["voters"] == 6 and payload["findings"] == []


@pytest.mark.django_db
def test_a_councillor_holding_two_proxies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = extract(
        tmp_path,
        proxies="M. Fabien FAURE à Mme Chloé CARON, Mme Gaëlle GIRARD à mme chloé caron",
        for_=7,
    )
    payload = run(str(path), capsys=capsys)
    assert rules(payload) == ["R-DELIB-2", "R-DELIB-3"]  # the second proxy does not count
    assert payload["deliberation"]["represented"] == 1
    assert "un seul pouvoir" in payload["findings"][0]["message"]
    assert Deliberation.objects.count() == 1  # imported, with its findings reported


@pytest.mark.django_db
def test_a_proxy_whose_holder_is_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = extract(tmp_path, proxies="M. Fabien FAURE à Mme Gaëlle GIRARD", for_=5)
    payload = run(str(path), capsys=capsys)
    assert rules(payload) == ["R-DELIB-2"]
    assert payload["findings"][0]["figures"] == {
        "item": 5,
        "giver": "M. Fabien FAURE",
        "holder": "Mme Gaëlle GIRARD",
    }
    assert payload["deliberation"]["absent_unrepresented"] == 2


@pytest.mark.django_db
def test_declared_votes_that_do_not_match_the_voters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run(str(extract(tmp_path, for_=5, abstention=2)), capsys=capsys)
    assert rules(payload) == ["R-DELIB-3"]
    assert payload["findings"][0]["figures"] == {"item": 5, "declared": 7, "voters": 6}


@pytest.mark.django_db
def test_a_sitting_without_quorum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 5 present out of 11 in office: 6 were needed (proxies do not count).
    payload = run(str(extract(tmp_path, office=11)), capsys=capsys)
    assert payload["deliberation"]["quorum"] is False
    assert rules(payload) == ["R-DELIB-1"]
    assert payload["findings"][0]["figures"] == {"item": 5, "present": 5, "needed": 6}


@pytest.mark.django_db
def test_a_rejected_deliberation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = run(str(extract(tmp_path, for_=2, against=3, abstention=1)), capsys=capsys)
    assert payload["deliberation"]["adopted"] is False and rules(payload) == ["R-DELIB-4"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"proxies": "M. Fabien FAURE à M. Zénon ZORRO"},
            "ligne 28 : le mandataire « M. Zénon ZORRO »",
        ),
        (
            {"present": PRESENT.replace("M. David DUBOIS", "M. David DUBOIS (après le café)")},
            "ligne 16 : plage de questions illisible",
        ),
        ({"proxies": "M. Fabien FAURE pour Mme Chloé CARON"}, "ligne 28 : procuration illisible"),
        ({"absent": ""}, "section « Étaient absents » introuvable"),
    ],
)
@pytest.mark.django_db
def test_an_unreadable_extract_names_its_line_and_writes_nothing(
    tmp_path: Path, fields: dict[str, str], message: str
) -> None:
    path = extract(tmp_path, **fields)
    if not fields.get("absent", ABSENT):
        path.write_text(
            path.read_text(encoding="utf-8").replace("**Étaient absents :**", ""), encoding="utf-8"
        )
    with pytest.raises(CommandError, match="rien n'a été écrit") as error:
        call_command("import_deliberation", str(path))
    assert message in str(error.value)
    assert not Sitting.objects.exists() and not Councillor.objects.exists()


@pytest.mark.django_db
def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_deliberation", str(SEED), "--dry-run")
    assert "Simulation (--dry-run)" in capsys.readouterr().out
    assert not Sitting.objects.exists() and not Councillor.objects.exists()


def test_not_an_extract() -> None:
    with pytest.raises(ExtractError, match="pas un extrait"):
        parse("Bonjour")

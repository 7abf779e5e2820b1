"""Every importer, fed files mutated from a valid one by hypothesis: it either imports, or stops
with a clear error (CommandError, which names the file and the line) having written nothing.
Any other exception, or a row written by a refused import, fails the test.

Bounded for CI: CITEDUC_FUZZ_EXAMPLES examples per importer (25 by default on PostgreSQL, the
production engine; 15 on SQLite, where what is the engine's — the transaction undone — is the same
for every example), derandomized so a failure found in CI is found again on a laptop; raise it
locally to search longer.
"""

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from citeduc.demo.loading import DemoResult
from citeduc.indicators.install import install_catalogue
from tests.support.annuaire import annuaire_row, write_annuaire
from tests.support.samples import MEASUREMENTS_HEADER, PROGRAMMATION_HEADER, PROGRAMMATION_ROWS
from tests.support.world import World, row_counts

ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
EXAMPLES = int(os.environ.get("CITEDUC_FUZZ_EXAMPLES", "25" if ON_POSTGRESQL else "15"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REFERENCE = django_settings.CITEDUC_REFERENCE_DIR

# Text that trips parsers: separators, quotes, signs, numbers in French and English, dates, codes.
NASTY = st.sampled_from(
    [
        ";",
        ",",
        '"',
        "\n",
        "\r\n",
        "\t",
        "\x00",
        "-",
        "+",
        "1 000,50",
        "1e309",
        "NaN",
        "-0",
        "99999999999999999999",
        "2025-02-30",
        "31/12/2025",
        "QN02503M",
        "é",
        "\ufeff",
        "{",
        "}",
        "[",
        "]",
        "null",
        "true",
        '""',
        "à compter de la question n° 0",
        "ligne",
        " ",
        "",
    ]
)
INSERT = st.one_of(NASTY, st.text(max_size=12))


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """The seed after a few edits: characters replaced, inserted or cut, lines dropped,
    doubled or swapped, the end cut off."""
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["replace", "insert", "cut", "line", "twice", "swap", "end"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        lines = text.split("\n")
        n = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "replace":
            text = text[:at] + draw(INSERT) + text[at + draw(st.integers(1, 20)) :]
        elif kind == "insert":
            text = text[:at] + draw(INSERT) + text[at:]
        elif kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif kind == "line" and lines:
            text = "\n".join(lines[:n] + lines[n + 1 :])
        elif kind == "twice" and lines:
            text = "\n".join(lines[: n + 1] + lines[n:])
        elif kind == "swap" and len(lines) > 1:
            m = draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
            text = "\n".join(lines)
        elif kind == "end":
            text = text[:at]
    return text


def run_refused_or_imported(command: Callable[[], object]) -> None:
    before = row_counts()
    try:
        command()
    except CommandError as error:
        assert str(error).strip(), "une erreur doit dire ce qui ne va pas"
        assert row_counts() == before, "un import refusé ne doit rien écrire"


def fuzz(seed: str, path: Path, command: Callable[[Path], object], *, raw: bool = True) -> None:
    """Runs the importer on mutations of the seed, and on arbitrary bytes."""
    texts = mutated(seed)
    blobs = st.binary(max_size=400) if raw else st.nothing()

    @FUZZ
    @given(st.one_of(texts.map(lambda t: t.encode("utf-8", "surrogatepass")), blobs))
    def check(content: bytes) -> None:
        path.write_bytes(content)
        run_refused_or_imported(lambda: command(path))

    check()


@pytest.mark.django_db
def test_register_extracts(tmp_path: Path) -> None:
    seed = next((REFERENCE / "seed").glob("*.txt")).read_text(encoding="utf-8")
    # The part of the seed the extract reader needs: the sitting and the deliberation.
    start = seed.find("SEANCE DU")
    seed = seed[max(start - 2000, 0) : start + 30_000] if start >= 0 else seed[:30_000]

    def command(path: Path) -> None:
        call_command(
            "import_deliberation", str(path), "--siret", "21250056500008", "--matiere", "8.5"
        )

    fuzz(seed, tmp_path / "extrait.txt", command)


def test_measurements_csv(world: World, tmp_path: Path) -> None:
    install_catalogue(world.cite)

    code = world.own.qpv.code
    seed = MEASUREMENTS_HEADER + (
        f"PARENTS_IMPLIQUES;2025;{code};F;;42;;\n"
        f"PARENTS_IMPLIQUES;2025;{code};G;;7;;\n"
        f"ABSENTEISME;2024-2025;{code};;6-10;;31;420\n"
    )

    def command(path: Path) -> None:
        call_command("import_measurements", str(path), cite=world.cite.slug)

    fuzz(seed, tmp_path / "mesures.csv", command)


def test_annuaire_csv(db: None, tmp_path: Path) -> None:
    call_command("import_qpv", str(REFERENCE / "standards" / "qpv" / "besancon_qpv_2024.csv"))
    rows = [
        annuaire_row(),
        annuaire_row(Identifiant_de_l_etablissement="0251234W", Type_etablissement="Collège"),
    ]
    seed = write_annuaire(tmp_path / "seed.csv", rows).read_text(encoding="utf-8-sig")

    def command(path: Path) -> None:
        call_command("import_annuaire_education", str(path), "--commune", "25056")

    fuzz(seed, tmp_path / "annuaire.csv", command)


def test_qpv_files(db: None, tmp_path: Path) -> None:
    qpv = REFERENCE / "standards" / "qpv"
    csv_seed = (qpv / "besancon_qpv_2024.csv").read_text(encoding="utf-8-sig")
    fuzz(csv_seed, tmp_path / "qpv.csv", lambda p: call_command("import_qpv", str(p)))
    geo = json.loads((qpv / "besancon_qpv_2024.geojson").read_text(encoding="utf-8"))
    geo["features"] = geo["features"][:2]
    fuzz(
        json.dumps(geo, ensure_ascii=False),
        tmp_path / "qpv.geojson",
        lambda p: call_command("import_qpv", str(p)),
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.mark.django_db
def test_a_nul_character_is_refused_with_its_line(tmp_path: Path) -> None:
    """PostgreSQL refuses NUL in text: every importer stops on it, naming the line."""
    from citeduc.common.importing import read_text

    path = tmp_path / "fichier.csv"
    path.write_bytes(b"a;b\nc;d\ne\x00f;g\n")
    with pytest.raises(CommandError, match=r"fichier.csv, ligne 3 : caractère nul"):
        read_text(path)


class TestOnTheDemo:
    """Files fuzzed against the Besançon demo, loaded once for these tests."""

    @pytest.mark.django_db
    def test_programmation_csv(self, tmp_path: Path, demo: DemoResult) -> None:
        def command(path: Path) -> None:
            call_command("import_programmation", str(path), "--cite", "besancon", "--year", "2026")

        fuzz(
            PROGRAMMATION_HEADER + "\n".join(PROGRAMMATION_ROWS) + "\n",
            tmp_path / "programmation.csv",
            command,
        )

    @pytest.mark.django_db
    def test_data_inclusion_json(self, tmp_path: Path, demo: DemoResult) -> None:
        call_command("export_data_inclusion", "--cite", "besancon", "--output", str(tmp_path))
        structures = json.loads((tmp_path / "structures.json").read_text(encoding="utf-8"))[:3]
        services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))[:4]
        s_path, v_path = tmp_path / "s.json", tmp_path / "v.json"

        def command() -> None:
            call_command(
                "import_data_inclusion", "--structures", str(s_path), "--services", str(v_path)
            )

        @FUZZ
        @given(
            st.sampled_from(["structures", "services"]),
            st.integers(0, 3),
            st.sampled_from(sorted({k for row in structures + services for k in row})),
            JSON_VALUES,
            st.booleans(),
        )
        def field_changed(which: str, index: int, key: str, value: Any, drop: bool) -> None:
            rows = json.loads(json.dumps(structures if which == "structures" else services))
            row = rows[index % len(rows)]
            if drop:
                row.pop(key, None)
            else:
                row[key] = value
            changed = (rows, services) if which == "structures" else (structures, rows)
            s_path.write_text(json.dumps(changed[0], ensure_ascii=False), encoding="utf-8")
            v_path.write_text(json.dumps(changed[1], ensure_ascii=False), encoding="utf-8")
            run_refused_or_imported(command)

        field_changed()
        s_path.write_text(json.dumps(structures, ensure_ascii=False), encoding="utf-8")
        fuzz(json.dumps(services, ensure_ascii=False, indent=1), v_path, lambda _: command())


# ---- the files of the finding, each on every importer it concerns -------------------------------

HUGE_FIELD = "x" * (200 * 1024)  # over the csv module's 128 KiB limit


def hostile_csvs(seed: str) -> dict[str, str]:
    """The seed with a 200 KiB field, with 40-digit numbers, with 1e309 numbers."""
    header, *rows = seed.splitlines(keepends=True)
    first = rows[0]
    separator = ";" if first.count(";") >= first.count(",") else ","
    cells = first.split(separator)
    cells[0] = HUGE_FIELD
    return {
        "champ de 200 Kio": header + separator.join(cells) + "".join(rows[1:]),
        "nombres de 40 chiffres": header + re.sub(r"\d+", "9" * 40, "".join(rows)),
        "1e309": header + re.sub(r"\d+([.,]\d+)?", "1e309", "".join(rows)),
    }


def refused_clearly(command: Callable[[], object]) -> None:
    """A CommandError (no traceback) and nothing written — or a clean import."""
    run_refused_or_imported(command)


def test_measurements_refuse_oversized_and_absurd_values(world: World, tmp_path: Path) -> None:
    install_catalogue(world.cite)
    code = world.own.qpv.code
    seed = MEASUREMENTS_HEADER + (
        f"PARENTS_IMPLIQUES;2025;{code};F;;42;;\nABSENTEISME;2024-2025;{code};;6-10;;31;420\n"
    )
    path = tmp_path / "mesures.csv"
    for label, content in hostile_csvs(seed).items():
        path.write_text(content, encoding="utf-8")
        with pytest.raises(CommandError, match=r"mesures.csv, ligne \d"):
            call_command("import_measurements", str(path), cite=world.cite.slug)
        assert not world.cite.indicators.filter(measurements__isnull=False).exists(), label


def test_qpv_and_annuaire_refuse_oversized_and_absurd_values(db: None, tmp_path: Path) -> None:
    qpv_seed = (REFERENCE / "standards" / "qpv" / "besancon_qpv_2024.csv").read_text(
        encoding="utf-8-sig"
    )
    path = tmp_path / "qpv.csv"
    for content in hostile_csvs(qpv_seed).values():
        path.write_text(content, encoding="utf-8")
        refused_clearly(lambda: call_command("import_qpv", str(path)))
    call_command("import_qpv", str(REFERENCE / "standards" / "qpv" / "besancon_qpv_2024.csv"))
    rows = [annuaire_row(), annuaire_row(Identifiant_de_l_etablissement="0251234W")]
    seed = write_annuaire(tmp_path / "seed.csv", rows).read_text(encoding="utf-8-sig")
    for content in hostile_csvs(seed).values():
        path.write_text(content, encoding="utf-8")
        refused_clearly(lambda: call_command("import_annuaire_education", str(path)))


def test_deeply_nested_json_is_refused_clearly(db: None, tmp_path: Path) -> None:
    path = tmp_path / "qpv.geojson"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(CommandError, match="qpv.geojson"):
        call_command("import_qpv", str(path))
    structures, services = tmp_path / "structures.json", tmp_path / "services.json"
    structures.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    services.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="structures.json"):
        call_command(
            "import_data_inclusion", "--structures", str(structures), "--services", str(services)
        )


class TestHostileOnTheDemo:
    @pytest.mark.django_db
    def test_programmation_refuses_oversized_and_absurd_values(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        path = tmp_path / "programmation.csv"
        seed = PROGRAMMATION_HEADER + "\n".join(PROGRAMMATION_ROWS) + "\n"
        for label, content in hostile_csvs(seed).items():
            path.write_text(content, encoding="utf-8")
            before = row_counts()
            with pytest.raises(CommandError, match=r"programmation.csv, ligne \d"):
                call_command(
                    "import_programmation", str(path), "--cite", "besancon", "--year", "2026"
                )
            assert row_counts() == before, label

    @pytest.mark.django_db
    def test_a_nul_in_a_data_inclusion_name_is_refused_with_its_record(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        """JSON can carry a NUL as \\u0000, which PostgreSQL refuses in any text."""
        call_command("export_data_inclusion", "--cite", "besancon", "--output", str(tmp_path))
        structures = json.loads((tmp_path / "structures.json").read_text(encoding="utf-8"))[:2]
        structures[0]["nom"] = "Maison\u0000de quartier"
        s_path = tmp_path / "s.json"
        s_path.write_text(json.dumps(structures), encoding="utf-8")
        before = row_counts()
        with pytest.raises(CommandError, match="s.json"):
            call_command(
                "import_data_inclusion",
                "--structures",
                str(s_path),
                "--services",
                str(tmp_path / "services.json"),
            )
        assert row_counts() == before

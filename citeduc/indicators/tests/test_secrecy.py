"""Statistical secrecy across outputs (R-EVAL-3): what an outsider can read of one indicator, in
every door at once — the Cités' public pages, the list pages, the API, the national rollup page's
CSV — must not give a masked count back, by subtraction or by any combination of published sums.

The dataset is crafted around the attack that was found: Besançon enters 4 girls and 3 boys; the
rollup hid another Cité's total to protect them, that Cité's own page showed it, and national −
other region − that Cité gave 4 and 3 back. The audit below writes every sum that binds the
published tables (QPV rows and columns, period and year totals, regions, nation) and solves it
over the masked entries, with its own solver."""

import csv
import io
import pickle
from collections.abc import Iterable
from fractions import Fraction
from html.parser import HTMLParser
from itertools import combinations
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.tests.factories import MembershipFactory, UserFactory
from citeduc.common import versions
from citeduc.directory.tests.factories import ServiceFactory
from citeduc.indicators import warm
from citeduc.indicators.models import Indicator, Measurement
from citeduc.indicators.secrecy import build_families, determined, nation_key
from citeduc.territory.models import CiteEducative, Commune
from citeduc.territory.tests.factories import CiteFactory, QpvFactory
from tests.support.commits import commit

CODE, YEAR = "BILANS_SANTE", 2024
F, G, T = "Filles", "Garçons", "total"
MASKS = ("< 11", "secret")

# Cité → region commune → QPV → (girls, boys). "A" is the small one: Besançon's 4 and 3.
DATASET: dict[str, tuple[str, dict[str, tuple[int, int]]]] = {
    "A": ("25056", {"A1": (4, 3)}),
    "B": ("25056", {"B1": (20, 25), "B2": (30, 12)}),
    "C": ("21231", {"C1": (40, 35)}),
    "D": ("75056", {"D1": (60, 70), "D2": (2, 50)}),
    "E": ("75056", {"E1": (15, 18)}),
}
REGIONS = {"25056": "Bourgogne-Franche-Comté", "21231": "Bourgogne-Franche-Comté"}


@pytest.fixture
def cites(db: None) -> dict[str, CiteEducative]:
    communes = {
        insee: Commune.objects.create(insee_code=insee, name=insee)
        for insee in {commune for commune, _q in DATASET.values()}
    }
    made = {}
    for name, (insee, qpvs) in DATASET.items():
        cite = CiteFactory.create(slug=f"cite-{name.lower()}", name=f"Cité {name}")
        cite.communes.set([communes[insee]])
        indicator = Indicator.objects.create(
            cite=cite, code=CODE, name="Bilans de santé", kind="suivi", unit="count"
        )
        for qpv_name, (girls, boys) in qpvs.items():
            qpv = QpvFactory.create(name=f"Quartier {qpv_name}")
            cite.qpvs.add(qpv)
            for sex, value in (("F", girls), ("G", boys)):
                Measurement.objects.create(
                    indicator=indicator,
                    period=str(YEAR),
                    year=YEAR,
                    qpv=qpv,
                    sex=sex,
                    value=value,
                    origin="saisie",
                )
        made[name] = cite
    return made


# ---- the truth, and the sums an attacker knows bind it --------------------------------------


def truth() -> dict[tuple[str, ...], int]:
    """Every entry of the family, keyed by names an output shows."""
    values: dict[tuple[str, ...], int] = {}
    regions: dict[str, list[str]] = {}
    for name, (insee, qpvs) in DATASET.items():
        regions.setdefault(insee_region(insee), []).append(name)
        for qpv, (girls, boys) in qpvs.items():
            values |= {("qpv", name, qpv, F): girls, ("qpv", name, qpv, G): boys}
            values[("qpv", name, qpv, T)] = girls + boys
        for col in (F, G, T):
            total = sum(values[("qpv", name, q, col)] for q in qpvs)
            values[("period", name, col)] = total
            values[("cite", name, col)] = total
    for region, members in regions.items():
        for col in (F, G, T):
            values[("region", region, col)] = sum(values[("cite", c, col)] for c in members)
    for col in (F, G, T):
        values[("nation", col)] = sum(values[("region", r, col)] for r in regions)
    return values


def insee_region(insee: str) -> str:
    return REGIONS.get(insee, "Île-de-France")


def sums(names: Iterable[str]) -> list[list[tuple[str, ...]]]:
    """Each sum as [parts…, total]: the tables of every Cité, the rollup around them."""
    lines: list[list[tuple[str, ...]]] = []
    names = list(names)

    def table(rows: list[tuple[str, ...]], total: tuple[str, ...]) -> None:
        for row in rows:
            lines.append([(*row, F), (*row, G), (*row, T)])
        for col in (F, G, T):
            lines.append([*[(*row, col) for row in rows], (*total, col)])
        lines.append([(*total, F), (*total, G), (*total, T)])

    regions: dict[str, list[str]] = {}
    for name in names:
        insee, qpvs = DATASET[name]
        regions.setdefault(insee_region(insee), []).append(name)
        table([("qpv", name, q) for q in qpvs], ("period", name))
        for col in (F, G, T):
            lines.append([("period", name, col), ("cite", name, col)])
    for region, members in regions.items():
        table([("cite", c) for c in members], ("region", region))
    table([("region", r) for r in regions], ("nation",))
    return lines


def recoverable(
    published: dict[tuple[str, ...], str], names: Iterable[str]
) -> set[tuple[str, ...]]:
    """The masked entries that the published figures and the sums give back exactly."""
    lines = sums(names)
    known = {k for k, text in published.items() if text not in MASKS}
    unknown = {k for line in lines for k in line} - known
    masked = {k for k, text in published.items() if text in MASKS}
    return determined(lines, {}, unknown) & masked


def independent_rank_check(
    lines: list[list[tuple[str, ...]]], unknown: set[tuple[str, ...]]
) -> set:
    """The test's own solver (Gaussian elimination over fractions), to check the product's."""
    columns = sorted(unknown)
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(columns)
        *parts, total = line
        for key, sign in [(total, 1), *((p, -1) for p in parts)]:
            if key in unknown:
                row[columns.index(key)] += sign
        if any(row):
            matrix.append(row)

    def rank(rows: list[list[Fraction]]) -> int:
        rows = [r[:] for r in rows]
        r = 0
        for c in range(len(columns)):
            pivot = next((i for i in range(r, len(rows)) if rows[i][c]), None)
            if pivot is None:
                continue
            rows[r], rows[pivot] = rows[pivot], rows[r]
            for i in range(len(rows)):
                if i != r and rows[i][c]:
                    ratio = rows[i][c] / rows[r][c]
                    rows[i] = [a - ratio * b for a, b in zip(rows[i], rows[r], strict=True)]
            r += 1
        return r

    full = rank(matrix)
    found = set()
    for index, key in enumerate(columns):
        unit = [Fraction(int(i == index)) for i in range(len(columns))]
        if rank([*matrix, unit]) == full:
            found.add(key)
    return found


# ---- reading the outputs ----------------------------------------------------------------------


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts, by caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: str | None = None
        self.cell: list[str] | None = None
        self.row: list[str] = []
        self.current: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.current, self.caption = [], ""
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "caption":
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "caption" and self.cell is not None:
            self.caption = " ".join("".join(self.cell).split())
            self.cell = None
        elif tag == "tr":
            self.current.append(self.row)
        elif tag == "table" and self.caption is not None:
            self.tables[self.caption] = self.current

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def number(text: str) -> str:
    return text.replace("\u202f", "").replace(" ", "") if text not in MASKS else text


def detail_page(client: Client, cite: CiteEducative, name: str) -> dict[tuple[str, ...], str]:
    indicator = Indicator.objects.get(cite=cite, code=CODE)
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    reader = Tables()
    reader.feed(response.content.decode())
    out: dict[tuple[str, ...], str] = {}
    series = reader.tables["Valeur de l'ensemble de la Cité par période"]
    out[("period", name, T)] = number(series[1][1])
    grid = reader.tables[f"Effectifs par QPV et par sexe, {YEAR}"]
    header = grid[0][1:]
    for row in grid[1:]:
        label, *values = row
        for col, text in zip(header, values, strict=True):
            col = T if col == "Total" else col
            if label == "Total":
                out[("period", name, col)] = number(text)
            else:
                out[("qpv", name, label.removeprefix("Quartier "), col)] = number(text)
    return out


def list_page(client: Client, cite: CiteEducative, name: str) -> dict[tuple[str, ...], str]:
    response = client.get(reverse("indicators:indicator_list", args=[cite.slug]))
    reader = Tables()
    reader.feed(response.content.decode())
    for rows in reader.tables.values():
        header = rows[0]
        if "Valeur" in header:
            row = next(r for r in rows[1:] if CODE in r)
            return {("period", name, T): number(row[header.index("Valeur")])}
    raise AssertionError("no indicator table on the list page")


def api_list(client: Client, cite: CiteEducative, name: str) -> dict[tuple[str, ...], str]:
    url = reverse("api:list_indicators", args=[cite.slug])
    (indicator,) = [i for i in client.get(url).json() if i["code"] == CODE]
    (latest,) = indicator["values"]  # one period in the dataset
    return {("period", name, T): number(latest["value"])}


def rollup_lines(lines: Iterable[tuple[str, str, str, list[str]]]) -> dict[tuple[str, ...], str]:
    """(level, region, Cité name, [girls, boys, total]) → entries."""
    by_cite_name = {f"Cité {n}": n for n in DATASET}
    out: dict[tuple[str, ...], str] = {}
    for level, region, cite, cells in lines:
        for col, text in zip((F, G, T), cells, strict=True):
            if level == "cite":
                out[("cite", by_cite_name[cite], col)] = number(text)
            elif level == "region":
                out[("region", region, col)] = number(text)
            else:
                out[("nation", col)] = number(text)
    return out


def api_rollup(client: Client) -> dict[tuple[str, ...], str]:
    url = reverse("api:indicator_rollup", args=[CODE])
    data = client.get(url, {"year": YEAR}).json()
    names = {f"cite-{n.lower()}": f"Cité {n}" for n in DATASET}
    return rollup_lines(
        (
            line["level"],
            line["region"],
            names.get(line["cite"] or "", ""),
            [*line["cells"], line["total"]],
        )
        for line in data["lines"]
    )


def national_csv(client: Client) -> dict[tuple[str, ...], str]:
    response = client.get(reverse("national:indicator_csv", args=[CODE]), {"annee": YEAR})
    text = response.getvalue().decode()
    rows = list(
        csv.reader(
            io.StringIO(text.lstrip("\ufeff")),
            delimiter=";" if ";" in text.splitlines()[0] else ",",
        )
    )
    return rollup_lines((row[0], row[1], row[2], row[3:6]) for row in rows[1:])


def outputs(
    client: Client, cites: dict[str, CiteEducative]
) -> dict[str, dict[tuple[str, ...], str]]:
    found = {"api_rollup": api_rollup(client)}
    for name, cite in cites.items():
        found[f"page_{name}"] = detail_page(client, cite, name)
        found[f"list_{name}"] = list_page(client, cite, name)
        found[f"api_{name}"] = api_list(client, cite, name)
    return found


def merged(parts: Iterable[dict[tuple[str, ...], str]]) -> dict[tuple[str, ...], str]:
    """All the figures of several outputs; one entry must read the same everywhere."""
    out: dict[tuple[str, ...], str] = {}
    for part in parts:
        for key, text in part.items():
            assert out.setdefault(key, text) == text, (key, out[key], text)
    return out


# ---- the tests --------------------------------------------------------------------------------


def test_the_solvers_find_what_a_subtraction_finds() -> None:
    """Both solvers on the sums of the dataset: with only A masked, A comes back; they agree."""
    lines = sums(DATASET)
    masked: set[tuple[str, ...]] = {("cite", "A", F), ("cite", "A", G), ("cite", "A", T)}
    assert determined(lines, {}, masked) == masked == independent_rank_check(lines, masked)
    # Masking a whole 2 × 2 rectangle of a table protects its four entries.
    rectangle: set[tuple[str, ...]] = {
        ("qpv", "B", "B1", F),
        ("qpv", "B", "B1", G),
        ("qpv", "B", "B2", F),
        ("qpv", "B", "B2", G),
    }
    assert determined(lines, {}, rectangle) == set() == independent_rank_check(lines, rectangle)


def test_the_found_attack_recovers_nothing_anymore(
    client: Client, cites: dict[str, CiteEducative]
) -> None:
    """National − the other regions − the other Cités of A's region, from the rollup and their
    own public pages: one of the operands is always masked now."""
    seen = merged(outputs(client, cites).values())
    for col in (F, G):
        assert seen[("cite", "A", col)] in MASKS
        operands = [
            ("nation", col),
            ("region", "Île-de-France", col),
            ("cite", "C", col),
            ("period", "B", col),
            ("cite", "B", col),
        ]
        readable = [seen.get(key, "") for key in operands]
        assert any(text in MASKS for text in readable), readable


def test_no_pair_of_public_outputs_gives_a_masked_count_back(
    client: Client, cites: dict[str, CiteEducative]
) -> None:
    found = outputs(client, cites)
    everything = merged(found.values())
    exact = truth()
    for key, text in everything.items():
        if text not in MASKS:
            assert int(text) == exact[key], key  # what is shown is the true figure
    small = [k for k, v in exact.items() if 0 < v < 11 and k in everything]
    assert small and all(everything[k] in MASKS for k in small)
    assert recoverable(everything, DATASET) == set()
    for first, second in combinations(found, 2):
        assert recoverable(merged([found[first], found[second]]), DATASET) == set(), (first, second)
    # The same check with the test's own solver, on everything at once.
    lines = sums(DATASET)
    known = {k for k, t in everything.items() if t not in MASKS}
    unknown = {k for line in lines for k in line} - known
    masked = {k for k, t in everything.items() if t in MASKS}
    assert independent_rank_check(lines, unknown) & masked == set()


def test_the_national_reader_and_a_member_of_a_cite_recover_nothing_either(
    client: Client, cites: dict[str, CiteEducative]
) -> None:
    """The national coordination adds the CSV; a member of Cité B knows B exactly, which must not
    serve to protect A (B's figures are shown to them and the rest still hides A)."""
    national = UserFactory.create(is_national=True)
    client.force_login(national)
    seen = merged([*outputs(client, cites).values(), national_csv(client)])
    assert recoverable(seen, DATASET) == set()

    member = MembershipFactory.create(cite=cites["B"], role=Role.COORDINATION).user
    client.force_login(member)
    as_member = outputs(client, cites)
    seen = merged(as_member.values())
    for key in [k for k in truth() if k[1:2] == ("B",) and k in seen]:
        assert seen[key] == str(truth()[key]), key
    assert seen[("cite", "A", F)] in MASKS
    assert recoverable(seen, DATASET) == set()


def test_an_unpublished_indicator_stays_out_of_the_rollup(
    client: Client, cites: dict[str, CiteEducative]
) -> None:
    Indicator.objects.filter(cite=cites["E"]).update(is_public=False)
    rollup = api_rollup(client)
    assert ("cite", "E", T) not in rollup
    nation = int(rollup[("nation", T)]) if rollup[("nation", T)] not in MASKS else None
    assert nation is None or nation == truth()[("nation", T)] - truth()[("cite", "E", T)]
    client.force_login(UserFactory.create(is_national=True))
    assert ("cite", "E", T) not in national_csv(client)


def test_the_masked_families_are_kept_until_a_write_to_the_figures(
    cites: dict[str, CiteEducative], django_assert_num_queries: Any
) -> None:
    """Masking a family (an audit by linear algebra) costs most at national size: the result is
    kept per viewer and version of the children's figures, read again without a query while the
    rest of the data changes, built again after a write to the figures."""
    commit()
    first = build_families([(CODE, YEAR)], known=frozenset())[(CODE, YEAR)]
    with django_assert_num_queries(0):
        again = build_families([(CODE, YEAR)], known=frozenset())[(CODE, YEAR)]
    assert again.masked == first.masked and again.aggregates == first.aggregates
    assert build_families([(CODE, YEAR)], known=frozenset({cites["A"].pk}))[
        (CODE, YEAR)
    ].masked != (first.masked), (
        "a member of A reads A's figures: another family, not the outsider's"
    )
    # A write that no family reads (a service of the directory) leaves them kept.
    ServiceFactory.create(organisation__cite=cites["A"])
    commit()
    with django_assert_num_queries(0):
        build_families([(CODE, YEAR)], known=frozenset())
    measurement = Measurement.objects.filter(indicator__code=CODE).order_by("pk").first()
    assert measurement is not None
    measurement.value += 100
    measurement.save()
    during = build_families([(CODE, YEAR)], known=frozenset())[(CODE, YEAR)]
    assert during.aggregates[nation_key()].value == first.aggregates[nation_key()].value + 100, (
        "the transaction that wrote reads its own figures, not the kept ones"
    )
    commit()
    after = build_families([(CODE, YEAR)], known=frozenset())[(CODE, YEAR)]
    assert after.aggregates[nation_key()].value == first.aggregates[nation_key()].value + 100
    # A Cité's quarters belong to the figures too (territory).
    cites["A"].qpvs.add(QpvFactory.create())
    assert versions.topic_version("children") is None


def test_a_family_read_back_from_the_cache_reads_as_built(cites: dict[str, CiteEducative]) -> None:
    """The shared cache keeps a family without the cells its figures were summed from: every text
    it gives, masked or not, with data or without, is the one of the family as built."""
    built = build_families([(CODE, YEAR)], known=frozenset({cites["A"].pk}))[(CODE, YEAR)]
    back = pickle.loads(pickle.dumps(built))
    assert back.cells == {} and back.masked, "the test needs masked entries"
    keys = [*built.cells, *built.aggregates, ("cite", -1, T), nation_key()]
    assert [back.text(k) for k in keys] == [built.text(k) for k in keys]
    assert [back.has(k) for k in keys] == [built.has(k) for k in keys]


def test_the_worker_prepares_the_public_families_once_the_figures_change(
    cites: dict[str, CiteEducative], settings: Any, django_assert_num_queries: Any
) -> None:
    """After a write to the children's figures commits, a task builds the public families for the
    new version: the first outsider to read them runs no query. A task that finds a newer
    version than its own builds nothing (the newer write queued its own)."""
    settings.CITEDUC_WARM_FAMILIES = True
    commit()
    assert warm.public_pairs() == {(CODE, YEAR)}
    measurement = Measurement.objects.filter(indicator__code=CODE).order_by("pk").first()
    assert measurement is not None
    measurement.value += 7
    measurement.save()
    commit()  # the immediate backend runs the task here
    with django_assert_num_queries(0):
        family = build_families([(CODE, YEAR)], known=frozenset())[(CODE, YEAR)]
    assert family.aggregates[nation_key()].value == truth()[("nation", T)] + 7
    stale = versions.topic_version("children")
    assert stale is not None
    versions.bump("topic:children")
    assert warm.warm_public_families.call(stale) == 0
    current = versions.topic_version("children")
    assert current is not None
    assert warm.warm_public_families.call(current) == 1


def test_no_preparation_when_it_is_turned_off(
    cites: dict[str, CiteEducative], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(warm, "warm_public_families", SimpleNamespace(enqueue=asked.append))
    Measurement.objects.filter(indicator__code=CODE).first().save()  # type: ignore[union-attr]
    commit()
    assert asked == []

"""Read the action plan out of the seed convention itself, so that the demo's texts are the seed's.

Annex 1 is a grid of objectives under three axes (tab-separated rows, some cells wrapped in HTML
tags), followed by the two-column table "Ex d'actions/projets cité éducative 2024 / Pistes de
déclinaison Extension 2024-2026", whose 23 rows follow the 23 objectives in order. Annex 2 lists
the Cité's priorities under the same three axes.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

TAG = re.compile(r"</?(?:p|b|u|i|em|strong)>")


def clean(cell: str) -> str:
    """A cell's text: tags dropped, entities decoded, spaces tidied, ends trimmed."""
    return " ".join(html.unescape(TAG.sub(" ", cell)).split())


@dataclass
class SeedObjective:
    number: int
    title: str
    examples: str
    contrat_ville: str
    peb_axis: str
    peb: str
    education_nationale: str


@dataclass
class SeedAxis:
    number: int
    title: str
    text: str
    objectives: list[SeedObjective] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)


@dataclass
class SeedRow:
    """A row of the 2024 / pistes table: what was done, and what is planned."""

    objective: int
    done_2024: str
    pistes: list[str]


AXIS_MARKERS = [
    ("#### Conforter le rôle de l'école", "Conforter le rôle de l'école"),
    ("**Promouvoir la continuité éducative**", "Promouvoir la continuité éducative"),
    ("## Ouvrir le champ des possibles", "Ouvrir le champ des possibles"),
]


def _annex1(text: str) -> str:
    return text.split("## ANNEXE 1")[1].split("## ANNEXE 2")[0]


def read_axes(text: str) -> list[SeedAxis]:
    annex = _annex1(text)
    table_start = annex.index("Ex d'actions/projets cité éducative 2024")
    grid = annex[:table_start]
    axes: list[SeedAxis] = []
    number = 0
    positions = [grid.index(marker) for marker, _title in AXIS_MARKERS] + [len(grid)]
    for index, (marker, title) in enumerate(AXIS_MARKERS):
        block = grid[positions[index] + len(marker) : positions[index + 1]]
        lines = [line for line in block.split("\n") if line.strip()]
        intro = next(line for line in lines if "\t" not in line and not line.startswith(("#", "-")))
        axis = SeedAxis(number=index + 1, title=title, text=clean(intro))
        for line in lines:
            cells = line.split("\t")
            if len(cells) < 2 or "<b>" not in cells[0]:
                continue
            cells = [clean(cell) for cell in cells] + [""] * 6
            number += 1
            axis.objectives.append(SeedObjective(number, *cells[:6]))
        axes.append(axis)
    for axis, priorities in zip(axes, read_priorities(text), strict=True):
        axis.priorities = priorities
    return axes


def read_priorities(text: str) -> list[list[str]]:
    annex2 = text.split("## ANNEXE 2")[1]
    blocks = re.split(r"^#### .*$", annex2, flags=re.MULTILINE)[1:]
    return [
        [clean(line[2:]) for line in block.split("\n") if line.startswith("- ")] for block in blocks
    ]


def read_rows(text: str) -> list[SeedRow]:
    annex = _annex1(text)
    table = annex[annex.index("Ex d'actions/projets cité éducative 2024") :]
    lines = table.split("\n")[1:]
    rows: list[SeedRow] = []
    for line in lines:
        stripped = line.strip()
        if not stripped or set(stripped) <= {"-", "\t", " "} or stripped.startswith("it ici"):
            continue
        done, _tab, planned = line.partition("\t")
        pistes = [clean(p) for p in re.split(r"</p>\s*<p>|\s{2,}", planned.strip()) if clean(p)]
        rows.append(SeedRow(objective=len(rows) + 1, done_2024=clean(done), pistes=pistes))
    return rows


def load(seed_dir: Path) -> tuple[list[SeedAxis], list[SeedRow]]:
    text = next(seed_dir.glob("*.txt")).read_text(encoding="utf-8")
    return read_axes(text), read_rows(text)

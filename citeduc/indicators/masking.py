"""Statistical secrecy (R-EVAL-3): small counts are masked in public and national outputs.

A count under the threshold (1 … threshold − 1) is masked: that is the *primary* masking. Zero is
shown: it names nobody. A table also shows totals, and a total minus the cells one can read gives
back a masked cell whenever it is the only one masked in its row or its column. So, as long as a
line (a row or a column, its total included) holds exactly one masked entry, a second entry of that
line is masked too, the smallest one (inner cells before totals): that is the *secondary* masking.
The loop ends because every pass masks one more entry.

Entries a viewer already knows (the figures of their own Cité) are *exempt*: never masked and never
used to protect another entry, which is what they would be worth to that viewer anyway.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models


class Masking(models.TextChoices):
    PRIMARY = "primary", "petit effectif"
    SECONDARY = "secondary", "masqué pour protéger un petit effectif"


def threshold() -> int:
    return int(settings.CITEDUC_MASKING_THRESHOLD)


def is_small(value: int, limit: int) -> bool:
    return 0 < value < limit


def suppress[K: Hashable](
    values: dict[K, int],
    lines: Iterable[Sequence[K]],
    *,
    limit: int,
    exempt: frozenset[K] | set[K] = frozenset(),
    totals: frozenset[K] | set[K] = frozenset(),
    already: dict[K, Masking] | None = None,
) -> dict[K, Masking]:
    """Which entries to mask, and why. ``lines`` are the groups of entries bound by a sum (a row
    with its total, a column with its total); ``already``: entries masked by an earlier pass."""
    masked: dict[K, Masking] = {
        key: Masking.PRIMARY
        for key, value in values.items()
        if key not in exempt and is_small(value, limit)
    }
    masked.update(already or {})
    groups = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in groups:
            if sum(1 for key in line if key in masked) != 1:
                continue
            candidates = [key for key in line if key not in masked and key not in exempt]
            if not candidates:
                continue  # the viewer knows the whole line already
            chosen = min(candidates, key=lambda key: (key in totals, values[key] == 0, values[key]))
            masked[chosen] = Masking.SECONDARY
            changed = True
    return masked


@dataclass(frozen=True)
class Shown:
    """A figure as an output shows it: the value, or the mark that hides it."""

    value: int
    masking: Masking | None = None
    limit: int = 11

    @property
    def is_masked(self) -> bool:
        return self.masking is not None

    @property
    def text(self) -> str:
        if self.masking == Masking.PRIMARY:
            return f"< {self.limit}"
        if self.masking == Masking.SECONDARY:
            return "secret"
        return f"{self.value:,}".replace(",", "\u202f")

    def __str__(self) -> str:
        return self.text

    def export(self) -> int | str:
        """The value a CSV or a spreadsheet receives: the number, or the same mark as the page."""
        return self.text if self.is_masked else self.value


@dataclass
class MaskedGrid:
    """A rows × columns table of counts with its row, column and grand totals, masked."""

    rows: list[str]
    columns: list[str]
    cells: list[list[Shown]]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown
    masked_count: int = field(default=0)

    def row_items(self) -> list[tuple[str, list[Shown], Shown]]:
        return list(zip(self.rows, self.cells, self.row_totals, strict=True))


def mask_grid(
    rows: list[str],
    columns: list[str],
    counts: list[list[int]],
    *,
    exempt_rows: Iterable[str] = (),
    exact: bool = False,
    limit: int | None = None,
) -> MaskedGrid:
    """Mask a table of counts; ``exact`` shows everything (the Cité's own members)."""
    limit = threshold() if limit is None else limit
    values: dict[tuple[int, int], int] = {}
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            values[(i, j)] = value
    n, m = len(rows), len(columns)
    for i in range(n):
        values[(i, m)] = sum(counts[i])
    for j in range(m):
        values[(n, j)] = sum(counts[i][j] for i in range(n))
    values[(n, m)] = sum(values[(i, m)] for i in range(n))
    lines = [[(i, j) for j in range(m + 1)] for i in range(n + 1)]
    lines += [[(i, j) for i in range(n + 1)] for j in range(m + 1)]
    exempt_indexes = {i for i, label in enumerate(rows) if label in set(exempt_rows)}
    exempt = {(i, j) for i in exempt_indexes for j in range(m + 1)}
    totals = {key for key in values if key[0] == n or key[1] == m}
    masked = (
        {}
        if exact
        else suppress(values, lines, limit=limit, exempt=frozenset(exempt), totals=totals)
    )

    def shown(key: tuple[int, int]) -> Shown:
        return Shown(values[key], masked.get(key), limit)

    return MaskedGrid(
        rows=rows,
        columns=columns,
        cells=[[shown((i, j)) for j in range(m)] for i in range(n)],
        row_totals=[shown((i, m)) for i in range(n)],
        column_totals=[shown((n, j)) for j in range(m)],
        total=shown((n, m)),
        masked_count=len(masked),
    )


def mask_value(value: int, *, exact: bool = False, limit: int | None = None) -> Shown:
    """A lone count (no table around it)."""
    limit = threshold() if limit is None else limit
    if exact or not is_small(value, limit):
        return Shown(value, None, limit)
    return Shown(value, Masking.PRIMARY, limit)

"""Bar charts drawn on the server as SVG: no script, readable by a screen reader through its
title and description, and always followed on the page by the table of the same numbers."""

from dataclasses import dataclass, field
from decimal import Decimal

PALETTE = ["#000091", "#c9191e", "#18753c", "#716043"]  # DSFR blue, red, green, brown: ≥ 4.5:1
LABEL_WIDTH = 190
PLOT_WIDTH = 330
VALUE_WIDTH = 110
BAR = 16
GAP = 10


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int
    color: str
    text: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Row:
    label: str
    label_y: int
    rects: list[Rect]


@dataclass
class BarChart:
    """Categories as rows of horizontal bars, one bar per series."""

    slug: str
    title: str
    description: str
    series: list[str]
    rows: list[tuple[str, list[Decimal | int]]] = field(default_factory=list)
    texts: list[list[str]] | None = None  # the figures as shown (formatted, or masked)

    @property
    def width(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH

    @property
    def row_height(self) -> int:
        return BAR * max(1, len(self.series)) + GAP

    @property
    def height(self) -> int:
        return self.row_height * len(self.rows) + GAP + (24 if len(self.series) > 1 else 0)

    @property
    def legend(self) -> list[tuple[str, str, int]]:
        if len(self.series) < 2:
            return []
        return [
            (name, PALETTE[i % len(PALETTE)], LABEL_WIDTH + i * 140)
            for i, name in enumerate(self.series)
        ]

    @property
    def legend_y(self) -> int:
        return self.row_height * len(self.rows) + GAP

    def table(self) -> list[tuple[str, list[str]]]:
        """The chart's numbers as the table that follows it: one row per bar group."""
        return [
            (label, self.texts[i] if self.texts else [f"{v}" for v in values])
            for i, (label, values) in enumerate(self.rows)
        ]

    def geometry(self) -> list[Row]:
        top = max((float(v) for _label, values in self.rows for v in values), default=0.0)
        rows = []
        for i, (label, values) in enumerate(self.rows):
            y = GAP + i * self.row_height
            rects = []
            for j, value in enumerate(values):
                width = round(PLOT_WIDTH * float(value) / top) if top else 0
                text = self.texts[i][j] if self.texts else f"{value}"
                rects.append(
                    Rect(
                        LABEL_WIDTH,
                        y + j * BAR,
                        max(width, 0),
                        BAR - 2,
                        PALETTE[j % len(PALETTE)],
                        text,
                        LABEL_WIDTH + max(width, 0) + 4,
                        y + j * BAR + BAR - 5,
                    )
                )
            short = label if len(label) <= 30 else label[:29] + "…"
            rows.append(Row(short, y + (BAR * len(values)) // 2 + 4, rects))
        return rows

"""How long the one secrecy layer takes on a national family: N Cités in 13 regions, 4 QPV
each, girls and boys, one period; a tenth of the QPV cells are small. Prints the figures.

    python benchmarks/secrecy.py [cités]
"""

import random
import sys
import time

import django

django.setup()

from citeduc.indicators import secrecy  # noqa: E402
from citeduc.indicators.masking import threshold  # noqa: E402


def family(cites: int, seed: int = 7) -> tuple[dict, list, frozenset]:
    rng = random.Random(seed)
    values: dict = {}
    lines: list = []
    columns = ["F", "G"]
    regions: dict[int, list[int]] = {}
    for c in range(cites):
        regions.setdefault(c % 13, []).append(c)
        qpvs = range(4)
        for q in qpvs:
            for col in columns:
                small = rng.random() < 0.1
                values[secrecy.qpv_key(c, "2024", q, col)] = (
                    rng.randint(1, 10) if small else rng.randint(11, 200)
                )
            values[secrecy.qpv_key(c, "2024", q, "total")] = sum(
                values[secrecy.qpv_key(c, "2024", q, col)] for col in columns
            )
            lines.append([secrecy.qpv_key(c, "2024", q, col) for col in [*columns, "total"]])
        for col in [*columns, "total"]:
            values[secrecy.period_key(c, "2024", col)] = sum(
                values[secrecy.qpv_key(c, "2024", q, col)] for q in qpvs
            )
            values[secrecy.cite_key(c, col)] = values[secrecy.period_key(c, "2024", col)]
            lines.append(
                [
                    *[secrecy.qpv_key(c, "2024", q, col) for q in qpvs],
                    secrecy.period_key(c, "2024", col),
                ]
            )
            lines.append([secrecy.period_key(c, "2024", col), secrecy.cite_key(c, col)])
        lines.append([secrecy.period_key(c, "2024", col) for col in [*columns, "total"]])
        lines.append([secrecy.cite_key(c, col) for col in [*columns, "total"]])
    for r, members in regions.items():
        for col in [*columns, "total"]:
            values[secrecy.region_key(str(r), col)] = sum(
                values[secrecy.cite_key(c, col)] for c in members
            )
            lines.append(
                [*[secrecy.cite_key(c, col) for c in members], secrecy.region_key(str(r), col)]
            )
        lines.append([secrecy.region_key(str(r), col) for col in [*columns, "total"]])
    for col in [*columns, "total"]:
        values[secrecy.nation_key(col)] = sum(
            values[secrecy.region_key(str(r), col)] for r in regions
        )
        lines.append([*[secrecy.region_key(str(r), col) for r in regions], secrecy.nation_key(col)])
    lines.append([secrecy.nation_key(col) for col in [*columns, "total"]])
    totals = frozenset(k for k in values if k[-1] == "total" or k[0] in ("region", "nation"))
    return values, lines, totals


if __name__ == "__main__":
    for cites in [int(a) for a in sys.argv[1:]] or [50, 200, 400]:
        values, lines, totals = family(cites)
        start = time.perf_counter()
        masked = secrecy.protect(
            values, lines, limit=threshold(), exempt=frozenset(), totals=totals
        )
        took = time.perf_counter() - start
        left = secrecy.determined(lines, {}, set(masked))
        print(
            f"{cites} Cités: {len(values)} entries, {len(lines)} sums, {len(masked)} masked, "
            f"{took:.2f} s, recoverable after masking: {len(left)}"
        )

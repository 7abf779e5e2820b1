"""Who does what where: the professionals' matrix of a Cité's offer, with its gaps."""

from collections import defaultdict
from dataclasses import dataclass, field

from citeduc.common.enums import AgeBand
from citeduc.directory.models import Service
from citeduc.territory.models import CiteEducative, Qpv


@dataclass
class Coverage:
    qpvs: list[Qpv]
    # theme label -> qpv code -> organisation names
    by_theme: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # age band label -> qpv code -> number of services
    by_age: dict[str, dict[str, int]] = field(default_factory=dict)
    organisations: dict[str, set[str]] = field(default_factory=dict)  # organisation -> qpv codes

    def gaps(self) -> list[tuple[str, str]]:
        """(age band, QPV name) pairs with no service at all."""
        names = {q.code: q.name for q in self.qpvs}
        return [
            (band, names[code])
            for band, counts in self.by_age.items()
            for code in names
            if not counts.get(code)
        ]


def coverage_of(cite: CiteEducative) -> Coverage:
    qpvs = list(cite.qpvs.order_by("name"))
    rows = (
        Service.objects.published()
        .filter(organisation__cite=cite, qpvs__in=qpvs)
        .values("pk", "age_min", "age_max", "organisation__name", "qpvs__code", "themes__label")
        .order_by()
    )
    by_theme: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    services_by_qpv: dict[str, dict[int, tuple[int | None, int | None]]] = defaultdict(dict)
    organisations: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        code = row["qpvs__code"]
        if row["themes__label"]:
            by_theme[row["themes__label"]][code].add(row["organisation__name"])
        services_by_qpv[code][row["pk"]] = (row["age_min"], row["age_max"])
        organisations[row["organisation__name"]].add(code)
    by_age = {
        band.label: {
            code: sum(1 for lo, hi in services.values() if band.overlaps(lo, hi))
            for code, services in services_by_qpv.items()
        }
        for band in AgeBand
    }
    return Coverage(
        qpvs=qpvs,
        by_theme={theme: dict(cells) for theme, cells in sorted(by_theme.items())},
        by_age=by_age,
        organisations=dict(sorted(organisations.items())),
    )

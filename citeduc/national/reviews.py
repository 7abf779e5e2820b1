"""What the national coordination reads: every Cité's review status for a year, and the
answers of the transmitted reviews to the six-part questionnaire, as CSV and JSON. Counts of
children leave masked (R-EVAL-3); money leaves exact."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from citeduc.common.cells import inert_dict
from citeduc.reviews.enums import ReviewPart, ReviewStatus
from citeduc.reviews.models import AnnualReview, ReviewAnswer, Snapshot
from citeduc.reviews.reading import show
from citeduc.territory.models import CiteEducative
from citeduc.territory.regions import region_of_cite

NOT_OPENED = "Non ouverte"
FIGURES = ["envelope_p147", "p147_decided", "fund_p147", "global_budget", "non_state_share"]


@dataclass
class StatusRow:
    cite: CiteEducative
    region: str
    review: AnnualReview | None
    frozen_on: date | None
    validations: int

    @property
    def status(self) -> str:
        return self.review.get_status_display() if self.review else NOT_OPENED


def years() -> list[int]:
    return sorted(set(AnnualReview.objects.values_list("year", flat=True)))


def statuses(year: int) -> list[StatusRow]:
    """Every Cité whose label covers the year, with its review or its absence (fixed queries)."""
    reviews = AnnualReview.objects.filter(year=year).prefetch_related(
        Prefetch(
            "snapshots",
            queryset=Snapshot.objects.order_by("-number").only("review_id", "number", "taken_at"),
        ),
        "validations",
    )
    by_cite = {r.cite_id: r for r in reviews}
    cites = CiteEducative.objects.labelled_in(year)
    rows = []
    for cite in cites:
        review = by_cite.get(cite.pk)
        snapshots = list(review.snapshots.all()) if review else []
        rows.append(
            StatusRow(
                cite,
                region_of_cite(cite)[1],
                review,
                snapshots[0].taken_at.date() if snapshots else None,
                len(review.validations.all()) if review else 0,
            )
        )
    rows.sort(key=lambda row: (row.region, row.cite.name))
    return rows


def _figures(data: dict[str, Any]) -> dict[str, str]:
    totals = data.get("totals", {})
    return {name: totals.get(name) or "" for name in FIGURES}


def _reached(data: dict[str, Any]) -> str:
    """Children reached, as the national coordination may read it (masked if small)."""
    for table in data["tables"]:
        if table["id"] == "public_touche":
            total = next(row for row in table["rows"] if row["key"] == "total")
            return show(total["cells"][-1], "count", exact=False).replace("\u202f", "")
    return ""


def answers(year: int) -> list[dict[str, Any]]:
    """One record per transmitted review: the Cité, its key figures, its six parts."""
    reviews = (
        AnnualReview.objects.filter(year=year, status=ReviewStatus.TRANSMITTED)
        .select_related("cite")
        .prefetch_related(
            Prefetch("answers", queryset=ReviewAnswer.objects.order_by("pk")),
            Prefetch("snapshots", queryset=Snapshot.objects.order_by("-number")),
            "cite__communes",
        )
        .order_by("cite__name")
    )
    records = []
    for review in reviews:
        snapshots = list(review.snapshots.all())
        data = snapshots[0].data if snapshots else {"tables": [], "totals": {}}
        parts = {a.part: a for a in review.answers.all()}
        records.append(
            {
                "cite": review.cite.slug,
                "nom": review.cite.name,
                "region": region_of_cite(review.cite)[1],
                "annee": review.year,
                "transmise_le": review.transmitted_on.isoformat() if review.transmitted_on else "",
                "chiffres": {**_figures(data), "public_touche": _reached(data)},
                "cooperation": review.cooperation,
                "parcours_educatif": review.pathways,
                "parties": {
                    part.value: {
                        "reussites": parts[part.value].successes if part.value in parts else "",
                        "difficultes": parts[part.value].difficulties
                        if part.value in parts
                        else "",
                        "ajustements": parts[part.value].adjustments if part.value in parts else "",
                    }
                    for part in ReviewPart
                },
            }
        )
    return records


def answers_json(year: int) -> str:
    return json.dumps({"annee": year, "revues": answers(year)}, ensure_ascii=False, indent=2)


CSV_FIELDS = [
    "cite",
    "nom",
    "region",
    "annee",
    "transmise_le",
    *FIGURES,
    "public_touche",
    "cooperation",
    "parcours_educatif",
    *[
        f"{part.value}_{name}"
        for part in ReviewPart
        for name in ("reussites", "difficultes", "ajustements")
    ],
]


def answers_csv(year: int) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for record in answers(year):
        flat = {k: v for k, v in record.items() if k not in ("chiffres", "parties")}
        flat.update(record["chiffres"])
        for part, texts in record["parties"].items():
            for name, text in texts.items():
                flat[f"{part}_{name}"] = text
        writer.writerow(inert_dict(flat))
    return out.getvalue()

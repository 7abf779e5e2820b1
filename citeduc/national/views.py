"""Pages of the national coordination: the indicator codes the Cités share and the masked rollup
of one code (page, CSV, XLSX); every Cité's annual review status and the questionnaire's answers
(CSV, JSON)."""

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from citeduc.common.downloads import XLSX, attachment
from citeduc.common.text import is_digits
from citeduc.indicators.access import own_cite_ids
from citeduc.indicators.models import Indicator
from citeduc.national import exports, reviews
from citeduc.national.rollup import Rollup, build_rollup
from citeduc.territory.access import national_only


def requested_year(request: HttpRequest) -> int:
    """The year of a national page (``?annee=``), last year when absent or unreadable."""
    text = request.GET.get("annee", "")
    if is_digits(text) and len(text) <= 4 and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year - 1


# ---- indicators ---------------------------------------------------------------------------------


@login_required
@national_only
def indicator_list(request: HttpRequest) -> HttpResponse:
    codes = Indicator.objects.values("code", "name", "unit").order_by("code", "name").distinct()
    seen: dict[str, Any] = {}
    for row in codes:
        seen.setdefault(row["code"], row)
    cite_counts: dict[str, int] = defaultdict(int)
    for code in Indicator.objects.values_list("code", flat=True):
        cite_counts[code] += 1
    return render(
        request,
        "national/indicator_list.html",
        {
            "rows": [(row, cite_counts[code]) for code, row in seen.items()],
            "year": timezone.localdate().year - 1,
        },
    )


def _rollup(request: HttpRequest, code: str) -> Rollup:
    rollup = build_rollup(code, requested_year(request), exact_for=own_cite_ids(request.user))
    if rollup is None:
        raise Http404("Aucune Cité n'a cet indicateur.")
    return rollup


@login_required
@national_only
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    rollup = _rollup(request, code)
    return render(
        request,
        "national/indicator.html",
        {"rollup": rollup, "years": range(rollup.year - 3, rollup.year + 2)},
    )


@login_required
@national_only
def indicator_csv(request: HttpRequest, code: str) -> HttpResponse:
    rollup = _rollup(request, code)
    return attachment(
        exports.rollup_csv(rollup), "text/csv; charset=utf-8", f"{code.lower()}-{rollup.year}.csv"
    )


@login_required
@national_only
def indicator_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    rollup = _rollup(request, code)
    return attachment(exports.rollup_xlsx(rollup), XLSX, f"{code.lower()}-{rollup.year}.xlsx")


# ---- annual reviews -----------------------------------------------------------------------------


@login_required
@national_only
def review_list(request: HttpRequest) -> HttpResponse:
    year = requested_year(request)
    return render(
        request,
        "national/review_list.html",
        {"year": year, "rows": reviews.statuses(year), "years": reviews.years()},
    )


@login_required
@national_only
def review_csv(request: HttpRequest) -> HttpResponse:
    year = requested_year(request)
    return attachment(
        reviews.answers_csv(year), "text/csv; charset=utf-8", f"revues-de-projet-{year}.csv"
    )


@login_required
@national_only
def review_json(request: HttpRequest) -> HttpResponse:
    year = requested_year(request)
    return attachment(
        reviews.answers_json(year), "application/json", f"revues-de-projet-{year}.json"
    )

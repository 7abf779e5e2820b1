from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from citeduc.common.downloads import workbook_download
from citeduc.common.money import page_euros
from citeduc.funding.access import can_instruct, is_partner
from citeduc.funding.dashboard import fund_balance, funder_rows, programmation
from citeduc.funding.fund_statement import statement, statement_pdf, statement_xlsx
from citeduc.funding.loaders import check
from citeduc.funding.models import GrantRequest
from citeduc.funding.programmation_sheet import programmation_workbook
from citeduc.funding.rules import CO_FINANCING_FLOOR, percent
from citeduc.territory.access import can_manage, get_cite_for_user
from citeduc.territory.models import CiteEducative


def _cite_and_year(request: HttpRequest, slug: str, year: int) -> CiteEducative:
    cite = get_cite_for_user(request.user, slug, private=True)
    if not is_partner(request.user, cite):
        raise Http404("Page réservée aux partenaires de la Cité.")
    if not cite.label_start.year <= year <= cite.label_end.year:
        raise Http404("Année hors de la période du label.")
    return cite


@login_required
def dashboard(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    cite = _cite_and_year(request, slug, year)
    totals, findings = check(cite, year)
    contributions, expenses = fund_balance(cite, year)
    engineering_share = totals.engineering / totals.envelope_p147 if totals.envelope_p147 else None
    return render(
        request,
        "funding/dashboard.html",
        {
            "cite": cite,
            "year": year,
            "years": cite.label_years(),
            "totals": totals,
            "findings": findings,
            "rows": funder_rows(cite, year),
            "fund_contributions": contributions,
            "fund_expenses": expenses,
            "fund_balance": contributions - expenses,
            "non_state_percent": percent(totals.non_state_share),
            "state_percent": percent(
                Decimal(1) - totals.non_state_share if totals.global_budget else Decimal(0)
            ),
            "floor_percent": percent(CO_FINANCING_FLOOR),
            "bar_width": int(totals.non_state_share * 100),
            "engineering_percent": percent(engineering_share)
            if engineering_share is not None
            else "",
            "is_demo": GrantRequest.objects.filter(cite=cite, year=year, is_demo=True).exists(),
        },
    )


@login_required
def programmation_table(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    cite = _cite_and_year(request, slug, year)
    funders, rows, columns = programmation(cite, year)
    # Each row's amounts written here: 400 actions × 6 funders are too many filters for a template.
    cells = [
        [
            page_euros(row.asked),
            *(page_euros(row.amounts[f.pk]) if f.pk in row.amounts else "—" for f in funders),
            page_euros(row.total),
        ]
        for row in rows
    ]
    return render(
        request,
        "funding/programmation.html",
        {
            "cite": cite,
            "year": year,
            "years": cite.label_years(),
            "funders": funders,
            "rows": list(zip(rows, cells, strict=True)),
            "columns": columns,
            "grand_total": sum(columns.values()),
            "is_demo": any(row.request.is_demo for row in rows),
            "can_decide": can_instruct(request.user, cite),
            "can_import": can_manage(request.user, cite),
        },
    )


@login_required
def programmation_xlsx(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    cite = _cite_and_year(request, slug, year)
    return workbook_download(
        programmation_workbook(cite, year), f"programmation-{slugify(cite.slug)}-{year}.xlsx"
    )


@login_required
def fund_ledger(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    cite = _cite_and_year(request, slug, year)
    return render(
        request,
        "funding/fund_ledger.html",
        {
            "cite": cite,
            "year": year,
            "years": cite.label_years(),
            "s": statement(cite, year),
            "is_demo": False,
        },
    )


@login_required
def fund_statement_file(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    cite = _cite_and_year(request, slug, year)
    s = statement(cite, year)
    if fmt == "pdf":
        response = HttpResponse(statement_pdf(s), content_type="application/pdf")
    else:
        response = HttpResponse(
            statement_xlsx(s),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="fonds-{slugify(cite.slug)}-{year}.{fmt}"'
    )
    return response

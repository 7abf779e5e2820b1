"""The open-data page of a year's subsidies: for each granting authority, what its SCDL
Subventions file holds, what it leaves out and why, and the file itself."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from citeduc.common.downloads import attachment
from citeduc.common.forms_page import saved
from citeduc.funding.enums import FunderKind
from citeduc.funding.forms import FunderSiretForm
from citeduc.funding.models import Funder
from citeduc.funding.scdl import attribuants, publication
from citeduc.territory.access import cite_manager
from citeduc.territory.models import CiteEducative


def _year(cite: CiteEducative, year: int) -> int:
    if year not in cite.label_years():
        raise Http404("Année hors de la période du label.")
    return year


def _funder(cite: CiteEducative, code: str) -> Funder:
    funder = attribuants(cite).filter(code=code).first()
    if funder is None:
        raise Http404("Financeur inconnu ou de l'État.")
    return funder


def _page(
    request: HttpRequest, cite: CiteEducative, year: int, wanted: str, form: FunderSiretForm
) -> HttpResponse:
    # The Ville, whose file is expected every year, and every funder that decided something.
    publications = [
        found
        for found in (publication(cite, funder, year) for funder in attribuants(cite))
        if found.decisions or found.left_out or found.funder.kind == FunderKind.COMMUNE
    ]
    chosen = next((p for p in publications if p.funder.code == wanted), None) or (
        publications[0] if publications else None
    )
    return render(
        request,
        "funding/open_data.html",
        {
            "cite": cite,
            "year": year,
            "years": cite.label_years(),
            "publications": publications,
            "chosen": chosen,
            "siret_form": form,
        },
    )


@login_required
@cite_manager
def open_data(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    """Every publishable funder of the year; the chosen one (the Ville first) in detail."""
    return _page(
        request, cite, _year(cite, year), request.GET.get("attribuant", ""), FunderSiretForm()
    )


@login_required
@cite_manager
def subsidies_csv(request: HttpRequest, cite: CiteEducative, year: int, code: str) -> HttpResponse:
    found = publication(cite, _funder(cite, code), _year(cite, year))
    if found.blocked:
        raise Http404(found.blocked)
    name = f"subventions-{slugify(found.funder.code)}-{slugify(cite.slug)}-{year}.csv"
    return attachment(found.text.encode("utf-8"), "text/csv; charset=utf-8", name)


@login_required
@require_POST
@cite_manager
def funder_siret(request: HttpRequest, cite: CiteEducative, year: int, code: str) -> HttpResponse:
    """Give a funder the SIRET its file needs; an error is shown on the page, the typing kept."""
    funder = _funder(cite, code)
    page = reverse("funding:open_data", args=[cite.slug, _year(cite, year)])
    back = f"{page}?attribuant={funder.code}"
    form = FunderSiretForm(request.POST)
    if not form.is_valid():
        return _page(request, cite, year, funder.code, form)
    funder.siret = form.cleaned_data["siret"]
    funder.save(update_fields=["siret"])
    return saved(request, f"Le SIRET de {funder.name} est enregistré.", back)

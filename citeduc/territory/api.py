from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from citeduc.territory.models import CiteEducative, Establishment, Qpv

router = Router(tags=["Cités éducatives"])


class CiteSummary(Schema):
    slug: str
    name: str
    label_start: date
    label_end: date
    qpv_count: int
    establishment_count: int


class QpvOut(Schema):
    code: str
    name: str
    commune_insee: str
    population: int | None


class EstablishmentOut(Schema):
    uai: str | None
    name: str
    kind: str
    kind_label: str
    sector: str
    priority_education: str
    cite_role: str
    qpv_code: str | None


class CitePerimeter(Schema):
    slug: str
    name: str
    label_start: date
    label_end: date
    lead_college: str | None
    communes: list[str]
    qpvs: list[QpvOut]
    establishments: list[EstablishmentOut]


def _qpv_out(qpv: Qpv) -> QpvOut:
    return QpvOut(
        code=qpv.code,
        name=qpv.name,
        commune_insee=qpv.commune.insee_code,
        population=qpv.population,
    )


def _establishment_out(e: Establishment) -> EstablishmentOut:
    return EstablishmentOut(
        uai=e.uai,
        name=e.name,
        kind=e.kind,
        kind_label=e.get_kind_display(),
        sector=e.sector,
        priority_education=e.priority_education,
        cite_role=e.cite_role,
        qpv_code=e.qpv.code if e.qpv else None,
    )


@router.get("/cites/", response=list[CiteSummary], summary="Liste des Cités éducatives")
def list_cites(request: HttpRequest) -> list[CiteSummary]:
    rows = (
        CiteEducative.objects.with_perimeter_counts()
        .order_by("name")
        .values(*CiteSummary.model_fields)
    )
    return [CiteSummary(**row) for row in rows]


@router.get(
    "/cites/{slug}/", response=CitePerimeter, summary="Périmètre d'une Cité : QPV et établissements"
)
def get_cite(request: HttpRequest, slug: str) -> CitePerimeter:
    cite = get_object_or_404(CiteEducative.objects.select_related("lead_college"), slug=slug)
    return CitePerimeter(
        slug=cite.slug,
        name=cite.name,
        label_start=cite.label_start,
        label_end=cite.label_end,
        lead_college=str(cite.lead_college) if cite.lead_college else None,
        communes=[c.insee_code for c in cite.communes.order_by("insee_code")],
        qpvs=[_qpv_out(q) for q in cite.qpvs.select_related("commune").order_by("code")],
        establishments=[
            _establishment_out(e)
            for e in Establishment.objects.for_cite(cite).order_by("kind", "name")
        ],
    )

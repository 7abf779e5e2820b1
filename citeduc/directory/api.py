from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from citeduc.common.api_pagination import BoundedPages
from citeduc.directory import access
from citeduc.directory.models import Service, ServiceQuerySet
from citeduc.territory.models import CiteEducative

# The directory is public: these endpoints need no token (see docs/decisions/002).
router = Router(tags=["Annuaire des acteurs"], auth=None)


class ServiceFilters(Schema):
    q: str = Field("", description="texte, sans souci des accents ni des majuscules")
    qpv: str = Field("", description="code QPV, ex. QN02503M")
    theme: str = Field("", description="code de thématique (data·inclusion ou educ--…)")
    age: int | None = Field(None, ge=0, le=99, description="âge de l'enfant ou du jeune, en années")
    public: str = Field("", description="code de public")
    cost: str = Field("", description="gratuit ou payant")
    type: str = Field("", description="type de service data·inclusion")


class Label(Schema):
    code: str
    label: str


class ServiceOut(Schema):
    id: int
    name: str
    description: str
    organisation: str
    themes: list[Label]
    publics: list[Label]
    age_min: int | None
    age_max: int | None
    qpvs: list[str]
    cost: str
    type: str
    status: str
    updated_on: date
    url: str

    @staticmethod
    def resolve_id(service: Service) -> int:
        return service.pk

    @staticmethod
    def resolve_organisation(service: Service) -> str:
        return service.organisation.name

    @staticmethod
    def resolve_themes(service: Service) -> list[Label]:
        return [Label(code=t.code, label=t.label) for t in service.themes.all()]

    @staticmethod
    def resolve_publics(service: Service) -> list[Label]:
        return [Label(code=p.code, label=p.label) for p in service.publics.all()]

    @staticmethod
    def resolve_qpvs(service: Service) -> list[str]:
        return [q.code for q in service.qpvs.all()]

    @staticmethod
    def resolve_status(service: Service) -> str:
        return service.shown_status

    @staticmethod
    def resolve_url(service: Service) -> str:
        return service.get_absolute_url()


@router.get(
    "/cites/{slug}/services",
    response=list[ServiceOut],
    summary="Services publiés de l'annuaire d'une Cité, filtrés et paginés",
)
@paginate(BoundedPages, page_size=20)
def list_services(
    request: HttpRequest, slug: str, filters: Query[ServiceFilters]
) -> list[ServiceOut]:
    cite = get_object_or_404(CiteEducative, slug=slug)
    services: ServiceQuerySet = (
        Service.objects.published().search(cite=cite.slug, **filters.dict()).order_by("name", "pk")
    )
    return services.for_listing()  # type: ignore[return-value]


@router.get("/services/{service_id}", response=ServiceOut, summary="Un service de l'annuaire")
def get_service(request: HttpRequest, service_id: int) -> Service:
    return access.get_service_for_user(request.user, service_id)

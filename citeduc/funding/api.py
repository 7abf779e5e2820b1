"""The coordination's API over its requests: states and amounts, paginated."""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from citeduc.common.api_pagination import YEAR_FILTER, BoundedLimitOffset
from citeduc.funding import access
from citeduc.funding.enums import RequestStatus
from citeduc.funding.models import Decision, GrantRequest, RequestedAmount
from citeduc.territory import access as territory_access
from citeduc.territory.models import CiteEducative

router = Router(tags=["Financements"])


class FunderAmountOut(Schema):
    funder: str
    funder_name: str
    is_state: bool
    asked: Decimal
    decided: Decimal | None
    paid: Decimal


class RequestOut(Schema):
    id: int
    year: int
    action: str
    applicant: str
    applicant_siret: str
    status: RequestStatus
    status_label: str
    submitted_on: date | None
    call: str | None
    funders: list[FunderAmountOut]

    @staticmethod
    def resolve_action(grant: GrantRequest) -> str:
        return grant.action.title

    @staticmethod
    def resolve_applicant(grant: GrantRequest) -> str:
        return grant.applicant.name

    @staticmethod
    def resolve_applicant_siret(grant: GrantRequest) -> str:
        return grant.applicant.siret

    @staticmethod
    def resolve_status_label(grant: GrantRequest) -> str:
        return grant.get_status_display()

    @staticmethod
    def resolve_call(grant: GrantRequest) -> str | None:
        return grant.call.title if grant.call is not None else None

    @staticmethod
    def resolve_funders(grant: GrantRequest) -> list[FunderAmountOut]:
        decisions = {d.funder_id: d for d in grant.decisions.all()}
        rows = []
        for asked in grant.asked.all():
            decision = decisions.get(asked.funder_id)
            rows.append(
                FunderAmountOut(
                    funder=asked.funder.code,
                    funder_name=asked.funder.name,
                    is_state=asked.funder.is_state,
                    asked=asked.amount,
                    decided=decision.amount if decision else None,
                    paid=sum((p.amount for p in decision.payments.all()), Decimal("0"))
                    if decision
                    else Decimal("0"),
                )
            )
        return rows


class RequestFilters(Schema):
    year: int | None = YEAR_FILTER
    status: RequestStatus | None = None


@router.get(
    "/cites/{slug}/requests",
    response=list[RequestOut],
    summary="Les demandes de subvention d'une Cité (coordination et pilotes)",
    description="Chaque demande avec son statut et, par financeur, les montants demandé, "
    "accordé et versé. Réservé à la coordination et aux pilotes de la Cité, et à la "
    "coordination nationale.",
)
@paginate(BoundedLimitOffset)
def list_requests(
    request: HttpRequest, slug: str, filters: Query[RequestFilters]
) -> QuerySet[GrantRequest]:
    cite = CiteEducative.objects.filter(slug=slug).first()
    user = request.user
    if cite is None or not (
        access.can_instruct(user, cite)
        or (territory_access.can_read_private(user, cite) and user.is_national)  # type: ignore[union-attr]
    ):
        raise Http404("Cité introuvable.")
    requests = GrantRequest.objects.filter(cite=cite)
    if filters.year is not None:
        requests = requests.filter(year=filters.year)
    if filters.status is not None:
        requests = requests.filter(status=filters.status)
    return (
        requests.select_related("action", "applicant", "call")
        .prefetch_related(
            Prefetch("asked", queryset=RequestedAmount.objects.select_related("funder")),
            Prefetch("decisions", queryset=Decision.objects.prefetch_related("payments")),
        )
        .order_by("year", "action__title", "pk")
    )

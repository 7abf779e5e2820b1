"""The API over a Cité's meetings and decisions, with the same reading rights as the pages."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from citeduc.common.api_pagination import YEAR_FILTER, BoundedLimitOffset
from citeduc.funding.models import Decision
from citeduc.governance import access
from citeduc.governance.enums import BodyKind, DecisionKind, MeetingStatus
from citeduc.governance.models import DecisionRecord, Meeting
from citeduc.territory import access as territory_access
from citeduc.territory.models import CiteEducative

router = Router(tags=["Gouvernance"])


def _cite(request: HttpRequest, slug: str) -> CiteEducative:
    cite = CiteEducative.objects.filter(slug=slug).first()
    if cite is None or not territory_access.can_read_private(request.user, cite):
        raise Http404("Cité introuvable.")
    return cite


class MeetingOut(Schema):
    id: int
    body: str
    body_kind: BodyKind
    qpv: str | None
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    status: MeetingStatus
    agenda: list[str]
    is_demo: bool
    url: str

    @staticmethod
    def resolve_body(meeting: Meeting) -> str:
        return meeting.body.name

    @staticmethod
    def resolve_body_kind(meeting: Meeting) -> str:
        return meeting.body.kind

    @staticmethod
    def resolve_qpv(meeting: Meeting) -> str | None:
        return meeting.body.qpv.code if meeting.body.qpv else None

    @staticmethod
    def resolve_title(meeting: Meeting) -> str:
        return meeting.label

    @staticmethod
    def resolve_agenda(meeting: Meeting) -> list[str]:
        return meeting.agenda_items

    @staticmethod
    def resolve_url(meeting: Meeting) -> str:
        return meeting.get_absolute_url()


class MeetingFilters(Schema):
    year: int | None = YEAR_FILTER
    body_kind: BodyKind | None = None


@router.get(
    "/cites/{slug}/meetings",
    response=list[MeetingOut],
    summary="Les réunions des instances d'une Cité",
    description="Le calendrier des instances (COPIL, comité technique, collectifs éducatifs…), "
    "pour les membres de la Cité et la coordination nationale.",
)
@paginate(BoundedLimitOffset)
def list_meetings(
    request: HttpRequest, slug: str, filters: Query[MeetingFilters]
) -> QuerySet[Meeting]:
    cite = _cite(request, slug)
    meetings = Meeting.objects.filter(body__cite=cite)
    if filters.year is not None:
        meetings = meetings.filter(starts_at__year=filters.year)
    if filters.body_kind is not None:
        meetings = meetings.filter(body__kind=filters.body_kind)
    return meetings.select_related("body__cite", "body__qpv").order_by("starts_at", "pk")


class DecisionOut(Schema):
    id: int
    meeting_id: int
    body: str
    date: datetime
    number: int
    kind: DecisionKind
    text: str
    amount: Decimal | None
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    action_ids: list[int]
    request_ids: list[int]
    funding_decision_ids: list[int]

    @staticmethod
    def resolve_body(record: DecisionRecord) -> str:
        return record.meeting.body.name

    @staticmethod
    def resolve_date(record: DecisionRecord) -> datetime:
        return record.meeting.starts_at

    @staticmethod
    def resolve_action_ids(record: DecisionRecord) -> list[int]:
        return [a.pk for a in record.actions.all()]

    @staticmethod
    def resolve_request_ids(record: DecisionRecord) -> list[int]:
        return [r.pk for r in record.requests.all()]

    @staticmethod
    def resolve_funding_decision_ids(record: DecisionRecord) -> list[int]:
        return [d.pk for d in record.funding_decisions.all()]


class DecisionFilters(Schema):
    year: int | None = YEAR_FILTER
    action: int | None = Field(None, ge=1, le=2**31 - 1, description="Numéro d'une action.")


@router.get(
    "/cites/{slug}/decisions",
    response=list[DecisionOut],
    summary="Le registre des décisions des instances d'une Cité",
    description="Les décisions lisibles par le porteur du jeton : toutes pour les partenaires, "
    "celles des instances dont il est membre ou déjà publiées pour un porteur de projet.",
)
@paginate(BoundedLimitOffset)
def list_decisions(
    request: HttpRequest, slug: str, filters: Query[DecisionFilters]
) -> QuerySet[DecisionRecord]:
    cite = _cite(request, slug)
    records = access.readable_decisions(request.user, cite)
    if filters.year is not None:
        records = records.filter(meeting__starts_at__year=filters.year)
    if filters.action is not None:
        records = records.filter(actions=filters.action)
    return (
        records.select_related("meeting__body")
        .prefetch_related(
            "actions", "requests", Prefetch("funding_decisions", Decision.objects.only("pk"))
        )
        .order_by("meeting__starts_at", "meeting", "number")
    )

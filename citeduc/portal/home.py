"""What each role finds after login: a porteur its structures, its requests and their next step,
and the open calls; the coordination and the pilots a cockpit of the Cité's year, each figure a
link to the page that explains it; the national coordination the Cités and their reviews."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from citeduc.common.money import format_euros
from citeduc.directory.models import Organisation
from citeduc.funding.access import visible_requests
from citeduc.funding.enums import EDITABLE_STATUSES, RequestStatus
from citeduc.funding.loaders import totals
from citeduc.funding.models import Call, GrantRequest
from citeduc.funding.rules import CO_FINANCING_FLOOR, percent
from citeduc.governance.enums import MeetingStatus
from citeduc.governance.models import Meeting
from citeduc.indicators.charts import BarChart
from citeduc.indicators.kept import rules_of
from citeduc.national.reviews import StatusRow, statuses
from citeduc.portal.navigation import current_year
from citeduc.territory.access import AnyUser
from citeduc.territory.models import CiteEducative

S = RequestStatus
TO_INSTRUCT = (S.SUBMITTED, S.CORRECTED, S.REVIEWING, S.OPINION)
TO_REPORT = (S.SIGNED, S.PAID, S.REPORT_DUE)


@dataclass(frozen=True)
class Card:
    """A key figure of the cockpit: what it is, its value, a word on it, where it is explained."""

    title: str
    value: str
    detail: str
    url: str
    alert: bool = False


def cockpit(
    cite: CiteEducative, year: int | None = None
) -> tuple[int, list[Card], list[tuple[str, int]]]:
    """The year's key figures of a Cité (this year unless another year of the label is asked),
    and its findings counted per rule."""
    year = year if year in cite.label_years() else current_year(cite)
    rules = rules_of(cite, year)
    totals, findings = rules.totals, rules.findings
    money_url = reverse("funding:dashboard", args=[cite.slug, year])
    requests = reverse("funding:request_list", args=[cite.slug])
    used = totals.p147_decided + totals.fund_p147
    waiting = GrantRequest.objects.filter(cite=cite, status__in=TO_INSTRUCT).count()
    late = sum(1 for f in findings if f.rule == "R-FUND-7" and "due" in f.figures)
    below = bool(totals.global_budget) and totals.non_state_share < CO_FINANCING_FLOOR
    cards = [
        Card(
            "Enveloppe P147 engagée",
            format_euros(used),
            f"sur {format_euros(totals.envelope_p147)} en {year} (actions et fonds)",
            money_url,
            alert=used > totals.envelope_p147,
        ),
        Card(
            "Cofinancements hors État",
            percent(totals.non_state_share),
            "du budget global ; la convention demande au moins 30 %",
            money_url,
            alert=below,
        ),
        Card(
            "Demandes à instruire",
            str(waiting),
            "déposées, corrigées, en instruction ou en attente de décision",
            requests,
            alert=waiting > 0,
        ),
        Card(
            "Comptes-rendus en retard",
            str(late),
            f"attendus au 30 juin {year + 1} pour les actions de {year}",
            requests,
            alert=late > 0,
        ),
    ]
    by_rule = sorted(Counter(f.rule for f in findings).items())
    return year, cards, by_rule


def money_trend(cite: CiteEducative) -> BarChart:
    """The label's years side by side: the global budget and its non-State part (art. 12), a
    trend a single figure does not show. The page follows the chart with its table."""
    rows: list[tuple[str, list[Decimal | int]]] = []
    texts = []
    for year in cite.label_years():
        t = totals(cite, year)
        rows.append((str(year), [t.global_budget, t.non_state]))
        texts.append([format_euros(t.global_budget), format_euros(t.non_state)])
    return BarChart(
        "cockpit-budget",
        "Budget global et cofinancements hors État, par année du label",
        "Pour chaque année du label, le budget global de la Cité et sa part hors État.",
        ["Budget global", "dont hors État"],
        rows,
        texts,
    )


def next_meetings(cite: CiteEducative, limit: int = 4) -> list[Meeting]:
    return list(
        Meeting.objects.filter(body__cite=cite, starts_at__gte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class RequestLine:
    grant: GrantRequest
    next_step: str
    url: str


def _next_step(grant: GrantRequest) -> tuple[str, str]:
    """What the porteur has to do on a request, and where."""
    slug = grant.cite.slug
    if grant.status in EDITABLE_STATUSES:
        step = "recapitulatif" if grant.status == S.CORRECTION else "identite"
        label = "Corriger la demande" if grant.status == S.CORRECTION else "Compléter la demande"
        return label, reverse("funding:request_step", args=[slug, grant.pk, step])
    if grant.status in TO_REPORT:
        return "Déposer le compte-rendu", reverse("funding:report", args=[slug, grant.pk])
    return "Suivre la demande", reverse("funding:request_detail", args=[slug, grant.pk])


def porteur_space(
    user: AnyUser, cite: CiteEducative, today: date
) -> tuple[list[Organisation], list[RequestLine], list[Call]]:
    """A porteur's structures in the Cité, its requests with their next step, the open calls."""
    organisations = list(
        Organisation.objects.filter(cite=cite, editors=user.pk).order_by("name").distinct()
    )
    requests = (
        visible_requests(user, cite)
        .select_related("action", "applicant", "cite")
        .order_by("-year", "action__title")
    )
    lines = [RequestLine(g, *_next_step(g)) for g in requests]
    calls = [c for c in Call.objects.filter(cite=cite).order_by("closes_on") if c.is_open(today)]
    return organisations, lines, calls


def national_space(year: int) -> list[StatusRow]:
    return statuses(year)

"""What the year's data says, frozen as plain JSON: a list of tables (each with its columns,
units and keyed rows) plus the key money figures and every finding of every rule.

A table is rendered the same way everywhere (page, PDF, DOCX, diff), so adding a figure to the
review is adding a table here. Counts about children are masked at freeze time as well
(R-EVAL-3): such a cell holds ``{"v": exact, "m": "< 11"}`` and the reader picks one."""

from collections import defaultdict
from copy import deepcopy
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Axis
from citeduc.common.enums import AgeBand
from citeduc.funding import fund_statement
from citeduc.funding.dashboard import funder_rows
from citeduc.funding.models import Decision, FinancialReport, Payment, ReportLine
from citeduc.funding.rules import accounts_of, to_recover
from citeduc.governance.enums import MeetingStatus
from citeduc.governance.models import Amendment, Body, DecisionRecord, Meeting
from citeduc.indicators.dashboard import Filters, indicator_lines, mask_lines, reach
from citeduc.indicators.enums import Sex
from citeduc.indicators.figures import format_value, shown_value
from citeduc.indicators.kept import rules_of
from citeduc.indicators.masking import mask_grid
from citeduc.reviews.enums import ReviewPart
from citeduc.territory.enums import PriorityEducation
from citeduc.territory.models import CiteEducative, Establishment

VERSION = 1
ZERO = Decimal("0")
Cell = int | str | None | dict[str, Any]


@dataclass
class Table:
    id: str
    part: str
    title: str
    columns: list[tuple[str, str]]  # (label, unit): text, count, euros, percent, date
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: list[int] | None = None  # the columns drawn as bars, labelled by column 0
    note: str = ""

    def add(self, key: str, *cells: Cell, units: list[str] | None = None) -> None:
        """``units`` overrides the columns' units for this row only."""
        row: dict[str, Any] = {"key": key, "cells": list(cells)}
        if units:
            row["units"] = units
        self.rows.append(row)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["columns"] = [{"label": label, "unit": unit} for label, unit in self.columns]
        return data


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def secret(exact: int, masked: str | None) -> Cell:
    return exact if masked is None else {"v": exact, "m": masked}


def perimeter(cite: CiteEducative) -> list[Table]:
    qpvs = Table(
        "qpv",
        ReviewPart.DEPLOYMENT,
        "Quartiers prioritaires du périmètre",
        [("Quartier", "text"), ("Code", "text"), ("Commune", "text"), ("Population", "count")],
    )
    for qpv in cite.qpvs.select_related("commune").order_by("name"):
        qpvs.add(qpv.code, qpv.name, qpv.code, qpv.commune.name, qpv.population)
    schools = Table(
        "etablissements",
        ReviewPart.DEPLOYMENT,
        "Établissements de la Cité par type et éducation prioritaire",
        [
            ("Type", "text"),
            ("REP+", "count"),
            ("REP", "count"),
            ("Hors éducation prioritaire", "count"),
            ("Non précisé", "count"),
        ],
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    rows = (
        Establishment.objects.filter(cite=cite)
        .values("kind", "priority_education")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds = dict(Establishment._meta.get_field("kind").flatchoices)
    for row in rows:
        counts[row["kind"]][row["priority_education"]] += row["n"]
        labels[row["kind"]] = str(kinds.get(row["kind"], row["kind"]))
    for kind in sorted(counts, key=lambda k: labels[k]):
        by = counts[kind]
        schools.add(kind, labels[kind], *[by.get(p.value, 0) for p in PriorityEducation])
    return [qpvs, schools]


def actions(cite: CiteEducative, year: int) -> list[Table]:
    statuses = list(ActionStatus)
    by_axis = Table(
        "actions_axes",
        ReviewPart.DEPLOYMENT,
        f"Actions {year} par axe et par situation",
        [("Axe", "text"), *[(s.label, "count") for s in statuses], ("Total", "count")],
        chart=[len(statuses) + 1],
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        Action.objects.filter(cite=cite, year=year)
        .values("objectives__axis__number", "status")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        counts[row["objectives__axis__number"] or 0][row["status"]] += row["n"]
    axes = {a.number: a.title for a in Axis.objects.filter(cite=cite)}
    for number in sorted(counts, key=lambda n: (n == 0, n)):
        cells = [counts[number].get(s.value, 0) for s in statuses]
        label = f"Axe {number} — {axes.get(number, '')}" if number else "Sans objectif"
        by_axis.add(str(number), label, *cells, sum(cells))

    listing = Table(
        "actions",
        ReviewPart.DEPLOYMENT,
        f"Actions {year}",
        [
            ("Action", "text"),
            ("Axe", "text"),
            ("Porteur", "text"),
            ("Situation", "text"),
            ("Crédits accordés", "euros"),
        ],
    )
    decided = dict(
        Decision.objects.filter(request__cite=cite, request__year=year)
        .values("request__action_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("request__action_id", "total")
    )
    queryset = (
        Action.objects.filter(cite=cite, year=year)
        .prefetch_related("objectives__axis", "porteurs")
        .order_by("title", "pk")
    )
    for action in queryset:
        axes_of = sorted({o.axis.number for o in action.objectives.all()})
        listing.add(
            str(action.pk),
            action.title,
            ", ".join(str(n) for n in axes_of),
            ", ".join(sorted(p.name for p in action.porteurs.all())),
            action.get_status_display(),
            money(decided.get(action.pk, ZERO)),
        )
    return [by_axis, listing]


def reached(cite: CiteEducative, year: int) -> list[Table]:
    by_band, _by_qpv = reach(cite, Filters(year))
    bands = [band for band in AgeBand]
    counts = [[by_band[b.value][Sex.GIRLS], by_band[b.value][Sex.BOYS]] for b in bands]
    grid = mask_grid([b.value for b in bands], ["F", "G"], counts)
    table = Table(
        "public_touche",
        ReviewPart.DEPLOYMENT,
        f"Enfants et jeunes touchés en {year}, par tranche d'âge et sexe (comptes-rendus déposés)",
        [("Tranche d'âge", "text"), ("Filles", "count"), ("Garçons", "count"), ("Total", "count")],
        chart=[1, 2],
        note="Effectifs agrégés ; hors de la Cité, les petits effectifs sont masqués (R-EVAL-3).",
    )

    def cell(exact: int, shown: Any) -> Cell:
        return secret(exact, shown.text if shown.is_masked else None)

    for band, row, cells, total in zip(bands, counts, grid.cells, grid.row_totals, strict=True):
        table.add(
            band.value,
            band.label,
            *[cell(v, s) for v, s in zip(row, cells, strict=True)],
            cell(sum(row), total),
        )
    table.add(
        "total",
        "Total",
        *[
            cell(sum(r[j] for r in counts), grid.column_totals[j])
            for j in range(2)  # girls, boys
        ],
        cell(sum(map(sum, counts)), grid.total),
    )
    return [table]


def funders(cite: CiteEducative, year: int) -> Table:
    """Per funder: envelope, decided, paid, covered by a filed financial report, and to recover
    (what was paid beyond the realised charges, shared among funders pro rata of their payments)."""
    table = Table(
        "financeurs",
        ReviewPart.FINANCE,
        f"Crédits {year} par financeur",
        [
            ("Financeur", "text"),
            ("Enveloppe", "euros"),
            ("Décidé", "euros"),
            ("Versé", "euros"),
            ("Justifié par un compte-rendu", "euros"),
            ("À reverser", "euros"),
        ],
        chart=[2, 3],
        note=(
            "« À reverser » : le versé au-delà des charges réalisées d'une action, réparti entre "
            "financeurs au prorata de leurs versements (art. 14 et 19)."
        ),
    )
    covered, recover = _covered_and_recovered(cite, year)
    for row in funder_rows(cite, year):
        f = row.funder
        table.add(
            f.code,
            f.name,
            money(row.envelope),
            money(row.decided),
            money(row.paid),
            money(covered.get(f.pk, ZERO)),
            money(recover.get(f.pk, ZERO)),
        )
    return table


def _covered_and_recovered(
    cite: CiteEducative, year: int
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Per funder id: what the filed financial reports cover (its decisions on those requests),
    and what is to be paid back (the money rule ``to_recover``, fed with the year's figures)."""
    filed = set(
        FinancialReport.objects.filter(
            request__cite=cite, request__year=year, submitted_on__isnull=False
        ).values_list("request_id", flat=True)
    )
    charges = dict(
        ReportLine.objects.filter(
            report__request_id__in=filed,
            account__in=accounts_of(charge=True),
        )
        .values("report__request_id")
        .annotate(total=Sum("realised"))
        .order_by()
        .values_list("report__request_id", "total")
    )
    paid: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for request_id, funder_id, amount in (
        Payment.objects.filter(decision__request__cite=cite, decision__request__year=year)
        .values("decision__request_id", "decision__funder_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("decision__request_id", "decision__funder_id", "total")
    ):
        paid[request_id][funder_id] += amount
    covered: dict[int, Decimal] = defaultdict(Decimal)
    for funder_id, amount in Decision.objects.filter(request_id__in=filed).values_list(
        "funder_id", "amount"
    ):
        covered[funder_id] += amount
    reported = {request_id: paid[request_id] for request_id in filed}
    return covered, to_recover(reported, charges)


def key_figures(cite: CiteEducative, year: int, totals: Any) -> Table:
    table = Table(
        "chiffres_cles",
        ReviewPart.FINANCE,
        f"Chiffres clés {year} (définitions des règles de la convention, art. 8, 11 et 12)",
        [("Chiffre", "text"), ("Valeur", "euros")],
    )
    for key, label in [
        ("envelope_p147", "Enveloppe P147 de la Cité"),
        ("p147_decided", "Crédits P147 décidés sur les actions"),
        ("fund_p147", "Part P147 versée au fonds de la Cité"),
        ("engineering", "Crédits P147 d'ingénierie"),
        ("global_budget", "Budget global de la Cité"),
        ("state", "Part de l'État"),
        ("non_state", "Cofinancements hors État"),
    ]:
        table.add(key, label, money(getattr(totals, key)))
    table.add(
        "non_state_share",
        "Part des cofinancements hors État dans le budget global (seuil : 30 %, art. 12)",
        f"{totals.non_state_share}",
        units=["text", "percent"],
    )
    return table


def fund(cite: CiteEducative, year: int) -> Table:
    s = fund_statement.statement(cite, year)
    officer = s.ledger.authorising_officer if s.ledger else ""
    table = Table(
        "fonds",
        ReviewPart.FINANCE,
        f"Fonds de la Cité — état d'exécution {year} (art. 11)",
        [("Nature", "text"), ("Date", "date"), ("Objet", "text"), ("Montant", "euros")],
        note=f"Ordonnateur : {officer}." if officer else "",
    )
    for entry in [*s.contributions, *s.expenses]:
        funder = f" ({entry.funder.code})" if entry.funder else ""
        table.add(
            f"e{entry.pk}",
            entry.get_kind_display(),
            entry.date.isoformat(),
            f"{entry.object}{funder}",
            money(entry.amount),
        )
    table.add("total_in", "Total des abondements", None, "", money(s.total_in))
    table.add("total_out", "Total des dépenses engagées", None, "", money(s.total_out))
    table.add("balance", "Solde", None, "", money(s.balance))
    return table


def governance(cite: CiteEducative, year: int) -> list[Table]:
    return [_meetings(cite, year), _decisions(cite, year), _amendments(cite, year)]


def _meetings(cite: CiteEducative, year: int) -> Table:
    bodies = Table(
        "instances",
        ReviewPart.GOVERNANCE,
        f"Réunions tenues en {year} par instance",
        [("Instance", "text"), ("Fréquence attendue", "text"), ("Réunions tenues", "count")],
        chart=[2],
    )
    held = dict(
        Meeting.objects.filter(body__cite=cite, starts_at__year=year, status=MeetingStatus.HELD)
        .values("body_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("body_id", "n")
    )
    for body in Body.objects.filter(cite=cite, is_active=True).order_by("kind", "name"):
        bodies.add(str(body.pk), body.name, body.get_frequency_display(), held.get(body.pk, 0))
    return bodies


def _decisions(cite: CiteEducative, year: int) -> Table:
    decisions = Table(
        "decisions",
        ReviewPart.GOVERNANCE,
        f"Décisions des instances en {year}",
        [
            ("Date", "date"),
            ("Instance", "text"),
            ("N°", "count"),
            ("Nature", "text"),
            ("Décision", "text"),
        ],
    )
    for record in (
        DecisionRecord.objects.filter(meeting__body__cite=cite, meeting__starts_at__year=year)
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "number")
    ):
        decisions.add(
            str(record.pk),
            timezone.localdate(record.meeting.starts_at).isoformat(),
            record.meeting.body.name,
            record.number,
            record.get_kind_display(),
            record.text,
        )
    return decisions


def _amendments(cite: CiteEducative, year: int) -> Table:
    amendments = Table(
        "avenants",
        ReviewPart.GOVERNANCE,
        f"Avenants à la convention (art. 18) créés ou traités en {year}",
        [("N°", "count"), ("Objet", "text"), ("État", "text"), ("Réponse du préfet", "date")],
    )
    for a in (
        Amendment.objects.filter(cite=cite)
        .filter(Q(created_on__year=year) | Q(answered_on__year=year) | Q(transmitted_on__year=year))
        .order_by("number")
    ):
        amendments.add(
            str(a.number),
            a.number,
            a.title,
            a.get_status_display(),
            a.answered_on.isoformat() if a.answered_on else None,
        )
    return amendments


def indicators(cite: CiteEducative, year: int) -> Table:
    table = Table(
        "indicateurs",
        ReviewPart.EVALUATION,
        f"Indicateurs {year} au regard de leur cible",
        [
            ("Indicateur", "text"),
            ("Référence", "text"),
            ("Cible", "text"),
            ("Valeur", "text"),
            ("Avancement vers la cible (%)", "count"),
        ],
    )
    lines = indicator_lines(cite, Filters(year))
    masked_lines = deepcopy(lines)
    mask_lines(masked_lines, Filters(year), known=frozenset())
    for line, outside in zip(lines, masked_lines, strict=True):
        ind = line.indicator
        exact = shown_value(ind, line.current, True)
        masked = outside.shown
        table.add(
            ind.code,
            f"{ind.name} ({ind.code})",
            format_value(ind, ind.baseline_value),
            format_value(ind, ind.target_value),
            exact if exact == masked else {"v": exact, "m": masked},
            line.progress
            if line.progress is None or outside.progress is not None
            else {"v": line.progress, "m": "secret"},
        )
    return table


def meeting_of(review_meeting: Meeting | None) -> dict[str, Any] | None:
    if review_meeting is None:
        return None
    attendances = review_meeting.attendances.select_related("member").order_by(
        "member__institution", "member__office"
    )
    return {
        "date": timezone.localdate(review_meeting.starts_at).isoformat(),
        "place": review_meeting.place,
        "participants": [
            {
                "name": a.member.name,
                "office": a.member.office,
                "institution": a.member.institution,
                "presence": a.get_presence_display(),
                "represented_by": a.represented_by,
            }
            for a in attendances
        ],
    }


def take(
    cite: CiteEducative, year: int, *, meeting: Meeting | None = None, today: date | None = None
) -> dict[str, Any]:
    """Everything the year's data says about the Cité, as JSON."""
    today = today or timezone.localdate()
    rules = rules_of(cite, year, today)
    totals, findings = rules.totals, rules.every_finding
    tables = [
        *governance(cite, year),
        *perimeter(cite),
        *actions(cite, year),
        *reached(cite, year),
        key_figures(cite, year, totals),
        funders(cite, year),
        fund(cite, year),
        indicators(cite, year),
    ]
    return {
        "version": VERSION,
        "cite": {"slug": cite.slug, "name": cite.name},
        "year": year,
        "taken_on": today.isoformat(),
        "totals": {name: money(value) for name, value in asdict(totals).items()},
        "tables": [t.as_json() for t in tables],
        "findings": [
            {"rule": f.rule, "severity": str(f.severity.label), "message": f.message}
            for f in findings
        ],
        "meeting": meeting_of(meeting),
    }

"""A synthetic national dataset: every Cité éducative of France at once, with the shapes of the
real thing (about 250 Cités, 600 QPV, 120 actions per Cité and year, 2 to 4 funders per action,
12 meetings per Cité and year, 40 indicators per Cité measured by QPV × sex × age band).

It exists to measure citeduc at national scale (``make bench``) and to test the national views on
more than one Cité. Every name says it is synthetic; nothing in it describes a real place, person
or child. The same seed gives the same rows (primary keys aside).

Rows are written with ``bulk_create`` one Cité at a time, in one transaction: the dataset appears
whole or not at all. History rows (simple-history) are not written for synthetic data.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Axis, Objective, Priority
from citeduc.common.enums import AgeBand
from citeduc.common.text import fold
from citeduc.deliberations.models import Council, Councillor, Deliberation, Sitting
from citeduc.directory.enums import OrganisationKind, ServiceStatus
from citeduc.directory.models import Organisation, Public, Service, Theme
from citeduc.directory.referentials import ensure_vocabularies
from citeduc.funding import kept as kept_money
from citeduc.funding.enums import FundEntryKind, RequestStatus
from citeduc.funding.funders import seed_funders
from citeduc.funding.models import (
    BudgetLine,
    Decision,
    Envelope,
    FinancialReport,
    FundEntry,
    FundLedger,
    GrantRequest,
    Payment,
    ReportLine,
    ReportReach,
    RequestedAmount,
)
from citeduc.governance.enums import BodyKind, DecisionKind, MeetingStatus
from citeduc.governance.models import Body, DecisionRecord, Meeting
from citeduc.indicators.enums import IndicatorKind, Origin, Sex, Unit
from citeduc.indicators.install import install_catalogue
from citeduc.indicators.models import Indicator, Measurement
from citeduc.indicators.periods import PeriodKind
from citeduc.reviews.enums import ReviewStatus
from citeduc.reviews.models import AnnualReview
from citeduc.territory.enums import CiteRole, EstablishmentKind, PriorityEducation
from citeduc.territory.models import CiteEducative, Commune, Establishment, Qpv
from citeduc.territory.regions import REGIONS
from citeduc.territory.validators import uai_check_letter

SLUG_PREFIX = "synth-"
SOURCE = "citeduc-synthetique"
BENCH_DOMAIN = "synthetique.citeduc.example.org"
BENCH_PASSWORD = "citeduc-bench-2026"  # noqa: S105 — synthetic instances only, printed by the bench
FIRST_YEAR = 2024
BATCH = 2000

# Per Cité: the national averages the issue gives (600 QPV, 10 000 establishments, 20 000
# organisations, 50 000 services for 250 Cités).
QPV_PER_CITE = 2.4
ESTABLISHMENTS_PER_CITE = 40
ORGANISATIONS_PER_CITE = 80
SERVICES_PER_CITE = 200
MEETINGS_PER_YEAR = 12
INDICATORS_PER_CITE = 40

M = TypeVar("M", bound=models.Model)


class AlreadyGenerated(Exception):
    """The database already holds a synthetic dataset."""


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: object, number: int) -> None:
        self.rows[str(name)] = self.rows.get(str(name), 0) + number

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _departments() -> list[str]:
    """Metropolitan and overseas departments, in the order of their regions' codes."""
    return [dep for _code, (_name, deps) in sorted(REGIONS.items()) for dep in deps]


def _qpv_department(dep: str) -> str:
    return dep if len(dep) == 3 else f"0{dep}"


def _uai(number: int) -> str:
    digits = f"{9_000_000 + number:07d}"
    return digits + uai_check_letter(digits)


def _square(lat: float, lon: float, half: float = 0.004) -> dict[str, Any]:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


SCHOOL_KINDS = [
    EstablishmentKind.ECOLE_MATERNELLE,
    EstablishmentKind.ECOLE_ELEMENTAIRE,
    EstablishmentKind.ECOLE_PRIMAIRE,
    EstablishmentKind.COLLEGE,
    EstablishmentKind.LYCEE_PROFESSIONNEL,
]


class _FreeCodes:
    """INSEE, QPV and UAI codes that no row of the base holds yet, handed out from the top of
    each department's range (real codes sit at the bottom)."""

    def __init__(self) -> None:
        self.taken_insee = set(Commune.objects.values_list("insee_code", flat=True))
        self.taken_qpv = set(Qpv.objects.values_list("code", flat=True))
        self.taken_uai = set(Establishment.objects.exclude(uai=None).values_list("uai", flat=True))
        self.next_suffix: dict[str, int] = {}
        self.next_qpv: dict[str, int] = {}
        self.next_uai = 0

    def insee(self, dep: str) -> str:
        width = 5 - len(dep)
        while True:
            suffix = self.next_suffix.get(dep, 10**width - 1)
            self.next_suffix[dep] = suffix - 1
            code = f"{dep}{suffix:0{width}d}"
            if code not in self.taken_insee:
                self.taken_insee.add(code)
                return code

    def qpv(self, dep: str) -> str:
        while True:
            number = self.next_qpv.get(dep, 99)
            self.next_qpv[dep] = number - 1
            letter = "ABCDEFGHJKLMNPRSTUVWXYZ"[number % 23]
            code = f"QN{_qpv_department(dep)}{number:02d}{letter}"
            if code not in self.taken_qpv:
                self.taken_qpv.add(code)
                return code

    def uai(self) -> str:
        while _uai(self.next_uai) in self.taken_uai:
            self.next_uai += 1
        code = _uai(self.next_uai)
        self.next_uai += 1
        return code


class Generator:
    def __init__(
        self,
        *,
        cites: int,
        years: int,
        seed: int,
        actions: int,
        progress: Callable[[str], None] = lambda _text: None,
    ) -> None:
        if cites < 1 or years < 1 or actions < 1:
            raise ValueError("--cites, --years et --actions doivent être au moins 1.")
        self.cite_count = cites
        self.years = list(range(FIRST_YEAR, FIRST_YEAR + years))
        self.actions_per_year = actions
        self.random = random.Random(seed)
        self.progress = progress
        self.counts = Counts()

    # ---- helpers ----------------------------------------------------------------------------

    def _bulk(self, model: type[M], rows: Iterable[M]) -> list[M]:
        created = model._default_manager.bulk_create(list(rows), batch_size=BATCH)
        self.counts.add(model._meta.verbose_name_plural, len(created))
        return created

    def _insert(self, model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
        """Plain INSERTs for rows nobody reads back (links, measurements): the ORM's per-object
        work is most of the time at a million rows."""
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                    rows[start : start + BATCH],
                )

    def _through(self, relation: Any, pairs: Iterable[tuple[int, int]]) -> None:
        """A many-to-many's rows from (source pk, target pk) pairs."""
        through = relation.through
        columns = [
            f"{relation.field.m2m_field_name()}_id",
            f"{relation.field.m2m_reverse_field_name()}_id",
        ]
        rows = sorted(set(pairs))
        self._insert(through, columns, rows)
        self.counts.add(f"liens {through._meta.db_table}", len(rows))

    def _pick(self, items: list[M], low: int, high: int) -> list[M]:
        return self.random.sample(items, min(len(items), self.random.randint(low, high)))

    # ---- the whole dataset ------------------------------------------------------------------

    @transaction.atomic
    def run(self) -> Counts:
        if CiteEducative.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise AlreadyGenerated(
                "Cette base contient déjà un jeu national synthétique (Cités « synth-… ») : "
                "générez-le dans une base vide."
            )
        ensure_vocabularies(Theme, Public)
        self.themes = list(Theme.objects.all())
        self.publics = list(Public.objects.all())
        cites = self._territory()
        self.national_user = self._accounts(cites)
        for index, cite in enumerate(cites, start=1):
            self._cite(cite)
            if index % 10 == 0 or index == len(cites):
                self.progress(f"{index}/{len(cites)} Cités ({self.counts.total} lignes)")
        return self.counts

    def _territory(self) -> list[CiteEducative]:
        """Communes, QPV, Cités and establishments, with codes no real row of the base holds."""
        codes = _FreeCodes()
        communes = self._communes(codes)
        qpvs_of = self._qpvs(codes, communes)
        cites = self._cites(communes, qpvs_of)
        self._establishments(codes, cites, communes, qpvs_of)
        return cites

    def _communes(self, codes: "_FreeCodes") -> list[list[Commune]]:
        """A Cité in 25 spans two communes: 250 Cités, 260 communes."""
        departments = _departments()
        communes: list[list[Commune]] = []
        for i in range(self.cite_count):
            dep = departments[i % len(departments)]
            own = [Commune(insee_code=codes.insee(dep), name=f"Commune synthétique {i + 1:03d}")]
            if i % 25 == 24:
                own.append(
                    Commune(insee_code=codes.insee(dep), name=f"Commune synthétique {i + 1:03d}-B")
                )
            communes.append(own)
        self._bulk(Commune, [c for own in communes for c in own])
        return communes

    def _qpvs(self, codes: "_FreeCodes", communes: list[list[Commune]]) -> list[list[Qpv]]:
        """QPV_PER_CITE on average, spread evenly, each a small square near its Cité."""
        departments = _departments()
        total_qpv = round(self.cite_count * QPV_PER_CITE)
        qpv_counts = [total_qpv // self.cite_count] * self.cite_count
        extra = total_qpv - sum(qpv_counts)
        for i in range(extra):
            qpv_counts[i * self.cite_count // extra] += 1
        qpvs_of: list[list[Qpv]] = []
        for i, own in enumerate(communes):
            dep = departments[i % len(departments)]
            base_lat = 43.3 + (i * 7919 % 600) / 100
            base_lon = -1.0 + (i * 104729 % 800) / 100
            rows = []
            for n in range(qpv_counts[i]):
                lat, lon = base_lat + n * 0.01, base_lon + n * 0.012
                rows.append(
                    Qpv(
                        code=codes.qpv(dep),
                        name=f"Quartier synthétique {i + 1:03d}-{n + 1}",
                        commune=own[n % len(own)],
                        population=self.random.randint(1_200, 12_000),
                        centroid_lat=round(lat, 5),
                        centroid_lon=round(lon, 5),
                        contour=_square(lat, lon),
                    )
                )
            qpvs_of.append(rows)
        self._bulk(Qpv, [q for rows in qpvs_of for q in rows])
        return qpvs_of

    def _cites(
        self, communes: list[list[Commune]], qpvs_of: list[list[Qpv]]
    ) -> list[CiteEducative]:
        last = self.years[-1]
        cites = self._bulk(
            CiteEducative,
            (
                CiteEducative(
                    slug=f"{SLUG_PREFIX}{i + 1:03d}",
                    name=f"Cité éducative synthétique n° {i + 1:03d}",
                    label_start=date(self.years[0], 1, 1),
                    label_end=date(last, 12, 31),
                )
                for i in range(self.cite_count)
            ),
        )
        self._through(
            CiteEducative.communes,
            ((c.pk, m.pk) for c, own in zip(cites, communes, strict=True) for m in own),
        )
        self._through(
            CiteEducative.qpvs,
            ((c.pk, q.pk) for c, rows in zip(cites, qpvs_of, strict=True) for q in rows),
        )
        for cite, own, rows in zip(cites, communes, qpvs_of, strict=True):
            cite.qpv_list = rows  # type: ignore[attr-defined]
            cite.commune_list = own  # type: ignore[attr-defined]
        return cites

    def _establishments(
        self,
        codes: "_FreeCodes",
        cites: list[CiteEducative],
        communes: list[list[Commune]],
        qpvs_of: list[list[Qpv]],
    ) -> None:
        """ESTABLISHMENTS_PER_CITE a Cité, the first its lead college, each in one of its QPV."""
        establishments: list[Establishment] = []
        for cite, rows in zip(cites, qpvs_of, strict=True):
            for n in range(ESTABLISHMENTS_PER_CITE):
                qpv = rows[n % len(rows)]
                kind = EstablishmentKind.COLLEGE if n == 0 else self.random.choice(SCHOOL_KINDS)
                establishments.append(
                    Establishment(
                        uai=codes.uai(),
                        name=f"Établissement synthétique {cite.slug}-{n + 1:02d}",
                        kind=kind,
                        priority_education=self.random.choice(
                            [PriorityEducation.REP_PLUS, PriorityEducation.REP]
                        ),
                        commune=qpv.commune,
                        latitude=qpv.centroid_lat,
                        longitude=qpv.centroid_lon,
                        qpv=qpv,
                        cite=cite,
                        cite_role=CiteRole.CHEF_DE_FILE if n == 0 else CiteRole.MEMBRE,
                    )
                )
        establishments = self._bulk(Establishment, establishments)
        leads = establishments[::ESTABLISHMENTS_PER_CITE]
        for cite, lead in zip(cites, leads, strict=True):
            cite.lead_college = lead
        CiteEducative.objects.bulk_update(cites, ["lead_college"], batch_size=BATCH)

    def _accounts(self, cites: list[CiteEducative]) -> User:
        """A national reader and the coordination of the first Cité, for the benchmark."""
        national = User.objects.create_user(
            f"national@{BENCH_DOMAIN}", BENCH_PASSWORD, full_name="Coordination nationale (synth.)"
        )
        national.is_national = True
        national.save(update_fields=["is_national"])
        coordination = User.objects.create_user(
            f"coordination@{BENCH_DOMAIN}", BENCH_PASSWORD, full_name="Coordination (synth.)"
        )
        Membership.objects.create(user=coordination, cite=cites[0], role=Role.COORDINATION)
        return national

    # ---- one Cité ---------------------------------------------------------------------------

    def _cite(self, cite: CiteEducative) -> None:
        qpvs: list[Qpv] = cite.qpv_list  # type: ignore[attr-defined]
        organisations = self._directory(cite, qpvs)
        objectives, priorities = self._plan(cite)
        funders = list(seed_funders(cite).values())
        actions = self._actions(cite, qpvs, objectives, priorities, organisations)
        self._money(cite, qpvs, actions, funders)
        self._governance(cite, qpvs, actions)
        self._council(cite)
        self._indicators(cite, qpvs, objectives)
        self._reviews(cite)
        kept_money.refresh(cite.pk)  # bulk_create sends no signal: the kept figures, once

    def _directory(self, cite: CiteEducative, qpvs: list[Qpv]) -> list[Organisation]:
        kinds = list(OrganisationKind)
        organisations = self._bulk(
            Organisation,
            (
                Organisation(
                    cite=cite,
                    source=SOURCE,
                    external_id=f"{cite.slug}-s{n + 1:03d}",
                    name=f"Structure synthétique {cite.slug[-3:]}-{n + 1:03d}",
                    kind=self.random.choice(kinds),
                    commune=qpvs[n % len(qpvs)].commune,
                    latitude=qpvs[n % len(qpvs)].centroid_lat,
                    longitude=qpvs[n % len(qpvs)].centroid_lon,
                    position_approximate=True,
                    description="Structure fictive du jeu de données national synthétique.",
                )
                for n in range(ORGANISATIONS_PER_CITE)
            ),
        )
        self._services(cite, qpvs, organisations)
        return organisations

    def _services(
        self, cite: CiteEducative, qpvs: list[Qpv], organisations: list[Organisation]
    ) -> None:
        """SERVICES_PER_CITE services, one in ten a draft, each with themes, a public, a QPV."""
        services: list[Service] = []
        vocab: list[tuple[list[Theme], Public, Qpv]] = []
        for n in range(SERVICES_PER_CITE):
            organisation = organisations[n % len(organisations)]
            themes = self._pick(self.themes, 1, 2)
            public = self.random.choice(self.publics)
            qpv = qpvs[n % len(qpvs)]
            low = self.random.choice([0, 3, 6, 11, 15])
            name = f"Service synthétique {cite.slug[-3:]}-{n + 1:03d}"
            description = f"Offre fictive n° {n + 1} ({themes[0].label.lower()})."
            services.append(
                Service(
                    organisation=organisation,
                    source=SOURCE,
                    external_id=f"{cite.slug}-v{n + 1:03d}",
                    name=name,
                    description=description,
                    age_min=low,
                    age_max=low + self.random.choice([2, 5, 10]),
                    status=ServiceStatus.PUBLISHED if n % 10 else ServiceStatus.DRAFT,
                    latitude=qpv.centroid_lat,
                    longitude=qpv.centroid_lon,
                    commune=qpv.commune,
                    search_text=fold(
                        " ".join(
                            [name, description, organisation.name]
                            + [t.label for t in themes]
                            + [public.label]
                        )
                    ),
                )
            )
            vocab.append((themes, public, qpv))
        services = self._bulk(Service, services)
        self._through(
            Service.themes,
            ((s.pk, t.pk) for s, (ts, _p, _q) in zip(services, vocab, strict=True) for t in ts),
        )
        self._through(
            Service.publics, ((s.pk, p.pk) for s, (_t, p, _q) in zip(services, vocab, strict=True))
        )
        self._through(
            Service.qpvs, ((s.pk, q.pk) for s, (_t, _p, q) in zip(services, vocab, strict=True))
        )

    def _plan(self, cite: CiteEducative) -> tuple[list[Objective], list[Priority]]:
        titles = [
            "Conforter le rôle de l'école",
            "Promouvoir la continuité éducative",
            "Ouvrir le champ des possibles",
        ]
        axes = self._bulk(
            Axis, (Axis(cite=cite, number=n + 1, title=t) for n, t in enumerate(titles))
        )
        objectives = self._bulk(
            Objective,
            (
                Objective(axis=axes[n % 3], number=n + 1, title=f"Objectif synthétique {n + 1}")
                for n in range(9)
            ),
        )
        priorities = self._bulk(
            Priority,
            (
                Priority(axis=axes[n % 3], number=n + 1, text=f"Priorité synthétique {n + 1}")
                for n in range(12)
            ),
        )
        return objectives, priorities

    def _actions(
        self,
        cite: CiteEducative,
        qpvs: list[Qpv],
        objectives: list[Objective],
        priorities: list[Priority],
        organisations: list[Organisation],
    ) -> list[Action]:
        statuses = {
            True: [ActionStatus.REALISEE] * 8 + [ActionStatus.ABANDONNEE],
            False: [ActionStatus.PROGRAMMEE, ActionStatus.EN_COURS, ActionStatus.PISTE],
        }
        current = timezone.localdate().year
        rows = []
        for year in self.years:
            for n in range(self.actions_per_year):
                low = self.random.choice([3, 6, 11, 15])
                rows.append(
                    Action(
                        cite=cite,
                        title=f"Action synthétique {year}-{n + 1:03d}",
                        description="Action fictive du jeu de données national synthétique.",
                        priority=priorities[n % len(priorities)],
                        age_min=low,
                        age_max=low + self.random.choice([2, 4, 8]),
                        expected_participants=self.random.randint(10, 300),
                        scolaire=n % 2 == 0,
                        periscolaire=n % 3 == 0,
                        extrascolaire=n % 2 == 1,
                        start_date=date(year, 1 + n % 6, 1),
                        end_date=date(year, 7 + n % 6, 28),
                        year=year,
                        status=self.random.choice(statuses[year < current]),
                        is_engineering=n % 20 == 0,
                    )
                )
        actions = self._bulk(Action, rows)
        self._through(
            Action.objectives,
            ((a.pk, o.pk) for a in actions for o in self._pick(objectives, 1, 2)),
        )
        # The porteur is also the request's applicant (_money).
        for action in actions:
            action.porteur = self.random.choice(organisations)  # type: ignore[attr-defined]
        self._through(Action.porteurs, ((a.pk, a.porteur.pk) for a in actions))  # type: ignore[attr-defined]
        self._through(Action.qpvs, ((a.pk, q.pk) for a in actions for q in self._pick(qpvs, 1, 2)))
        return actions

    def _money(
        self, cite: CiteEducative, qpvs: list[Qpv], actions: list[Action], funders: list[Any]
    ) -> None:
        """A request per action, asked of State and other funders, decided, paid, reported."""
        state = [f for f in funders if f.is_state][:2]
        others = [f for f in funders if not f.is_state][:4]
        current = timezone.localdate().year
        requests = self._requests(cite, actions, current)
        asked = self._asked(requests, state, others)
        decisions = self._decisions(cite, asked)
        self._reports(qpvs, [r for r in requests if r.year < current], decisions)
        self._fund(cite, state[0])

    def _requests(
        self, cite: CiteEducative, actions: list[Action], current: int
    ) -> list[GrantRequest]:
        return self._bulk(
            GrantRequest,
            (
                GrantRequest(
                    cite=cite,
                    action=a,
                    applicant=a.porteur,  # type: ignore[attr-defined]
                    year=a.year,
                    status=RequestStatus.CLOSED if a.year < current else RequestStatus.PAID,
                    submitted_on=date(a.year - 1, 11, 15),
                    expected_girls=self.random.randint(5, 80),
                    expected_boys=self.random.randint(5, 80),
                    republican_commitment=True,
                    sworn_obligations=True,
                    sworn_accurate=True,
                    agreement_signed_on=date(a.year, 3, 1),
                )
                for a in actions
            ),
        )

    def _asked(
        self, requests: list[GrantRequest], state: list[Any], others: list[Any]
    ) -> list[RequestedAmount]:
        """One State funder and one to three others a request, with a balanced budget."""
        asked, budget = [], []
        for request in requests:
            chosen = [self.random.choice(state), *self._pick(others, 1, 3)]
            for funder in chosen:
                amount = Decimal(self.random.randint(10, 200) * 100)
                asked.append(RequestedAmount(request=request, funder=funder, amount=amount))
                budget.append(
                    BudgetLine(request=request, account="74", amount=amount, funder=funder)
                )
            total = sum((a.amount for a in asked[-len(chosen) :]), Decimal(0))
            budget.append(BudgetLine(request=request, account="64", amount=total))
        self._bulk(RequestedAmount, asked)
        self._bulk(BudgetLine, budget)
        return asked

    def _decisions(self, cite: CiteEducative, asked: list[RequestedAmount]) -> list[Decision]:
        """Decided at or under the asked amount and paid in full; envelopes above the decisions."""
        decisions = self._bulk(
            Decision,
            (
                Decision(
                    request=a.request,
                    funder=a.funder,
                    amount=a.amount * Decimal(self.random.choice(["1", "1", "0.8"])),
                    date=date(a.request.year, 2, 15),
                    reference="Comité de pilotage (synth.)",
                )
                for a in asked
            ),
        )
        # Each funder announced an envelope above what it decided (R-FUND-1 holds), with room
        # left for the fund's share of the first State programme.
        decided: dict[tuple[Any, int], Decimal] = {}
        for d in decisions:
            key = (d.funder, d.request.year)
            decided[key] = decided.get(key, Decimal(0)) + d.amount
        self._bulk(
            Envelope,
            (
                Envelope(
                    cite=cite,
                    funder=funder,
                    year=year,
                    amount=Decimal(int(total * Decimal("1.2")) // 1000 * 1000 + 40_000),
                )
                for (funder, year), total in sorted(
                    decided.items(), key=lambda item: (item[0][0].code, item[0][1])
                )
            ),
        )
        self._bulk(
            Payment,
            (
                Payment(decision=d, amount=d.amount, date=date(d.request.year, 4, 1))
                for d in decisions
            ),
        )
        return decisions

    def _reports(
        self, qpvs: list[Qpv], past: list[GrantRequest], decisions: list[Decision]
    ) -> None:
        """The financial reports of past years: realised as granted, children reached per QPV."""
        reports = self._bulk(
            FinancialReport,
            (
                FinancialReport(
                    request=r,
                    submitted_on=date(r.year + 1, 5, 31),
                    qualitative_report="Bilan fictif.",
                )
                for r in past
            ),
        )
        granted: dict[int, Decimal] = {}
        for d in decisions:
            granted[d.request_id] = granted.get(d.request_id, Decimal(0)) + d.amount
        self._bulk(
            ReportLine,
            (ReportLine(report=r, account="64", realised=granted[r.request_id]) for r in reports),
        )
        bands = [AgeBand.B6_10, AgeBand.B11_14, AgeBand.B15_17]
        self._bulk(
            ReportReach,
            (
                ReportReach(
                    report=r,
                    qpv=q,
                    age_band=band,
                    girls=self.random.randint(0, 30),
                    boys=self.random.randint(0, 30),
                )
                for r in reports
                for q in qpvs[:2]
                for band in bands[: 1 + r.pk % 3]
            ),
        )

    def _fund(self, cite: CiteEducative, state_funder: Any) -> None:
        """The fund of the lead college, fed each year by the first State programme."""
        ledger = FundLedger.objects.create(
            cite=cite, authorising_officer="Principal du collège chef de file (synth.)"
        )
        self._bulk(
            FundEntry,
            (
                FundEntry(
                    ledger=ledger,
                    year=y,
                    kind=FundEntryKind.CONTRIBUTION,
                    funder=state_funder,
                    amount=Decimal(30000),
                    date=date(y, 3, 1),
                    object="Abondement du fonds (synth.)",
                )
                for y in self.years
            ),
        )

    def _governance(self, cite: CiteEducative, qpvs: list[Qpv], actions: list[Action]) -> None:
        bodies = self._bulk(
            Body,
            [
                Body(cite=cite, kind=BodyKind.COPIL_RESTREINT, name="Comité de pilotage restreint"),
                Body(cite=cite, kind=BodyKind.COMITE_TECHNIQUE, name="Comité technique"),
                Body(cite=cite, kind=BodyKind.REVUE_PROJET, name="Revue annuelle de projet"),
                *(
                    Body(
                        cite=cite,
                        kind=BodyKind.COLLECTIF_EDUCATIF,
                        name=f"Collectif éducatif {q.name}",
                        qpv=q,
                    )
                    for q in qpvs
                ),
            ],
        )
        now = timezone.now()
        meetings = []
        for year in self.years:
            for month in range(1, MEETINGS_PER_YEAR + 1):
                body = bodies[month % len(bodies)] if month % 3 else bodies[0]
                starts = timezone.make_aware(datetime.combine(date(year, month, 10), time(14)))
                meetings.append(
                    Meeting(
                        body=body,
                        title=f"{body.name} de {month:02d}/{year}",
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        place="Salle fictive",
                        agenda="Point d'étape\nProgrammation",
                        status=MeetingStatus.HELD if starts < now else MeetingStatus.PLANNED,
                        minutes="Compte rendu fictif." if starts < now else "",
                    )
                )
        meetings = self._bulk(Meeting, meetings)
        records = self._bulk(
            DecisionRecord,
            (
                DecisionRecord(
                    meeting=m, number=1, kind=DecisionKind.PROGRAMME, text="Programmation validée."
                )
                for m in meetings
                if m.body_id == bodies[0].pk and m.status == MeetingStatus.HELD
            ),
        )
        by_year: dict[int, list[Action]] = {}
        for action in actions:
            by_year.setdefault(action.year, []).append(action)
        self._through(
            DecisionRecord.actions,
            ((r.pk, a.pk) for r in records for a in by_year.get(r.meeting.starts_at.year, [])[:20]),
        )

    def _council(self, cite: CiteEducative) -> None:
        commune = cite.commune_list[0]  # type: ignore[attr-defined]
        council = Council.objects.create(
            name=f"Conseil municipal de la {commune.name}", commune=commune, members_in_office=11
        )
        councillors = self._bulk(
            Councillor,
            (
                Councillor(council=council, name=f"Élu synthétique {n + 1}", key=f"elu {n + 1}")
                for n in range(11)
            ),
        )
        sitting = Sitting.objects.create(
            council=council,
            date=date(self.years[0], 1, 30),
            chair=councillors[0],
            members_in_office=11,
            last_item=3,
        )
        self._bulk(
            Deliberation,
            (
                Deliberation(
                    sitting=sitting,
                    number=f"{self.years[0]}-{cite.slug[-3:]}-{n + 1}",
                    item=n + 1,
                    title=f"Cité éducative synthétique — délibération {n + 1}",
                    rapporteur=councillors[1],
                    votes_for=9,
                    votes_against=1,
                    abstentions=1,
                    cite=cite,
                )
                for n in range(2)
            ),
        )

    def _indicators(
        self, cite: CiteEducative, qpvs: list[Qpv], objectives: list[Objective]
    ) -> None:
        catalogue = install_catalogue(cite)
        self.counts.add(Indicator._meta.verbose_name_plural, len(catalogue))
        extra = self._bulk(
            Indicator,
            (
                Indicator(
                    cite=cite,
                    code=f"SYNTH_{n + 1:02d}",
                    name=f"Indicateur synthétique {n + 1}",
                    kind=[IndicatorKind.SUIVI, IndicatorKind.RESULTAT][n % 2],
                    unit=Unit.COUNT,
                    breakdowns=["sexe", "tranche_age", "qpv"],
                    baseline_value=Decimal(100),
                    target_value=Decimal(150),
                )
                for n in range(max(0, INDICATORS_PER_CITE - len(catalogue)))
            ),
        )
        indicators = [i for i in catalogue if not i.is_derived] + extra
        self._through(
            Indicator.objectives,
            ((i.pk, objectives[n % len(objectives)].pk) for n, i in enumerate(catalogue + extra)),
        )
        cells: list[tuple[Qpv | None, str, str]] = [
            (q, s, b) for q in qpvs for s in (Sex.GIRLS, Sex.BOYS) for b in AgeBand
        ]
        cells += [(None, s, b) for s in (Sex.GIRLS, Sex.BOYS) for b in AgeBand]
        cells += [(None, s, "") for s in (Sex.GIRLS, Sex.BOYS)]
        now = timezone.now()
        rows = [
            (
                indicator.pk,
                str(year),
                PeriodKind.YEAR.value,
                year,
                qpv.pk if qpv else None,
                sex,
                band,
                "",
                *self._figure(indicator.unit),
                Origin.IMPORTED.value,
                now,
                False,
            )
            for indicator in indicators
            for year in self.years
            for qpv, sex, band in cells
        ]
        columns = ["indicator_id", "period", "period_kind", "year", "qpv_id", "sex", "age_band",
                   "time_of_day", "value", "numerator", "denominator", "origin", "entered_on",
                   "is_demo"]  # fmt: skip
        self._insert(Measurement, columns, rows)
        self.counts.add(Measurement._meta.verbose_name_plural, len(rows))

    def _figure(self, unit: str) -> tuple[Decimal, int | None, int | None]:
        """A measurement's value, numerator and denominator for its unit."""
        if unit in (Unit.RATE, Unit.PERCENTAGE):
            denominator = self.random.randint(20, 400)
            numerator = self.random.randint(0, denominator)
            value = Decimal(100 * numerator / denominator).quantize(Decimal("0.01"))
            if unit == Unit.RATE:
                return value, numerator, denominator
            return value, None, None
        if unit == Unit.EUROS:
            return Decimal(self.random.randint(1000, 90000)), None, None
        return Decimal(self.random.randint(0, 60)), None, None

    def _reviews(self, cite: CiteEducative) -> None:
        """Past years' reviews: the first one transmitted everywhere, later ones at every
        stage, so that the national list shows each status."""
        number = int(cite.slug[len(SLUG_PREFIX) :])
        stages = [ReviewStatus.TRANSMITTED, ReviewStatus.VALIDATED, ReviewStatus.DRAFT]
        rows = []
        for n, year in enumerate(self.years[:-1]):
            status = stages[(number + n) % 3] if n else ReviewStatus.TRANSMITTED
            sent = status == ReviewStatus.TRANSMITTED
            rows.append(
                AnnualReview(
                    cite=cite,
                    year=year,
                    status=status,
                    transmitted_on=date(year + 1, 3, 31) if sent else None,
                    transmitted_by=self.national_user if sent else None,
                )
            )
        self._bulk(AnnualReview, rows)


def generate(
    *,
    cites: int = 250,
    years: int = 3,
    seed: int = 1,
    actions: int = 120,
    progress: Callable[[str], None] = lambda _text: None,
) -> Counts:
    return Generator(cites=cites, years=years, seed=seed, actions=actions, progress=progress).run()

"""Measurements entered by people: one validation for the form and the CSV import, one way to
save them. Every refusal says what is wrong in words a treasurer understands."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from citeduc.accounts.models import User
from citeduc.action_plan.enums import TimeOfDay
from citeduc.common.enums import AgeBand
from citeduc.common.importing import PROGRESS_EVERY, ImportReport, read_table
from citeduc.common.upsert import Outcome, upsert
from citeduc.indicators.enums import Breakdown, Origin, Sex, Unit
from citeduc.indicators.models import Indicator, Measurement
from citeduc.indicators.periods import Period, parse_period
from citeduc.territory.models import CiteEducative, Qpv

COLUMNS = ["indicateur", "periode", "qpv", "sexe", "tranche_age", "valeur"]
OPTIONAL_COLUMNS = ["numerateur", "denominateur", "temps"]
SEX_ALIASES = {"F": Sex.GIRLS, "G": Sex.BOYS, "H": Sex.BOYS, "M": Sex.BOYS}
CENT = Decimal("0.01")


class Refused(ValueError):
    """A measurement that cannot be kept, with the reason."""


@dataclass(frozen=True)
class Cell:
    """Where a measurement sits: its period and its dimensions ("" or None: all)."""

    period: Period
    qpv: Qpv | None = None
    sex: str = ""
    age_band: str = ""
    time_of_day: str = ""

    def key(self, indicator: Indicator) -> tuple[int, str, int | None, str, str, str]:
        qpv_id = self.qpv.pk if self.qpv else None
        return (indicator.pk, self.period.code, qpv_id, self.sex, self.age_band, self.time_of_day)


@dataclass(frozen=True)
class Figure:
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None


def parse_number(text: str, label: str) -> Decimal:
    try:
        number = Decimal(text.replace("\u202f", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise Refused(f"{label} « {text} » n'est pas un nombre") from None
    if not number.is_finite():
        raise Refused(f"{label} « {text} » n'est pas un nombre")
    if number < 0:
        raise Refused(f"{label} négative ({text}) : un effectif ou un montant est positif")
    return number


def parse_count(text: str, label: str) -> int:
    number = parse_number(text, label)
    if number != number.to_integral_value():
        raise Refused(f"{label} « {text} » doit être un nombre entier")
    return int(number)


def figure_of(
    indicator: Indicator, value: str, numerator: str = "", denominator: str = ""
) -> Figure:
    """Check a value against the indicator's unit; a rate keeps its numerator and denominator."""
    if indicator.unit == Unit.RATE:
        if not numerator or not denominator:
            raise Refused(
                f"{indicator.code} est un taux : numérateur et dénominateur sont obligatoires"
            )
        num = parse_count(numerator, "Numérateur")
        den = parse_count(denominator, "Dénominateur")
        if den == 0:
            raise Refused("Dénominateur nul : le taux n'existe pas")
        if num > den:
            raise Refused(f"le numérateur ({num}) dépasse le dénominateur ({den})")
        computed = (Decimal(100) * num / den).quantize(CENT, ROUND_HALF_UP)
        if value and abs(parse_number(value, "Valeur") - computed) > Decimal("0.5"):
            raise Refused(f"valeur {value} différente du taux calculé ({computed} %)")
        return Figure(computed, num, den)
    if numerator or denominator:
        raise Refused(f"{indicator.code} n'est pas un taux : pas de numérateur ni de dénominateur")
    if not value:
        raise Refused("valeur manquante")
    if indicator.unit == Unit.COUNT:
        return Figure(Decimal(parse_count(value, "Effectif")))
    number = parse_number(value, "Valeur")
    if indicator.unit == Unit.PERCENTAGE and number > 100:
        raise Refused(f"pourcentage {number} supérieur à 100")
    return Figure(number.quantize(CENT, ROUND_HALF_UP))


def cell_of(
    indicator: Indicator,
    qpvs: dict[str, Qpv],
    *,
    period: str,
    qpv: str = "",
    sex: str = "",
    age_band: str = "",
    time_of_day: str = "",
) -> Cell:
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    found = None
    if qpv:
        found = qpvs.get(qpv.strip().upper())
        if found is None:
            raise Refused(f"QPV « {qpv} » hors de la Cité {indicator.cite.name}")
    sex_value = ""
    if sex:
        sex_value = SEX_ALIASES.get(sex.strip().upper(), "")
        if not sex_value:
            raise Refused(f"sexe « {sex} » inconnu : F (filles) ou G (garçons)")
    if age_band and age_band not in AgeBand.values:
        raise Refused(f"tranche d'âge « {age_band} » inconnue : {', '.join(AgeBand.values)}")
    if time_of_day and time_of_day not in TimeOfDay.values:
        raise Refused(f"temps « {time_of_day} » inconnu : {', '.join(TimeOfDay.values)}")
    cell = Cell(parsed, found, sex_value, age_band, time_of_day)
    missing = [
        Breakdown(b).label.lower()
        for b, filled in (
            (Breakdown.QPV, found),
            (Breakdown.SEX, sex_value),
            (Breakdown.AGE_BAND, age_band),
            (Breakdown.TIME_OF_DAY, time_of_day),
        )
        if b.value in indicator.breakdowns and not filled
    ]
    if missing:
        raise Refused(f"{indicator.code} se ventile par {', '.join(missing)} : à renseigner")
    return cell


def save(
    indicator: Indicator,
    cell: Cell,
    figure: Figure,
    *,
    by: User | None,
    origin: Origin = Origin.ENTERED,
    is_demo: bool = False,
) -> Outcome:
    _measurement, outcome = upsert(
        Measurement,
        {
            "indicator": indicator,
            "period": cell.period.code,
            "qpv": cell.qpv,
            "sex": cell.sex,
            "age_band": cell.age_band,
            "time_of_day": cell.time_of_day,
        },
        {
            "period_kind": cell.period.kind,
            "year": cell.period.year,
            "value": figure.value,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "origin": origin,
            "entered_by": by,
            "is_demo": is_demo,
        },
    )
    return outcome


def indicators_for_entry(cite: CiteEducative) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(cite=cite).select_related("cite")}


def import_measurements(
    path: Path,
    cite: CiteEducative,
    *,
    dry_run: bool = False,
    by: User | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """All or nothing: every line is checked first; a single fault writes nothing. The file is a
    CSV (UTF-8 or Windows-1252), XLSX or ODS with the columns of the template."""
    report = report or ImportReport(path)
    rows = _checked_measurements(path, cite, report)
    report.raise_if_errors()
    with transaction.atomic():
        for done, (where, indicator, cell, figure) in enumerate(rows, start=1):
            outcome = save(indicator, cell, figure, by=by, origin=Origin.IMPORTED)
            report.count(outcome, where, f"{indicator.code} {cell.period.code} : {figure.value}")
            if done % PROGRESS_EVERY == 0 or done == len(rows):
                report.progress("Écriture", done, len(rows))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _checked_measurements(
    path: Path, cite: CiteEducative, report: ImportReport
) -> list[tuple[str, Indicator, Cell, Figure]]:
    indicators = indicators_for_entry(cite)
    qpvs = {q.code: q for q in cite.qpvs.all()}
    rows: list[tuple[str, Indicator, Cell, Figure]] = []
    seen: dict[tuple[int, str, int | None, str, str, str], int] = {}
    lines = list(read_table(path, required=COLUMNS, notices=report.notices))
    for done, row in enumerate(lines, start=1):
        if done % PROGRESS_EVERY == 0 or done == len(lines):
            report.progress("Vérification", done, len(lines))
        data = row.data
        try:
            indicator = indicators.get(data["indicateur"].strip().upper())
            if indicator is None:
                raise Refused(f"indicateur « {data['indicateur']} » inconnu dans cette Cité")
            if indicator.is_derived:
                raise Refused(f"{indicator.code} est calculé par citeduc et ne s'importe pas")
            cell = cell_of(
                indicator,
                qpvs,
                period=data["periode"],
                qpv=data["qpv"],
                sex=data["sexe"],
                age_band=data["tranche_age"].strip(),
                time_of_day=data.get("temps", "").strip(),
            )
            figure = figure_of(
                indicator, data["valeur"], data.get("numerateur", ""), data.get("denominateur", "")
            )
        except Refused as exc:
            report.error(row.where(), str(exc))
            continue
        key = cell.key(indicator)
        if key in seen:
            report.error(row.where(), f"même mesure que la ligne {seen[key]}")
            continue
        seen[key] = row.line
        rows.append((row.where(), indicator, cell, figure))
    return rows


@transaction.atomic
def save_grid(
    indicator: Indicator, entries: list[tuple[Cell, Figure | None]], *, by: User | None
) -> int:
    """Keep what the form holds for the period: filled cells saved, emptied cells removed."""
    written = 0
    for cell, figure in entries:
        if figure is None:
            Measurement.objects.filter(
                indicator=indicator,
                period=cell.period.code,
                qpv=cell.qpv,
                sex=cell.sex,
                age_band=cell.age_band,
                time_of_day=cell.time_of_day,
            ).delete()
            continue
        save(indicator, cell, figure, by=by)
        written += 1
    return written

"""Rule findings kept, not recomputed on every page: a Cité's year judged by every rule of the
convention (perimeter, money, governance: ``check_all``; evaluation protocol: ``r_eval_1``) is
stored with the day and the version of the Cité's data it was judged on.

Any write to the Cité's rows gives it a new version (`common/versions.py`), in the same
transaction; the next reader finds the kept findings out of date, judges again and keeps the new
result. So the dashboard, the Cité's home and the annual review read one row instead of running
some hundreds of milliseconds of rules at national size; and they all read the same findings.
A transaction that has written to the Cité reads the rules afresh (nothing kept is its truth)."""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from citeduc.common import versions
from citeduc.common.findings import Finding, Severity
from citeduc.funding.rules import Totals
from citeduc.governance.loaders import check_all
from citeduc.indicators.models import KeptFindings
from citeduc.indicators.protocol import r_eval_1
from citeduc.territory.models import CiteEducative


@dataclass
class Rules:
    totals: Totals
    findings: list[Finding]  # check_all's: perimeter, money, governance
    evaluation: list[Finding]  # R-EVAL-1

    @property
    def every_finding(self) -> list[Finding]:
        return self.findings + self.evaluation


def judge(cite: CiteEducative, year: int, today: date | None = None) -> Rules:
    """Every rule run on the source rows (what the kept findings must equal)."""
    totals, findings = check_all(cite, year, today)
    return Rules(totals, findings, r_eval_1(cite, year, today))


def rules_of(cite: CiteEducative, year: int, today: date | None = None) -> Rules:
    """The Cité's findings for the year, as of today: the kept ones if the data has not changed
    since they were judged, otherwise judged now and kept. Another day than today is judged
    without keeping."""
    current = timezone.localdate()
    if today is not None and today != current:
        return judge(cite, year, today)
    version = versions.cite_version(cite.pk)
    if version is None:
        return judge(cite, year, current)
    row = KeptFindings.objects.filter(cite=cite, year=year).first()
    if row is not None and row.as_of == current and row.version == version:
        return decode(row.payload)
    rules = judge(cite, year, current)
    _keep(cite, year, current, version, rules)
    return rules


def _keep(cite: CiteEducative, year: int, today: date, version: str, rules: Rules) -> None:
    values = {"as_of": today, "version": version, "payload": encode(rules)}
    try:
        with transaction.atomic():
            KeptFindings.objects.update_or_create(cite=cite, year=year, defaults=values)
    except IntegrityError:
        pass  # another reader kept the same judgement at the same moment


def forget(cite_ids: list[int] | None = None) -> int:
    """Drop the kept findings (of these Cités, or all): the next readers judge again."""
    rows = KeptFindings.objects.all()
    if cite_ids is not None:
        rows = rows.filter(cite_id__in=cite_ids)
    deleted, _per_model = rows.delete()
    return deleted


# ---- stored as JSON, read back as the same Python values -------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_value(v) for v in value]}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    return value


def _read(value: Any) -> Any:
    if isinstance(value, list):
        return [_read(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return Decimal(value["$decimal"])
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        if set(value) == {"$tuple"}:
            return tuple(_read(v) for v in value["$tuple"])
        return {k: _read(v) for k, v in value.items()}
    return value


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": str(f.severity), "message": f.message,
            "figures": _value(f.figures)}  # fmt: skip


def encode(rules: Rules) -> dict[str, Any]:
    return {
        "totals": {f.name: str(getattr(rules.totals, f.name)) for f in fields(Totals)},
        "findings": [_finding(f) for f in rules.findings],
        "evaluation": [_finding(f) for f in rules.evaluation],
    }


def decode(payload: dict[str, Any]) -> Rules:
    def finding(data: dict[str, Any]) -> Finding:
        return Finding(
            data["rule"], Severity(data["severity"]), data["message"], _read(data["figures"])
        )

    return Rules(
        Totals(**{name: Decimal(value) for name, value in payload["totals"].items()}),
        [finding(f) for f in payload["findings"]],
        [finding(f) for f in payload["evaluation"]],
    )

"""What a rule check reports, whatever the rule: money (R-FUND), governance (R-GOV) or a council
vote (R-DELIB). The same shape everywhere, in pages and in `--json` outputs."""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import models


class Severity(models.TextChoices):
    BLOCKING = "blocking", "Bloquant"
    WARNING = "warning", "Alerte"


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    figures: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["figures"] = {
            k: float(v) if isinstance(v, Decimal) else v for k, v in self.figures.items()
        }
        return data

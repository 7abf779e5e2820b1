"""Give a Cité the starter catalogue: one operation, idempotent on (Cité, code)."""

from django.db import transaction

from citeduc.indicators.catalogue import CATALOGUE, Entry
from citeduc.indicators.models import EvaluationProtocol, Indicator
from citeduc.territory.models import CiteEducative


def fields_of(entry: Entry) -> dict[str, object]:
    return {
        "name": entry.name,
        "definition": entry.definition,
        "kind": entry.kind,
        "unit": entry.unit,
        "breakdowns": list(entry.breakdowns),
        "source": entry.source,
        "frequency": entry.frequency,
        "reported_by": entry.reported_by,
        "derived_from": entry.derived_from,
        "higher_is_better": entry.higher_is_better,
    }


@transaction.atomic
def install_catalogue(cite: CiteEducative, codes: list[str] | None = None) -> list[Indicator]:
    """Create the catalogue's indicators the Cité lacks; those it has keep their own wording,
    baseline and target."""
    EvaluationProtocol.objects.get_or_create(cite=cite)
    indicators = []
    for entry in CATALOGUE:
        if codes is not None and entry.code not in codes:
            continue
        indicator, _ = Indicator.objects.get_or_create(
            cite=cite, code=entry.code, defaults=fields_of(entry)
        )
        indicators.append(indicator)
    return indicators

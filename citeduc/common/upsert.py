from enum import StrEnum
from typing import Any

from django.db import models


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def upsert[M: models.Model](
    model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, Outcome]:
    """Create or update the row found by its natural key, and say which happened.

    Only the given fields are written, so an import that does not carry a field leaves it alone.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance, Outcome.CREATED
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, Outcome.UNCHANGED
    for name in changed:
        setattr(instance, name, values[name])
    instance.full_clean()
    instance.save(update_fields=changed)
    return instance, Outcome.UPDATED

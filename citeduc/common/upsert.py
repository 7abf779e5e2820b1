from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import Any

from django.db import models

from citeduc.common import undo

_TRUSTED = ContextVar("citeduc_upsert_trusted", default=False)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@contextmanager
def trusted_source() -> Iterator[None]:
    """Inside, `upsert` writes without a per-row `full_clean()`: for citeduc's own seed data (the
    demo), whose every row is checked by a test instead (demo/tests/test_load_demo.py). Files a
    user brings are never read inside it."""
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def upsert[M: models.Model](
    model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, Outcome]:
    """Create or update the row found by its natural key, and say which happened.

    Only the given fields are written, so an import that does not carry a field leaves it alone.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        if not _TRUSTED.get():
            instance.full_clean()
        instance.save()
        undo.created(instance, [*lookup, *values])
        return instance, Outcome.CREATED
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, Outcome.UNCHANGED
    before = undo.snapshot(instance, changed)
    for name in changed:
        setattr(instance, name, values[name])
    if not _TRUSTED.get():
        instance.full_clean()
    instance.save(update_fields=changed)
    undo.updated(instance, before, changed)
    return instance, Outcome.UPDATED

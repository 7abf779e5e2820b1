"""What an import wrote, kept so that it can be undone while nothing was written on top of it.

Inside `recording()`, `upsert` (and the importers for what they write by hand) note every row
created, every field changed with its value before and after, and every link added. `undo`
checks that each of those rows still holds what the import wrote, then deletes what it created,
puts back what it changed and removes the links it added, in one transaction; if anything was
changed since, it refuses and says what."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction

Change = dict[str, Any]
_JOURNAL: ContextVar[list[Change] | None] = ContextVar("citeduc_undo_journal", default=None)


@contextmanager
def recording() -> Iterator[list[Change]]:
    journal: list[Change] = []
    token = _JOURNAL.set(journal)
    try:
        yield journal
    finally:
        _JOURNAL.reset(token)


def _label(instance: models.Model) -> str:
    return instance._meta.label


def _text(field: Any, instance: models.Model) -> str | None:
    """A field's value as the database keeps it (12000 and 12000.00 are one amount)."""
    raw = getattr(instance, field.attname)
    if raw is None:
        return None
    if isinstance(field, models.DecimalField):
        return str(Decimal(raw).quantize(Decimal(1).scaleb(-(field.decimal_places or 0))))
    return str(field.value_to_string(instance))


def _values(instance: models.Model, names: list[str]) -> dict[str, str | None]:
    fields = [instance._meta.get_field(name) for name in names]
    return {field.attname: _text(field, instance) for field in fields}  # type: ignore[union-attr]


def created(instance: models.Model, names: list[str]) -> None:
    if (journal := _JOURNAL.get()) is not None:
        journal.append(
            {"kind": "created", "model": _label(instance), "pk": instance.pk,
             "after": _values(instance, names)}
        )  # fmt: skip


def updated(instance: models.Model, before: dict[str, str | None], names: list[str]) -> None:
    """`before`: `snapshot(instance, names)` taken before the fields were set."""
    if (journal := _JOURNAL.get()) is not None:
        journal.append(
            {"kind": "updated", "model": _label(instance), "pk": instance.pk,
             "before": before, "after": _values(instance, names)}
        )  # fmt: skip


def snapshot(instance: models.Model, names: list[str]) -> dict[str, str | None]:
    return _values(instance, names)


def linked(instance: models.Model, relation: str, pks: list[Any]) -> None:
    """Links added to a many-to-many relation of a row that existed before the import (a row the
    import created takes its links with it when it is deleted)."""
    if pks and (journal := _JOURNAL.get()) is not None:
        journal.append(
            {"kind": "linked", "model": _label(instance), "pk": instance.pk,
             "relation": relation, "pks": list(pks)}
        )  # fmt: skip


class CannotUndo(Exception):
    pass


def _row(change: Change) -> models.Model | None:
    model = apps.get_model(change["model"])
    return model._default_manager.filter(pk=change["pk"]).first()


def _problems(journal: list[Change]) -> list[str]:
    """Why the journal can no longer be undone: rows deleted or changed since the import (each
    row is compared with the last values the import gave it)."""
    expected: dict[tuple[str, Any], dict[str, str | None]] = {}
    for change in journal:
        values = expected.setdefault((change["model"], change["pk"]), {})
        values.update(change.get("after", {}))
    problems = []
    for (label, pk), values in expected.items():
        row = _row({"model": label, "pk": pk})
        name = label.split(".")[-1]
        if row is None:
            problems.append(f"{name} n° {pk} a été supprimé depuis l'import")
            continue
        names = [f.name for f in row._meta.concrete_fields if f.attname in values]
        if _values(row, names) != values:
            problems.append(f"{name} n° {pk} a été modifié depuis l'import ({row})")
    return problems


@transaction.atomic
def undo(journal: list[Change]) -> int:
    """Undo an import's journal, last change first; returns how many changes were undone."""
    problems = _problems(journal)
    if problems:
        raise CannotUndo("; ".join(problems[:5]) + (" ; …" if len(problems) > 5 else ""))
    for change in reversed(journal):
        row = _row(change)
        if row is None:
            continue  # deleted with a row created by the same import (cascade)
        if change["kind"] == "created":
            row.delete()
        elif change["kind"] == "updated":
            for attname, text in change["before"].items():
                field = next(f for f in row._meta.concrete_fields if f.attname == attname)
                setattr(row, attname, None if text is None else field.to_python(text))
            row.save(update_fields=[f.name for f in row._meta.concrete_fields
                                    if f.attname in change["before"]])  # fmt: skip
        else:
            getattr(row, change["relation"]).remove(*change["pks"])
    return len(journal)

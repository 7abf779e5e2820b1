"""What every SCDL export shares: the CSV written from rows, and frictionless validation against
the official schema, each error said with its line and column."""

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from frictionless import Resource, Schema

from citeduc.common.cells import inert_dicts


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(inert_dicts(rows))
    return buffer.getvalue()


def _describe(error: Any) -> str:
    """A frictionless error in our words: the line and the column when it has them."""
    row, field = getattr(error, "row_number", None), getattr(error, "field_name", None)
    return f"ligne {row}, {field} : {error.note}" if row and field else str(error.message)


def _errors(text: str, schema_path: Path) -> list[Any]:
    descriptor = json.loads(schema_path.read_text(encoding="utf-8"))
    schema = Schema.from_descriptor(descriptor)
    resource = Resource(data=text.encode("utf-8"), format="csv", encoding="utf-8", schema=schema)
    report = resource.validate()
    return [error for task in report.tasks for error in task.errors]


def schema_errors(text: str, schema_path: Path) -> list[str]:
    """The errors frictionless finds in a CSV text against a Table Schema file."""
    return [_describe(error) for error in _errors(text, schema_path)]


def row_errors(text: str, schema_path: Path) -> dict[int, list[str]]:
    """The errors frictionless finds in each line of a CSV text (the header is line 1); an error
    of the whole file (a missing column) is put on line 1."""
    found: dict[int, list[str]] = {}
    for error in _errors(text, schema_path):
        line = getattr(error, "row_number", None) or 1
        field = getattr(error, "field_name", None)
        found.setdefault(line, []).append(f"{field} : {error.note}" if field else error.message)
    return found


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write_validated(
    rows: list[dict[str, str]],
    columns: list[str],
    validate: Callable[[str], list[str]],
    output: Path,
    label: str,
) -> int:
    """Write the CSV only if it validates; else refuse with every error and write nothing."""
    text = to_csv(rows, columns)
    errors = validate(text)
    if errors:
        raise CommandError(
            f"Export {label} refusé, {len(errors)} erreur(s) ; aucun fichier écrit :\n"
            + "\n".join(f"  - {error}" for error in errors)
        )
    output.write_text(text, encoding="utf-8")
    return len(rows)

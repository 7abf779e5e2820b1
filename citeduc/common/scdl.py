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


def schema_errors(text: str, schema_path: Path) -> list[str]:
    """The errors frictionless finds in a CSV text against a Table Schema file."""
    descriptor = json.loads(schema_path.read_text(encoding="utf-8"))
    schema = Schema.from_descriptor(descriptor)
    resource = Resource(data=text.encode("utf-8"), format="csv", encoding="utf-8", schema=schema)
    report = resource.validate()
    return [_describe(error) for task in report.tasks for error in task.errors]


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

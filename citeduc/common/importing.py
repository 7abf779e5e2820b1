"""What every import command shares: rows located by file and line, errors collected, one verdict.

An import reads the whole file, validates every row, and only writes when no row is at fault; the
writing happens inside one transaction, rolled back on ``--dry-run``.
"""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

# A cell or a JSON text longer than this is not data a person typed: the file is refused.
MAX_FIELD = 10_000
MAX_JSON_DEPTH = 64


@dataclass(frozen=True)
class Located:
    """A row of an input file with where it comes from (line 1 is the header of a CSV)."""

    path: Path
    line: int
    data: dict[str, str]

    def where(self) -> str:
        return f"{self.path.name}, ligne {self.line}"


@dataclass
class ImportReport:
    path: Path
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where} : {message}")

    def raise_if_errors(self) -> None:
        if self.errors:
            lines = "\n".join(f"  - {error}" for error in self.errors)
            raise CommandError(
                f"{len(self.errors)} erreur(s) dans {self.path} ; rien n'a été écrit.\n{lines}"
            )

    def summary(self, *, dry_run: bool) -> str:
        prefix = "Simulation (--dry-run), rien n'a été écrit : " if dry_run else ""
        return (
            f"{prefix}{self.created} créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s), {self.skipped} ignoré(s)."
        )


def read_text(path: Path) -> str:
    """Read a UTF-8 file, with or without a byte-order mark."""
    if not path.is_file():
        raise CommandError(f"Fichier introuvable : {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path.name} n'est pas encodé en UTF-8 (octet {exc.start}).") from exc
    if "\x00" in text:
        # Not text, and PostgreSQL refuses it in any text column: stop before reading further.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CommandError(
            f"{path.name}, ligne {line} : caractère nul (octet 0), fichier illisible."
        )
    return text


def read_csv(path: Path, *, required: list[str], delimiter: str | None = None) -> Iterator[Located]:
    """Yield the rows of a CSV file; a missing required column stops everything at once."""
    text = read_text(path)
    if delimiter is None:
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise CommandError(
            f"{path.name}, ligne 1 : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}"
        )
    reader.fieldnames = header
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a field past the csv module's limit, a stray quote
            raise CommandError(
                f"{path.name}, ligne {reader.line_num} : ligne illisible ({error})."
            ) from error
        # reader.line_num counts physical lines, so quoted multi-line cells keep lines right.
        values = {key: (value or "").strip() for key, value in row.items() if key is not None}
        too_long = [key for key, value in values.items() if len(value) > MAX_FIELD]
        if too_long:
            raise CommandError(
                f"{path.name}, ligne {reader.line_num} : la colonne « {too_long[0]} » dépasse "
                f"{MAX_FIELD} caractères ; le fichier n'est pas lu plus loin, rien n'est écrit."
            )
        yield Located(path=path, line=reader.line_num, data=values)


def read_json(path: Path) -> Any:
    """A JSON file, refused with a clear error when it is malformed, nested past reason (the
    parser would exhaust Python's stack) or holds a NUL character (written \\u0000 in JSON,
    which PostgreSQL refuses in any text)."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path.name}, ligne {error.lineno} : JSON invalide ({error.msg})."
        ) from error
    except RecursionError as error:
        raise CommandError(f"{path.name} : JSON imbriqué trop profondément.") from error
    pending: list[tuple[str, Any, int]] = [("", data, 0)]
    while pending:
        where, value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise CommandError(f"{path.name} : JSON imbriqué trop profondément ({where}).")
        if isinstance(value, str):
            if "\x00" in value:
                raise CommandError(f"{path.name}, {where or 'racine'} : caractère nul (\\u0000).")
            if len(value) > MAX_FIELD:
                raise CommandError(f"{path.name}, {where} : plus de {MAX_FIELD} caractères.")
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise CommandError(f"{path.name}, {where or 'racine'} : caractère nul.")
                pending.append((f"{where}.{key}" if where else key, item, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                pending.append(
                    (f"{where}[{index}]" if where else f"élément {index + 1}", item, depth + 1)
                )
    return data


def parse_decimal_degrees(value: str, *, low: float, high: float, label: str) -> float | None:
    """An empty cell is 'unknown'; anything else must be a number within range."""
    if value == "":
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise ValueError(f"{label} n'est pas un nombre : {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{label} hors des bornes [{low}, {high}] : {value}")
    return number

"""What every import command shares: rows located by file and line, errors collected, one verdict.

An import reads the whole file, validates every row, and only writes when no row is at fault; the
writing happens inside one transaction, rolled back on ``--dry-run``.
"""

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from citeduc.common.spreadsheet import TOTAL_LABEL
from citeduc.common.uploads import ArchiveTooLarge, spreadsheet_kind

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


# Progress of a long import: (phase, done, total), e.g. ("Vérification", 120, 2000).
Progress = Callable[[str, int, int], None]
# How often, in lines, an import reports its progress.
PROGRESS_EVERY = 50
# A job keeps this many lines of its line-by-line report (the counts cover every line).
MAX_REPORTED_LINES = 5000


def no_progress(phase: str, done: int, total: int) -> None:
    """The progress callback of an import run from the shell: nobody watches a bar."""


@dataclass
class ImportReport:
    path: Path
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    # What the reader had to assume (an encoding, a separator), said to the person importing.
    notices: list[str] = field(default_factory=list)
    # Line by line: (where, outcome, what) — shown by the preview of an import in the browser.
    lines: list[tuple[str, str, str]] = field(default_factory=list)
    progress: Progress = no_progress

    def count(self, outcome: str, where: str = "", what: str = "") -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if where:
            self.lines.append((where, outcome, what))

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where} : {message}")

    def raise_if_errors(self) -> None:
        if self.errors:
            lines = "\n".join(f"  - {error}" for error in self.errors)
            name, count = self.path.name, len(self.errors)
            raise ImportRefused(
                self, f"{count} erreur(s) dans {name} ; rien n'a été écrit.\n{lines}"
            )

    def as_data(self) -> dict[str, Any]:
        """What a job keeps of the report (JSON)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
            "notices": self.notices,
            "lines": [list(line) for line in self.lines[:MAX_REPORTED_LINES]],
            "lines_omitted": max(0, len(self.lines) - MAX_REPORTED_LINES),
        }

    def summary(self, *, dry_run: bool) -> str:
        prefix = "Simulation (--dry-run), rien n'a été écrit : " if dry_run else ""
        notices = "".join(f"\n{notice}" for notice in self.notices)
        return (
            f"{prefix}{self.created} créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s), {self.skipped} ignoré(s).{notices}"
        )


class ImportRefused(CommandError):
    """Faults were found: nothing is written, and the report says which lines."""

    def __init__(self, report: ImportReport, message: str) -> None:
        super().__init__(message)
        self.report = report


def read_text(path: Path, notices: list[str] | None = None) -> str:
    """Read a text file: UTF-8 with or without a byte-order mark, else Windows-1252 (what Excel
    writes on Windows), said in `notices`; anything else is refused with the byte at fault."""
    if not path.is_file():
        raise CommandError(f"Fichier introuvable : {path}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise CommandError(
                f"{path.name} n'est encodé ni en UTF-8 ni en Windows-1252 (octet {exc.start})."
            ) from exc
        if notices is not None:
            notices.append(
                f"{path.name} est encodé en Windows-1252 (pas en UTF-8) : lu comme tel, "
                "vérifiez les accents dans l'aperçu."
            )
    if "\x00" in text:
        # Not text, and PostgreSQL refuses it in any text column: stop before reading further.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CommandError(
            f"{path.name}, ligne {line} : caractère nul (octet 0), fichier illisible."
        )
    return text


def column_key(name: str) -> str:
    """A column title as a person types it → the name an importer knows:
    « Demandé P147 » → demande_p147, « N° de l'action » → n_de_l_action."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def _check_header(path: Path, header: list[str], required: list[str]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise CommandError(
            f"{path.name}, ligne 1 : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}"
        )


def _check_cells(path: Path, line: int, values: dict[str, str]) -> None:
    too_long = [key for key, value in values.items() if len(value) > MAX_FIELD]
    if too_long:
        raise CommandError(
            f"{path.name}, ligne {line} : la colonne « {too_long[0]} » dépasse "
            f"{MAX_FIELD} caractères ; le fichier n'est pas lu plus loin, rien n'est écrit."
        )


def spreadsheet_of(path: Path) -> str | None:
    """« xlsx » or « ods » when the file is a spreadsheet (read from its content, not its name)."""
    with path.open("rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            return None
        try:
            return spreadsheet_kind(handle)
        except ArchiveTooLarge as bomb:
            raise CommandError(f"{path.name} : archive anormale ({bomb}).") from bomb


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person would have typed in a CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


HEADER_SEARCH = 5  # the header may sit under a title and a few lines of notes


def _header_row(rows: list[list[Any]], required: list[str], normalize: bool) -> int:
    """The index of the header: the first of the top rows that names every required column (a
    title row may come first, as in citeduc's own exports); else the first row."""
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        names = [cell_text(name) for name in row]
        if normalize:
            names = [column_key(name) for name in names]
        if all(name in names for name in required):
            return index
    return 0


def read_sheet(path: Path, *, required: list[str], normalize: bool = False) -> Iterator[Located]:
    """Yield the rows of the first sheet of an XLSX or ODS file, each with its line in the sheet
    (the header is line 1, or the line under a title)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as error:
        raise CommandError(f"{path.name} : classeur illisible ({error}).") from error
    if not rows:
        raise CommandError(f"{path.name} : la première feuille est vide.")
    at = _header_row(rows, required, normalize)
    header = [cell_text(name) for name in rows[at]]
    if normalize:
        header = [column_key(name) for name in header]
    _check_header(path, header, required)
    for number, row in enumerate(rows[at + 1 :], start=at + 2):
        values = {key: cell_text(value) for key, value in zip(header, row, strict=False) if key}
        if not any(values.values()) or cell_text(row[0] if row else "") == TOTAL_LABEL:
            continue  # an empty line between blocks, or the totals of an export: not data
        _check_cells(path, number, values)
        yield Located(path=path, line=number, data=values)


def read_table(
    path: Path,
    *,
    required: list[str],
    notices: list[str] | None = None,
    normalize: bool = False,
) -> Iterator[Located]:
    """The rows of a CSV (UTF-8 or Windows-1252, « ; » or « , »), XLSX or ODS file."""
    if path.is_file() and spreadsheet_of(path):
        return read_sheet(path, required=required, normalize=normalize)
    return read_csv(path, required=required, notices=notices, normalize=normalize)


def read_csv(
    path: Path,
    *,
    required: list[str],
    delimiter: str | None = None,
    notices: list[str] | None = None,
    normalize: bool = False,
) -> Iterator[Located]:
    """Yield the rows of a CSV file; a missing required column stops everything at once."""
    text = read_text(path, notices)
    if delimiter is None:
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    if normalize:
        header = [column_key(name) for name in header]
    _check_header(path, header, required)
    reader.fieldnames = header
    return _csv_rows(path, reader)


def _csv_rows(path: Path, reader: csv.DictReader[str]) -> Iterator[Located]:
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
        _check_cells(path, reader.line_num, values)
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

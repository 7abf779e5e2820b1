"""Uploaded documents: the type is read from the content, never trusted from the name."""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from citeduc.common import antivirus


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", (".pdf",))
PNG = FileType("image PNG", "image/png", (".png",))
JPEG = FileType("image JPEG", "image/jpeg", (".jpg", ".jpeg"))
ODT = FileType("texte OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileType("tableur OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
DOCX = FileType(
    "document Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "classeur Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
ACCEPTED = (PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX)
ACCEPTED_LABEL = "PDF, PNG, JPEG, ODT, ODS, DOCX ou XLSX"


def max_upload_bytes() -> int:
    return int(settings.CITEDUC_UPLOAD_MAX_MB * 1024 * 1024)


# An office document is a ZIP: its members are counted and their declared sizes added up before
# anything is read, and the one member read (`mimetype`) is read a few bytes at most, so that a
# small file inflating to gigabytes (a "zip bomb") costs nothing.
MAX_MEMBERS = 5000
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MIMETYPE_BYTES = 100


class ArchiveTooLarge(ValueError):
    pass


def zip_type(upload: UploadedFile | BinaryIO) -> FileType | None:
    """OpenDocument names its type in a `mimetype` member; Office files by their main part."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ArchiveTooLarge(f"{len(members)} fichiers dans l'archive")
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise ArchiveTooLarge("plus de 300 Mo une fois décompressé")
            names = {member.filename for member in members}
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(MIMETYPE_BYTES).decode("ascii", "replace").strip()
                return next((t for t in (ODT, ODS) if t.content_type == declared), None)
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError, zlib.error):
        return None
    finally:
        upload.seek(0)
    return None


def spreadsheet_kind(handle: UploadedFile | BinaryIO) -> str | None:
    """« xlsx » or « ods » when a file that opens as a ZIP is a spreadsheet, read from its
    members; ArchiveTooLarge for a zip bomb."""
    found = zip_type(handle)
    return {XLSX: "xlsx", ODS: "ods"}.get(found) if found else None


def extension_for(content_type: str, fallback: str = ".bin") -> str:
    """The extension a file of that (detected) type is stored and served under."""
    found = next((t for t in ACCEPTED if t.content_type == content_type), None)
    return found.extensions[0] if found else fallback


def download_name(original: str, content_type: str) -> str:
    """The original name, its extension replaced when it does not match the detected type: a
    PDF named `x.html` leaves as `x.pdf`, never as a page a browser would render."""
    found = next((t for t in ACCEPTED if t.content_type == content_type), None)
    path = PurePath(original or "document")
    if found is None or path.suffix.lower() in found.extensions:
        return path.name
    return f"{path.stem or 'document'}{found.extensions[0]}"


def sniff(upload: UploadedFile) -> FileType | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return zip_type(upload)
    return None


def check_upload(upload: UploadedFile) -> FileType:
    """The file's real type, or a ValidationError saying what is accepted."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            f"« {upload.name} » dépasse la taille maximale de {settings.CITEDUC_UPLOAD_MAX_MB} Mo.",
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(f"« {upload.name} » est vide.", code="empty")
    try:
        found = sniff(upload)
    except ArchiveTooLarge as bomb:
        raise ValidationError(
            f"« {upload.name} » est refusé : archive anormale ({bomb}).", code="archive_too_large"
        ) from bomb
    if found is None:
        raise ValidationError(
            f"« {upload.name} » n'est pas d'un type accepté ({ACCEPTED_LABEL}) : "
            "le contenu du fichier a été vérifié, pas seulement son nom.",
            code="bad_type",
        )
    if antivirus.enabled():
        _scan(upload)
    return found


def _scan(upload: UploadedFile) -> None:
    try:
        antivirus.scan(upload)
    except antivirus.Infected as infected:
        raise ValidationError(
            f"« {upload.name} » est refusé : l'antivirus y a trouvé « {infected.signature} ».",
            code="infected",
        ) from infected
    except antivirus.Unavailable as down:
        raise ValidationError(
            "L'analyse antivirus est indisponible pour le moment : le fichier n'a pas été "
            "enregistré. Réessayez dans quelques minutes.",
            code="antivirus_unavailable",
        ) from down


class CheckedUploadMixin:
    """For a form with a `file` field: the upload is checked and `file_type` says what it is."""

    cleaned_data: dict[str, Any]
    file_type: FileType

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        self.file_type = check_upload(upload)
        return upload


def serve(file: FieldFile, filename: str, content_type: str) -> FileResponse:
    """A stored upload as a download under its original name, or 404 if the storage lost it."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Fichier introuvable sur le serveur.") from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(filename, content_type),
        content_type=content_type,
    )


def check_data_file(upload: UploadedFile) -> str:
    """An import file: a spreadsheet (« xlsx », « ods ») or a text (« text »: CSV), read from its
    content; anything else, an empty file or one past CITEDUC_IMPORT_MAX_MB is refused."""
    limit = settings.CITEDUC_IMPORT_MAX_MB
    if upload.size is None or upload.size > limit * 1024 * 1024:
        raise ValidationError(f"« {upload.name} » dépasse {limit:g} Mo.", code="too_large")
    if not upload.size:
        raise ValidationError(f"« {upload.name} » est vide.", code="empty")
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    kind: str | None = None if b"\x00" in head else "text"
    if head.startswith(b"PK\x03\x04"):
        try:
            kind = spreadsheet_kind(upload)
        except ArchiveTooLarge as bomb:
            raise ValidationError(
                f"« {upload.name} » est refusé : archive anormale ({bomb}).", code="archive"
            ) from bomb
    if kind is None:
        raise ValidationError(
            f"« {upload.name} » n'est ni un CSV ni un classeur XLSX ou ODS (son contenu a été "
            "vérifié, pas seulement son nom).",
            code="bad_type",
        )
    if antivirus.enabled():
        _scan(upload)
    return kind

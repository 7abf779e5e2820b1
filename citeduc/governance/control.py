"""The State's control (art. 17, R-GOV-7): every supporting document of a year with who filed it
and when, and the history of every change to money, decisions and votes, as pages and a ZIP."""

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership
from citeduc.common.cells import inert_rows
from citeduc.common.uploads import extension_for
from citeduc.deliberations.models import Attendance as CouncilAttendance
from citeduc.deliberations.models import Deliberation, Proxy
from citeduc.funding.models import (
    Attachment,
    Decision,
    Envelope,
    FundEntry,
    Opinion,
    Payment,
    RequestedAmount,
)
from citeduc.governance.models import Amendment, DecisionRecord, Document
from citeduc.territory.models import CiteEducative


@dataclass
class ControlDocument:
    kind: str
    title: str
    parent: str
    url: str  # the access-checked download, if the document has one
    uploaded_by: str
    uploaded_at: datetime | None
    size: int
    content_type: str
    file: FieldFile

    def archive_name(self, position: int) -> str:
        suffix = extension_for(self.content_type, PurePath(self.file.name or "").suffix.lower())
        return f"pieces/{position:04d}-{slugify(self.title)[:60] or 'piece'}{suffix}"


def _who(user: Any) -> str:
    if user is None:
        return "—"
    return f"{user.get_full_name()} <{user.email}>"


def documents(cite: CiteEducative, year: int) -> list[ControlDocument]:
    """Governance documents, grant request attachments and fund vouchers of the year, oldest
    first (vouchers, undated, last)."""
    rows = [*_governance_documents(cite, year), *_attachments(cite, year), *_vouchers(cite, year)]
    rows.sort(key=lambda r: (r.uploaded_at is None, r.uploaded_at or timezone.now()))
    return rows


def _governance_documents(cite: CiteEducative, year: int) -> list[ControlDocument]:
    rows = []
    for doc in (
        Document.objects.filter(cite=cite, year=year)
        .select_related(
            "cite",
            "uploaded_by",
            "meeting__body",
            "decision__meeting__body",
            "request__action",
            "amendment",
        )
        .order_by("uploaded_at", "pk")
    ):
        parent = doc.parent
        rows.append(
            ControlDocument(
                kind=doc.get_kind_display(),
                title=str(doc),
                parent=f"{str(parent._meta.verbose_name).capitalize()} : {_parent_label(parent)}",
                url=doc.get_absolute_url(),
                uploaded_by=_who(doc.uploaded_by),
                uploaded_at=doc.uploaded_at,
                size=doc.size,
                content_type=doc.content_type,
                file=doc.file,
            )
        )
    return rows


def _attachments(cite: CiteEducative, year: int) -> list[ControlDocument]:
    rows = []
    for attachment in (
        Attachment.objects.filter(request__cite=cite, request__year=year)
        .select_related("uploaded_by", "request__action", "request__applicant")
        .order_by("uploaded_at", "pk")
    ):
        grant = attachment.request
        rows.append(
            ControlDocument(
                kind=attachment.get_kind_display(),
                title=attachment.original_name,
                parent=f"Demande de subvention : {grant.action.title} ({grant.applicant.name})",
                url=reverse("funding:attachment", args=[cite.slug, grant.pk, attachment.pk]),
                uploaded_by=_who(attachment.uploaded_by),
                uploaded_at=attachment.uploaded_at,
                size=attachment.size,
                content_type=attachment.content_type,
                file=attachment.file,
            )
        )
    return rows


def _vouchers(cite: CiteEducative, year: int) -> list[ControlDocument]:
    """The fund's vouchers, signed by whoever created their entry (from its history)."""
    rows = []
    entries = list(FundEntry.objects.filter(ledger__cite=cite, year=year).exclude(document=""))
    creators = {
        h.id: h.history_user
        for h in FundEntry.history.filter(
            id__in=[e.pk for e in entries], history_type="+"
        ).select_related("history_user")
    }
    for entry in entries:
        rows.append(
            ControlDocument(
                kind="Pièce du fonds de la cité",
                title=PurePath(entry.document.name or "").name,
                parent=f"Écriture du fonds : {entry.object}",
                url="",  # kept in the archive: the fund's vouchers have no page of their own
                uploaded_by=_who(creators.get(entry.pk)),
                uploaded_at=None,
                size=_size(entry.document),
                content_type="",
                file=entry.document,
            )
        )
    return rows


def _size(file: FieldFile) -> int:
    try:
        return int(file.size)
    except (FileNotFoundError, OSError):
        return 0


def _parent_label(parent: Model) -> str:
    if isinstance(parent, DecisionRecord):
        return parent.reference
    if hasattr(parent, "action"):
        return parent.action.title  # a grant request
    return str(parent)


# ---- the change history ------------------------------------------------------------------------


@dataclass
class Change:
    when: datetime
    who: str
    subject: str  # "Décision de financement", "Décision d'instance"…
    obj: str
    action: str  # Création, Modification, Suppression
    details: str


@dataclass(frozen=True)
class Tracked:
    subject: str
    model: type[Model]
    scope: Callable[[CiteEducative, int], Q]
    related: tuple[str, ...]
    label: Callable[[Any], str]


def _safe(label: Callable[[Any], str]) -> Callable[[Any], str]:
    def wrapped(record: Any) -> str:
        try:
            return label(record)
        except ObjectDoesNotExist:  # a related row deleted since: history keeps the ids only
            return f"n° {record.id}"

    return wrapped


TRACKED = [
    Tracked(
        "Enveloppe",
        Envelope,
        lambda cite, year: Q(cite=cite, year=year),
        ("funder",),
        _safe(lambda r: f"{r.funder.code} {r.year}"),
    ),
    Tracked(
        "Montant demandé",
        RequestedAmount,
        lambda cite, year: Q(request__cite=cite, request__year=year),
        ("funder", "request__action"),
        _safe(lambda r: f"{r.request.action.title} — {r.funder.code}"),
    ),
    Tracked(
        "Décision de financement",
        Decision,
        lambda cite, year: Q(request__cite=cite, request__year=year),
        ("funder", "request__action"),
        _safe(lambda r: f"{r.request.action.title} — {r.funder.code}"),
    ),
    Tracked(
        "Versement",
        Payment,
        lambda cite, year: Q(decision__request__cite=cite, decision__request__year=year),
        ("decision__funder", "decision__request__action"),
        _safe(lambda r: f"{r.decision.request.action.title} — {r.decision.funder.code}"),
    ),
    Tracked(
        "Écriture du fonds",
        FundEntry,
        lambda cite, year: Q(ledger__cite=cite, year=year),
        (),
        _safe(lambda r: r.object),
    ),
    Tracked(
        "Décision d'instance (et votes)",
        DecisionRecord,
        lambda cite, year: Q(meeting__body__cite=cite, meeting__starts_at__year=year),
        ("meeting__body",),
        _safe(
            lambda r: (
                f"{r.meeting.body.name}, {timezone.localtime(r.meeting.starts_at):%d/%m/%Y}, "
                f"n° {r.number}"
            )
        ),
    ),
    Tracked(
        "Avenant",
        Amendment,
        lambda cite, year: Q(cite=cite) & (Q(created_on__year=year) | Q(answered_on__year=year)),
        (),
        _safe(lambda r: f"n° {r.number} — {r.title}"),
    ),
    Tracked(
        "Avis d'un financeur",
        Opinion,
        lambda cite, year: Q(request__cite=cite, request__year=year),
        ("funder", "request__action"),
        _safe(lambda r: f"{r.request.action.title} — {r.funder.code}"),
    ),
    Tracked(
        "Pièce d'un dossier",
        Attachment,
        lambda cite, year: Q(request__cite=cite, request__year=year),
        ("request__action",),
        _safe(lambda r: f"{r.request.action.title} — {r.original_name}"),
    ),
    Tracked(
        "Document",
        Document,
        lambda cite, year: Q(cite=cite, year=year),
        (),
        _safe(lambda r: r.title or r.original_name),
    ),
    Tracked(
        "Rôle dans la Cité",
        Membership,
        # A role has no year of its own: the year of the change is the one shown.
        lambda cite, year: Q(cite=cite, history_date__year=year),
        ("user",),
        _safe(lambda r: f"{r.user.email} — {Role(r.role).label}"),
    ),
    Tracked(
        "Délibération du conseil (votes)",
        Deliberation,
        lambda cite, year: Q(cite=cite, sitting__date__year=year),
        ("sitting",),
        _safe(lambda r: f"n° {r.number} du {r.sitting.date:%d/%m/%Y} — {r.title[:80]}"),
    ),
    Tracked(
        "Procuration au conseil",
        Proxy,
        lambda cite, year: Q(sitting__council__commune__cites=cite, sitting__date__year=year),
        ("sitting", "giver", "holder"),
        _safe(lambda r: f"{r.giver.name} → {r.holder.name}, séance du {r.sitting.date:%d/%m/%Y}"),
    ),
    Tracked(
        "Présence au conseil",
        CouncilAttendance,
        lambda cite, year: Q(sitting__council__commune__cites=cite, sitting__date__year=year),
        ("sitting", "councillor"),
        _safe(lambda r: f"{r.councillor.name}, séance du {r.sitting.date:%d/%m/%Y}"),
    ),
]

ACTIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}


def _value(record: Any, field: Any) -> str:
    value = getattr(record, field.attname)
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def _changes(tracked: Tracked, records: list[Any]) -> Iterator[Change]:
    fields = [
        f
        for f in tracked.model._meta.concrete_fields
        if f.name not in {"id"} and not f.name.startswith("history")
    ]
    previous: dict[int, Any] = {}
    for record in records:  # ordered by object, then date
        before = previous.get(record.id)
        if before is None or record.history_type != "~":
            details = "; ".join(
                f"{f.verbose_name} = {_value(record, f)}" for f in fields if _value(record, f)
            )
        else:
            details = "; ".join(
                f"{f.verbose_name} : {_value(before, f) or '∅'} → {_value(record, f) or '∅'}"
                for f in fields
                if _value(before, f) != _value(record, f)
            )
        previous[record.id] = record
        yield Change(
            when=record.history_date,
            who=_who(record.history_user),
            subject=tracked.subject,
            obj=tracked.label(record),
            action=ACTIONS.get(record.history_type, record.history_type),
            details=details or "(aucun champ modifié)",
        )


def history(cite: CiteEducative, year: int) -> list[Change]:
    """Every recorded change of the year's money, decisions and votes, newest first.

    One query per tracked model, whatever the number of rows."""
    changes: list[Change] = []
    for tracked in TRACKED:
        manager: QuerySet[Any] = tracked.model.history.all()  # type: ignore[attr-defined]
        records = list(
            manager.filter(tracked.scope(cite, year))
            .select_related("history_user", *tracked.related)
            .order_by("id", "history_date", "history_id")
        )
        changes += _changes(tracked, records)
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


# ---- the archive -------------------------------------------------------------------------------

INDEX_COLUMNS = [
    "fichier",
    "nature",
    "intitule",
    "rattachement",
    "depose_par",
    "depose_le",
    "taille_octets",
    "type",
    "sha256",
]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(inert_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # with a BOM, for spreadsheets


def build_archive(cite: CiteEducative, year: int) -> IO[bytes]:
    """A ZIP of the year's documents with `index.csv`, and `historique.csv` of the changes.

    A file missing from the storage is listed in the index as missing, not skipped."""
    spool: IO[bytes] = SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    index = [INDEX_COLUMNS]
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for position, doc in enumerate(documents(cite, year), start=1):
            name = doc.archive_name(position)
            try:
                with doc.file.open("rb") as handle:
                    content = handle.read()
            except (FileNotFoundError, OSError):
                name, content = "(fichier absent du stockage)", b""
            else:
                archive.writestr(name, content)
            index.append(
                [
                    name,
                    doc.kind,
                    doc.title,
                    doc.parent,
                    doc.uploaded_by,
                    timezone.localtime(doc.uploaded_at).isoformat() if doc.uploaded_at else "",
                    str(len(content) or doc.size),
                    doc.content_type,
                    hashlib.sha256(content).hexdigest() if content else "",
                ]
            )
        archive.writestr("index.csv", _csv(index))
        changes = [["date", "auteur", "objet", "element", "operation", "detail"]]
        changes += [
            [
                timezone.localtime(c.when).isoformat(),
                c.who,
                c.subject,
                c.obj,
                c.action,
                c.details,
            ]
            for c in history(cite, year)
        ]
        archive.writestr("historique.csv", _csv(changes))
    spool.seek(0)
    return spool


def fingerprint(cite: CiteEducative, year: int) -> str:
    """What the archive holds, without reading a file: its index (names, sizes, dates, authors)
    and its history. Files are never rewritten in place, so the same print means the same
    archive."""
    digest = hashlib.sha256()
    for doc in documents(cite, year):
        uploaded = doc.uploaded_at.isoformat() if doc.uploaded_at else ""
        parts = [doc.file.name or "", doc.kind, doc.title, doc.parent, doc.uploaded_by]
        parts += [str(doc.size), uploaded]
        digest.update("\x1f".join(parts).encode() + b"\x1e")
    for c in history(cite, year):
        parts = [c.when.isoformat(), c.who, c.subject, c.obj, c.action, c.details]
        digest.update("\x1f".join(str(p) for p in parts).encode() + b"\x1e")
    return digest.hexdigest()

"""Joining a supporting document to a meeting, a decision, a grant request or an amendment."""

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from citeduc.accounts.models import User
from citeduc.common.uploads import FileType
from citeduc.funding.models import GrantRequest
from citeduc.governance.models import Amendment, DecisionRecord, Document, Meeting

Parent = Meeting | DecisionRecord | GrantRequest | Amendment


def year_of(parent: Parent) -> int:
    """The year a control of the Cité finds the document under."""
    if isinstance(parent, Meeting):
        return timezone.localtime(parent.starts_at).year
    if isinstance(parent, DecisionRecord):
        return timezone.localtime(parent.meeting.starts_at).year
    if isinstance(parent, GrantRequest):
        return parent.year
    return (parent.answered_on or parent.submitted_on or parent.created_on).year


def cite_id_of(parent: Parent) -> int:
    if isinstance(parent, Meeting):
        return parent.body.cite_id
    if isinstance(parent, DecisionRecord):
        return parent.meeting.body.cite_id
    return parent.cite_id


def attach(
    parent: Parent,
    upload: UploadedFile,
    file_type: FileType,
    *,
    kind: str,
    title: str,
    user: User,
) -> Document:
    """The upload has been checked (common.uploads.check_upload) and typed by its content."""
    fields = {
        Meeting: "meeting",
        DecisionRecord: "decision",
        GrantRequest: "request",
        Amendment: "amendment",
    }
    return Document.objects.create(
        cite_id=cite_id_of(parent),
        year=year_of(parent),
        kind=kind,
        title=title,
        file=upload,
        original_name=(upload.name or "document")[:200],
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by=user,
        **{fields[type(parent)]: parent},
    )

"""Uploaded files: an archive that inflates to gigabytes costs nothing to check; a file is kept and
served under the extension of its detected type."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from citeduc.common import uploads
from citeduc.common.uploads import check_upload, download_name

ODT_TYPE = b"application/vnd.oasis.opendocument.text"


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, content in members.items():
            out.writestr(name, content)
    return buffer.getvalue()


def test_a_mimetype_member_that_inflates_is_read_a_few_bytes_only() -> None:
    """The attack: a 1 MB .odt whose `mimetype` inflated to 1 GB took a worker to 2 GB. Here
    200 MB behind the type: the check reads 100 bytes of it, and memory stays flat."""
    bomb = archive({"mimetype": ODT_TYPE + b"\0" * (200 * 1024 * 1024), "content.xml": b"<x/>"})
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            check_upload(SimpleUploadedFile("rapport.odt", bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak


def test_declared_sizes_and_member_counts_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 1024 * 1024)
    big = archive({"mimetype": ODT_TYPE, "content.xml": b"0" * (2 * 1024 * 1024)})
    with pytest.raises(ValidationError, match="archive anormale"):
        check_upload(SimpleUploadedFile("gros.odt", big))
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 10)
    many = archive({"mimetype": ODT_TYPE, **{f"f{i}.xml": b"<x/>" for i in range(11)}})
    with pytest.raises(ValidationError, match="archive anormale"):
        check_upload(SimpleUploadedFile("nombreux.odt", many))
    # A normal OpenDocument text passes.
    fine = archive({"mimetype": ODT_TYPE, "content.xml": b"<office:document-content/>"})
    assert check_upload(SimpleUploadedFile("compte-rendu.odt", fine)) == uploads.ODT


def test_the_download_name_carries_the_detected_type() -> None:
    assert download_name("x.html", "application/pdf") == "x.pdf"
    assert download_name("statuts.PDF", "application/pdf") == "statuts.PDF"
    assert download_name("photo.jpeg", "image/jpeg") == "photo.jpeg"
    assert download_name("", "image/png") == "document.png"
    assert download_name("budget.xlsx.exe", uploads.XLSX.content_type) == "budget.xlsx.xlsx"

"""Uploads scanned by ClamAV's daemon when CITEDUC_CLAMD names it (here a stand-in on loopback
that speaks the daemon's protocol; no virus database can be fetched on a closed network)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from citeduc.common.tests.clamd_double import EICAR, Clamd, serve
from tests.support.grants import start_application, step_url

PDF = b"%PDF-1.4\n% statuts\n" + b"x" * 200_000  # several INSTREAM chunks


@pytest.fixture
def clamd(settings: Any) -> Iterator[Clamd]:
    daemon = Clamd()
    listener = serve(daemon)
    settings.CITEDUC_CLAMD = daemon.address
    yield daemon
    listener.close()


def upload(c: dict[str, Any], content: bytes) -> tuple[Any, Any]:
    porteur, grant = start_application(c)
    response = porteur.post(
        step_url(grant, "pieces"),
        {"kind": "statuts", "file": SimpleUploadedFile("statuts.pdf", content)},
    )
    return response, grant


def test_a_clean_file_is_scanned_whole_then_kept(cycle: dict[str, Any], clamd: Clamd) -> None:
    response, grant = upload(cycle, PDF)
    assert response.status_code == 302
    assert clamd.received == [PDF]
    with grant.attachments.get().file.open("rb") as stored:
        assert stored.read() == PDF


def test_an_infected_file_is_refused_with_what_was_found(
    cycle: dict[str, Any], clamd: Clamd
) -> None:
    response, grant = upload(cycle, b"%PDF-1.4\n" + EICAR)
    assert response.status_code == 400
    assert "Eicar-Signature" in response.content.decode()
    assert not grant.attachments.exists()


def test_no_file_goes_through_while_the_antivirus_is_down(
    cycle: dict[str, Any], settings: Any
) -> None:
    settings.CITEDUC_CLAMD = "tcp://127.0.0.1:9"  # nothing listens there
    response, grant = upload(cycle, PDF)
    assert response.status_code == 400
    assert "analyse antivirus est indisponible" in response.content.decode()
    assert not grant.attachments.exists()


def test_without_clamd_files_are_checked_by_type_and_size_only(
    cycle: dict[str, Any], settings: Any
) -> None:
    settings.CITEDUC_CLAMD = ""
    response, grant = upload(cycle, PDF)
    assert response.status_code == 302

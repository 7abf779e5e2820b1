"""Every PDF citeduc hands out, read by poppler's pdfinfo and pdftohtml: tagged for screen
readers (PDF/UA-1), with its own title, French as its language, and bookmarks from its
headings."""

import re
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from citeduc.accounts.models import User
from citeduc.demo.loading import DemoResult
from citeduc.funding.models import Decision
from tests.support.office import pdf_info, required

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = pytest.mark.pg_only


def _language(path: Path) -> list[bytes]:
    """The /Lang of the PDF's catalog, read from its (compressed) object streams too."""
    data = path.read_bytes()
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return re.findall(rb"/Lang\s*\(([^)]*)\)", data + b"".join(streams))


def _bookmarks(path: Path) -> list[str]:
    pdftohtml = required("pdftohtml", "poppler-utils")
    xml = subprocess.run(
        [pdftohtml, "-stdout", "-xml", "-i", "-q", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.findall(r"<item[^>]*>([^<]+)</item>", xml)


class TestOnTheDemo:
    def test_every_pdf_is_tagged_titled_french_and_bookmarked(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        client = Client()
        client.force_login(User.objects.get(email="coordination@demo.citeduc.example.org"))
        decision = Decision.objects.filter(request__cite=demo.cite).order_by("pk").first()
        assert decision is not None
        urls = {
            "guide": reverse("directory:qpv_guide", args=["QN02503M"]),
            "lettre": reverse("funding:letter", args=["besancon", decision.pk]),
            "fonds": reverse("funding:fund_statement_pdf", args=["besancon", 2025]),
            "protocole": reverse("indicators:protocol_pdf", args=["besancon"]),
        }
        files = {}
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200 and response.content.startswith(b"%PDF-"), name
            files[name] = tmp_path / f"{name}.pdf"
            files[name].write_bytes(response.content)
        files["revue"] = tmp_path / "revue.pdf"
        call_command(
            "build_review",
            "--cite=besancon",
            "--year=2025",
            "--format=pdf",
            f"--output={files['revue']}",
        )
        titles = {
            "guide": "Guide des activités pour les familles — ",
            "lettre": "Notification de décision — ",
            "fonds": "Fonds de la Cité éducative de Besançon — état d'exécution 2025",
            "protocole": "Protocole de suivi et d'évaluation — Cité éducative de Besançon",
            "revue": "Revue annuelle de projet 2025",
        }
        for name, path in files.items():
            info = pdf_info(path)
            assert info["Tagged"] == "yes", name
            assert info["Title"].startswith(titles[name]), (name, info["Title"])
            assert _language(path) == [b"fr"], name
            assert _bookmarks(path), f"{name} : aucun signet"

"""The Besançon 2025 report, built from the demo in three formats. Its PDF text holds the
envelope, the fund and the co-financing share exactly as `check_rules` computes them."""

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from citeduc.accounts.tests.login import log_in
from citeduc.demo.loading import DEMO_DOMAIN, DemoResult
from citeduc.funding.rules import euros, percent
from citeduc.governance.loaders import check_all
from citeduc.reviews.models import AnnualReview
from citeduc.territory.models import CiteEducative
from tests.support.access import finish

pytestmark = pytest.mark.django_db


# The review and its report in each format (the PDF and the DOCX are built by jobs).
URLS = {
    "review": "reviews:review",
    "pdf": "jobs:review_pdf",
    "docx": "jobs:review_docx",
    "html": "reviews:html",
}


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext (poppler-utils) est nécessaire pour lire le PDF.")
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


class TestOnTheDemo:
    """The Besançon demo, loaded once for these tests."""

    def test_the_besancon_2025_report_in_three_formats(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        cite = CiteEducative.objects.get(slug="besancon")
        totals, findings = check_all(cite, 2025)
        out = io.StringIO()
        call_command(
            "build_review",
            "--cite=besancon",
            "--year=2025",
            "--format=pdf",
            f"--output={tmp_path / 'revue.pdf'}",
            stdout=out,
        )
        assert "Revue annuelle de projet 2025" in out.getvalue()
        text = pdf_text(tmp_path / "revue.pdf")
        assert f"Enveloppe P147 de la Cité {euros(totals.envelope_p147)}" in text
        assert f"Part P147 versée au fonds de la Cité {euros(totals.fund_p147)}" in text
        assert f"Budget global de la Cité {euros(totals.global_budget)}" in text
        assert f"Cofinancements hors État {euros(totals.non_state)}" in text
        assert percent(totals.non_state_share) in text
        assert (euros(totals.envelope_p147), percent(totals.non_state_share)) == (
            "550 000,00 €",
            "30,92 %",
        )
        assert "Total des abondements — 30 000,00 €" in text  # the fund's statement (art. 11)
        assert "Avec le soutien de l'ANCT" in text  # R-GOV-6, on the cover and every page
        assert (
            "Ministère de l'Éducation nationale" in text and "Ministère chargé de la Ville" in text
        )
        assert "Sommaire" in text
        for part in ["Gouvernance", "Déploiement opérationnel", "Gestion financière", "Évaluation"]:
            assert part in text
        assert findings and findings[0].message[:40] in text

        call_command(
            "build_review",
            "--cite=besancon",
            "--year=2025",
            "--format=docx",
            f"--output={tmp_path / 'revue.docx'}",
            stdout=io.StringIO(),
        )
        with zipfile.ZipFile(tmp_path / "revue.docx") as docx:
            body = docx.read("word/document.xml").decode()
            pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
        assert "550 000,00 €" in body.replace("\u202f", " ")
        assert "Avec le soutien de l&apos;ANCT" in body or "Avec le soutien de l'ANCT" in body
        assert len(pictures) >= 4  # a picture per chart, each followed by its table

        call_command(
            "build_review",
            "--cite=besancon",
            "--year=2025",
            "--format=html",
            f"--output={tmp_path / 'revue.html'}",
            stdout=io.StringIO(),
        )
        html = (tmp_path / "revue.html").read_text(encoding="utf-8")
        assert html.count("<svg") == html.count("<figcaption")
        assert html.count('role="img"') >= 4
        assert "30,92 %" in html
        # The demo's review was frozen once at loading; building did not freeze again.
        assert AnnualReview.objects.get(cite=cite, year=2025).snapshots.count() == 1

    def test_build_review_refuses_an_unknown_cite_or_a_year_outside_the_label(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="Cité inconnue"):
            call_command(
                "build_review",
                "--cite=nulle-part",
                "--year=2025",
                "--format=pdf",
                f"--output={tmp_path / 'x.pdf'}",
            )
        with pytest.raises(CommandError, match="label"):
            call_command(
                "build_review",
                "--cite=besancon",
                "--year=2031",
                "--format=pdf",
                f"--output={tmp_path / 'x.pdf'}",
            )
        assert not (tmp_path / "x.pdf").exists()

    def test_the_review_page_and_downloads_of_the_demo(
        self,
        client: Client,
        demo: DemoResult,
        django_capture_on_commit_callbacks: Callable[..., Any],
    ) -> None:
        log_in(client, f"etat@{DEMO_DOMAIN}", "citeduc-demo-2024")
        page = client.get(reverse("reviews:review", args=["besancon", 2025]))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Valider en tant que pilote" in html
        assert "Texte de démonstration" in html
        for name, kind in [
            ("pdf", "application/pdf"),
            ("docx", "officedocument"),
            ("html", "text/html"),
        ]:
            url = reverse(URLS[name], args=["besancon", 2025])
            if name != "html":  # built by a job first (jobs/tests/test_outputs.py), then served
                with django_capture_on_commit_callbacks(execute=True):
                    assert client.get(url).status_code == 302
            response = client.get(url)
            assert response.status_code == 200
            assert kind in response["Content-Type"]
            assert response["Content-Disposition"].startswith("attachment")
            finish(response)

    def test_a_porteur_reads_neither_the_review_nor_the_partners_addresses(
        self, client: Client, demo: DemoResult
    ) -> None:
        """The finding: the review showed amounts per action to porteurs (the programmation is
        closed to them), and the Cité's space listed every member's e-mail."""
        log_in(client, f"porteur@{DEMO_DOMAIN}", "citeduc-demo-2024")
        for name in ("review", "pdf", "docx", "html"):
            response = client.get(reverse(URLS[name], args=["besancon", 2025]))
            assert response.status_code == 404, name
        reviews = client.get(reverse("reviews:review_list", args=["besancon"])).content.decode()
        assert reverse("reviews:review", args=["besancon", 2025]) not in reviews
        space = client.get(reverse("territory:cite_space", args=["besancon"])).content.decode()
        assert f"coordination@{DEMO_DOMAIN}" in space  # whom to write to
        assert f"etat@{DEMO_DOMAIN}" not in space and f"ville@{DEMO_DOMAIN}" not in space
        client.post(reverse("accounts:logout"))
        log_in(client, f"etat@{DEMO_DOMAIN}", "citeduc-demo-2024")
        space = client.get(reverse("territory:cite_space", args=["besancon"])).content.decode()
        assert f"ville@{DEMO_DOMAIN}" in space

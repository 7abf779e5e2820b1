"""The Word files (review report, evaluation protocol) read by python-docx and by LibreOffice
headless: French, their own properties, an alternative on every picture, numbers written once,
and charts drawn with a font that holds French."""

import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from PIL import Image, ImageDraw

from citeduc.accounts.models import User
from citeduc.common.word import chart_font
from citeduc.demo.loading import DemoResult
from tests.support.office import libreoffice_convert

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = pytest.mark.pg_only

FRENCH = "Élèves — 1\u202f250,50 € · Ça bouge à l'école"
NOT_A_GLYPH = "\U000f0000"  # a private-use character no font draws


def _drawn(font: object, text: str) -> bytes:
    image = Image.new("L", (400, 80), 0)
    ImageDraw.Draw(image).text((4, 4), text, fill=255, font=font)  # type: ignore[arg-type]
    return image.tobytes()


def test_the_chart_font_draws_every_french_character() -> None:
    font = chart_font(24)
    missing = _drawn(font, NOT_A_GLYPH)
    assert any(missing)  # the font's box for a character it lacks
    for character in sorted(set(FRENCH) - {" ", "\u202f"}):
        drawn = _drawn(font, character)
        assert any(drawn), character
        assert drawn != missing, f"« {character} » dessiné comme un caractère absent"
    # The narrow no-break space of French figures: a blank of some width, not a box.
    assert not any(_drawn(font, "\u202f")) and font.getlength("\u202f") > 0


def _checked(path: Path, title_starts: str) -> str:
    """python-docx's reading of one file; its document XML back for more checks."""
    document = Document(str(path))
    core = document.core_properties
    assert core.title.startswith(title_starts)
    assert core.author == "Cité éducative de Besançon" and core.language == "fr-FR"
    assert core.created.year == timezone.now().year and core.author != "python-docx"
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert 'w:lang w:val="fr-FR"' in styles and "en-US" not in styles + body
    pictures = re.findall(r"<wp:docPr [^>]*>", body)
    assert all('descr="' in p and 'descr=""' not in p for p in pictures), pictures
    styled = [(p.style.name if p.style else "", p) for p in document.paragraphs]
    headings = [p.text for name, p in styled if name.startswith("Heading")]
    assert headings and not any(re.match(r"\d+\.\s*\d+\.", h) for h in headings)
    assert not [p for name, p in styled if name == "List Number"]
    return body


class TestOnTheDemo:
    def test_the_review_and_the_protocol_in_word(self, tmp_path: Path, demo: DemoResult) -> None:
        review = tmp_path / "revue.docx"
        call_command(
            "build_review", "--cite=besancon", "--year=2025", "--format=docx", f"--output={review}"
        )
        body = _checked(review, "Revue annuelle de projet 2025")
        alternatives = re.findall(r'descr="([^"]*)"', body)
        assert alternatives and all(a.startswith("Graphique : ") for a in alternatives)
        assert "tableau qui suit" in alternatives[0]

        client = Client()
        client.force_login(User.objects.get(email="coordination@demo.citeduc.example.org"))
        protocol = tmp_path / "protocole.docx"
        protocol.write_bytes(
            client.get(reverse("indicators:protocol_docx", args=["besancon"])).content
        )
        _checked(protocol, "Protocole de suivi et d'évaluation")

        texts = libreoffice_convert([review, protocol], "txt:Text (encoded):UTF8", tmp_path / "lo")
        review_text, protocol_text = (p.read_text(encoding="utf-8-sig") for p in texts)
        assert "Revue annuelle de projet 2025" in review_text
        assert "Contrôles de la convention" in review_text and "€" in review_text
        # The table of contents numbers each part once, as LibreOffice reads it.
        assert re.search(r"^1\. \S", review_text, re.M)
        assert not re.search(r"^\s*\d+\.\s+\d+\.", review_text, re.M)
        assert "Protocole de suivi et d'évaluation — Cité éducative de Besançon" in protocol_text

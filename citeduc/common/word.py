"""Every Word file citeduc writes starts here: French (fr-FR) as the language of every run, the
document's own properties (title, author, subject, dates of today, not python-docx's template),
and pictures that carry their text alternative. Charts for Word are drawn with a TrueType font
that holds French (é, —, €, the narrow no-break space), never Pillow's bitmap default."""

import io
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from PIL import ImageFont

LANGUAGE = "fr-FR"
logger = logging.getLogger(__name__)


def _set_language(document: DocxDocument) -> None:
    """fr-FR on the defaults of every run (the template says en-US) and on the Normal style."""
    styles = document.styles.element
    for run_properties in styles.xpath("w:docDefaults/w:rPrDefault/w:rPr") + [
        document.styles["Normal"].element.get_or_add_rPr()
    ]:
        for old in run_properties.findall(qn("w:lang")):
            run_properties.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
        lang.set(qn("w:bidi"), "ar-SA")
        run_properties.append(lang)


def french_document(title: str, *, author: str, subject: str = "") -> DocxDocument:
    """A new Word document in French, with its own title, author and dates."""
    document = Document()
    _set_language(document)
    normal = document.styles["Normal"]
    normal.font.name = "Marianne"
    normal.font.size = Pt(10)
    now = timezone.now().replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.created = now
    properties.modified = now
    for printed in properties._element.xpath("cp:lastPrinted"):  # the template's, from 2013
        properties._element.remove(printed)
    properties.revision = 1
    properties.keywords = "Cité éducative"
    properties.comments = "Document produit par citeduc."
    properties.category = ""
    properties.content_status = ""
    properties.identifier = ""
    properties.version = ""
    return document


def add_picture(document: DocxDocument, png: bytes, *, alt: str, width: Length) -> None:
    """A picture with its text alternative (read by screen readers, shown by Word)."""
    shape = document.add_picture(io.BytesIO(png), width=width)
    properties = shape._inline.docPr
    properties.set("descr", alt)
    properties.set("title", alt[:120])


def document_bytes(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def chart_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The TrueType font charts are drawn with (DejaVu Sans by default, CITEDUC_CHART_FONT).
    Without it the chart is still drawn, with Pillow's font, and the logs say what is missing."""
    path = Path(settings.CITEDUC_CHART_FONT)
    if path.exists():
        return ImageFont.truetype(str(path), size=size)
    logger.warning(
        "Police des graphiques introuvable : %s (paquet Debian fonts-dejavu-core, ou "
        "CITEDUC_CHART_FONT) ; les accents peuvent manquer dans les graphiques Word.",
        path,
    )
    return ImageFont.load_default(size=size)

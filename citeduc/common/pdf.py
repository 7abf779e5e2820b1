"""Every PDF citeduc produces is an HTML template printed by WeasyPrint, as PDF/UA-1: tagged for
screen readers (headings, paragraphs, tables, lists, pictures' alternatives), with the document's
title and language taken from the template's <title> and <html lang>, and bookmarks from its
headings."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML

PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    pdf: bytes = HTML(string=render_to_string(template, context)).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    return pdf

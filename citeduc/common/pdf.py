"""Every PDF citeduc produces is an HTML template printed by WeasyPrint."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    pdf: bytes = HTML(string=render_to_string(template, context)).write_pdf()
    return pdf

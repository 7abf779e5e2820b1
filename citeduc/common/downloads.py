"""A generated file handed to the browser as a download under a chosen name."""

import io

from django.http import HttpResponse
from openpyxl import Workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook_download(workbook: Workbook, filename: str) -> HttpResponse:
    """An openpyxl workbook as an .xlsx download."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(buffer.getvalue(), XLSX, filename)

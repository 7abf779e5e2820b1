"""The review's report, rendered from its latest snapshot and its narrative: one context for
the page, the standalone HTML and the PDF (WeasyPrint), and a Word document (python-docx) whose
charts are drawn as pictures. Every chart is followed by the table of its numbers, and every
format carries the partners' marks and « avec le soutien de l'ANCT » (R-GOV-6)."""

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from PIL import Image, ImageDraw

from citeduc.common.pdf import render_pdf
from citeduc.common.word import add_picture, chart_font, document_bytes, french_document
from citeduc.indicators.charts import BarChart
from citeduc.reviews.enums import ReviewPart
from citeduc.reviews.models import AnnualReview, ReviewAnswer, Snapshot
from citeduc.reviews.reading import ShownTable, parts_of

SUPPORT = "Avec le soutien de l'ANCT"
STATE_MARKS = ["Ministère de l'Éducation nationale", "Ministère chargé de la Ville"]
ANSWER_FIELDS = [
    ("successes", "Réussites et points forts"),
    ("difficulties", "Difficultés rencontrées"),
    ("adjustments", "Ajustements à réaliser"),
]


@dataclass
class Part:
    value: str
    label: str
    number: int
    answer: ReviewAnswer | None
    tables: list[ShownTable]

    @property
    def anchor(self) -> str:
        return f"partie-{self.number}"

    @property
    def answer_texts(self) -> list[tuple[str, str]]:
        if self.answer is None:
            return []
        return [(label, getattr(self.answer, name)) for name, label in ANSWER_FIELDS]


@dataclass
class Report:
    review: AnnualReview
    snapshot: Snapshot
    exact: bool
    parts: list[Part]
    marks: list[str]
    findings: list[dict[str, str]]
    meeting: dict[str, Any] | None
    validations: list[Any]

    @property
    def title(self) -> str:
        return f"Revue annuelle de projet {self.review.year}"

    @property
    def data(self) -> dict[str, Any]:
        return self.snapshot.data


def build(review: AnnualReview, snapshot: Snapshot, *, exact: bool) -> Report:
    answers = {a.part: a for a in review.answers.all()}
    grouped = parts_of(snapshot.data, exact=exact)
    funders = next((t for t in snapshot.data["tables"] if t["id"] == "financeurs"), None)
    funder_names = [str(row["cells"][0]) for row in funders["rows"]] if funders else []
    return Report(
        review=review,
        snapshot=snapshot,
        exact=exact,
        parts=[
            Part(value, label, i, answers.get(value), tables)
            for i, (value, label, tables) in enumerate(grouped, start=1)
        ],
        marks=[*STATE_MARKS, *(n for n in funder_names if n not in STATE_MARKS)],
        findings=snapshot.data["findings"],
        meeting=snapshot.data.get("meeting"),
        validations=list(review.validations.select_related("user").order_by("at")),
    )


def context(report: Report) -> dict[str, Any]:
    return {"report": report, "review": report.review, "support": SUPPORT}


def html_document(report: Report) -> str:
    return render_to_string("reviews/report_document.html", context(report))


def pdf_document(report: Report) -> bytes:
    return render_pdf("reviews/report_document.html", context(report))


# --- Word ---------------------------------------------------------------------------------


def chart_png(chart: BarChart) -> bytes:
    """The same bars as the SVG, drawn as a picture for the Word document."""
    scale = 2
    width, height = chart.width * scale, chart.height * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    label_font = chart_font(12 * scale)
    value_font = chart_font(11 * scale)
    for row in chart.geometry():
        draw.text(
            (4 * scale, (row.label_y - 11) * scale), row.label, fill="#161616", font=label_font
        )
        for rect in row.rects:
            x0, y0 = rect.x * scale, rect.y * scale
            if rect.width:
                draw.rectangle(
                    [x0, y0, x0 + rect.width * scale, y0 + rect.height * scale], fill=rect.color
                )
            draw.text(
                (rect.text_x * scale, (rect.text_y - 10) * scale),
                rect.text,
                fill="#161616",
                font=value_font,
            )
    for name, color, x in chart.legend:
        y = chart.legend_y * scale
        draw.rectangle([x * scale, y, (x + 12) * scale, y + 12 * scale], fill=color)
        draw.text(((x + 16) * scale, y), name, fill="#161616", font=label_font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def chart_alt(chart: BarChart) -> str:
    """What the picture shows, for those who cannot see it: its title, what it compares, and
    where its figures are."""
    description = f" {chart.description.rstrip('.')}." if chart.description else ""
    return f"Graphique : {chart.title}.{description} Ses chiffres sont dans le tableau qui suit."


def _table(document: Any, table: ShownTable) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if table.numeric[i]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def docx_document(report: Report) -> bytes:
    review = report.review
    document = french_document(
        f"{report.title} — {review.cite.name}",
        author=review.cite.name,
        subject="Revue annuelle de projet d'une Cité éducative",
    )
    _cover_docx(document, report)
    _meeting_docx(document, report)
    for part in report.parts:
        document.add_heading(f"{part.number}. {part.label}", level=1)
        for label, text in part.answer_texts:
            document.add_heading(label, level=3)
            document.add_paragraph(text or "Non renseigné.")
        if part.value == ReviewPart.DEPLOYMENT:
            for label, text in [
                ("Modalités de coopération", review.cooperation),
                ("Logique de parcours éducatif", review.pathways),
            ]:
                document.add_heading(label, level=3)
                document.add_paragraph(text or "Non renseigné.")
        for table in part.tables:
            document.add_heading(table.title, level=2)
            if table.chart:
                add_picture(
                    document,
                    chart_png(table.chart),
                    alt=chart_alt(table.chart),
                    width=Cm(16),
                )
                document.add_paragraph(f"Graphique : {table.chart.title}. Données ci-dessous.")
            if table.rows:
                _table(document, table)
            else:
                document.add_paragraph("Aucune donnée pour l'année.")
            if table.note:
                document.add_paragraph(table.note).runs[0].italic = True
    document.add_heading(f"{len(report.parts) + 1}. Contrôles de la convention", level=1)
    for finding in report.findings:
        document.add_paragraph(
            f"[{finding['rule']}] {finding['severity']} : {finding['message']}", style="List Bullet"
        )
    if not report.findings:
        document.add_paragraph("Aucune alerte.")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{review.cite.name} — {report.title} — {SUPPORT}"
    return document_bytes(document)


def _cover_docx(document: Any, report: Report) -> None:
    """The first page: the partners' marks, the title, the snapshot, the contents."""
    review = report.review
    marks = document.add_paragraph(" · ".join(report.marks))
    marks.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{review.cite.name}")
    document.add_paragraph(
        f"Chiffres figés le {report.snapshot.taken_at:%d/%m/%Y} (n° {report.snapshot.number}) — "
        f"état : {review.get_status_display()}."
    )
    document.add_paragraph(SUPPORT + ".").runs[0].bold = True
    document.add_heading("Sommaire", level=1)
    # The numbers are written once, in the text (a numbered list style would add its own).
    for part in report.parts:
        document.add_paragraph(f"{part.number}. {part.label}")
    document.add_paragraph(f"{len(report.parts) + 1}. Contrôles de la convention")
    document.add_page_break()


def _meeting_docx(document: Any, report: Report) -> None:
    document.add_heading("Réunion de revue et participants", level=1)
    meeting = report.meeting
    if meeting:
        when = meeting["date"]
        document.add_paragraph(
            f"Réunion du {when[8:10]}/{when[5:7]}/{when[:4]}"
            + (f", {meeting['place']}" if meeting["place"] else "")
            + "."
        )
        for p in meeting["participants"]:
            who = ", ".join(x for x in (p["name"], p["office"], p["institution"]) if x)
            document.add_paragraph(f"{who} — {p['presence']}", style="List Bullet")
    else:
        document.add_paragraph("Aucune réunion de revue rattachée.")
    for line in report.review.other_participants.splitlines():
        if line.strip():
            document.add_paragraph(line.strip(), style="List Bullet")
    for v in report.validations:
        document.add_paragraph(
            f"Validée par {v.user} ({v.get_role_display()}) le {v.at:%d/%m/%Y}.",
            style="List Bullet",
        )

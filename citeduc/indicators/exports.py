"""The evaluation protocol as a Word document."""

from docx.document import Document as DocxDocument

from citeduc.common.word import document_bytes, french_document
from citeduc.indicators.protocol import ObjectiveLine, Protocol


def protocol_docx(protocol: Protocol) -> bytes:
    """The protocol as Word: its governance, each objective's evaluation, the indicators."""
    title = f"Protocole de suivi et d'évaluation — {protocol.cite.name}"
    document = french_document(
        title, author=protocol.cite.name, subject="Protocole d'évaluation d'une Cité éducative"
    )
    document.add_heading(title, level=0)
    _docx_governance(document, protocol)
    for axis, lines in protocol.axes:
        document.add_heading(f"Axe {axis.number} — {axis.title}", level=1)
        for line in lines:
            _docx_objective(document, line)
    _docx_indicators(document, protocol)
    if protocol.neglected_themes:
        document.add_heading("Thèmes sans indicateur", level=1)
        document.add_paragraph(
            "Thèmes que les évaluations nationales trouvent rarement évalués et que le protocole "
            f"ne couvre pas encore : {', '.join(protocol.neglected_themes)}."
        )
    return document_bytes(document)


def _docx_governance(document: DocxDocument, protocol: Protocol) -> None:
    settings = protocol.settings
    if not settings:
        return
    document.add_heading("Gouvernance de l'évaluation", level=1)
    if settings.evaluator:
        document.add_paragraph(f"Évaluateur : {settings.evaluator}")
    if settings.governance:
        document.add_paragraph(settings.governance)
    if settings.adjusted_on:
        document.add_paragraph(f"Ajusté le {settings.adjusted_on:%d/%m/%Y}")


def _docx_objective(document: DocxDocument, line: ObjectiveLine) -> None:
    """One objective: a two-column table of its evaluation, then what is left to fill in."""
    document.add_heading(f"Objectif {line.objective.number} — {line.objective.title}", 2)
    ev = line.evaluation
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        ("Public", ", ".join(ev.age_band_labels()) if ev else ""),
        ("Cotation genrée", ("oui" if ev.gendered else "non") if ev else ""),
        ("Cadre", ", ".join(ev.times_of_day()) if ev else ""),
        ("Calendrier", ev.calendar if ev else ""),
        ("Effet levier attendu", ev.expected_leverage if ev else ""),
        ("Indicateurs de suivi", ", ".join(i.name for i in line.suivi)),
        ("Indicateurs de résultat", ", ".join(i.name for i in line.resultat)),
        ("Indicateurs d'impact", ", ".join(i.name for i in line.impact)),
    ):
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value or "à renseigner"
    if line.missing:
        document.add_paragraph(f"À compléter : {', '.join(line.missing)}.")


def _docx_indicators(document: DocxDocument, protocol: Protocol) -> None:
    document.add_heading("Indicateurs", level=1)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells,
        ["Code", "Indicateur", "Nature", "Référence", "Cible", "Source"],
        strict=True,
    ):
        cell.text = title
    for indicator in protocol.indicators:
        cells = table.add_row().cells
        cells[0].text = indicator.code
        cells[1].text = indicator.name
        cells[2].text = indicator.get_kind_display()
        cells[3].text = _dated(indicator.baseline_value, indicator.baseline_date)
        cells[4].text = _dated(indicator.target_value, indicator.target_date)
        cells[5].text = indicator.source


def _dated(value: object, day: object) -> str:
    if value is None:
        return ""
    return f"{value} ({day:%d/%m/%Y})" if day else f"{value}"

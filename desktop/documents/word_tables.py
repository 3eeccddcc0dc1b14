"""The Phụ lục's criteria table in Word: the PDF's columns and rows, header row repeated on every page."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import unescape

from .paging import PagedTable, Row, Text

__all__ = ["criteria_table", "plain"]

POINTS_PER_MM = 72 / 25.4


def criteria_table(document: Any, table: PagedTable) -> Any:
    """Every row of ``table`` (all its pages) as one Word table with a grid, bold lĩnh vực rows."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    shared = table.shared
    rows = [shared.header, *shared.rows]
    word = document.add_table(rows=len(rows), cols=len(shared.look.widths))
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    centred = set(shared.look.centred)
    widths = [Mm(width / POINTS_PER_MM) for width in shared.look.widths]
    for column, width in zip(word.columns, widths, strict=True):
        column.width = width  # the table grid: what LibreOffice lays out by
    for index, (row, word_row) in enumerate(zip(rows, word.rows, strict=True)):
        for column, (value, cell) in enumerate(zip(row.cells, word_row.cells, strict=True)):
            cell.width = widths[column]
            _fill(cell, value, row, centre=index == 0 or column in centred)
    _repeat_header(word.rows[0])
    return word


def _fill(cell: Any, value: object, row: Row, *, centre: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if isinstance(value, Text):
        text, italic = plain(value.markup), "italic" in value.style.fontName.lower()
    elif hasattr(value, "text"):  # a reportlab Paragraph (the header's cells)
        text, italic = plain(str(value.text)), False
    else:
        text, italic = str(value), False
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(12)
    run.font.bold = row.bold
    run.font.italic = italic


def plain(markup: str) -> str:
    """A reportlab Paragraph's markup as plain text: line breaks kept, tags dropped, entities read."""
    text = re.sub(r"<br\s*/?>", "\n", markup)
    return unescape(re.sub(r"<[^>]+>", "", text))


def _repeat_header(row: Any) -> None:
    """Mark the first row as the table's header: Word and LibreOffice repeat it on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)

"""Paragraph styles of the documents (Nghị định 30/2020: body 14 pt justified, first line 1,27 cm, 6 pt apart)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import FontFamily

__all__ = ["Styles", "esc"]


def esc(text: str) -> str:
    """Plain text made safe for a reportlab Paragraph (which reads a little XML)."""
    return escape(text).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    basis: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    point: ParagraphStyle
    appendix_title: ParagraphStyle
    appendix_caption: ParagraphStyle
    appendix_reference: ParagraphStyle
    addressee: ParagraphStyle
    addressee_entry: ParagraphStyle
    recipients_head: ParagraphStyle
    recipients: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_note: ParagraphStyle
    cell_code: ParagraphStyle
    cell_code_bold: ParagraphStyle

    @classmethod
    def of(cls, fonts: FontFamily) -> Styles:
        body = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=14,
            leading=14 * 1.2,
            alignment=TA_JUSTIFY,
            firstLineIndent=1.27 * cm,
            spaceAfter=6,
        )
        centred = ParagraphStyle("centred", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)
        # a cell's text broken across pages keeps two lines on each side: no word left alone ("chính")
        cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=12, leading=14, alignment=TA_LEFT)
        return cls(
            body=body,
            basis=ParagraphStyle("basis", parent=body, fontName=fonts.italic),
            # a heading never ends a page: it moves over with the paragraph it opens
            heading=ParagraphStyle("heading", parent=body, fontName=fonts.bold, spaceBefore=6, keepWithNext=1),
            subheading=ParagraphStyle("subheading", parent=body, fontName=fonts.bold, keepWithNext=1),
            # "a) Mục đích": regular, and like a heading never the last line of a page
            point=ParagraphStyle("point", parent=body, keepWithNext=1),
            appendix_title=ParagraphStyle("appendix_title", parent=centred, fontName=fonts.bold, leading=17),
            appendix_caption=ParagraphStyle("appendix_caption", parent=centred, fontName=fonts.bold, leading=17),
            appendix_reference=ParagraphStyle("appendix_reference", parent=centred, fontName=fonts.italic, leading=17),
            # ô 9a "Kính gửi:" 14 regular, centred on one line, or as a list aligned under the colon
            addressee=ParagraphStyle("addressee", parent=centred, spaceBefore=2, spaceAfter=8),
            addressee_entry=ParagraphStyle(
                "addressee_entry", parent=body, firstLineIndent=0, spaceAfter=0, alignment=TA_LEFT
            ),
            recipients_head=ParagraphStyle(
                "recipients_head", fontName=fonts.bold_italic, fontSize=12, leading=14, spaceAfter=0
            ),
            # "- Các phòng, đơn vị thuộc VP UBND / tỉnh;": the second line hangs under the text, not the dash
            recipients=ParagraphStyle(
                "recipients",
                fontName=fonts.regular,
                fontSize=11,
                leading=12.5,
                leftIndent=stringWidth("- ", fonts.regular, 11),
                firstLineIndent=-stringWidth("- ", fonts.regular, 11),
            ),
            cell=cell,
            cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold),
            cell_head=ParagraphStyle("cell_head", parent=cell, fontName=fonts.bold, alignment=TA_CENTER),
            cell_note=ParagraphStyle("cell_note", parent=cell, fontName=fonts.italic, alignment=TA_CENTER),
            cell_code=ParagraphStyle("cell_code", parent=cell, alignment=TA_CENTER),
            cell_code_bold=ParagraphStyle("cell_code_bold", parent=cell, fontName=fonts.bold, alignment=TA_CENTER),
        )

"""A Word (.docx) copy of the Kế hoạch and its Phụ lục, for officers who must reword it by hand before signing.

It is written from the very story the PDF is laid out from (``Composer.plan``), so the two say
the same thing: each header, title, paragraph, signature block and table of that story becomes
its Word counterpart, with Nghị định 30's page, margins, fonts and sizes. The data fingerprint
and the signature field are left out: once reworded, the text is no longer the data's.
"""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DocumentRefused
from ..outputs import discard, os_problem, refuse_input_as_output
from .build import MARGINS_MM, Kind, PdfResult, missing_message, missing_settings, writable_target
from .word_tables import criteria_table, plain

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["build_docx"]

FONT = "Times New Roman"  # named, not embedded: Word and LibreOffice substitute a metric twin if absent


def build_docx(session: Session, out_path: Path, *, lead_unit: str | None = None) -> PdfResult:
    """Write the plan with its appendix as .docx to ``out_path``; raises DocumentRefused with the reason."""
    from docx import Document
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from ..assessment_file.fingerprint import fingerprint, short_fingerprint
    from .compose import Composer
    from .fonts import load_fonts
    from .furniture import Furniture

    missing = missing_settings(session.settings(), Kind.PLAN)
    if missing:
        raise DocumentRefused(missing_message(missing))
    out_path = Path(out_path)
    refuse_input_as_output(out_path, session.store.path)  # never over the file being read
    folder = writable_target(out_path)
    fonts = load_fonts()
    full = fingerprint(session.store.conn)
    furniture = Furniture(fonts, fingerprint=full, short=short_fingerprint(full))
    side = (MARGINS_MM["left"] + MARGINS_MM["right"]) * mm
    composer = Composer(session, fonts, furniture, width=A4[0] - side, wide=A4[1] - side, lead_unit=lead_unit)
    story = composer.plan()
    document = Document()
    _defaults(document)
    _Writer(document).story(story)
    temp = folder / f".pardesk-{secrets.token_hex(6)}.docx"
    try:
        buffer = io.BytesIO()  # into memory first: a full disk then fails our write, not a half zip
        document.save(buffer)
        temp.write_bytes(buffer.getvalue())
        os.replace(temp, out_path)
    except OSError as exc:
        raise DocumentRefused(f"Không ghi được tệp Word “{out_path}” ({os_problem(exc)}).") from None
    finally:
        discard(temp)
    return PdfResult(out_path, 0, full, tuple(composer.notices))  # Word lays out the pages itself


def _defaults(document: Any) -> None:
    from docx.shared import Mm, Pt

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(_qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    section.different_first_page_header_footer = True  # no number on page 1 (Nghị định 30)
    _page_number(section)


def _margins(section: Any) -> None:
    from docx.shared import Mm

    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def _page_number(section: Any) -> None:
    """A PAGE field centred in the header, 13 pt (from page 2 of each part)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(_qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    size = OxmlElement("w:rPr")
    half_points = OxmlElement("w:sz")
    half_points.set(_qn("w:val"), str(int(Pt(13).pt * 2)))
    size.append(half_points)
    run.append(size)
    field.append(run)
    paragraph._p.append(field)


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(name))


class _Writer:
    """Turns the flowables of the PDF story into Word paragraphs, tables and sections."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.landscape = False

    def story(self, story: list[Any]) -> None:
        from reportlab.platypus import KeepTogether, NextPageTemplate, Paragraph, Table

        from .nd30 import Header, TitleBlock
        from .paging import PagedTable

        for item in story:
            if isinstance(item, Header):
                self.header(item)
            elif isinstance(item, TitleBlock):
                self.title(item)
            elif isinstance(item, Paragraph):
                self.paragraph(plain(item.text), item.style)
            elif isinstance(item, KeepTogether):
                self.story(list(item._content))
            elif isinstance(item, Table):
                self.closing(item)
            elif isinstance(item, NextPageTemplate):
                self.landscape = item.action[1] == "landscape"
                self.new_section()
            elif isinstance(item, PagedTable):
                criteria_table(self.document, item)
            # Spacer, PageBreak (the new section breaks the page), Marker, HRFlowable: nothing to write

    def text(self, cell: Any, text: str, *, size: float = 14, bold: bool = False, italic: bool = False,
             centre: bool = True, after: float = 0) -> Any:  # fmt: skip
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = cell.add_paragraph()
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(after)
        paragraph.paragraph_format.space_before = Pt(0)
        run = paragraph.add_run(text)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        return paragraph

    def header(self, header: Any) -> None:
        """Ô 1–4 in a borderless two-column table, as văn thư set them in Word; names broken as in the PDF."""
        from .nd30 import balanced_lines

        left, right = self.columns(self.document, (66, 99), grid=False)
        fonts, lines = header.fonts, lambda text, font: "\n".join(balanced_lines(text, font, 12, 62 * 72 / 25.4))
        if header.parent_agency:
            self.text(left, lines(header.parent_agency, fonts.regular), size=12)
        self.text(left, lines(header.issuing_agency, fonts.bold), size=12, bold=True)
        _rule(self.text(left, "", size=4), 62, 0.35)
        self.text(left, "", size=6)
        self.text(left, header.number, size=13)
        self.text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
        self.text(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
        _rule(self.text(right, "", size=4), 95, 0.7)
        self.text(right, "", size=6)
        self.text(right, header.place_date, size=13, italic=True)
        for cell in (left, right):
            cell._element.remove(cell.paragraphs[0]._element)  # the empty first paragraph Word adds

    def columns(self, parent: Any, widths_mm: tuple[float, ...], *, grid: bool) -> list[Any]:
        """A one-row table of fixed column widths (kept by Word and LibreOffice alike)."""
        from docx.shared import Mm

        table = parent.add_table(rows=1, cols=len(widths_mm))
        table.autofit = False
        if grid:
            table.style = "Table Grid"
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
        return list(table.rows[0].cells)

    def title(self, block: Any) -> None:
        self.text(self.document, "", size=6)
        self.text(self.document, block.kind, bold=True)
        self.text(self.document, block.subject, bold=True)
        _rule(self.text(self.document, "", size=4, after=10), 165, 0.25)

    def paragraph(self, text: str, style: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        name = style.name
        centred = name.startswith("appendix") or name == "addressee"
        paragraph = self.text(
            self.document,
            text,
            size=style.fontSize,
            bold="bold" in style.fontName.lower() or name in ("heading", "subheading"),
            italic="italic" in style.fontName.lower(),
            centre=centred,
            after=style.spaceAfter,
        )
        if not centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if style.alignment == 4 else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.first_line_indent = Cm(style.firstLineIndent / 28.3465)
            paragraph.paragraph_format.space_before = Pt(style.spaceBefore)
        paragraph.paragraph_format.keep_with_next = bool(getattr(style, "keepWithNext", 0))  # a heading opens its text

    def closing(self, table: Any) -> None:
        """Nơi nhận (left) and the signature block (right), side by side."""
        from .nd30 import SignatureBlock

        recipients, signature = table._cellvalues[0]
        left, right = self.columns(self.document, (66, 99), grid=False)
        for paragraph in recipients:
            style = paragraph.style
            self.text(left, plain(paragraph.text), size=style.fontSize, bold=style.fontName.endswith("bold_italic"),
                      italic=style.fontName.endswith("italic"), centre=False)  # fmt: skip
        if isinstance(signature, SignatureBlock):
            for line in signature.heading:
                self.text(right, line, bold=True)
            for _ in range(4):
                self.text(right, "")  # the space to sign and seal
            self.text(right, signature.name, bold=True)
        for cell in (left, right):
            cell._element.remove(cell.paragraphs[0]._element)

    def new_section(self) -> None:
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Mm

        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        long, short = Mm(297), Mm(210)
        section.orientation = WD_ORIENT.LANDSCAPE if self.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if self.landscape else (short, long)
        _margins(section)
        section.different_first_page_header_footer = True  # the appendix is numbered on its own
        _page_number(section)
        section_properties = section._sectPr
        numbering = section_properties.makeelement(_qn("w:pgNumType"), {_qn("w:start"): "1"})
        section_properties.append(numbering)


def _rule(paragraph: Any, width_mm: float, share: float) -> None:
    """A solid rule under a paragraph ``width_mm`` wide, narrowed by indents to ``share`` of it (ô 2's, ô 5's)."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(_qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    indent = Mm(width_mm * (1 - share) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent

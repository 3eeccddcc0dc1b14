"""Page furniture of every document: page numbers, the data fingerprint footer and its QR code, the
draft mark, and the markers in a story that tell it where a part starts and which page is the last.

All of it lies in the margins, outside Nghị định 30's text area (top/bottom 20 mm, left 30 mm,
right 15 mm), and names the product only when the officer asks (``product``).
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .fonts import FontFamily
from .nd30 import RULE_WIDTH

__all__ = ["DRAFT", "FOOTER_BASELINE", "QR_BOTTOM", "Furniture", "Marker"]

_GREY = Color(0.35, 0.35, 0.35)


class Marker(Flowable):
    """Zero-size flowable that tells the page furniture a part starts here, or that this is the last page."""

    def __init__(self, furniture: Furniture, *, section: bool = False, last: bool = False) -> None:
        super().__init__()
        self.furniture = furniture
        self.section = section
        self.last = last

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        if self.section:
            self.furniture.section_start = page
        if self.last:
            self.furniture.last_page = page


QR_BOTTOM = 5 * mm
FOOTER_BASELINE = 9 * mm
DRAFT = "DỰ THẢO"


class Furniture:
    """Page numbers (from the second page of each part), the fingerprint footer and the QR code.

    Drawn at the end of each page (``onPageEnd``), when the markers on that page have been seen.
    """

    def __init__(self, fonts: FontFamily, *, fingerprint: str, short: str, product: bool = False) -> None:
        self.fonts = fonts
        self.fingerprint = fingerprint
        self.short = short
        self.product = product  # name PAR Desk in the footer only when the officer asks for it
        self.draft = False  # "DỰ THẢO" boxed in the top margin of page 1
        self.section_start = 1
        self.last_page: int | None = None

    def __call__(self, canv: Canvas, doc: object) -> None:
        width, height = canv._pagesize
        left, right = doc.leftMargin, doc.rightMargin  # type: ignore[attr-defined]
        centre = left + (width - left - right) / 2
        page = canv.getPageNumber()
        number = page - self.section_start + 1
        canv.saveState()
        if number > 1:
            canv.setFont(self.fonts.regular, 13)
            canv.drawCentredString(centre, height - 12 * mm, str(number))
        canv.setFont(self.fonts.regular, 8)
        canv.setFillColor(_GREY)
        # in the bottom margin, below NĐ 30's text area (which ends 20 mm above the paper's edge)
        canv.drawString(left, FOOTER_BASELINE, f"Mã dữ liệu: {self.short}" + (" (PAR Desk)" if self.product else ""))
        if page == self.last_page:
            self._qr(canv, width - right)
        if self.draft and page == 1:
            self._draft_mark(canv, width - right, height - 13 * mm)
        canv.restoreState()

    def _draft_mark(self, canv: Canvas, right_edge: float, baseline: float) -> None:
        canv.setFillColor(black)
        canv.setFont(self.fonts.bold, 12)
        text_width = stringWidth(DRAFT, self.fonts.bold, 12)
        canv.drawRightString(right_edge - 4, baseline, DRAFT)
        canv.setLineWidth(RULE_WIDTH)
        canv.rect(right_edge - text_width - 8, baseline - 4, text_width + 8, 16, stroke=1, fill=0)

    def _qr(self, canv: Canvas, right_edge: float) -> None:
        """The fingerprint as a QR code (drawn module by module: no font, nothing but filled squares)."""
        from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

        code = QRCode(None, QRErrorCorrectLevel.M)
        code.addData(f"PARDESK:{self.fingerprint}")
        code.make()
        count = code.getModuleCount()
        # inside the 20 mm bottom margin (never over the text) and 5 mm clear of the paper's edge,
        # which office printers cannot reach; 15 mm gives modules of about 0,4 mm, easy for a phone
        size = 15 * mm
        cell = size / (count + 2)  # a quiet zone of one module (the margin around is blank anyway)
        x0, y0 = right_edge - size + cell, QR_BOTTOM + cell
        canv.setFillColor(black)
        for row in range(count):
            for col in range(count):
                if code.isDark(row, col):
                    canv.rect(x0 + col * cell, y0 + (count - 1 - row) * cell, cell, cell, stroke=0, fill=1)

"""The app's "In / Xuất PDF" over one open session: check, preview, save, and the editable texts.

reportlab and pdfium load on first use, never at start-up.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from scoring import units_of

from ..documents import DOC_TEXTS, KIND_LABELS, Kind, build_pdf, document_texts, missing_settings, save_document_text
from ..errors import DocumentRefused, log_detail
from ..session import Session
from .header import HEADER_KEYS

__all__ = ["DocumentActions", "PageImage"]


@dataclass(frozen=True)
class PageImage:
    """One rendered page as 32-bit pixels (B, G, R, x in memory: Qt's Format_RGB32)."""

    width: int
    height: int
    stride: int
    pixels: bytes


class DocumentActions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def kinds(self) -> list[tuple[str, str]]:
        return [*((kind.value, label) for kind, label in KIND_LABELS.items()), (WORD, WORD_LABEL)]

    def leads(self) -> list[str]:
        """Every unit named as đơn vị chủ trì, as the window's unit filter lists them."""
        return units_of(self.session.tree)

    def missing(self, kind: str) -> str:
        """'' when the document can be printed, else which header settings are missing (Vietnamese)."""
        keys = missing_settings(self.session.settings(), _printed(kind))
        if not keys:
            return ""
        return "Còn thiếu thiết lập văn bản: " + "; ".join(HEADER_KEYS[k][0] for k in keys) + "."

    def texts(self) -> list[tuple[str, str, str]]:
        """(field, label, text) of every editable part of the plan and the report."""
        current = document_texts(self.session)
        return [(field, text.label, current[field]) for field, text in DOC_TEXTS.items()]

    def save_text(self, field: str, text: str) -> None:
        save_document_text(self.session, field, text)

    def suggested_name(self, kind: str) -> str:
        s = self.session.settings()
        prefix = {"report": "report", "explanation": "explanation"}.get(kind, "doc")
        number = f"{s.get(f'{prefix}_number', '')}-{s.get(f'{prefix}_symbol', '')}"
        stem = {
            "plan": "Ke-hoach",
            "appendix": "Phu-luc-ke-hoach",
            "report": "Bao-cao-tu-danh-gia",
            "explanation": "Bao-cao-giai-trinh",
            WORD: "Ke-hoach",
        }[kind]
        suffix = ".docx" if kind == WORD else ".pdf"
        return f"{stem}-{number.strip('-')}{suffix}" if number.strip("-") else f"{stem}{suffix}"

    def save(self, kind: str, path: Path, lead: str | None = None) -> tuple[int, list[str]]:
        """Write the PDF (or the Word copy: 0 pages, Word lays it out); returns (pages, warnings).
        Raises DocumentRefused with the reason."""
        if kind == WORD:
            from .word import build_docx

            result = build_docx(self.session, Path(path), lead_unit=lead or None)
        else:
            result = build_pdf(self.session, Kind(kind), Path(path), lead_unit=lead or None)
        return result.pages, list(result.warnings)

    def preview(self, kind: str, lead: str | None = None, *, scale: float = 0.75) -> tuple[list[PageImage], list[str]]:
        """Lay the document out into a temporary file and render its pages (72 dpi × ``scale``)."""
        import pypdfium2

        with tempfile.TemporaryDirectory(prefix="pardesk-") as folder:
            # the Word copy is previewed as the PDF it was written from: the same text and tables
            pages, warnings = self.save(_printed(kind).value, Path(folder) / "xem-truoc.pdf", lead)
            document = pypdfium2.PdfDocument(Path(folder) / "xem-truoc.pdf")
            try:
                images = [_render(document[index], scale) for index in range(pages)]
            except pypdfium2.PdfiumError as exc:
                log_detail(exc, context="xem trước")  # pdfium's words are English: they go to the log
                raise DocumentRefused("Không hiển thị được bản xem trước (không vẽ được trang PDF).") from None
            finally:
                document.close()
        return images, warnings


WORD = "word"  # the plan with its appendix as .docx
WORD_LABEL = "Kế hoạch kèm Phụ lục — bản Word (.docx) để sửa câu chữ"


def _printed(kind: str) -> Kind:
    """The PDF a kind is checked and previewed as (the Word copy: the plan)."""
    return Kind.PLAN if kind == WORD else Kind(kind)


def _render(page: object, scale: float) -> PageImage:
    import pypdfium2

    bitmap = page.render(  # type: ignore[attr-defined]
        scale=scale, force_bitmap_format=pypdfium2.raw.FPDFBitmap_BGRx
    )
    image = PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    page.close()  # type: ignore[attr-defined]
    return image

"""Official documents as signed-ready PDFs: Kế hoạch with its Phụ lục, and the Báo cáo tự đánh giá.

Qt-free and built on reportlab, which is imported only when a document is made (not at start-up).
"""

from __future__ import annotations

from .build import KIND_LABELS, Kind, PdfResult, build_pdf, missing_settings
from .texts import DOC_TEXTS, document_texts, save_document_text

__all__ = [
    "DOC_TEXTS",
    "KIND_LABELS",
    "Kind",
    "PdfResult",
    "build_pdf",
    "document_texts",
    "missing_settings",
    "save_document_text",
]

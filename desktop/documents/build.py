"""Make a PDF: check the header settings first, pick the fonts, lay out, write atomically.

Reads the session only (a received file can be printed without being changed). The output is
written to a temporary file beside the target and moved over it, so a failed print never leaves
half a PDF, and an unwritable folder is reported in Vietnamese before anything is lost.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from ..assessment_file.fingerprint import fingerprint, short_fingerprint
from ..errors import DocumentRefused
from ..outputs import discard, os_problem, refuse_input_as_output
from .header import HEADER_KEYS, PRODUCT_FOOTER, chosen

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["KIND_LABELS", "Kind", "PdfResult", "build_pdf", "missing_message", "missing_settings", "writable_target"]

MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # Nghị định 30: 20–25, 20–25, 30–35, 15–20


class Kind(StrEnum):
    PLAN = "plan"
    APPENDIX = "appendix"
    REPORT = "report"
    EXPLANATION = "explanation"


KIND_LABELS = {
    Kind.PLAN: "Kế hoạch cải thiện Chỉ số (kèm Phụ lục)",
    Kind.APPENDIX: "Phụ lục kế hoạch (riêng)",
    Kind.REPORT: "Báo cáo tự đánh giá",
    Kind.EXPLANATION: "Báo cáo giải trình kết quả thẩm định",
}

_SIGNED = ("unit", "issuing_agency", "place", "signer_title", "signer_name")
REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.PLAN: (*_SIGNED, "doc_number", "doc_symbol", "doc_date"),
    Kind.APPENDIX: ("unit", "doc_number", "doc_symbol", "doc_date"),
    Kind.REPORT: (*_SIGNED, "report_number", "report_symbol", "report_date"),
    Kind.EXPLANATION: (*_SIGNED, "explanation_number", "explanation_symbol", "explanation_date"),
}


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    fingerprint: str
    warnings: tuple[str, ...]


def missing_settings(settings: Mapping[str, str], kind: Kind) -> list[str]:
    """Header settings a document of ``kind`` needs and the file does not have (keys, in order).

    The chức vụ line may be left empty under an authority that already ends with it ("TM. ỦY BAN
    NHÂN DÂN" / "Q. CHỦ TỊCH"), but one of the two is needed.
    """

    def given(key: str) -> bool:
        return bool((settings.get(key) or "").strip())

    return [
        key for key in REQUIRED[kind] if not given(key) and not (key == "signer_title" and given("signer_authority"))
    ]


def missing_message(keys: list[str]) -> str:
    names = "; ".join(f"{HEADER_KEYS[k][0]} [{k}]" for k in keys)
    return (
        f"Chưa in được: còn thiếu thiết lập văn bản — {names}. "
        "Hãy điền trong Tệp › Thiết lập văn bản (hoặc: pardesk settings TỆP khóa=giá trị) rồi in lại."
    )


def writable_target(out_path: Path) -> Path:
    folder = out_path.parent if str(out_path.parent) else Path(".")
    if not folder.is_dir():
        raise DocumentRefused(f"Thư mục “{folder}” không tồn tại; hãy chọn thư mục khác để lưu PDF.")
    if out_path.is_dir():
        raise DocumentRefused(f"“{out_path}” là một thư mục; hãy đặt tên tệp PDF.")
    return folder


def build_pdf(
    session: Session,
    kind: Kind,
    out_path: Path,
    *,
    lead_unit: str | None = None,
    font_folders: tuple[Path, ...] | None = None,
) -> PdfResult:
    """Write the document ``kind`` of ``session`` to ``out_path``; raises DocumentRefused with the reason."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from .compose import PARTS_LANDSCAPE, PARTS_PORTRAIT, Composer
    from .explanation import explanation_story, explanation_subject
    from .fonts import load_fonts
    from .furniture import Furniture
    from .report import report_story, report_subject

    kind = Kind(kind)
    missing = missing_settings(session.settings(), kind)
    if missing:
        raise DocumentRefused(missing_message(missing))
    out_path = Path(out_path)
    refuse_input_as_output(out_path, session.store.path)  # never over the file being read
    folder = writable_target(out_path)
    fonts = load_fonts(font_folders)
    full = fingerprint(session.store.conn)
    furniture = Furniture(
        fonts, fingerprint=full, short=short_fingerprint(full), product=chosen(session.settings(), PRODUCT_FOOTER)
    )

    m = {side: value * mm for side, value in MARGINS_MM.items()}
    templates = []
    for name, size in ((PARTS_PORTRAIT, A4), (PARTS_LANDSCAPE, landscape(A4))):
        frame = Frame(
            m["left"],
            m["bottom"],
            size[0] - m["left"] - m["right"],
            size[1] - m["top"] - m["bottom"],
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPageEnd=furniture))
    if kind is Kind.APPENDIX:
        templates.reverse()  # the first template is the first page's

    composer = Composer(
        session,
        fonts,
        furniture,
        width=A4[0] - m["left"] - m["right"],
        wide=A4[1] - m["left"] - m["right"],
        lead_unit=lead_unit,
    )
    stories = {
        Kind.PLAN: composer.plan,
        Kind.APPENDIX: composer.appendix,
        Kind.REPORT: lambda: report_story(composer),
        Kind.EXPLANATION: lambda: explanation_story(composer),
    }
    story = stories[kind]()
    title = {
        Kind.PLAN: f"Kế hoạch: {composer.plan_subject()}",
        Kind.APPENDIX: f"Phụ lục Kế hoạch: {composer.plan_subject()}",
        Kind.REPORT: f"Báo cáo: {report_subject(composer)}",
        Kind.EXPLANATION: f"Báo cáo: {explanation_subject(composer)}",
    }[kind]

    temp = folder / f".pardesk-{secrets.token_hex(6)}.pdf"
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,  # in memory first: a full disk then fails our own write, never reportlab's open file
        pagesize=A4,
        pageTemplates=templates,
        leftMargin=m["left"],
        rightMargin=m["right"],
        topMargin=m["top"],
        bottomMargin=m["bottom"],
        title=title,
        author=composer.unit,
        subject=f"{composer.unit} — năm {composer.year or ''}",
        creator="PAR Desk" if furniture.product else "",
        keywords=f"mã dữ liệu {furniture.short}; {full}",
        initialFontName=fonts.regular,
        lang="vi-VN",
    )
    try:
        doc.build(story)
        temp.write_bytes(buffer.getvalue())
        os.replace(temp, out_path)
    except OSError as exc:
        raise DocumentRefused(
            f"Không ghi được tệp PDF “{out_path}” ({os_problem(exc)}). Thư mục có thể chỉ cho đọc, "
            "hoặc tệp đang mở trong trình xem PDF; hãy đóng tệp hoặc chọn thư mục khác."
        ) from None
    finally:
        discard(temp)  # never raises: on a read-only or removed drive there is nothing to remove
    warnings = ((fonts.warning,) if fonts.warning else ()) + tuple(composer.notices)
    return PdfResult(out_path, doc.page, full, warnings)

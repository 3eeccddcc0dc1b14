"""The ranking of units as a signed-ready PDF appendix: "Kết quả Chỉ số cải cách hành chính năm …".

Built from a ``Comparison`` (``desktop.exchange.compare``) and the document settings of Sở Nội vụ's
own file, with the pieces every other document uses (``nd30``): the ô 1–4 header, "Phụ lục" with
its title and "(Kèm theo Báo cáo số …)", one table per block, the signature block with its empty
signature field, page numbers from page 2, and the fingerprint of the compared files in every
footer and as a QR code on the last page. Written atomically, like the other PDFs.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from scoring import format_number
from scoring.dates import official_date, parse_date

from ..assessment_file.fingerprint import short_fingerprint
from ..errors import DocumentRefused
from ..outputs import discard, os_problem
from .build import MARGINS_MM, Kind, PdfResult, missing_settings
from .header import HEADER_KEYS

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from ..exchange.compare import Comparison, UnitColumn
    from .fonts import FontFamily
    from .styles import Styles

__all__ = ["RANKING_KIND", "build_ranking_pdf"]

RANKING_KIND = Kind.REPORT  # the header and signer settings the ranking needs are the report's

_ROMAN = ("I", "II", "III")


def _check(settings: Mapping[str, str], out: Path) -> Path:
    missing = missing_settings(settings, RANKING_KIND)
    if missing:
        names = "; ".join(f"{HEADER_KEYS[k][0]} [{k}]" for k in missing)
        raise DocumentRefused(f"Chưa in được bảng xếp hạng: tệp thiết lập còn thiếu — {names}.")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise DocumentRefused(f"Thư mục “{folder}” không tồn tại; hãy chọn thư mục khác để lưu PDF.")
    return folder


def build_ranking_pdf(
    comparison: Comparison, settings: Mapping[str, str], out: Path, *, font_folders: tuple[Path, ...] | None = None
) -> PdfResult:
    """Write the ranking appendix to ``out``; raises DocumentRefused naming a missing setting."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from .fonts import load_fonts
    from .furniture import Furniture, Marker

    out = Path(out)
    folder = _check(settings, out)
    fonts = load_fonts(font_folders)
    full = comparison.fingerprint
    furniture = Furniture(fonts, fingerprint=full, short=short_fingerprint(full))
    m = {side: value * mm for side, value in MARGINS_MM.items()}
    width = A4[0] - m["left"] - m["right"]
    frame = Frame(m["left"], m["bottom"], width, A4[1] - m["top"] - m["bottom"], 0, 0, 0, 0, id="portrait")
    template = PageTemplate(id="portrait", frames=[frame], pagesize=A4, onPageEnd=furniture)
    story = [Marker(furniture, section=True), *_story(comparison, settings, fonts, width), Marker(furniture, last=True)]
    temp = folder / f".pardesk-{secrets.token_hex(6)}.pdf"
    buffer = io.BytesIO()  # in memory first: a full disk then fails our own write, never reportlab's file
    unit = settings.get("unit", "")
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[template],
        title=f"Kết quả Chỉ số cải cách hành chính năm {comparison.year}",
        author=unit,
        creator="PAR Desk",
        keywords=f"PAR Desk; mã dữ liệu {furniture.short}; {full}",
        initialFontName=fonts.regular,
        lang="vi-VN",
    )
    try:
        doc.build(story)
        temp.write_bytes(buffer.getvalue())
        os.replace(temp, out)
    except OSError as exc:
        raise DocumentRefused(f"Không ghi được tệp PDF “{out}” ({os_problem(exc)}).") from None
    finally:
        discard(temp)  # never raises on a read-only or removed drive
    return PdfResult(out, doc.page, full, (fonts.warning,) if fonts.warning else ())


def _left_out(comparison: Comparison) -> str:
    """ "Không đưa vào xếp hạng (tệp bị từ chối khi kiểm tra): a.sqlite (Sở Y tế), b.sqlite." """
    names = [f"{r.path.name} ({r.unit})" if r.unit else r.path.name for r in comparison.refused]
    return f"Không đưa vào xếp hạng (tệp bị từ chối khi kiểm tra): {', '.join(names)}."


def _story(comparison: Comparison, settings: Mapping[str, str], fonts: FontFamily, width: float) -> list[Flowable]:
    from reportlab.lib.colors import black
    from reportlab.platypus import HRFlowable, Paragraph, Spacer

    from ..exchange.compare import BLOCK_LABELS
    from .nd30 import Header, balanced_lines, document_number
    from .styles import Styles, esc

    styles = Styles.of(fonts)
    s = settings
    number = document_number(s.get("report_number", ""), s.get("report_symbol", ""))
    date = parse_date(s["report_date"])
    blocks = " và ".join(f"các {BLOCK_LABELS[b]}" for b in comparison.blocks)
    caption = f"Kết quả Chỉ số cải cách hành chính năm {comparison.year} của {blocks}".upper()
    lines = balanced_lines(caption, styles.appendix_caption.fontName, 14, width * 0.9, phrases=True)
    issuer = s.get("unit") or s.get("issuing_agency", "")
    reference = f"(Kèm theo Báo cáo số {number.removeprefix('Số: ')} {official_date(date)} của {issuer})"
    basis = "điểm thẩm định" if comparison.scenario.value == "appraised" else "điểm tự đánh giá của các đơn vị"
    story: list[Flowable] = [
        Header(
            fonts,
            parent_agency=s.get("parent_agency", ""),
            issuing_agency=s.get("issuing_agency", ""),
            number=number,
            place=s.get("place", ""),
            date=date,
        ),
        Spacer(1, 6),
        Paragraph("Phụ lục", styles.appendix_title),
        Paragraph("<br/>".join(esc(line) for line in lines), styles.appendix_caption),
        Paragraph(esc(reference), styles.appendix_reference),
        HRFlowable(width="25%", thickness=0.6, color=black, spaceBefore=4, spaceAfter=8, hAlign="CENTER"),
        Paragraph(esc(f"Xếp hạng theo chỉ số (%) tính trên {basis}; các khối xếp hạng riêng."), styles.cell_note),
    ]
    for index, (block, columns) in enumerate(comparison.blocks.items()):
        story += [Spacer(1, 8), Paragraph(esc(f"{_ROMAN[index]}. KHỐI {BLOCK_LABELS[block].upper()}"), styles.heading)]
        story.append(_table(columns, styles, fonts, width))
    if comparison.provisional:
        note = comparison.PROVISIONAL_NOTE + "; ".join(comparison.provisional) + "."
        story += [Spacer(1, 6), Paragraph(esc(note), styles.cell_note)]
    if comparison.refused:  # a unit missing from the ranking is said in the document itself
        story += [Spacer(1, 6), Paragraph(esc(_left_out(comparison)), styles.cell_note)]
    story.append(_signature(settings, fonts, width))
    return story


def _table(columns: list[UnitColumn], st: Styles, fonts: FontFamily, width: float) -> Flowable:
    from reportlab.lib.colors import black
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    from .styles import esc

    head = ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Nhóm"]
    rows: list[list[object]] = [[Paragraph(esc(h), st.cell_head) for h in head]]
    for c in columns:
        rows.append(
            [
                str(c.rank) if c.rank is not None else "—",
                Paragraph(esc(c.unit), st.cell),
                format_number(c.final, empty="—"),
                format_number(c.maximum),
                format_number(c.percent, empty="—"),
                c.group or "—",
            ]
        )
    fixed = [18 * mm, 0, 22 * mm, 22 * mm, 22 * mm, 16 * mm]
    fixed[1] = width - sum(fixed)
    table = Table(rows, colWidths=fixed, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.regular, 12),
                ("GRID", (0, 0), (-1, -1), 0.5, black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (-1, -1), "CENTER"),
            ]
        )
    )
    return table


def _signature(settings: Mapping[str, str], fonts: FontFamily, width: float) -> Flowable:
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    from .nd30 import SignatureBlock

    block = SignatureBlock(
        fonts,
        authority=settings.get("signer_authority", ""),
        title=settings.get("signer_title", ""),
        name=settings.get("signer_name", ""),
    )
    left = width * 0.45
    table = Table([["", block]], colWidths=[left, width - left])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 12), table])

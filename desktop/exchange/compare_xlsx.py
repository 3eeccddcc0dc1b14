"""The comparison as an Excel workbook: the ranking of each block, then one sheet per block with a
column per unit, every criterion's best and worst marked, and totals, index, rank and group."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import SCENARIO_LABELS, round_display

from ..assessment_file.fingerprint import short_fingerprint
from ..errors import FileRefused
from ..excel.style import NUMBER_FORMAT, Styles, column_width, print_setup
from .compare import BLOCK_LABELS, Comparison, UnitColumn

__all__ = ["export_comparison"]

_SHEET_NAMES = {"so": "Sở, ban, ngành", "xa": "Xã, phường, đặc khu"}


def export_comparison(comparison: Comparison, out: Path) -> Path:
    """Write the workbook to ``out`` (through a temporary file beside it)."""
    from openpyxl import Workbook

    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"Thư mục “{folder}” không tồn tại.")
    from openpyxl.styles import PatternFill

    book = Workbook()
    styles = Styles()
    styles.objects["best_fill"] = PatternFill("solid", fgColor="C6EFCE")  # Excel's own "good" green
    styles.objects["worst_fill"] = PatternFill("solid", fgColor="FFC7CE")  # and its "bad" red
    _ranking(book.active, comparison, styles)
    for block, columns in comparison.blocks.items():
        _block_sheet(book.create_sheet(_SHEET_NAMES[block]), comparison, block, columns, styles)
    temp = folder / f".pardesk-{secrets.token_hex(6)}.xlsx"
    try:
        book.save(temp)
        os.replace(temp, out)
    except OSError as exc:
        raise FileRefused(f"Không ghi được “{out}” ({exc.strerror or exc}); tệp có đang mở trong Excel?") from None
    finally:
        temp.unlink(missing_ok=True)
    return out


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_display(value)


def _put(ws: Any, row: int, col: int, value: Any, styles: Styles, *, font: str = "plain", fill: str = "") -> Any:
    cell = ws.cell(row, col, value)
    cell.font, cell.border = styles[font], styles["border"]
    cell.alignment = styles["number"] if isinstance(value, Decimal) else styles["left"]
    if isinstance(value, Decimal):
        cell.number_format = NUMBER_FORMAT
    if fill:
        cell.fill = styles[fill]
    return cell


def _title(comparison: Comparison) -> list[str]:
    basis = "điểm thẩm định" if comparison.scenario.value == "appraised" else "điểm tự đánh giá"
    code = short_fingerprint(comparison.fingerprint)
    return [
        f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {comparison.year}",
        f"Theo {basis} ({SCENARIO_LABELS[comparison.scenario]}); mã dữ liệu {code}",
    ]


def _ranking(ws: Any, comparison: Comparison, styles: Styles) -> None:
    ws.title = "Xếp hạng"
    for row, text in enumerate(_title(comparison), start=1):
        ws.cell(row, 1, text).font = styles["heading" if row == 1 else "italic"]
    row = 4
    head = ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Nhóm", "Tệp", "Mã dữ liệu của tệp"]
    for block, columns in comparison.blocks.items():
        ws.cell(row, 1, f"Khối {BLOCK_LABELS[block]}").font = styles["bold"]
        row += 1
        for col, text in enumerate(head, start=1):
            _put(ws, row, col, text, styles, font="bold", fill="header_fill").alignment = styles["center"]
        for column in columns:
            row += 1
            values = [column.rank, column.unit, _number(column.final), _number(column.maximum)]
            values += [_number(column.percent), column.group or "", column.received.path.name]
            values.append(short_fingerprint(column.received.manifest.get("fingerprint", "")))
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value, styles)
        row += 2
    if comparison.refused:
        ws.cell(row, 1, "Tệp không đưa vào so sánh").font = styles["bold"]
        for received in comparison.refused:
            row += 1
            ws.cell(row, 1, received.path.name).font = styles["plain"]
            ws.cell(row, 2, " ".join(received.reasons)).font = styles["plain"]
    for col, width in enumerate((10, 40, 12, 12, 12, 8, 36, 22), start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    print_setup(ws, header_row=5, last_row=max(row, 5), last_column="H")


def _block_sheet(ws: Any, comparison: Comparison, block: str, columns: list[UnitColumn], styles: Styles) -> None:
    from openpyxl.utils import get_column_letter

    assert comparison.tree is not None
    ws.cell(1, 1, f"{_title(comparison)[0]} — KHỐI {BLOCK_LABELS[block].upper()}").font = styles["heading"]
    ws.cell(2, 1, _title(comparison)[1]).font = styles["italic"]
    header_row = 4
    head = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", *[c.unit for c in columns]]
    head += ["Cao nhất", "Thấp nhất"]
    for col, text in enumerate(head, start=1):
        _put(ws, header_row, col, text, styles, font="bold", fill="header_fill").alignment = styles["center"]
    row = header_row
    nodes = [n for n in comparison.tree if not n.implied]
    for node in nodes:
        row += 1
        font = "bold" if node.depth == 0 else "plain"
        _put(ws, row, 1, node.label, styles, font=font)
        _put(ws, row, 2, node.title, styles, font=font).alignment = styles[f"indent{node.depth}"]
        _put(ws, row, 3, _number(node.max), styles, font=font)
        best, worst = comparison.extremes(block, node)
        scores = []
        for col, column in enumerate(columns, start=4):
            score = column.score(node.key, comparison.scenario)
            scores.append(score)
            fill = "best_fill" if column.unit in best else "worst_fill" if column.unit in worst else ""
            _put(ws, row, col, _number(score), styles, font=font, fill=fill)
        present = [s for s in scores if s is not None]
        _put(ws, row, len(columns) + 4, _number(max(present)) if present else None, styles, font=font)
        _put(ws, row, len(columns) + 5, _number(min(present)) if present else None, styles, font=font)
    row = _totals(ws, row, columns, styles)
    ws.column_dimensions["A"].width = 9
    ws.column_dimensions["B"].width = column_width([n.title for n in nodes], least=30, most=60)
    ws.column_dimensions["C"].width = 10
    for col, column in enumerate(columns, start=4):
        ws.column_dimensions[get_column_letter(col)].width = column_width([column.unit], least=11, most=24)
    last = get_column_letter(len(head))
    print_setup(ws, header_row=header_row, last_row=row, last_column=last)
    ws.freeze_panes = f"D{header_row + 1}"


def _totals(ws: Any, row: int, columns: list[UnitColumn], styles: Styles) -> int:
    lines: list[tuple[str, list[Any]]] = [
        ("Tổng điểm", [_number(c.final) for c in columns]),
        ("Chỉ số (%)", [_number(c.percent) for c in columns]),
        ("Xếp hạng", [c.rank for c in columns]),
        ("Nhóm", [c.group or "" for c in columns]),
    ]
    for label, values in lines:
        row += 1
        _put(ws, row, 2, label, styles, font="bold")
        for col, value in enumerate(values, start=4):
            _put(ws, row, col, value, styles, font="bold")
    return row

"""The comparison as an Excel workbook: the ranking of each block, then one sheet per block with a
column per unit, every criterion's best and worst marked, and totals, index, rank and group.

Written row by row (openpyxl's write-only mode, each style combination made once, as the other
exports do): 50 units × 460 criteria stay well under a second.
"""

from __future__ import annotations

import io
import os
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import SCENARIO_LABELS, round_display

from ..assessment_file.fingerprint import short_fingerprint
from ..errors import FileRefused
from ..excel.style import NUMBER_FORMAT, Styles, column_width, print_setup, stream_cells
from ..outputs import discard, os_problem
from .compare import BLOCK_LABELS, Comparison, UnitColumn

__all__ = ["export_comparison"]

_SHEET_NAMES = {"so": "Sở, ban, ngành", "xa": "Xã, phường, đặc khu"}
_RANKING_HEAD = ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Nhóm", "Tệp", "Mã dữ liệu của tệp"]
_RANKING_WIDTHS = (10, 40, 12, 12, 12, 8, 36, 22)


def export_comparison(comparison: Comparison, out: Path) -> Path:
    """Write the workbook to ``out`` (through a temporary file beside it)."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"Thư mục “{folder}” không tồn tại.")
    book = Workbook(write_only=True)
    styles = Styles()
    styles.objects["best_fill"] = PatternFill("solid", fgColor="C6EFCE")  # Excel's own "good" green
    styles.objects["worst_fill"] = PatternFill("solid", fgColor="FFC7CE")  # and its "bad" red
    _Sheet(book.create_sheet("Xếp hạng"), styles).ranking(comparison)
    for block, columns in comparison.blocks.items():
        _Sheet(book.create_sheet(_SHEET_NAMES[block]), styles).block(comparison, block, columns)
    temp = folder / f".pardesk-{secrets.token_hex(6)}.xlsx"
    try:
        buffer = io.BytesIO()  # in memory first: a full disk then fails our write, not openpyxl's zip
        book.save(buffer)
        temp.write_bytes(buffer.getvalue())
        os.replace(temp, out)
    except OSError as exc:
        raise FileRefused(f"Không ghi được “{out}” ({os_problem(exc)}); tệp có đang mở trong Excel?") from None
    finally:
        discard(temp)  # never raises on a read-only or removed drive
    return out


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_display(value)


def _title(comparison: Comparison) -> list[str]:
    basis = "điểm thẩm định" if comparison.scenario.value == "appraised" else "điểm tự đánh giá"
    code = short_fingerprint(comparison.fingerprint)
    return [
        f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {comparison.year}",
        f"Theo {basis} ({SCENARIO_LABELS[comparison.scenario]}); mã dữ liệu {code}",
    ]


class _Sheet:
    """One streamed sheet: widths and print set-up first, then its rows in order."""

    def __init__(self, ws: Any, styles: Styles) -> None:
        self.ws, self.styles = ws, styles
        stream_cells(ws)

    def cell(self, value: Any, *, font: str = "plain", fill: str | None = None, align: str = "") -> Any:
        number = isinstance(value, Decimal)
        return self.styles.cell(
            self.ws,
            value,
            font=font,
            alignment=align or ("number" if number else "left"),
            border="border",
            fill=fill,
            number_format=NUMBER_FORMAT if number else None,
        )

    def plain(self, text: str, font: str) -> list[Any]:
        return [self.styles.cell(self.ws, text, font=font, alignment="left")]

    def widths(self, widths: list[float]) -> None:
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def ranking(self, comparison: Comparison) -> None:
        ws = self.ws
        self.widths(list(_RANKING_WIDTHS))
        set_aside = [*comparison.refused, *comparison.superseded]
        rows = 4 + sum(len(c) + 3 for c in comparison.blocks.values()) + len(set_aside) + 2
        print_setup(ws, header_row=5, last_row=rows, last_column="H")
        first, second = _title(comparison)
        ws.append(self.plain(first, "heading"))
        ws.append(self.plain(second, "italic"))
        ws.append([])
        for block, columns in comparison.blocks.items():
            ws.append(self.plain(f"Khối {BLOCK_LABELS[block]}", "bold"))
            ws.append([self.cell(h, font="bold", fill="header_fill", align="center") for h in _RANKING_HEAD])
            for column in columns:
                values = [column.rank, column.unit, _number(column.final), _number(column.maximum)]
                group = "tạm tính" if column.provisional else column.group or ""
                values += [_number(column.percent), group, column.received.path.name]
                values.append(short_fingerprint(column.received.manifest.get("fingerprint", "")))
                ws.append([self.cell(v) for v in values])
            ws.append([])
        if comparison.provisional:
            ws.append(self.plain(comparison.PROVISIONAL_NOTE + "; ".join(comparison.provisional) + ".", "italic"))
        if comparison.refused or comparison.superseded:
            ws.append(self.plain("Tệp không đưa vào so sánh", "bold"))
            for received in [*comparison.refused, *comparison.superseded]:
                ws.append([*self.plain(received.path.name, "plain"), *self.plain(" ".join(received.reasons), "plain")])

    def block(self, comparison: Comparison, block: str, columns: list[UnitColumn]) -> None:
        from openpyxl.utils import get_column_letter

        assert comparison.tree is not None
        ws = self.ws
        nodes = [n for n in comparison.tree if not n.implied]
        head = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", *[c.unit for c in columns]]
        head += ["Cao nhất", "Thấp nhất"]
        title_width = column_width([n.title for n in nodes], least=30, most=60)
        units = [column_width([c.unit], least=11, most=24) for c in columns]
        self.widths([9, title_width, 10, *units, 11, 11])
        header_row, last = 4, get_column_letter(len(head))
        print_setup(ws, header_row=header_row, last_row=header_row + len(nodes) + 4, last_column=last)
        ws.freeze_panes = f"D{header_row + 1}"
        first, second = _title(comparison)
        ws.append(self.plain(f"{first} — KHỐI {BLOCK_LABELS[block].upper()}", "heading"))
        ws.append(self.plain(second, "italic"))
        ws.append([])
        ws.append([self.cell(h, font="bold", fill="header_fill", align="center") for h in head])
        for node in nodes:
            ws.append(self._node_row(comparison, block, columns, node))
        for label, values in (
            ("Tổng điểm", [_number(c.final) for c in columns]),
            ("Chỉ số (%)", [_number(c.percent) for c in columns]),
            ("Xếp hạng", [c.rank for c in columns]),
            ("Nhóm", [c.group or "" for c in columns]),
        ):
            ws.append(
                [self.cell(None), self.cell(label, font="bold"), self.cell(None)]
                + [self.cell(v, font="bold") for v in values]
            )

    def _node_row(self, comparison: Comparison, block: str, columns: list[UnitColumn], node: Any) -> list[Any]:
        font = "bold" if node.depth == 0 else "plain"
        best, worst = comparison.extremes(block, node)
        row = [
            self.cell(node.label, font=font, align="center"),
            self.cell(node.title, font=font, align=f"indent{node.depth}"),
            self.cell(_number(node.max), font=font),
        ]
        scores = []
        for column in columns:
            score = column.score(node.key, comparison.scenario)
            scores.append(score)
            fill = "best_fill" if column.unit in best else "worst_fill" if column.unit in worst else None
            row.append(self.cell(_number(score), font=font, fill=fill))
        present = [s for s in scores if s is not None]
        row.append(self.cell(_number(max(present)) if present else None, font=font))
        row.append(self.cell(_number(min(present)) if present else None, font=font))
        return row

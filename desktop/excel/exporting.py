"""Excel export: the plan appendix and the self-assessment table as styled, printable sheets.

Leaf scores are real numbers; every parent and the total row are Excel formulas (the clamped sum
the scoring core computes), so officers who edit a leaf in Excel see the totals follow. openpyxl
cannot store a formula's value, so the workbook asks Excel/LibreOffice to calculate on opening and
the title block states our totals; ``read_table`` reads such a file back to the same tree and values.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring import SCENARIO_LABELS, Group, Node, Scenario, format_number

from ..errors import ExcelRefused
from ..outputs import discard, os_problem, refuse_input_as_output
from .cells import column_letter
from .style import NUMBER_FORMAT, Styles, column_width, lines_needed, print_setup, row_attributes, stream_cells
from .tree import group_suffix

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["export_workbook"]

TextOf = Callable[[Node], str]
_ARGS = 200  # Excel allows 255 arguments per function; longer lists are summed in chunks


@dataclass(frozen=True)
class Col:
    """One exported column: ``kind`` is code, title, max, score or text."""

    header: str
    kind: str
    least: float
    most: float
    scenario: Scenario | None = None
    text: TextOf | None = None


def export_workbook(session: Session, out_path: Path) -> Path:
    """Write the plan appendix and the self-assessment sheets to ``out_path`` (replaced whole).

    The workbook is written row by row (openpyxl's write-only mode): memory stays flat and each
    row costs the same at 460 or 20 000 rows.
    """
    import openpyxl

    out_path = Path(out_path)
    refuse_input_as_output(out_path, session.store.path)  # never over the file being read
    folder = out_path.parent if str(out_path.parent) else Path(".")
    if not folder.is_dir():
        raise ExcelRefused(f"Thư mục “{folder}” không tồn tại.")
    workbook = openpyxl.Workbook(write_only=True)
    styles = Styles()
    context = _Context(session)
    for name, columns, heading in (
        ("Phụ lục KH", context.plan_columns(), context.plan_heading()),
        ("Tự đánh giá", context.report_columns(), context.report_heading()),
    ):
        sheet = workbook.create_sheet(name)
        stream_cells(sheet)
        _SheetWriter(sheet, styles, context, columns=columns, heading=heading).write()
    workbook.calculation.fullCalcOnLoad = True
    temp = folder / f".pardesk-export-{secrets.token_hex(8)}.xlsx"
    try:
        # into memory first: a full disk then fails our own write, not openpyxl's zip half-way
        buffer = io.BytesIO()
        _save(workbook, buffer)
        temp.write_bytes(buffer.getvalue())
        os.replace(temp, out_path)
    except OSError as exc:
        raise ExcelRefused(f"Không ghi được tệp “{out_path}” ({os_problem(exc)}).") from None
    finally:
        discard(temp)  # never raises: on a read-only or removed drive there is nothing to remove
    return out_path


def _save(workbook: Any, buffer: io.BytesIO) -> None:
    """openpyxl's ``save_workbook`` at the fastest deflate level: the sheets' XML is nearly all of
    a large export, and level 6 spent a tenth of exporting 20 000 rows to save a third of 5 MB."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    ExcelWriter(workbook, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1)).save()


class _Context:
    """What both sheets read from the session: year, settings, texts, evidence and totals."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.assessment = session.assessment
        year = session.meta.get("year", "")
        self.year = int(year) if year.isdigit() else None
        self.settings = session.settings()
        self.tasks = {k: t for (k, _s), t in session.texts("tasks").items()}
        self.deadlines = {k: t for (k, _s), t in session.texts("deadline").items()}
        self.explanations = {k: t for (k, s), t in session.texts("explanation").items() if s == "actual"}
        self.evidence: dict[str, list[str]] = {}
        for document in session.evidence.documents():
            for key in document.criteria:
                self.evidence.setdefault(key, []).append(document.label())

    def _year(self, offset: int = 0) -> str:
        return str(self.year + offset) if self.year else ""

    def plan_columns(self) -> list[Col]:
        previous = f"Điểm năm trước ({self._year(-1)})" if self.year else "Điểm năm trước"
        actual = f"Kết quả tự đánh giá ({self._year()})" if self.year else "Kết quả tự đánh giá"
        return [
            *self._tree_columns("Lĩnh vực/Tiêu chí/Tiêu chí thành phần"),
            Col(previous, "score", 11, 11, Scenario.PREVIOUS),
            Col(actual, "score", 11, 11, Scenario.ACTUAL),
            Col(f"Mục tiêu năm {self._year()}".strip(), "score", 11, 11, Scenario.TARGET),
            Col("Nhiệm vụ, giải pháp", "text", 30, 42, text=lambda n: self.tasks.get(n.key, "")),
            Col("Thời gian hoàn thành", "text", 12, 16, text=lambda n: self.deadlines.get(n.key, "")),
            Col("Đơn vị chủ trì", "text", 14, 20, text=lambda n: n.lead),
        ]

    def report_columns(self) -> list[Col]:
        return [
            *self._tree_columns("Tiêu chí, tiêu chí thành phần"),
            Col("Điểm tự đánh giá", "score", 11, 11, Scenario.ACTUAL),
            Col("Điểm thẩm định", "score", 11, 11, Scenario.APPRAISED),
            Col("Tài liệu kiểm chứng", "text", 24, 36, text=lambda n: "\n".join(self.evidence.get(n.key, []))),
            Col("Giải trình", "text", 20, 36, text=lambda n: self.explanations.get(n.key, "")),
        ]

    @staticmethod
    def _tree_columns(title: str) -> list[Col]:
        return [Col("STT", "code", 6, 12), Col(title, "title", 35, 50), Col("Điểm tối đa", "max", 10, 10)]

    def plan_heading(self) -> list[tuple[str, str]]:
        s = self.settings
        title = s.get("doc_title") or f"Kết quả và mục tiêu Chỉ số cải cách hành chính năm {self._year()}".strip()
        lines = [("PHỤ LỤC", "heading"), (title.upper(), "heading")]
        if s.get("doc_number"):
            unit = s.get("unit") or self.session.meta.get("unit", "")
            when = _date(s.get("doc_date", ""))
            attached = f"(Kèm theo Kế hoạch số {s['doc_number']}/{s.get('doc_symbol', '')}{when}"
            lines.append((attached + (f" của {unit})" if unit else ")"), "subheading"))
        return [*lines, (self.summary((Scenario.PREVIOUS, Scenario.ACTUAL, Scenario.TARGET)), "note")]

    def report_heading(self) -> list[tuple[str, str]]:
        unit = self.settings.get("unit") or self.session.meta.get("unit", "")
        title = f"Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {self._year()}".strip()
        return [
            (title.upper(), "heading"),
            (unit, "subheading"),
            (self.summary((Scenario.ACTUAL, Scenario.APPRAISED)), "note"),
        ]

    def summary(self, scenarios: tuple[Scenario, ...]) -> str:
        """Our totals, stated beside the formulas (openpyxl cannot store a formula's value)."""
        parts = []
        for scenario in scenarios:
            totals = self.assessment.totals(scenario)
            value = format_number(totals.final) if totals.final is not None else "—"
            parts.append(f"{SCENARIO_LABELS[scenario].lower()} {value}/{format_number(totals.max)}")
        return "Tổng điểm (PAR Desk tính): " + "; ".join(parts) + "."


def _date(iso: str) -> str:
    if len(iso) == 10 and iso[4] == "-":
        return f" ngày {iso[8:]}/{iso[5:7]}/{iso[:4]}"
    return ""


class _SheetWriter:
    def __init__(
        self, ws: Any, styles: Styles, context: _Context, *, columns: list[Col], heading: list[tuple[str, str]]
    ) -> None:
        self.ws, self.styles, self.context, self.columns = ws, styles, context, columns
        self.heading = heading
        self.header_row = len(heading) + 2
        self.nodes = [n for n in context.assessment.tree if not n.implied]
        self.row_of = {n.key: self.header_row + 1 + i for i, n in enumerate(self.nodes)}
        self.total_row = self.header_row + len(self.nodes) + 1
        self.max_letter = column_letter(1 + next(i for i, c in enumerate(columns) if c.kind == "max"))
        self.widths = self._widths()

    def write(self) -> None:
        """Dimensions first (a streamed sheet takes them before its rows), then row after row."""
        ws, last = self.ws, column_letter(len(self.columns))
        # a streamed sheet cannot know its size before the rows; say it, as a whole sheet does
        ws.calculate_dimension = lambda: f"A1:{last}{self.total_row}"
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[column_letter(index)].width = width
        print_setup(ws, header_row=self.header_row, last_row=self.total_row, last_column=last)
        for index, (text, style) in enumerate(self.heading, start=1):
            ws.merged_cells.add(f"A{index}:{last}{index}")
            lines = lines_needed(text, sum(self.widths) * 0.95)
            self._append(index, [self.styles.cell(ws, text, font=style, alignment="center")], lines)
        ws.append([])  # the empty row between the heading and the table
        self._header()
        for node in self.nodes:
            self._node_row(node)
        self._total()

    def _append(self, row: int, cells: list[Any], lines: int) -> None:
        self.ws.row_dimensions[row] = row_attributes(lines)
        self.ws.append(cells)

    def _widths(self) -> list[float]:
        widths = []
        for column in self.columns:
            texts = [self._text(column, n) for n in self.nodes] if column.kind in ("code", "title", "text") else []
            widths.append(column_width([column.header, *texts], least=column.least, most=column.most))
        return widths

    def _header(self) -> None:
        lines, cells = 1, []
        for index, column in enumerate(self.columns, start=1):
            cells.append(
                self.styles.cell(
                    self.ws, column.header, font="bold", alignment="center", border="border", fill="header_fill"
                )
            )
            lines = max(lines, lines_needed(column.header, self.widths[index - 1]))
        self._append(self.header_row, cells, lines)

    def _text(self, column: Col, node: Node) -> str:
        if column.kind == "code":
            return node.code
        if column.kind == "title":
            return node.title + group_suffix(node)
        return column.text(node) if column.text else ""

    def _node_row(self, node: Node) -> None:
        row, styles = self.row_of[node.key], self.styles
        excluded = self.context.assessment.is_excluded(node)
        font = "muted" if excluded else "bold" if node.depth == 0 else "italic" if node.is_part else "plain"
        fill = "field_fill" if node.depth == 0 else None
        lines, cells = 1, []
        for index, column in enumerate(self.columns, start=1):
            value = self._value(column, node, row, excluded)
            if column.kind in ("max", "score"):
                alignment, number_format = "number", NUMBER_FORMAT
            elif column.kind == "title":
                alignment, number_format = f"indent{node.depth}", None
                lines = max(lines, lines_needed(str(value or ""), self.widths[index - 1], node.depth))
            else:
                alignment, number_format = "center" if column.kind == "code" else "left", None
                lines = max(lines, lines_needed(str(value or ""), self.widths[index - 1]))
            cells.append(
                styles.cell(
                    self.ws,
                    value,
                    font=font,
                    alignment=alignment,
                    border="border",
                    fill=fill,
                    number_format=number_format,
                )
            )
        self._append(row, cells, lines)

    def _value(self, column: Col, node: Node, row: int, excluded: bool) -> Any:
        if column.kind == "max":
            return node.max
        if column.kind != "score":
            return self._text(column, node) or None
        if excluded or column.scenario is None:
            return None
        if not node.children:
            return self.context.assessment.score(node.key, column.scenario)
        letter = column_letter(self.columns.index(column) + 1)
        return self._sum_formula(node, letter, row)

    def _sum_formula(self, node: Node, letter: str, row: int) -> str:
        """The core's parent score: Σ children, clamped to [0, applicable max] (penalty: [max, 0])."""
        refs = _ranges(letter, self._child_rows(node))
        applicable = self.context.assessment.applicable_max[node.key]
        cap = f"${self.max_letter}{row}" if applicable == node.max else _literal(applicable)
        low, high = (cap, "0") if node.group is Group.PENALTY else ("0", cap)
        return f'=IF({_call("COUNT", refs)}=0,"",MIN(MAX({_call("SUM", refs)},{low}),{high}))'

    def _child_rows(self, node: Node) -> list[int]:
        rows: list[int] = []
        for child in node.children:
            rows += self._child_rows(child) if child.implied else [self.row_of[child.key]]
        return rows

    def _total(self) -> None:
        roots: list[int] = []
        for root in self.context.assessment.tree.roots:
            roots += self._child_rows(root) if root.implied else [self.row_of[root.key]]
        cells = []
        for index, column in enumerate(self.columns, start=1):
            letter = column_letter(index)
            value: Any = None
            if column.kind == "title":
                value = "TỔNG ĐIỂM"
            elif column.kind == "max":
                value = self._total_max()
            elif column.kind == "score":
                refs = _ranges(letter, roots)
                value = f'=IF({_call("COUNT", refs)}=0,"",{_call("SUM", refs)})'
            number = column.kind in ("max", "score")
            cells.append(
                self.styles.cell(
                    self.ws,
                    value,
                    font="bold",
                    alignment="number" if number else "center",
                    border="border",
                    fill="field_fill",
                    number_format=NUMBER_FORMAT if number else None,
                )
            )
        self._append(self.total_row, cells, 1)

    def _total_max(self) -> Any:
        """Σ of the regular lĩnh vực's max cells (a number when some node is not applicable)."""
        assessment = self.context.assessment
        regular = [r for r in assessment.tree.roots if r.group is Group.REGULAR]
        if assessment.excluded or any(r.implied for r in regular):
            return assessment.totals(Scenario.ACTUAL).max
        refs = _ranges(self.max_letter, [self.row_of[r.key] for r in regular])
        return f"={_call('SUM', refs)}" if refs else Decimal(0)


def _ranges(letter: str, rows: list[int]) -> list[str]:
    """Cell references with consecutive rows joined: D7:D9, D12."""
    refs: list[str] = []
    start = previous = None
    for row in sorted(rows):
        if previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            refs.append(f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}")
        start = previous = row
    if start is not None:
        refs.append(f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}")
    return refs


def _call(function: str, refs: list[str]) -> str:
    if len(refs) <= _ARGS:
        return f"{function}({','.join(refs) or 0})"
    chunks = [refs[i : i + _ARGS] for i in range(0, len(refs), _ARGS)]
    return "SUM(" + ",".join(f"{function}({','.join(chunk)})" for chunk in chunks) + ")"


def _literal(value: Decimal) -> str:
    return format(value.normalize(), "f")

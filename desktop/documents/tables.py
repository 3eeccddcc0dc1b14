"""The criteria tables of the appendix and the report: one row per node, header repeated on every page.

Numbers are plain strings (fast to set, centred, decimal comma); only cells that may need to wrap
(titles, tasks, lead units, evidence, explanations) are Paragraphs, so a 400-row table stays quick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from scoring import Assessment, Mode, Node, Scenario

from .results_text import number
from .styles import Styles, esc

__all__ = ["Column", "criteria_table"]

TextOf = Callable[[Node], str]

GRID = 0.5  # points
ROW_PIECE_MIN = 2 * 14 + 5  # points: two lines of 12/14 text and the cell's padding, above a row's break

# What a self-assessment table shows for a criterion others score: the survey, or the council.
SCORED_LATER = {Mode.SURVEY: "ĐTXHH", Mode.COUNCIL: "Thẩm định"}


@dataclass(frozen=True)
class Column:
    """``kind``: code, title, max, score (of ``scenario``) or text (``text(node)``).

    ``width`` is the least width in mm; columns share what is left in proportion to ``grow``.
    """

    header: str
    kind: str
    width: float
    grow: float = 0
    scenario: Scenario | None = None
    text: TextOf | None = None


def _widths(columns: list[Column], total: float) -> list[float]:
    fixed = sum(c.width * mm for c in columns)
    grow = sum(c.grow for c in columns) or 1
    spare = max(total - fixed, 0)
    return [c.width * mm + spare * c.grow / grow for c in columns]


class _Rows:
    def __init__(self, assessment: Assessment, columns: list[Column], styles: Styles) -> None:
        self.assessment = assessment
        self.columns = columns
        self.styles = styles

    def header(self) -> list[object]:
        return [Paragraph(esc(c.header), self.styles.cell_head) for c in self.columns]

    def node(self, node: Node) -> list[object]:
        excluded = self.assessment.is_excluded(node)
        bold = node.depth == 0 and not node.is_part
        return [self._cell(c, node, excluded, bold) for c in self.columns]

    def _cell(self, column: Column, node: Node, excluded: bool, bold: bool) -> object:
        style = self.styles.cell_bold if bold else self.styles.cell
        if column.kind == "code":
            return "" if node.is_part else node.code
        if column.kind == "title":
            title = f"- {node.title}" if node.is_part else node.title
            if excluded:
                title += " (không áp dụng)"
            return Paragraph(esc(title), style)
        if column.kind == "max":
            return number(node.max)
        if column.kind == "score":
            assert column.scenario is not None
            if excluded:
                return ""
            score = self.assessment.score(node.key, column.scenario)
            later = SCORED_LATER.get(self.assessment.regular_leaves.get(node.key, Mode.SELF))
            if score is None and later and column.scenario is Scenario.ACTUAL:
                # not the unit's to score: marked, so it is not read as a gap in its work
                return Paragraph(later, self.styles.cell_note)
            return number_or_blank(score)
        text = column.text(node) if column.text else ""
        return Paragraph(esc(text), style) if text else ""

    def total(self) -> list[object]:
        cells: list[object] = []
        for column in self.columns:
            if column.kind == "title":
                cells.append(Paragraph("TỔNG ĐIỂM", self.styles.cell_bold))
            elif column.kind == "max":
                cells.append(number(self.assessment.totals(Scenario.ACTUAL).max))
            elif column.kind == "score":
                assert column.scenario is not None
                cells.append(number_or_blank(self.assessment.totals(column.scenario).final))
            else:
                cells.append("")
        return cells


def number_or_blank(value: Decimal | None) -> str:
    return "" if value is None else number(value)


class _CriteriaTable(Table):
    """A Table whose pieces are closed where a row breaks across pages.

    reportlab leaves the grid open at a row's break (for continuity), which on paper makes the
    row's rest read as part of the repeated header: each piece gets a rule under its header and
    under its last row.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Table]:  # noqa: N803 (reportlab's names)
        pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            piece.setStyle([("LINEBELOW", (0, 0), (-1, 0), GRID, black), ("LINEBELOW", (0, -1), (-1, -1), GRID, black)])
        return pieces


def criteria_table(
    assessment: Assessment,
    columns: list[Column],
    styles: Styles,
    width: float,
    *,
    keys: set[str] | None = None,
    total: bool = True,
) -> Table:
    """The table of every node (or of ``keys``), lĩnh vực rows bold, a total row, header repeated."""
    rows_of = _Rows(assessment, columns, styles)
    nodes: Iterable[Node] = (n for n in assessment.tree if keys is None or n.key in keys)
    data: list[list[object]] = [rows_of.header()]
    bold_rows = []
    for node in nodes:
        if node.depth == 0 and not node.is_part:
            bold_rows.append(len(data))
        data.append(rows_of.node(node))
    if total:
        bold_rows.append(len(data))
        data.append(rows_of.total())
    bold = styles.cell_bold.fontName
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), GRID, black),
        ("FONT", (0, 0), (-1, -1), styles.cell.fontName, 12, 14),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, column in enumerate(columns):
        if column.kind in ("code", "max", "score"):
            commands.append(("ALIGN", (index, 1), (index, -1), "CENTER"))
    commands += [("FONT", (0, row), (-1, row), bold, 12, 14) for row in bold_rows]
    # A tall row breaks across pages, as Word's tables do, rather than leaving the foot of a page empty:
    # splitting inside a row is tried first (splitByRow=0; tried the other way round, reportlab puts
    # the repeated header mid-page), and only where two lines of text fit above the break (reportlab
    # checks the rest of the table, not of the row, so a row's tail may be a single line).
    return _CriteriaTable(
        data,
        colWidths=_widths(columns, width),
        repeatRows=1,
        style=TableStyle(commands),
        splitByRow=0,
        splitInRow=ROW_PIECE_MIN,
    )

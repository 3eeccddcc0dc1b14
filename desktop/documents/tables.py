"""The criteria tables of the appendix and the report: one row per node, header repeated on every page.

Numbers are plain strings (fast to set, centred, decimal comma); only cells that may need to wrap
(titles, tasks, deadlines, lead units, evidence, explanations) are Paragraphs. The table is laid
out page by page by ``paging.PagedTable``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from scoring import TOTAL_KEY, Assessment, Mode, Node, Scenario

from .paging import PagedTable, Row, TableLook, Text
from .results_text import missing_leaves, number
from .styles import Styles, esc

__all__ = ["Column", "criteria_table", "widths"]

TextOf = Callable[[Node], str]

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


def widths(columns: list[tuple[float, float]], total: float) -> list[float]:
    """Column widths in points from (least width in mm, share of what is left) pairs."""
    fixed = sum(least * mm for least, _grow in columns)
    grow = sum(g for _least, g in columns) or 1
    spare = max(total - fixed, 0)
    return [least * mm + spare * g / grow for least, g in columns]


class _Rows:
    def __init__(self, assessment: Assessment, columns: list[Column], styles: Styles) -> None:
        self.assessment = assessment
        self.columns = columns
        self.styles = styles
        self._partial: dict[Scenario, set[str]] = {}

    def partial(self, scenario: Scenario) -> set[str]:
        """The rows whose sum still lacks a score the scenario should have (each ancestor of such a
        leaf, and the total): printed "tạm tính", as the text above the table says of the total."""
        if scenario not in self._partial:
            missing, _expected = missing_leaves(self.assessment, scenario)
            keys = {ancestor.key for leaf in missing for ancestor in leaf.ancestors()}
            self._partial[scenario] = keys | ({TOTAL_KEY} if missing else set())
        return self._partial[scenario]

    def _sum(self, key: str, scenario: Scenario, score: Decimal | None) -> object:
        if score is None or key not in self.partial(scenario):
            return number_or_blank(score)
        return Text(f"{number(score)}<br/>tạm tính", self.styles.cell_note)

    def header(self) -> list[object]:
        return [Paragraph(esc(c.header), self.styles.cell_head) for c in self.columns]

    def node(self, node: Node) -> Row:
        excluded = self.assessment.is_excluded(node)
        bold = node.depth == 0 and not node.is_part
        cells = [self._cell(c, node, excluded, bold) for c in self.columns]
        heading = bool(node.children) and not node.is_part
        return Row(cells, bold=bold, heading=heading, continued=self._continued(node, bold))

    def _continued(self, node: Node, bold: bool) -> Text:
        """What the STT cell shows where the row goes on over a page: its code, or its criterion's."""
        owner = node.parent if node.is_part and node.parent is not None else node
        style = self.styles.cell_code_bold if bold else self.styles.cell_code
        return Text(f"{esc(owner.code)}<br/><i>(tiếp)</i>", style)

    def _cell(self, column: Column, node: Node, excluded: bool, bold: bool) -> object:
        style = self.styles.cell_bold if bold else self.styles.cell
        if column.kind == "code":
            return "" if node.is_part else node.code
        if column.kind == "title":
            title = f"- {node.title}" if node.is_part else node.title
            if excluded:
                title += " (không áp dụng)"
            return Text(esc(title), style)
        if column.kind == "max":
            return number(node.max)
        if column.kind == "score":
            assert column.scenario is not None
            return "" if excluded else self._score(node, column.scenario)
        text = column.text(node) if column.text else ""
        return Text(esc(text), style) if text else ""

    def _score(self, node: Node, scenario: Scenario) -> object:
        score = self.assessment.score(node.key, scenario)
        if node.children:
            return self._sum(node.key, scenario, score)
        later = SCORED_LATER.get(self.assessment.regular_leaves.get(node.key, Mode.SELF))
        if later is None or scenario is not Scenario.ACTUAL:
            return number_or_blank(score)
        if score is None:
            # not the unit's to score: marked, so it is not read as a gap in its work
            return Text(later, self.styles.cell_note)
        # a published survey result (or the council's) stays marked as theirs once it is entered
        return Text(f"{number(score)}<br/>({later})", self.styles.cell_note)

    def total(self) -> Row:
        cells: list[object] = []
        for column in self.columns:
            if column.kind == "title":
                cells.append(Paragraph("TỔNG ĐIỂM", self.styles.cell_bold))
            elif column.kind == "max":
                cells.append(number(self.assessment.totals(Scenario.ACTUAL).max))
            elif column.kind == "score":
                assert column.scenario is not None
                cells.append(self._sum(TOTAL_KEY, column.scenario, self.assessment.totals(column.scenario).final))
            else:
                cells.append("")
        return Row(cells, bold=True)


def number_or_blank(value: Decimal | None) -> str:
    return "" if value is None else number(value)


def criteria_table(
    assessment: Assessment,
    columns: list[Column],
    styles: Styles,
    width: float,
    *,
    keys: set[str] | None = None,
    total: bool = True,
) -> PagedTable:
    """The table of every node (or of ``keys``), lĩnh vực rows bold, a total row, header on every page."""
    rows_of = _Rows(assessment, columns, styles)
    rows = [rows_of.node(n) for n in assessment.tree if keys is None or n.key in keys]
    if total:
        rows.append(rows_of.total())
    centred = tuple(i for i, c in enumerate(columns) if c.kind in ("code", "max", "score"))
    look = TableLook(
        widths([(c.width, c.grow) for c in columns], width), styles.cell.fontName, styles.cell_bold.fontName, centred
    )
    return PagedTable.of(rows_of.header(), rows, look)

"""A long table laid out one page at a time, in time linear in its rows.

reportlab splits a long Table by rebuilding its remainder at every page break: the remainder
re-measures its rows and inherits every style command of the pieces before it, so a 2 000-row
appendix cost 13 s and a 20 000-row one 14 minutes. Here each row is measured once; a page takes
the rows that fit (found by bisecting the running heights) and becomes a small Table of its own
with explicit row heights, so nothing is measured twice and no command outlives its page.

Rules a văn thư expects of a printed table: the header row opens every page; a heading row (one
with rows under it) never ends a page; a row too tall for the rest of a page breaks with at least
two lines above the break and two at least below it, and its continuation repeats the row's STT
and starts at the top of its cells.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from reportlab.lib.colors import black
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle

__all__ = ["PADDING", "PagedTable", "Row", "TableLook", "Text"]

GRID = 0.5  # points
PADDING = (3, 2, 3, 3)  # left, top, right, bottom (points)
PIECE_MIN = 2 * 14 + 5  # two lines of 12/14 text and the cell's padding, above a row's break


@dataclass(frozen=True, slots=True)
class Text:
    """A cell's text (Paragraph markup), made a Paragraph only on the page that prints it: 20 000
    rows of wrapped Paragraphs held at once would take hundreds of megabytes."""

    markup: str
    style: ParagraphStyle

    def paragraph(self) -> Paragraph:
        return Paragraph(self.markup, self.style)


@dataclass
class Row:
    """One table row: ``cells`` are strings (one line each "\\n"), Texts or Paragraphs.

    ``heading`` rows stay with the row after them; ``continued`` is what the first column shows
    on a page where the row's rest is continued (its STT, or its criterion's code).
    """

    cells: list[object]
    bold: bool = False
    heading: bool = False
    continued: object = ""
    height: float = 0.0


@dataclass(frozen=True)
class TableLook:
    """Fonts, widths and alignment shared by every page of one table."""

    widths: list[float]
    font: str
    bold: str
    centred: tuple[int, ...] = ()  # columns whose strings are centred
    size: float = 12
    leading: float = 14

    def style(self, rows: Sequence[Row]) -> TableStyle:
        left, top, right, bottom = PADDING
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), GRID, black),
            ("FONT", (0, 0), (-1, -1), self.font, self.size, self.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), left),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("RIGHTPADDING", (0, 0), (-1, -1), right),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ]
        commands += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in self.centred]
        commands += [
            ("FONT", (0, i), (-1, i), self.bold, self.size, self.leading) for i, r in enumerate(rows) if r.bold
        ]
        return TableStyle(commands)

    def measure(self, row: Row) -> Row:
        """Set ``row.height``: its tallest cell with the padding, as reportlab's Table would size it."""
        _left, top, _right, bottom = PADDING
        row.height = max(self._cell_height(cell, width) for cell, width in zip(row.cells, self.widths, strict=True))
        row.height += top + bottom
        return row

    def _cell_height(self, cell: object, width: float) -> float:
        if isinstance(cell, Text):
            return _text_height(cell, self._inner(width))
        if isinstance(cell, Flowable):
            return float(cell.wrap(self._inner(width), 1e6)[1])
        if isinstance(cell, list):  # a cut text: paragraphs stacked
            return sum(float(part.wrap(self._inner(width), 1e6)[1]) for part in cell)
        return self.leading * len(str(cell).split("\n")) if cell != "" else self.leading

    @staticmethod
    def _inner(width: float) -> float:
        left, _top, right, _bottom = PADDING
        return width - left - right


@dataclass
class _Shared:
    """What every piece of one table shares: the measured rows and their running heights."""

    look: TableLook
    header: Row
    rows: list[Row]
    ends: list[float] = field(init=False)  # ends[i]: height of rows[0..i]

    def __post_init__(self) -> None:
        self.look.measure(self.header)
        self.ends = list(accumulate(self.look.measure(r).height for r in self.rows))

    def span(self, start: int, stop: int) -> float:
        if stop <= start:
            return 0.0
        return self.ends[stop - 1] - (self.ends[start - 1] if start else 0.0)


class PagedTable(Flowable):
    """The table from row ``start`` on (after ``pending``, the rest of a row broken at a page end)."""

    def __init__(self, shared: _Shared, start: int = 0, pending: Row | None = None) -> None:
        super().__init__()
        self.shared = shared
        self.start = start
        self.pending = pending

    @classmethod
    def of(cls, header: list[object], rows: list[Row], look: TableLook) -> PagedTable:
        return cls(_Shared(look, Row(header, bold=True), rows))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        """reportlab's override: the size of what is left, without measuring anything again."""
        s = self.shared
        self.width = sum(s.look.widths)
        self.height = s.header.height + self._pending_height + s.span(self.start, len(s.rows))
        return self.width, self.height

    @property
    def _pending_height(self) -> float:
        return self.pending.height if self.pending else 0.0

    def draw(self) -> None:
        table = self._page(self._rows(len(self.shared.rows)))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """reportlab's override: this page's rows as a Table, and the rest as another PagedTable."""
        s = self.shared
        room = availHeight - s.header.height
        if self.pending and self.pending.height > room:
            return self._break_pending(room)
        room -= self._pending_height
        offset = s.ends[self.start - 1] if self.start else 0.0
        stop = bisect_right(s.ends, offset + room, lo=self.start)  # rows[start:stop] fit
        if stop == len(s.rows):
            return [self]
        left = room - s.span(self.start, stop)
        broken = self._break(s.rows[stop], left, force=stop == self.start and not self.pending)
        if broken:
            first, rest = broken
            return [self._page([*self._rows(stop), first]), PageBreak(), PagedTable(s, stop + 1, rest)]
        lowest = self.start if self.pending else self.start + 1
        while stop > lowest and s.rows[stop - 1].heading:
            stop -= 1  # a heading goes over with the row it heads
        if stop == self.start and not self.pending:
            return []  # nothing fits here: the frame tries the next page
        # the rest starts a page of its own, even where a heading moved over left room on this one
        return [self._page(self._rows(stop)), PageBreak(), PagedTable(s, stop)]

    def _rows(self, stop: int) -> list[Row]:
        rows = self.shared.rows[self.start : stop]
        return [self.pending, *rows] if self.pending else rows

    def _page(self, rows: list[Row]) -> Table:
        s = self.shared
        every = [s.header, *rows]
        return Table(
            [[_printable(c) for c in r.cells] for r in every],
            colWidths=s.look.widths,
            rowHeights=[r.height for r in every],
            style=s.look.style(every),
        )

    def _break_pending(self, room: float) -> list[Flowable]:
        assert self.pending is not None
        broken = self._break(self.pending, room, force=True)
        if not broken:
            return []
        first, rest = broken
        s = self.shared
        return [self._page([first]), PageBreak(), PagedTable(s, self.start, rest)]

    def _break(self, row: Row, room: float, *, force: bool) -> tuple[Row, Row] | None:
        """The row cut to ``room`` and its rest, or None when it should move whole to the next page.

        A heading moves whole (unless it alone is taller than a page); so does a row whose first
        text column would get nothing above the break, and one that would carry a single line over.
        """
        if room < PIECE_MIN or (row.heading and not force):
            return None
        look = self.shared.look
        _left, top, _right, bottom = PADDING
        firsts: list[object] = []
        rests: list[object] = []
        for cell, width in zip(row.cells, look.widths, strict=True):
            first, rest = _cut(cell, look._inner(width), room - top - bottom)
            firsts.append(first)
            rests.append(rest)
        texts = [i for i, cell in enumerate(row.cells) if isinstance(cell, Text | Paragraph | list)]
        if not texts or not any(rests) or firsts[texts[0]] == "":
            return None
        carried = max(look._cell_height(cell, width) for cell, width in zip(rests, look.widths, strict=True))
        if carried < PIECE_MIN - top - bottom - 0.5 and not force:
            return None  # a lone line is not carried over under "(tiếp)": the row moves whole
        rests[0] = row.continued
        head = look.measure(Row(firsts, row.bold, False, row.continued))
        head.height = min(head.height, room)
        return head, look.measure(Row(rests, row.bold, row.heading, row.continued))


@lru_cache(maxsize=4096)
def _text_height(text: Text, width: float) -> float:
    """Measured once per text and width: a lead unit or a title repeated on many rows is wrapped once."""
    return float(text.paragraph().wrap(width, 1e6)[1])


def _printable(cell: object) -> object:
    return cell.paragraph() if isinstance(cell, Text) else cell


def _cut(cell: object, width: float, height: float) -> tuple[object, object]:
    """A cell's part above the break and below it; strings (numbers, codes) stay above.

    A text of several lines ("- …" items) is cut between its lines where it can, and a line itself
    only where it must: a piece never starts with the empty line a break left behind.
    """
    if isinstance(cell, Text):
        parts = [Paragraph(line, cell.style) for line in cell.markup.split("<br/>")]
    elif isinstance(cell, Paragraph):
        parts = [cell]
    elif isinstance(cell, list):
        parts = cell
    else:
        return cell, ""
    first, rest = _cut_parts(parts, width, height)
    return _one(first), _one(rest)


def _cut_parts(parts: list[Paragraph], width: float, height: float) -> tuple[list[Paragraph], list[Paragraph]]:
    """Whole paragraphs while they fit, then the next one split (two lines at least) if it can be.

    A split paragraph leaves two lines at least on either side: a lone last line ("pháp luật.")
    does not open the next page under "(tiếp)"; a line more goes with it, or, when that would
    leave one line above, the whole paragraph does (unless it is the cell's first).
    """
    used, kept = 0.0, 0
    while kept < len(parts) and used + parts[kept].wrap(width, 1e6)[1] <= height:
        used += parts[kept].wrap(width, 1e6)[1]
        kept += 1
    if kept == len(parts):
        return parts, []
    room = height - used
    leading = parts[kept].style.leading
    pieces = parts[kept].split(width, room) if room >= 2 * leading else []
    if len(pieces) == 2 and pieces[1].wrap(width, 1e6)[1] < 2 * leading - 0.5:  # a lone last line
        if room >= 3 * leading:
            pieces = parts[kept].split(width, room - leading)  # one line more goes with it
        elif kept:
            pieces = []  # the paragraph goes whole, under the ones that fit
    if len(pieces) == 2:
        return [*parts[:kept], pieces[0]], [pieces[1], *parts[kept + 1 :]]
    return parts[:kept], parts[kept:]


def _one(parts: list[Paragraph]) -> object:
    """A cell's value: "" for nothing, the paragraph alone, or the paragraphs stacked."""
    return "" if not parts else parts[0] if len(parts) == 1 else parts

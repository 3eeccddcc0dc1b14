"""Looks of the exported sheets: fonts, borders, widths and row heights that print well (A4 landscape)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["LINE_HEIGHT", "Styles", "column_width", "print_setup", "row_attributes", "row_height"]

FONT = "Times New Roman"
SIZE = 12
LINE_HEIGHT = 15.75  # points per line of 12 pt text, as Excel sets it
MAX_ROW_HEIGHT = 409  # Excel's limit
NUMBER_FORMAT = "0.00"  # shown with the reader's decimal mark: 86,26 on Vietnamese systems


@dataclass
class Styles:
    """Style objects made once per workbook (openpyxl shares them across cells)."""

    objects: dict[str, Any] = field(default_factory=dict)
    records: dict[tuple[str | None, ...], int] = field(default_factory=dict)  # style numbers

    def __post_init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.objects = {
            "border": Border(left=thin, right=thin, top=thin, bottom=thin),
            "plain": Font(name=FONT, size=SIZE),
            "bold": Font(name=FONT, size=SIZE, bold=True),
            "italic": Font(name=FONT, size=SIZE, italic=True),
            "muted": Font(name=FONT, size=SIZE, italic=True, color="808080"),
            "heading": Font(name=FONT, size=13, bold=True),
            "subheading": Font(name=FONT, size=13, italic=True),
            "note": Font(name=FONT, size=11, italic=True),
            "header_fill": PatternFill("solid", fgColor="D9E1F2"),
            "field_fill": PatternFill("solid", fgColor="F2F2F2"),
            "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "number": Alignment(horizontal="right", vertical="center"),
            "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        }

    def __getitem__(self, name: str) -> Any:
        if name.startswith("indent") and name not in self.objects:
            from openpyxl.styles import Alignment

            level = int(name.removeprefix("indent"))
            self.objects[name] = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=level)
        return self.objects[name]

    def cell(
        self,
        ws: Any,
        value: Any,
        *,
        font: str,
        alignment: str,
        border: str | None = None,
        fill: str | None = None,
        number_format: str | None = None,
    ) -> Any:
        """A cell of a streamed sheet with these named styles (``indentN``: indented by N levels).

        openpyxl hashes every style object on every assignment (2 ms a row), and its cells set
        a dozen described attributes each; a streamed cell is written once and never restyled,
        so each combination is made into a style once (its number in the workbook kept) and the
        cells are ``StreamedCell``: the value bound by openpyxl's own rules, nothing else.
        """
        key = (font, alignment, border, fill, number_format)
        style_id = self.records.get(key)
        if style_id is None:
            from openpyxl.cell import WriteOnlyCell

            styled = WriteOnlyCell(ws)
            styled.font, styled.alignment = self[font], self[alignment]
            if border:
                styled.border = self[border]
            if number_format:
                styled.number_format = number_format
            if fill:
                styled.fill = self[fill]
            style_id = self.records[key] = styled.style_id  # registered in the workbook's styles
        return StreamedCell(value, style_id)


class StreamedCell:
    """What openpyxl's row writer reads of a styled cell (``worksheet/_writer.write_row`` and
    ``cell/_writer``): its value and data type bound as openpyxl binds them, its style number,
    and the place (and its name, ``coordinate``) ``stream_cells`` gives it."""

    __slots__ = ("_value", "column", "coordinate", "data_type", "row", "style_id")
    _comment = None
    hyperlink = None
    has_style = True

    def __init__(self, value: Any, style_id: int) -> None:
        self.style_id = style_id
        self.column = self.row = 0  # set as the row is written
        self.coordinate = ""
        _openpyxl().bind(self, value)

    def check_string(self, value: Any) -> Any:
        """openpyxl's own check of a text (length, characters a sheet refuses)."""
        return _openpyxl().check_string(self, value)


@dataclass(frozen=True)
class _Openpyxl:
    """openpyxl's functions a streamed cell calls, looked up once (an import statement in each of
    320 000 cells' calls cost more than the call), and never at start-up."""

    bind: Any
    check_string: Any
    letter: Any


@cache
def _openpyxl() -> _Openpyxl:
    from openpyxl.cell.cell import Cell
    from openpyxl.utils.cell import get_column_letter

    return _Openpyxl(Cell._bind_value, Cell.check_string, get_column_letter)  # noqa: SLF001 - the same rules, on our cell


def column_width(texts: list[str], *, least: float, most: float) -> float:
    """A width (Excel character units) fitting the longest line, kept within [least, most]."""
    longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
    return float(min(most, max(least, longest * 1.05 + 2)))


def lines_needed(text: str, width: float, indent: int = 0) -> int:
    """How many lines wrapped text takes in a column (Times New Roman 12, generous for accents)."""
    if not text:
        return 1
    per_line = max(1, int((width - 1 - indent * 1.5) * 1.05))
    return sum(max(1, math.ceil(len(paragraph) / per_line)) for paragraph in text.split("\n"))


def row_height(lines: int) -> float:
    """Set explicitly: LibreOffice does not re-fit wrapped rows written by openpyxl."""
    return float(min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4))


def row_attributes(lines: int) -> dict[str, str]:
    """A streamed row's height as openpyxl's row writer reads it from ``row_dimensions`` (it adds
    the entry's pairs to the row's attributes): what a ``RowDimension`` gives, without one per row
    (its validated fields, set and read back, were a fifth of exporting 20 000 rows)."""
    from openpyxl.compat import safe_string

    return {"ht": safe_string(row_height(lines)), "customHeight": "1"}


def print_setup(ws: Any, *, header_row: int, last_row: int, last_column: str) -> None:
    """A4 landscape, one page wide, header row repeated, margins of Nghị định 30/2020/NĐ-CP."""
    from openpyxl.worksheet.worksheet import Worksheet

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 30 / 25.4  # inches
    ws.page_margins.right = 15 / 25.4
    ws.page_margins.top = 20 / 25.4
    ws.page_margins.bottom = 20 / 25.4
    ws.page_margins.header = 8 / 25.4
    ws.page_margins.footer = 8 / 25.4
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{last_column}{last_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    ws.HeaderFooter.differentFirst = True  # page numbers centred at the top from page 2
    ws.HeaderFooter.oddHeader.center.text = "&P"
    ws.HeaderFooter.oddHeader.center.font = FONT
    ws.HeaderFooter.oddHeader.center.size = 13


def stream_cells(ws: Any) -> None:
    """Let a write-only sheet take rows of ready cells as they are.

    openpyxl first tries each cell as a value, fails, and makes a spare cell for every styled one
    (a third of the time of a row); the rows this module appends hold only finished cells.
    """
    if not hasattr(ws, "_values_to_row"):  # another openpyxl: its own way is slower, not wrong
        return

    letter = _openpyxl().letter

    def numbered(cells: list[Any], row: int) -> Iterator[Any]:
        for column, cell in enumerate(cells, start=1):
            cell.column, cell.row, cell.coordinate = column, row, f"{letter(column)}{row}"
            yield cell

    ws._values_to_row = numbered  # noqa: SLF001

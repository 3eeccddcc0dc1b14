"""Open an .xlsx table safely, find its header row on each sheet and read its rows with their numbers."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring import Scenario, format_number
from scoring.limits import MAX_CODE, MAX_NAME, MAX_TEXT, MAX_TITLE

from ..assessment_file.lock import connected_here
from ..errors import ExcelRefused, damaged_table
from ..outputs import os_problem
from .cells import ROLE_LABELS, HeaderGuess, Role, cell_text, classify_header, column_letter, header_year
from .cells import result_scenario as _result_scenario
from .guard import guarded

__all__ = ["Column", "SheetRow", "SheetTable", "open_workbook", "read_sheets"]

HEADER_SEARCH = 40  # rows searched for the header on each sheet
HEADER_WIDTH = 200  # and columns: a header past column GR is no table's
EMPTY_RUN_END = 200  # this many empty rows in a row end a sheet (formatting often reaches row 1 048 576)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass(frozen=True)
class Column:
    """One recognised column; ``id`` (``"Phụ lục!D"``) is what a scenario mapping is keyed by."""

    id: str
    sheet: str
    index: int
    header: str
    role: Role
    scenario: Scenario | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        return f"cột {self.letter} (“{self.header}”)"


@dataclass
class SheetRow:
    """A non-empty row below the header: its Excel row number and its cells by column index."""

    number: int
    cells: dict[int, Any]


@dataclass
class SheetTable:
    """The table found on one sheet."""

    sheet: str
    header_row: int
    columns: list[Column]
    rows: list[SheetRow] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)

    def column(self, role: Role) -> Column | None:
        return next((c for c in self.columns if c.role is role), None)

    def where(self, row: int, column: Column | None = None) -> str:
        """“Trang “Phụ lục”, dòng 12, cột D (“Điểm 2021 đạt được”)” for messages."""
        text = f"Trang “{self.sheet}”, dòng {row}"
        return f"{text}, {column.label}" if column else text


# ---------------------------------------------------------------- opening


def open_workbook(path: Path) -> Any:
    """Load a workbook (values as last saved) or refuse it with the reason, in Vietnamese."""
    path = Path(path)
    _check_file(path)
    import openpyxl  # only when a table is actually read: it costs ~0,2 s to import

    source = guarded(path)  # sizes, cells and merged ranges bounded before openpyxl sees them
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, data validation, …
            return openpyxl.load_workbook(source, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise ExcelRefused(damaged_table(path.name, exc)) from None


def _check_file(path: Path) -> None:
    name = path.name
    if not path.is_file():
        raise ExcelRefused(f"Không tìm thấy tệp “{path}”.")
    if connected_here(path):  # the open assessment file itself; reading it here would drop its locks
        raise ExcelRefused(f"Tệp “{name}” là tệp đánh giá đang mở, không phải bảng Excel.")
    size = path.stat().st_size
    if size == 0:
        raise ExcelRefused(f"Tệp “{name}” trống (0 byte), không có bảng nào để nhập.")
    try:
        with path.open("rb") as handle:
            data = handle.read(min(size, 64 * 1024 * 1024))
    except OSError as exc:
        raise ExcelRefused(f"Không đọc được tệp “{name}”: {os_problem(exc)}.") from None
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data:
            raise ExcelRefused(
                f"Tệp “{name}” được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu "
                "(Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu) rồi lưu lại và nhập lại."
            )
        raise ExcelRefused(
            f"Tệp “{name}” là tệp Excel 97–2003 (.xls), chưa đọc được. "
            "Hãy mở bằng Excel hoặc LibreOffice và lưu thành “Sổ làm việc Excel (.xlsx)”."
        )
    if not data.startswith(b"PK\x03\x04"):
        if path.suffix.lower() in (".csv", ".txt") or _looks_like_text(data[:4096]):
            raise ExcelRefused(
                f"Tệp “{name}” là tệp văn bản (CSV), không phải bảng Excel .xlsx. "
                "Hãy mở bằng Excel và lưu thành “Sổ làm việc Excel (.xlsx)”."
            )
        raise ExcelRefused(f"Tệp “{name}” không phải tệp Excel .xlsx (nội dung không đúng định dạng).")
    if _is_opendocument(path):
        raise ExcelRefused(
            f"Tệp “{name}” là bảng tính OpenDocument (.ods). Hãy lưu lại thành “Excel 2007-365 (.xlsx)” rồi nhập."
        )


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("utf-16")
        except UnicodeDecodeError:
            return False
    return b"\x00" not in head or head[:2] in (b"\xff\xfe", b"\xfe\xff")


def _is_opendocument(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "mimetype" in archive.namelist() and b"opendocument" in archive.read("mimetype")
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


# ---------------------------------------------------------------- sheets


def read_sheets(workbook: Any, name: str, *, reference_year: int | None = None) -> list[SheetTable]:
    """Every visible sheet that has a recognisable header; refuses a workbook with none."""
    tables: list[SheetTable] = []
    searched: list[str] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" or sheet.max_row < 1:
            continue
        table = _read_sheet(sheet, reference_year)
        if table is not None:
            tables.append(table)
        elif _has_data(sheet):
            searched.append(f"“{sheet.title}”")
    if tables:
        return tables
    if not searched:
        raise ExcelRefused(f"Tệp “{name}” không có dữ liệu: mọi trang tính đều trống.")
    raise ExcelRefused(
        f"Không tìm thấy dòng tiêu đề của bảng trong trang {', '.join(searched)} của tệp “{name}” "
        f"(đã xem {HEADER_SEARCH} dòng đầu). Bảng cần một dòng tiêu đề có cột “STT/TT”, cột "
        "“Lĩnh vực/Tiêu chí/Tiêu chí thành phần” và cột “Điểm tối đa/Điểm chuẩn” hoặc một cột điểm."
    )


def _has_data(sheet: Any) -> bool:
    last, width = min(sheet.max_row, HEADER_SEARCH), min(sheet.max_column, HEADER_WIDTH)
    rows = sheet.iter_rows(min_row=1, max_row=last, max_col=width, values_only=True)
    return any(v not in (None, "") for row in rows for v in row)


def _read_sheet(sheet: Any, reference_year: int | None) -> SheetTable | None:
    last, width = min(sheet.max_row, HEADER_SEARCH), min(sheet.max_column, HEADER_WIDTH)
    top = _filled(sheet, [list(r) for r in sheet.iter_rows(min_row=1, max_row=last, max_col=width, values_only=True)])
    for index, row in enumerate(top):
        guesses = _guesses(row)
        roles = {g.role for g in guesses.values()}
        if Role.TITLE in roles and roles & {Role.CODE, Role.MAX, Role.VALUE}:
            header_row = index + 1
            break
    else:
        return None
    texts = [cell_text(v) for v in top[header_row - 1]]
    data_start = header_row + 1
    below = top[header_row] if header_row < len(top) else None
    if below is not None and _is_sub_header(texts, [cell_text(v) for v in below], guesses):
        texts = [_join(a, b) for a, b in zip(texts, [cell_text(v) for v in below], strict=False)]
        guesses = _guesses(texts)
        data_start += 1
    columns = _columns(sheet.title, texts, guesses, reference_year)
    table = SheetTable(sheet.title, header_row, columns, caption=_caption(top[: header_row - 1]))
    table.rows = list(_rows(sheet, table, data_start))
    return table


def _filled(sheet: Any, rows: list[list[Any]]) -> list[list[Any]]:
    """Header rows with each merged range's value copied into all its cells."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > len(rows) or merged.min_col > len(rows[merged.min_row - 1]):
            continue
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
            for c in range(merged.min_col, min(merged.max_col, len(rows[r - 1])) + 1):
                rows[r - 1][c - 1] = value
    return rows


def _guesses(row: Sequence[Any]) -> dict[int, HeaderGuess]:
    found = {}
    for index, value in enumerate(row, start=1):
        guess = classify_header(cell_text(value))
        if guess is not None:
            found[index] = guess
    return found


def _is_sub_header(texts: list[str], below: list[str], guesses: dict[int, HeaderGuess]) -> bool:
    """A second header line: code and title cells empty or merged from above, new words elsewhere."""
    for index, guess in guesses.items():
        if guess.role in (Role.CODE, Role.TITLE) and below[index - 1] not in ("", texts[index - 1]):
            return False
    fresh = [b for a, b in zip(texts, below, strict=False) if b and b != a]
    return bool(fresh) and not all(_NUMBERING.match(b) for b in fresh)


def _join(top: str, sub: str) -> str:
    return top if not sub or sub == top else f"{top} {sub}".strip()


def _columns(sheet: str, texts: list[str], guesses: dict[int, HeaderGuess], reference_year: int | None) -> list[Column]:
    if reference_year is None:
        target_years = [header_year(texts[i - 1]) for i, g in guesses.items() if g.scenario is Scenario.TARGET]
        reference_year = max((y for y in target_years if y), default=None)
    columns: list[Column] = []
    taken: set[Role] = set()
    for index, guess in sorted(guesses.items()):
        if guess.role is not Role.VALUE and guess.role in taken:
            continue  # a second title or lead column: the first one counts
        taken.add(guess.role)
        scenario = guess.scenario
        if guess.role is Role.VALUE and scenario is None:
            scenario = _result_scenario(texts[index - 1], reference_year)
        header = " ".join(texts[index - 1].split())
        columns.append(Column(f"{sheet}!{column_letter(index)}", sheet, index, header, guess.role, scenario))
    return columns


def _caption(rows: Iterable[Sequence[Any]]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        text = " ".join(dict.fromkeys(cell_text(v) for v in row if cell_text(v)))
        if text:
            lines.append(" ".join(text.split()))
    return lines


def _rows(sheet: Any, table: SheetTable, start: int) -> Iterable[SheetRow]:
    wanted = {c.index for c in table.columns}
    lead = table.column(Role.LEAD)
    down = _merged_down(sheet, lead.index, start) if lead else {}
    empty_run = 0
    limits = {c.index: _TEXT_LIMITS.get(c.role, MAX_TEXT) for c in table.columns}
    rows = sheet.iter_rows(min_row=start, max_col=max(wanted, default=1), values_only=True)
    for number, values in enumerate(rows, start=start):
        cells = {i: v for i, v in enumerate(values, start=1) if i in wanted and v not in (None, "")}
        _check_lengths(table, number, cells, limits)
        if lead and number in down and lead.index not in cells:
            cells[lead.index] = down[number]
        if not cells:
            empty_run += 1
            if empty_run >= EMPTY_RUN_END:
                return
            continue
        empty_run = 0
        if number == start and _is_numbering(cells):
            continue  # the "(1) (2) (3)…" line under a header
        yield SheetRow(number, cells)


_TEXT_LIMITS = {Role.CODE: MAX_CODE, Role.TITLE: MAX_TITLE, Role.LEAD: MAX_NAME}


def _check_lengths(table: SheetTable, number: int, cells: dict[int, Any], limits: dict[int, int]) -> None:
    """Texts within ``scoring.limits`` (a cell holds at most 32 767 characters in Excel itself)."""
    for index, value in cells.items():
        if isinstance(value, str) and len(value) > limits[index]:
            column = next(c for c in table.columns if c.index == index)
            raise ExcelRefused(
                f"{table.where(number, column)}: ô dài {format_number(len(value), places=0)} ký tự, "
                f"quá giới hạn {format_number(limits[index], places=0)}."
            )


def _merged_down(sheet: Any, column: int, start: int) -> dict[int, Any]:
    """A lead unit merged down over several rows applies to each of them."""
    filled: dict[int, Any] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_col == column and merged.max_row > merged.min_row and merged.min_row >= start:
            value = sheet.cell(merged.min_row, column).value
            for row in range(merged.min_row + 1, merged.max_row + 1):
                filled[row] = value
    return filled


def _is_numbering(cells: dict[int, Any]) -> bool:
    return len(cells) >= 2 and all(_NUMBERING.match(cell_text(v)) for v in cells.values())


def missing_column_message(table: SheetTable, role: Role) -> str:
    return f"Trang “{table.sheet}”, dòng tiêu đề {table.header_row}: không có cột “{ROLE_LABELS[role]}”."

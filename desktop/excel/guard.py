"""An .xlsx looked at before openpyxl loads it: sizes, cells, merged ranges, the real extent.

openpyxl trusts a workbook: a merged range over the whole sheet makes it create 17 billion merged
cells, and one styled empty cell at XFD1048576 makes every row it hands back 16 384 cells wide
(34 s and 1,26 GB measured). So the archive and each sheet's XML are scanned first (regular
expressions over the bytes: no tree is built) for the extent of the cells that hold a value.
Empty cells past it are dropped and merged ranges clipped to it, in a copy made in memory;
a workbook beyond the limits below is refused, in Vietnamese, before any work starts.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from scoring import format_number

from ..errors import ExcelRefused
from .cells import column_letter

__all__ = ["MAX_CELLS", "MAX_SHEET_BYTES", "guarded"]

MAX_CELLS = 200_000  # cells with a value, and cells covered by merged ranges, in one workbook
MAX_MERGES = 20_000
MAX_SHEETS = 100
MAX_SHEET_BYTES = 100 * 1024 * 1024  # one sheet's XML, uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # the whole archive, uncompressed (a zip bomb stops here)
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_MERGE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"[^>]*?/>'
)
_MERGE_COUNT = re.compile(rb'(<(?:[A-Za-z_][\w.-]*:)?mergeCells\b[^>]*?\bcount=")[0-9]+(")')


@dataclass
class _Scan:
    rows: int = 0  # the extent of the cells that hold a value
    cols: int = 0
    values: int = 0
    empty_outside: bool = False  # valueless cells past the extent (styles reaching row 1 048 576)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def guarded(path: Path) -> io.BytesIO:
    """The workbook in memory, as it is when openpyxl may load it so, else a bounded copy. In
    memory, too, because openpyxl leaves the file open when it fails half-way (on Windows the
    table would stay locked)."""
    name = path.name
    try:
        raw = io.BytesIO(path.read_bytes())
        with zipfile.ZipFile(raw) as archive:
            infos = archive.infolist()
            _check_sizes(infos, name)
            sheets = [i for i in infos if _SHEET.fullmatch(i.filename)]
            fixed = {i.filename: _bounded_sheet(archive.read(i), name) for i in sheets}
            if all(data is None for data in fixed.values()):
                raw.seek(0)
                return raw
            return _rewritten(archive, infos, fixed)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ExcelRefused(f"Tệp “{name}” bị hỏng hoặc không phải tệp Excel .xlsx ({type(exc).__name__}).") from None
    except OSError as exc:
        raise ExcelRefused(f"Không đọc được tệp “{name}” ({exc.strerror or exc}).") from None


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    sheets = [i for i in infos if _SHEET.fullmatch(i.filename)]
    if len(sheets) > MAX_SHEETS:
        raise ExcelRefused(f"Tệp “{name}” có {len(sheets)} trang tính, quá giới hạn {MAX_SHEETS}.")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise ExcelRefused(
            f"Tệp “{name}” khi giải nén lớn hơn {MAX_TOTAL_BYTES // 1024**2} MB, không phải một bảng tiêu chí."
        )
    for info in sheets:
        if info.file_size > MAX_SHEET_BYTES:
            raise ExcelRefused(
                f"Trang tính {info.filename} của tệp “{name}” lớn hơn {MAX_SHEET_BYTES // 1024**2} MB khi giải nén."
            )


def _scan(xml: bytes, name: str) -> _Scan | None:
    """The value extent of a sheet; None when a cell gives no position (then it is left as it is)."""
    scan = _Scan()
    far: list[tuple[int, int]] = []
    for match in _CELL.finditer(xml):
        ref = _REF.search(match.group(1))
        if ref is None:
            return None
        row, col = int(ref.group(2)), _column(ref.group(1))
        if match.group(2):  # <c r="…" s="3"/>: a style, no value
            far.append((row, col))
            continue
        scan.values += 1
        scan.rows, scan.cols = max(scan.rows, row), max(scan.cols, col)
        if scan.values > MAX_CELLS:
            shown = format_number(MAX_CELLS, places=0)
            raise ExcelRefused(f"Tệp “{name}” có hơn {shown} ô có dữ liệu, quá lớn để là một bảng tiêu chí.")
    scan.empty_outside = any(r > scan.rows or c > scan.cols for r, c in far)
    return scan


def _bounded_sheet(xml: bytes, name: str) -> bytes | None:
    """The sheet's XML with empty cells past the value extent dropped and merged ranges clipped to
    it; None when nothing needs changing. Refuses merged ranges that would still be too many."""
    scan = _scan(xml, name)
    merges = [(_column(m[1]), int(m[2]), _column(m[3]), int(m[4])) for m in _MERGE.finditer(xml)]
    if len(merges) > MAX_MERGES:
        raise ExcelRefused(f"Tệp “{name}” có {len(merges)} vùng gộp ô, quá giới hạn {MAX_MERGES}.")
    beyond = scan is not None and any(c2 > scan.cols or r2 > scan.rows for _c1, _r1, c2, r2 in merges)
    if scan is None or not (beyond or scan.empty_outside):
        _check_covered(sum((c2 - c1 + 1) * (r2 - r1 + 1) for c1, r1, c2, r2 in merges), name)
        return None
    return _rewrite_sheet(xml, scan, name)


def _check_covered(covered: int, name: str) -> None:
    """Each merged cell becomes an object in openpyxl: as many as the cells a table may hold."""
    if covered > MAX_CELLS:
        raise ExcelRefused(
            f"Tệp “{name}”: các vùng gộp ô phủ {format_number(covered, places=0)} ô, quá lớn để là một bảng tiêu chí."
        )


def _rewrite_sheet(xml: bytes, scan: _Scan, name: str) -> bytes:
    def cell(match: re.Match[bytes]) -> bytes:
        if match.group(2):
            ref = _REF.search(match.group(1))
            assert ref is not None  # _scan returned None otherwise
            if int(ref.group(2)) > scan.rows or _column(ref.group(1)) > scan.cols:
                return b""
        return match.group(0)

    covered = 0
    kept = 0

    def merge(match: re.Match[bytes]) -> bytes:
        nonlocal covered, kept
        c1, r1 = _column(match.group(1)), int(match.group(2))
        c2, r2 = min(_column(match.group(3)), scan.cols), min(int(match.group(4)), scan.rows)
        if c1 > scan.cols or r1 > scan.rows or (c1, r1) == (c2, r2):
            return b""  # wholly past the cells, or clipped to one cell: nothing to fill
        covered += (c2 - c1 + 1) * (r2 - r1 + 1)
        kept += 1
        return f'<mergeCell ref="{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"/>'.encode()

    xml = _MERGE.sub(merge, _CELL.sub(cell, xml))
    if covered > MAX_CELLS:
        raise ExcelRefused(
            f"Tệp “{name}”: các vùng gộp ô phủ {format_number(covered, places=0)} ô, quá lớn để là một bảng tiêu chí."
        )
    return _MERGE_COUNT.sub(lambda m: m.group(1) + str(kept).encode() + m.group(2), xml)


def _rewritten(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], fixed: dict[str, bytes | None]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in infos:
            data = fixed.get(info.filename)
            copy.writestr(info.filename, data if data is not None else archive.read(info))
    buffer.seek(0)
    return buffer

"""An .xlsx looked at before openpyxl loads it, and handed over as a minimal copy of what is read.

openpyxl trusts a workbook: a merged range or a hyperlink over the whole sheet makes it create 17
billion objects, one styled empty cell at XFD1048576 makes every row it hands back 16 384 cells
wide (34 s and 1,26 GB measured), a thousand sheet entries naming one part parse it a thousand
times, and the sheets are found wherever workbook.xml and its relationships say, under any part
name. So the sheets are found exactly as openpyxl finds them (its own manifest and workbook
parsers, which read only the small package parts), and each sheet's XML is scanned with regular
expressions (no tree is built) for the cells that hold a value and the merged ranges. openpyxl is
then given a new package made of those alone: the workbook's sheet list (names, states, the 1904
date system), the shared strings and styles (dates are numbers with a date format), and per sheet
the value cells and the merged ranges clipped to their extent, written in canonical form
(absolute, lower-case or oddly quoted references cannot slip past). Hyperlinks, data validations,
conditional formats, column widths, the claimed dimension, defined names and print areas,
drawings, comments and tables are left out: the import reads none of them. A workbook beyond the
limits below is refused, in Vietnamese, before any work starts.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from scoring import format_number

from ..errors import ExcelRefused, damaged_table
from ..outputs import os_problem
from .cells import column_letter

__all__ = ["MAX_CELLS", "MAX_SHEET_BYTES", "guarded"]

MAX_CELLS = 200_000  # cells with a value, and cells covered by merged ranges, in one workbook
MAX_MERGES = 20_000
MAX_SHEETS = 100  # sheet entries of workbook.xml (each is parsed, even when they name one part)
MAX_SHEET_BYTES = 100 * 1024 * 1024  # one part read (a sheet, the shared strings, the styles), uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # the whole archive, uncompressed (a zip bomb stops here)
MAX_COUNTED = 500_000  # cells of one sheet without their own reference, positioned one by one
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's grid

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b[^>]*>")
_ATTR = re.compile(rb"([A-Za-z_][\w:.-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,9})")
_CELL_ATTRS = [  # a cell's reference, style and type, however quoted
    (key, re.compile(rb"(?<![\w:.-])" + key.encode() + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')"))
    for key in ("r", "s", "t")
]
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,9})?(?::\$?([A-Za-z]{1,3})?\$?([0-9]{1,9})?)?")

# row, column, attributes, content; or row, column, None and the whole element as Excel writes it
_Cell = tuple[int, int, dict[str, str] | None, bytes]
_USUAL_CELL = re.compile(rb'\s+r="([A-Z]{1,3})([0-9]{1,7})"(?:\s+s="[0-9]{1,6}")?(?:\s+t="[a-zA-Z]{1,9}")?\s*')


@dataclass
class _Sheet:
    """What is kept of one sheet part: the minimal XML, its value cells and merged cells."""

    xml: bytes
    values: int
    covered: int
    rows: int = 0
    cols: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def guarded(path: Path) -> io.BytesIO:
    """The workbook as openpyxl may load it: a bounded copy, in memory. In memory, too, because
    openpyxl leaves the file open when it fails half-way (on Windows the table would stay locked)."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExcelRefused(f"Không đọc được tệp “{name}”: {os_problem(exc)}.") from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _check_total(archive.infolist(), name)
            return _rebuilt(archive, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ExcelRefused(_damaged(name, exc)) from None


def _damaged(name: str, exc: BaseException) -> str:
    """The refusal in Vietnamese; what the zip or XML reader said (in English) goes to the log."""
    return damaged_table(name, exc)


def _check_total(infos: list[zipfile.ZipInfo], name: str) -> None:
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise ExcelRefused(
            f"Tệp “{name}” khi giải nén lớn hơn {MAX_TOTAL_BYTES // 1024**2} MB, không phải một bảng tiêu chí."
        )


def _part(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    """One part's bytes, its size checked first; a part declaring a DTD (which Excel never writes,
    and whose entities a parser would expand) is refused."""
    info = archive.getinfo(part)
    if info.file_size > MAX_SHEET_BYTES:
        raise ExcelRefused(f"Phần {part} của tệp “{name}” lớn hơn {MAX_SHEET_BYTES // 1024**2} MB khi giải nén.")
    data = archive.read(info)
    if _DTD.search(data):
        raise ExcelRefused(f"Phần {part} của tệp “{name}” có khai báo DTD, điều mà Excel không bao giờ ghi; không đọc.")
    return data


def _rebuilt(archive: zipfile.ZipFile, name: str) -> io.BytesIO:
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    present = set(archive.namelist())
    try:  # openpyxl's own steps (reader/excel.py), so the sheets found are the ones it would load
        manifest = Manifest.from_tree(fromstring(_part(archive, ARC_CONTENT_TYPES, name)))
        workbook_part = _find_workbook_part(manifest).PartName[1:]
        _part(archive, workbook_part, name)  # sizes and DTD checked before openpyxl reads them
        folder, base = workbook_part.rpartition("/")[::2]
        rels_part = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels_part in present:
            _part(archive, rels_part, name)
        parser = WorkbookParser(archive, workbook_part, keep_links=False)
        parser.parse()
        if len(parser.sheets) > MAX_SHEETS:
            shown = format_number(len(parser.sheets), places=0)
            raise ExcelRefused(f"Tệp “{name}” có {shown} trang tính, quá giới hạn {MAX_SHEETS}.")
        entries = [
            (sheet, rel.target)
            for sheet, rel in parser.find_sheets()
            if rel.target in present and "chartsheet" not in (rel.Type or "")
        ]
        strings = manifest.find(SHARED_STRINGS)
        date1904 = parser.wb.epoch == CALENDAR_MAC_1904
    except ExcelRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged package parts
        raise ExcelRefused(_damaged(name, exc)) from None

    parts: dict[str, _Sheet] = {}
    values = covered = 0
    for sheet, target in entries:
        if target not in parts:
            parts[target] = _bounded_sheet(_part(archive, target, name), sheet.name, name)
        values += parts[target].values
        covered += parts[target].covered
        if values > MAX_CELLS:
            raise _too_many(name)
        if covered > MAX_CELLS:
            raise ExcelRefused(
                f"Tệp “{name}”: các vùng gộp ô phủ {format_number(covered, places=0)} ô, "
                "quá lớn để là một bảng tiêu chí."
            )
    kept: dict[str, bytes] = {}
    if ARC_STYLE in present:
        kept["xl/styles.xml"] = _part(archive, ARC_STYLE, name)
    if strings is not None:
        try:
            kept["xl/sharedStrings.xml"] = _part(archive, strings.PartName[1:], name)
        except KeyError as exc:  # named by the manifest, absent: openpyxl fails on it as well
            raise ExcelRefused(_damaged(name, exc)) from None
    return _package(entries, parts, kept, date1904)


def _text(raw: bytes) -> str:
    """An attribute's value as an XML parser reads it (entities and character references)."""
    text = raw.decode("utf-8", "replace")
    if "&" not in text:
        return text
    text = _CHAR_REF.sub(_character, text)
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _character(match: re.Match[str]) -> str:
    digits = match[1]
    if len(digits) > 8:
        return "\ufffd"  # no such character: the reference stays unreadable
    code = int(digits[1:], 16) if digits[0] == "x" else int(digits)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _attrs(raw: bytes) -> dict[str, str]:
    return {m[1].decode("ascii", "replace"): _text(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(raw)}


@functools.lru_cache(maxsize=20_000)
def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _outside(sheet: str, name: str, what: str) -> ExcelRefused:
    return ExcelRefused(
        f"Trang “{sheet}” của tệp “{name}”: {what} nằm ngoài lưới của Excel "
        f"({format_number(MAX_COLUMN, places=0)} cột × {format_number(MAX_ROW, places=0)} dòng)."
    )


def _bounded_sheet(xml: bytes, sheet: str, name: str) -> _Sheet:
    """The sheet's value cells and its merged ranges clipped to their extent, as a minimal sheet."""
    if b"<!--" in xml:
        xml = _COMMENT.sub(b"", xml)
    root = _ROOT.search(xml)
    if root is None or root[0].endswith(b"/>"):  # not a worksheet, or an empty one: no cell in it
        return _Sheet(f'<worksheet xmlns="{_MAIN_NS}"><sheetData/></worksheet>'.encode(), 0, 0)
    prefix = re.escape(root[1] or b"")
    p = root[1] or b""
    start = re.compile(rb"<" + prefix + rb"sheetData\b[^>]*?(/?)>").search(xml, root.end())
    cells: list[_Cell] = []
    sheet_data = b"<" + p + b"sheetData>"
    if start is not None:
        sheet_data = start[0] if not start[1] else sheet_data
        if not start[1]:
            end = xml.find(b"</" + p + b"sheetData>", start.end())
            if end < 0:
                raise ExcelRefused(_damaged(name, ValueError("sheetData")))
            cells = _cells(xml, (start.end(), end), p, sheet, name)
    rows = max((r for r, _c, _a, _v in cells), default=0)
    cols = max((c for _r, c, _a, _v in cells), default=0)
    merges = _merges(xml, prefix, rows, cols, name)
    covered = sum((c2 - c1 + 1) * (r2 - r1 + 1) for c1, r1, c2, r2 in merges)
    out = [root[0], sheet_data]
    current = 0
    for row, col, attrs, content in cells:
        if row != current:
            if current:
                out.append(b"</" + p + b"row>")
            out.append(b"<" + p + b'row r="%d">' % row)
            current = row
        if attrs is None:
            out.append(content)
            continue
        extra = b"".join(b" %s=%s" % (k.encode(), quoteattr(attrs[k]).encode()) for k in ("s", "t") if k in attrs)
        out.append(b'<%sc r="%s%d"%s>%s</%sc>' % (p, column_letter(col).encode(), row, extra, content, p))
    if current:
        out.append(b"</" + p + b"row>")
    out.append(b"</" + p + b"sheetData>")
    if merges:
        out.append(b"<" + p + b'mergeCells count="%d">' % len(merges))
        for c1, r1, c2, r2 in merges:
            ref = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
            out.append(b"<" + p + b'mergeCell ref="' + ref.encode() + b'"/>')
        out.append(b"</" + p + b"mergeCells>")
    out.append(b"</" + p + b"worksheet>")
    return _Sheet(b"".join(out), len(cells), covered, rows, cols, merges)


def _cells(xml: bytes, span: tuple[int, int], p: bytes, sheet: str, name: str) -> list[_Cell]:
    """The cells holding something, positioned as openpyxl positions them."""
    prefix = re.escape(p)
    unplaced = re.compile(rb"<" + prefix + rb"c\b(?![^>]*?(?<![\w:.-])r\s*=)")
    if unplaced.search(xml, *span) is None:
        found = _placed_cells(xml, span, p, sheet, name)
        if found is not None:
            return found
    return _counted_cells(xml, span, p, sheet, name)


def _placed_cells(xml: bytes, span: tuple[int, int], p: bytes, sheet: str, name: str) -> list[_Cell] | None:
    """Every cell names its position (as Excel writes them): only the cells with content are
    looked at one by one, empty ones are skipped by the regular expression itself. None when a
    reference is empty after all (then cells are counted)."""
    prefix = re.escape(p)
    with_content = re.compile(rb"<" + prefix + rb"c\b([^>]*)(?<!/)>(.*?)</" + prefix + rb"c>", re.DOTALL)
    formula_start = b"<" + p + b"f"
    formula = _formula(prefix)
    found: list[_Cell] = []
    for match in with_content.finditer(xml, *span):
        content = match[2]
        if formula_start in content:
            content = formula.sub(b"", content)
        elif (usual := _USUAL_CELL.fullmatch(match[1])) is not None:  # kept as it is written
            if content.strip():
                row, col = int(usual[2]), _column(usual[1].decode("ascii"))
                if row > MAX_ROW or col > MAX_COLUMN or row < 1:
                    raise _outside(sheet, name, f"ô {usual[1].decode('ascii')}{usual[2].decode('ascii')}")
                found.append((row, col, None, match[0]))
                if len(found) > MAX_CELLS:
                    raise _too_many(name)
            continue
        if not content.strip():
            continue
        attrs = _cell_attrs(match[1])
        ref = attrs.get("r")
        if not ref:
            return None
        row, col = _position(ref, sheet, name)
        found.append((row, col, attrs, content))
        if len(found) > MAX_CELLS:
            raise _too_many(name)
    return found


def _counted_cells(xml: bytes, span: tuple[int, int], p: bytes, sheet: str, name: str) -> list[_Cell]:
    """Cells positioned as openpyxl positions them: a cell's own reference, else one past the
    previous cell; a row's number, else one past the previous row."""
    prefix = re.escape(p)
    token = re.compile(rb"<(" + prefix + rb")(row|c)\b([^>]*?)(/?)>")
    formula = _formula(prefix)
    close = b"</" + p + b"c>"
    found: list[_Cell] = []
    pos, end = span
    row = col = seen = 0
    while True:
        match = token.search(xml, pos, end)
        if match is None:
            return found
        pos = match.end()
        attrs = _attrs(match[3])
        if match[2] == b"row":
            row = _row_number(attrs.get("r"), row, sheet, name)
            col = 0
            continue
        seen += 1
        if seen > MAX_COUNTED:
            raise ExcelRefused(
                f"Trang “{sheet}” của tệp “{name}” có hơn {format_number(MAX_COUNTED, places=0)} ô không ghi "
                "vị trí (thuộc tính r), quá nhiều để là một bảng tiêu chí."
            )
        content = b""
        if not match[4]:
            stop = xml.find(close, pos, end)
            if stop < 0:
                raise ExcelRefused(_damaged(name, ValueError("c")))
            content, pos = xml[match.end() : stop], stop + len(close)
        ref = attrs.get("r")
        if ref:
            row, col = _position(ref, sheet, name)
        else:
            col += 1
            if not 1 <= row <= MAX_ROW or col > MAX_COLUMN:
                raise _outside(sheet, name, f"ô {column_letter(min(col, 18_278))}{row}")
        content = formula.sub(b"", content) if b"<" + p + b"f" in content else content
        if content.strip():
            found.append((row, col, attrs, content))
            if len(found) > MAX_CELLS:
                raise _too_many(name)


def _formula(prefix: bytes) -> re.Pattern[bytes]:
    """A cell's formula: with ``data_only`` openpyxl reads only the value last saved beside it."""
    return re.compile(rb"<" + prefix + rb"f\b[^>]*?/>|<" + prefix + rb"f\b[^>]*>.*?</" + prefix + rb"f>", re.DOTALL)


def _cell_attrs(raw: bytes) -> dict[str, str]:
    found = {}
    for key, pattern in _CELL_ATTRS:
        match = pattern.search(raw)
        if match is not None:
            found[key] = _text(match[1] if match[1] is not None else match[2])
    return found


def _position(ref: str, sheet: str, name: str) -> tuple[int, int]:
    cell = _CELL_REF.fullmatch(ref)
    if cell is None:
        raise ExcelRefused(_damaged(name, ValueError(ref[:20])))
    row, col = int(cell[2]), _column(cell[1])
    if not 1 <= row <= MAX_ROW or col > MAX_COLUMN:
        raise _outside(sheet, name, f"ô {ref[:20]}")
    return row, col


def _too_many(name: str) -> ExcelRefused:
    shown = format_number(MAX_CELLS, places=0)
    return ExcelRefused(f"Tệp “{name}” có hơn {shown} ô có dữ liệu, quá lớn để là một bảng tiêu chí.")


def _row_number(text: str | None, previous: int, sheet: str, name: str) -> int:
    if text is None:
        return previous + 1
    try:
        number = float(text)
    except ValueError:
        raise ExcelRefused(_damaged(name, ValueError(text[:20]))) from None
    if not number.is_integer() or not 1 <= number <= MAX_ROW:
        raise _outside(sheet, name, f"dòng {text[:20]}")
    return int(number)


def _merges(xml: bytes, prefix: bytes, rows: int, cols: int, name: str) -> list[tuple[int, int, int, int]]:
    """Every merged range in any spelling openpyxl accepts ($A$1, a1, whole columns A:C, whole
    rows 1:3), clipped to the cells holding a value; one left covering a single cell is dropped."""
    element = re.compile(rb"<" + prefix + rb"mergeCell\b([^>]*?)/?>")
    found = element.findall(xml)
    if len(found) > MAX_MERGES:
        raise ExcelRefused(f"Tệp “{name}” có {len(found)} vùng gộp ô, quá giới hạn {MAX_MERGES}.")
    merges: list[tuple[int, int, int, int]] = []
    for raw in found:
        box = _box(_attrs(raw).get("ref", ""))
        if box is None:
            continue  # no range openpyxl could merge either: nothing to blank
        c1, r1, c2, r2 = box
        c2, r2 = min(c2, cols), min(r2, rows)
        if c1 > c2 or r1 > r2 or (c1, r1) == (c2, r2):
            continue  # wholly past the cells, or clipped to one cell: nothing to fill
        merges.append((c1, r1, c2, r2))
    return merges


def _box(ref: str) -> tuple[int, int, int, int] | None:
    match = _RANGE.fullmatch(ref.strip())
    if match is None or not match[0] or ":" not in ref:
        return None
    c1, r1, c2, r2 = match.groups()
    if c1 and c2 and r1 and r2:
        box = (_column(c1), int(r1), _column(c2), int(r2))
    elif c1 and c2 and not (r1 or r2):
        box = (_column(c1), 1, _column(c2), MAX_ROW)
    elif r1 and r2 and not (c1 or c2):
        box = (1, int(r1), MAX_COLUMN, int(r2))
    else:
        return None
    low_c, high_c = sorted((box[0], box[2]))
    low_r, high_r = sorted((box[1], box[3]))
    return (max(low_c, 1), max(low_r, 1), high_c, high_r)


def _package(
    entries: list[tuple[Any, str]], parts: dict[str, _Sheet], kept: dict[str, bytes], date1904: bool
) -> io.BytesIO:
    overrides = [("/xl/workbook.xml", f"{_CT}.sheet.main+xml")]
    rels = []
    sheets = []
    files: dict[str, bytes] = {}
    for index, (sheet, target) in enumerate(entries, start=1):
        part = f"xl/worksheets/sheet{index}.xml"
        files[part] = parts[target].xml
        overrides.append((f"/{part}", f"{_CT}.worksheet+xml"))
        rels.append((f"rId{index}", "worksheet", f"worksheets/sheet{index}.xml"))
        state = f" state={quoteattr(sheet.state)}" if sheet.state and sheet.state != "visible" else ""
        sheets.append(f'<sheet name={quoteattr(sheet.name)} sheetId="{index}"{state} r:id="rId{index}"/>')
    if "xl/styles.xml" in kept:
        overrides.append(("/xl/styles.xml", f"{_CT}.styles+xml"))
        rels.append((f"rId{len(rels) + 1}", "styles", "styles.xml"))
    if "xl/sharedStrings.xml" in kept:
        overrides.append(("/xl/sharedStrings.xml", f"{_CT}.sharedStrings+xml"))
        rels.append((f"rId{len(rels) + 1}", "sharedStrings", "sharedStrings.xml"))
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    files["[Content_Types].xml"] = (
        head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f"<Override PartName={quoteattr(n)} ContentType={quoteattr(t)}/>" for n, t in overrides)
        + "</Types>"
    ).encode()
    files["_rels/.rels"] = (
        head + f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ).encode()
    files["xl/_rels/workbook.xml.rels"] = (
        head
        + f'<Relationships xmlns="{_PACKAGE_RELS}">'
        + "".join(f'<Relationship Id="{i}" Type="{_REL_NS}/{t}" Target="{escape(g)}"/>' for i, t, g in rels)
        + "</Relationships>"
    ).encode()
    properties = '<workbookPr date1904="1"/>' if date1904 else ""
    files["xl/workbook.xml"] = (
        head + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">{properties}<sheets>{"".join(sheets)}</sheets>'
        "</workbook>"
    ).encode()
    files.update(kept)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for part, data in files.items():
            copy.writestr(part, data)
    buffer.seek(0)
    return buffer

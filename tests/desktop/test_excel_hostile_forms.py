"""Hostile .xlsx forms that slipped past the first guard (issue 14): the same whole-sheet range
written another way (absolute, lower-case, quoted differently), as a hyperlink, in a sheet stored
under another part name, a thousand sheet entries naming one part, and the other places openpyxl
reads a range from. Each was a hang of `import-xlsx` (> 30 s, billions of merged cells or
hyperlinked cells); each must now end in seconds, within 200 MB, without a traceback, and read
exactly as the same table written in the canonical form the first guard already bounded.

The workbooks are built here from a table openpyxl wrote; each command runs in a child process
with a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.errors import ExcelRefused
from desktop.excel.guard import guarded
from desktop.excel.importing import read_table
from tests.desktop.excel_tables import write_table
from tests.desktop.test_excel_limits import what_openpyxl_reads

HEADER = ["STT", "Tiêu chí", "Điểm tối đa", "Điểm năm trước", "Mục tiêu"]
ROWS = [["1", "Một", 2, 1, None], ["1.1", "Một một", "1,5", "1,25", 1], ["1.2", "Một hai", "0,5", None, "0,5"]]
SHEET = "xl/worksheets/sheet1.xml"
TIMEOUT = 30  # seconds: the old guard hung every case longer than this
Change = Callable[[bytes], bytes]

# a child process that runs the command with a timeout and prints its code, time, peak and last line
PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
try:
    done = subprocess.run([sys.executable, "-m", "desktop", *sys.argv[2:]], capture_output=True, text=True,
                          timeout=float(sys.argv[1]))
except subprocess.TimeoutExpired:
    print("hang", sys.argv[1], 0, "still running after the timeout")
    raise SystemExit
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, round(elapsed, 2), round(peak_mb), (done.stderr.strip().splitlines() or [""])[-1][:300])
print(done.stderr)
"""


def import_xlsx(table: Path, out: Path) -> tuple[str, float, int, str, str]:
    args = [sys.executable, "-c", PEAK, str(TIMEOUT), "import-xlsx", str(table), str(out), "--unit", "Sở X"]
    done = subprocess.run([*args, "--year", "2022"], capture_output=True, text=True, check=True, timeout=3 * TIMEOUT)
    first, _, stderr = done.stdout.partition("\n")
    code, seconds, peak, message = first.split(" ", 3)
    return code, float(seconds), int(peak), message, stderr


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bang") / "bang.xlsx"
    write_table(path, HEADER, ROWS, title=["BẢNG ĐIỂM", "(kèm theo kế hoạch)"], header_row=4, sheet="Điểm")
    return path


def rewritten(base: Path, out: Path, parts: dict[str, Change], renamed: dict[str, str] | None = None) -> Path:
    """A copy of ``base`` whose parts went through ``parts`` and were renamed by ``renamed``."""
    renamed = renamed or {}
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in parts:
                data = parts[info.filename](data)
            copy.writestr(renamed.get(info.filename, info.filename), data)
    return out


def merges(*elements: str) -> Change:
    """The sheet's merged ranges replaced by ``elements`` (whole <mergeCell …/> elements)."""
    block = f'<mergeCells count="{len(elements)}">{"".join(elements)}</mergeCells>'.encode()

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"<mergeCells\b.*?</mergeCells>", b"", xml, flags=re.DOTALL)
        return xml.replace(b"</sheetData>", b"</sheetData>" + block, 1)

    return change


def after_sheet_data(extra: str) -> Change:
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + extra.encode(), 1)


def far_cell(cell: str) -> Change:
    return lambda xml: xml.replace(b"</sheetData>", b'<row r="1048576">' + cell.encode() + b"</row></sheetData>", 1)


def both(*changes: Change) -> Change:
    def change(xml: bytes) -> bytes:
        for each in changes:
            xml = each(xml)
        return xml

    return change


WHOLE = merges('<mergeCell ref="A1:XFD1048576"/>')  # the canonical form the first guard bounded
SAME = lambda xml: xml  # noqa: E731 - the table as openpyxl wrote it
MOVED = "xl/foo/bar.xml"


def moved_to(part: str) -> dict[str, Change]:
    """The sheet stored as ``part``, named so by the workbook's relationships and the manifest."""
    target = f"/{part}".encode()
    return {
        SHEET: WHOLE,
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"/" + SHEET.encode(), target),
        "[Content_Types].xml": lambda xml: xml.replace(b"/" + SHEET.encode(), target),
    }


def many_sheets(count: int) -> Change:
    def change(xml: bytes) -> bytes:
        extra = "".join(
            f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'name="Trang {i}" sheetId="{i}" state="visible" r:id="rId1"/>'
            for i in range(2, count + 2)
        )
        return xml.replace(b"</sheets>", extra.encode() + b"</sheets>", 1)

    return change


# case → (the hostile parts, renamed parts, the canonical parts it must read like)
CASES: dict[str, tuple[dict[str, Change], dict[str, str], dict[str, Change] | None]] = {
    "1 absolute refs $A$1:$XFD$1048576": ({SHEET: merges('<mergeCell ref="$A$1:$XFD$1048576"/>')}, {}, {SHEET: WHOLE}),
    "2 lower-case refs a1:xfd1048576": ({SHEET: merges('<mergeCell ref="a1:xfd1048576"/>')}, {}, {SHEET: WHOLE}),
    "3 single quotes": ({SHEET: merges("<mergeCell ref='A1:XFD1048576'/>")}, {}, {SHEET: WHOLE}),
    "3 spaces around =": ({SHEET: merges('<mergeCell ref = "A1:XFD1048576" />')}, {}, {SHEET: WHOLE}),
    "3 a character reference": ({SHEET: merges('<mergeCell ref="&#65;1:XFD1048576"/>')}, {}, {SHEET: WHOLE}),
    "4 a hyperlink over the whole sheet": (
        {SHEET: after_sheet_data('<hyperlinks><hyperlink ref="A1:XFD1048576" display="x"/></hyperlinks>')},
        {},
        {SHEET: SAME},
    ),
    "5 the sheet stored as xl/foo/bar.xml": (moved_to(MOVED), {SHEET: MOVED}, {SHEET: WHOLE}),
    "5, 6 the sheet stored as xl/worksheets/Sheet1.XML": (
        moved_to("xl/worksheets/Sheet1.XML"),
        {SHEET: "xl/worksheets/Sheet1.XML"},
        {SHEET: WHOLE},
    ),
    "7 a thousand sheet entries naming one part": ({"xl/workbook.xml": many_sheets(1000)}, {}, None),
    "7 ten thousand sheet entries naming one part": ({"xl/workbook.xml": many_sheets(10_000)}, {}, None),
    "8 whole-sheet merge and an empty styled cell at XFD1048576": (
        {SHEET: both(merges('<mergeCell ref="$A$1:$XFD$1048576"/>'), far_cell('<c r="XFD1048576" s="1"></c>'))},
        {},
        {SHEET: WHOLE},
    ),
    "8 whole-sheet merge and a value at XFD1048576": (
        {SHEET: both(merges('<mergeCell ref="$A$1:$XFD$1048576"/>'), far_cell('<c r="xfd1048576"><v>1</v></c>'))},
        {},
        None,
    ),
    "data validation over the whole sheet": (
        {
            SHEET: after_sheet_data(
                '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576">'
                '<formula1>"a,b"</formula1></dataValidation></dataValidations>'
            )
        },
        {},
        {SHEET: SAME},
    ),
    "conditional format over the whole sheet": (
        {
            SHEET: after_sheet_data(
                '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1">'
                "<formula>TRUE</formula></cfRule></conditionalFormatting>"
            )
        },
        {},
        {SHEET: SAME},
    ),
    "a whole-sheet dimension, columns to 16384 and a shared formula range": (
        {
            SHEET: both(
                lambda xml: re.sub(rb"<dimension ref=\"[^\"]*\"/>", b'<dimension ref="A1:XFD1048576"/>', xml),
                lambda xml: xml.replace(
                    b"<sheetData>", b'<cols><col min="1" max="16384" width="9"/></cols><sheetData>'
                ),
                far_cell('<c r="A1048576"><f t="shared" ref="A1:XFD1048576" si="0">1</f></c>'),
            )
        },
        {},
        {SHEET: SAME},
    ),
    "a print area and print titles over the whole sheet": (
        {
            "xl/workbook.xml": lambda xml: re.sub(
                rb"<definedNames\s*/>|(?=<calcPr)",
                "<definedNames>"
                '<definedName name="_xlnm.Print_Area" localSheetId="0">\'Điểm\'!$A$1:$XFD$1048576</definedName>'
                '<definedName name="_xlnm.Print_Titles" localSheetId="0">\'Điểm\'!$1:$1048576</definedName>'
                "</definedNames>".encode(),
                xml,
                count=1,
            )
        },
        {},
        {SHEET: SAME},
    ),
    "whole columns A:XFD merged": ({SHEET: merges('<mergeCell ref="A:XFD"/>')}, {}, {SHEET: WHOLE}),
}
REFUSED = {
    "7 a thousand sheet entries naming one part": "có 1.001 trang tính, quá giới hạn 100",
    "7 ten thousand sheet entries naming one part": "có 10.001 trang tính, quá giới hạn 100",
    "8 whole-sheet merge and a value at XFD1048576": "vùng gộp ô phủ",
}


def outcome(path: Path) -> object:
    """What an import reads from ``path``: each table's sheet, header and rows, or the refusal."""
    try:
        table = read_table(path)
    except ExcelRefused as refusal:
        return f"refused: {refusal}"
    return [
        (s.sheet, s.header_row, [c.header for c in s.columns], [(r.number, r.cells) for r in s.rows])
        for s in table.sheets
    ]


@pytest.mark.skipif(os.name == "nt", reason="peak memory measured with the POSIX resource module")
@pytest.mark.parametrize("case", list(CASES))
def test_each_hostile_form_is_bounded_like_its_canonical_form(base, tmp_path, case):
    parts, renamed, canonical = CASES[case]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    hostile = rewritten(base, tmp_path / "a" / "bang.xlsx", parts, renamed)
    code, seconds, peak, message, stderr = import_xlsx(hostile, tmp_path / "a" / "moi.sqlite")
    assert code != "hang", (case, message)
    assert "Traceback" not in stderr and "không mong muốn" not in stderr, (case, stderr)
    assert peak <= 200, (case, seconds, peak, message)
    if case in REFUSED:
        assert code == "3" and REFUSED[case] in message, (case, code, message)
        assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["bang.xlsx"]
        return
    assert code in ("0", "1", "3"), (case, code, message)  # 3: refused by name, as the canonical form is
    assert canonical is not None
    assert outcome(hostile) == outcome(rewritten(base, tmp_path / "b" / "bang.xlsx", canonical))


def test_the_canonical_forms_read_as_before(base, tmp_path):
    """The oracle itself: the table reads its three criteria; under a whole-sheet merge every cell
    but A1 reads as empty (as Excel shows it), so no header is found and the table is refused."""
    read = outcome(base)
    assert isinstance(read, list) and [r[0] for r in read[0][3]] == [5, 6, 7]
    whole = outcome(rewritten(base, tmp_path / "bang.xlsx", {SHEET: WHOLE}))
    assert isinstance(whole, str) and "Không tìm thấy dòng tiêu đề" in whole


@pytest.mark.parametrize("where", ["first look", "guard"])
def test_a_table_that_cannot_be_read_is_said_in_vietnamese(base, monkeypatch, where):
    """The system's own words (strerror, English) were put in the message; now os_problem's."""
    import errno

    denied = PermissionError(errno.EACCES, "Permission denied")

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise denied

    monkeypatch.setattr(Path, "open" if where == "first look" else "read_bytes", refuse)
    with pytest.raises(ExcelRefused) as caught:
        read_table(base)
    assert "Permission denied" not in str(caught.value)
    assert "không có quyền truy cập" in str(caught.value) and "“bang.xlsx”" in str(caught.value)


SMALL_FORMS: dict[str, Change] = {
    "cells and rows without r (placed by counting)": lambda xml: re.sub(rb' r="[A-Z]*[0-9]+"', b"", xml),
    "cells without r in numbered rows": lambda xml: re.sub(rb'(<c[^>]*?) r="[A-Z]+[0-9]+"', rb"\1", xml),
    "a prefixed namespace and single-quoted attributes": lambda xml: re.sub(
        rb"<(/?)(?!\?)", rb"<\1x:", xml.replace(b'xmlns="', b'xmlns:x="', 1)
    ).replace(b'"', b"'"),
    "a formula with its value and a comment": lambda xml: xml.replace(
        b"</sheetData>",
        b'<row r="30"><c r="A30" s="0"><f>1+1</f><v>2</v></c><!-- <c r="B30"><v>9</v></c> --></row></sheetData>',
        1,
    ),
}


@pytest.mark.parametrize("form", list(SMALL_FORMS))
def test_the_minimal_copy_reads_as_openpyxl_reads_the_table(base, tmp_path, form):
    """Small tables in forms Excel does not write but openpyxl reads: the copy reads the same."""
    hostile = rewritten(base, tmp_path / "bang.xlsx", {SHEET: SMALL_FORMS[form]})
    assert len(what_openpyxl_reads(hostile)[0][2]) >= 20
    assert what_openpyxl_reads(guarded(hostile)) == what_openpyxl_reads(hostile)


def shared(xml: bytes, strings: list[bytes]) -> bytes:
    """Inline strings moved to the shared-string table, as Excel writes them."""

    def move(match: re.Match[bytes]) -> bytes:
        strings.append(match[2])
        return match[1] + b' t="s"><v>%d</v></c>' % (len(strings) - 1)

    return re.sub(rb'(<c [^>]*?) t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>', move, xml)


def test_shared_strings_dates_1904_and_a_hidden_sheet_read_the_same(tmp_path):
    import datetime as dt

    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    first = workbook.active
    first.title = "Điểm"
    first.append(["STT", "Tiêu chí", "Điểm tối đa", "Hạn"])
    first.append(["1", "Một & hai <ba>", 2, dt.datetime(2022, 12, 31)])
    hidden = workbook.create_sheet("Ẩn")
    hidden.sheet_state = "hidden"
    hidden["B2"] = "ẩn"
    made = tmp_path / "tao.xlsx"
    workbook.save(made)
    strings: list[bytes] = []
    sheets = {f"xl/worksheets/sheet{i}.xml": lambda xml: shared(xml, strings) for i in (1, 2)}
    table = rewritten(made, tmp_path / "bang.xlsx", sheets)
    with zipfile.ZipFile(table, "a") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(b"<si><t>%s</t></si>" % s for s in strings)
            + b"</sst>",
        )
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{types}"/></Types>'.encode()
    table = rewritten(
        table, tmp_path / "chia-se.xlsx", {"[Content_Types].xml": lambda x: x.replace(b"</Types>", override)}
    )
    read = what_openpyxl_reads(table)
    assert len(strings) == 7 and read[0][2]["B2"] == "Một & hai <ba>"
    assert read[0][2]["D2"] == dt.datetime(2022, 12, 31)  # a number with a date format, 1904 system
    assert read[1][:2] == ("Ẩn", "hidden")
    assert what_openpyxl_reads(guarded(table)) == read


ODD: dict[str, tuple[Change, str | None]] = {
    "a character reference past Unicode in a merge": (merges('<mergeCell ref="&#99999999999;1:B2"/>'), None),
    "a cell reference with 5 000 digits": (far_cell('<c r="A' + "9" * 5000 + '"><v>1</v></c>'), "bị hỏng"),
    "a cell past the grid": (far_cell('<c r="XFE1"><v>1</v></c>'), "ngoài lưới"),
    "a row number 1e999": (lambda xml: xml.replace(b'<row r="1"', b'<row r="1e999"', 1), None),
    "an empty root": (
        lambda xml: b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        None,
    ),
    "a DTD with entities": (lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml, "DTD"),
}


@pytest.mark.parametrize("case", list(ODD))
def test_odd_references_are_read_or_refused_never_a_traceback(base, tmp_path, case):
    from tests.fuzz.conftest import hang_guard

    change, refusal = ODD[case]
    hostile = rewritten(base, tmp_path / "bang.xlsx", {SHEET: change})
    with hang_guard(20):
        read = outcome(hostile)
    if refusal is not None:
        assert isinstance(read, str) and refusal in read, read

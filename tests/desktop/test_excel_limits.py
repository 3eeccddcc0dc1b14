"""Hostile .xlsx tables: a merged range or a styled cell spanning the whole sheet, a 10 MB cell,
too many cells or merges, a zip bomb: each handled in seconds and bounded memory, or refused by
name — never a minute of work or a traceback. The minimal cases of issue 14."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.errors import ExcelRefused
from desktop.excel.guard import guarded
from tests.desktop.hostile import listing, run

NEW = ["--unit", "Sở X", "--year", "2022"]


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bang")
    assert run("demo", folder / "demo.sqlite") == 0
    assert run("export-xlsx", folder / "demo.sqlite", folder / "bang.xlsx") == 0
    return folder / "bang.xlsx"


def spoiled(table: Path, folder: Path, change, name: str = "hong.xlsx") -> Path:  # noqa: ANN001 - a bytes → bytes
    """A copy of ``table`` whose first sheet's XML went through ``change``."""
    out = folder / name
    with zipfile.ZipFile(table) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            copy.writestr(info.filename, data)
    return out


def before_end_of(tag: bytes, extra: bytes):  # noqa: ANN201
    return lambda xml: xml.replace(b"</" + tag + b">", extra + b"</" + tag + b">", 1)


def with_merges(refs: list[str]):  # noqa: ANN201
    block = b'<mergeCells count="%d">' % len(refs) + b"".join(b'<mergeCell ref="%s"/>' % r.encode() for r in refs)

    def change(xml: bytes) -> bytes:
        if b"<mergeCells" in xml:
            return re.sub(rb"<mergeCells[^>]*>", block, xml, count=1)
        return xml.replace(b"</sheetData>", b"</sheetData>" + block + b"</mergeCells>", 1)

    return change


PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "desktop", *sys.argv[1:]], capture_output=True, text=True)
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, round(elapsed, 2), round(peak_mb), (done.stderr.strip().splitlines() or [""])[-1][:300])
"""


def timed(*args: object) -> tuple[int, float, int, str]:
    done = subprocess.run([sys.executable, "-c", PEAK, *map(str, args)], capture_output=True, text=True, check=True)
    code, seconds, peak, message = done.stdout.split(" ", 3)
    return int(code), float(seconds), int(peak), message


CASES = {
    "whole-sheet merge": with_merges(["A1:XFD1048576"]),
    "a styled cell at XFD1048576": before_end_of(b"sheetData", b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'),
    "merged lead column to the last row": with_merges(["H9:H1048576"]),
    "merges and a far styled cell": lambda xml: with_merges(["A1:XFD1048576", "B2:C1048576"])(
        before_end_of(b"sheetData", b'<row r="1048576"><c r="XFD1048576" s="1"/></row>')(xml)
    ),
}


@pytest.mark.skipif(os.name == "nt", reason="peak memory measured with the POSIX resource module")
@pytest.mark.parametrize("case", list(CASES))
def test_a_sheet_claiming_the_whole_grid_is_read_in_seconds(table, tmp_path, case):
    """Was 60–90 s for a whole-sheet merge, 34 s and 1,26 GB for one cell at XFD1048576."""
    hostile = spoiled(table, tmp_path, CASES[case])
    code, seconds, peak, message = timed("import-xlsx", hostile, tmp_path / "moi.sqlite", *NEW)
    assert code in (0, 1, 3), message
    assert seconds <= 5 and peak <= 200, (case, seconds, peak, message)
    assert "không mong muốn" not in message


def what_openpyxl_reads(source: Path | io.BytesIO) -> list[tuple[str, str, dict[str, object], list[str]]]:
    """Each sheet's title, state, every cell holding a value and the merged ranges."""
    import openpyxl

    workbook = openpyxl.load_workbook(source, data_only=True)
    sheets = [
        (
            sheet.title,
            sheet.sheet_state,
            {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None},
            sorted(str(r) for r in sheet.merged_cells.ranges),
        )
        for sheet in workbook.worksheets
    ]
    workbook.close()
    return sheets


def test_styles_reaching_the_last_cell_change_nothing_that_is_read(table, tmp_path, capsys):
    """The cell at XFD1048576 holds no value: the bounded copy reads exactly like the table."""
    hostile = spoiled(table, tmp_path, CASES["a styled cell at XFD1048576"], name=table.name)
    # an ordinary table is always handed over as a minimal copy (sheets found as openpyxl finds
    # them, value cells and merges only), which reads exactly as the table itself
    assert what_openpyxl_reads(guarded(table)) == what_openpyxl_reads(table)
    assert what_openpyxl_reads(guarded(hostile)) == what_openpyxl_reads(table)
    scores = []
    for source, made in ((table, tmp_path / "a.sqlite"), (hostile, tmp_path / "b.sqlite")):
        assert run("import-xlsx", source, made, *NEW) in (0, 1)
        capsys.readouterr()
        run("score", made, "--json")
        scores.append(capsys.readouterr().out)
    assert scores[0] == scores[1]


def test_a_value_at_the_far_corner_with_a_whole_sheet_merge_is_refused(table, tmp_path):
    far = before_end_of(b"sheetData", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    hostile = spoiled(table, tmp_path, lambda xml: with_merges(["A1:XFD1048576"])(far(xml)))
    with pytest.raises(ExcelRefused, match="vùng gộp ô phủ"):
        guarded(hostile)


@pytest.mark.skipif(os.name == "nt", reason="peak memory measured with the POSIX resource module")
def test_a_ten_megabyte_cell_is_refused_in_seconds(table, tmp_path):
    text = b"T\xc3\xaan r\xe1\xba\xa5t d\xc3\xa0i " * 700_000
    cell = rb'(<c r="B10"[^>]*><is><t[^>]*>)[^<]*'  # a criterion's title, below the header
    hostile = spoiled(table, tmp_path, lambda xml: re.sub(cell, lambda m: m[1] + text, xml, count=1))
    code, seconds, peak, message = timed("import-xlsx", hostile, tmp_path / "moi.sqlite", *NEW)
    assert code == 3 and "quá giới hạn" in message and "dòng" in message, message
    assert seconds <= 5 and peak <= 200, (seconds, peak)
    assert listing(tmp_path) == ["hong.xlsx"]


def test_too_many_merges_or_a_zip_bomb_are_refused(table, tmp_path):
    many = with_merges([f"A{r}:B{r}" for r in range(1, 25_000)])
    with pytest.raises(ExcelRefused, match="vùng gộp ô"):
        guarded(spoiled(table, tmp_path, many))
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(table) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info))
        copy.writestr("xl/media/nothing.bin", b"\0" * (400 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ExcelRefused, match="giải nén"):
        guarded(bomb)

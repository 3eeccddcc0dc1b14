"""Odd values written into a received file with plain sqlite3: each refused where it leaves the file,
naming table, row and field (exit 3), never a traceback further in (exit 4); the file unchanged.
These are the minimal cases of issue 14."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.desktop.hostile import digest, received, run

SETTINGS = {
    "unit": "Sở Thông tin và Truyền thông",
    "issuing_agency": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "place": "Quảng Ninh",
    "signer_title": "GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn A",
    "doc_number": "05",
    "doc_symbol": "KH-STTTT",
    "doc_date": "05/02/2026",
    "report_number": "07",
    "report_symbol": "BC-STTTT",
    "report_date": "10/02/2026",
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "f.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", 2022) == 0
    assert run("settings", path, *[f"{k}={v}" for k, v in SETTINGS.items()]) == 0
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO texts VALUES ('1.1', 'tasks', '', 'Cập nhật kiến trúc')")
    conn.execute("INSERT INTO documents (id, number, date, title) VALUES (1, '12/QĐ-UBND', '2026-01-05', 'Quyết định')")
    conn.execute("INSERT INTO evidence VALUES ('1.1', 1)")
    conn.commit()
    conn.close()
    return path


BAD_UTF8 = "CAST(X'C328A0' AS TEXT)"

CASES = [
    # (statement, command, expected message)
    (
        f"UPDATE nodes SET title = {BAD_UTF8} WHERE key = '1.1'",
        "score",
        "bảng nodes, dòng của tiêu chí 1.1, trường title: văn bản hỏng",
    ),
    (f"UPDATE texts SET text = {BAD_UTF8}", "export", "bảng texts, dòng 1.1 (tasks), trường text: văn bản hỏng"),
    (f"UPDATE settings SET value = {BAD_UTF8} WHERE key = 'place'", "score", "bảng settings, khóa place, trường value"),
    (f"UPDATE meta SET value = {BAD_UTF8} WHERE key = 'unit'", "score", "bảng meta, khóa unit, trường value"),
    (
        "UPDATE meta SET value = 'abc' WHERE key = 'year'",
        "score",
        "bảng meta, khóa year, trường value: “abc” không phải là một năm",
    ),
    ("UPDATE meta SET value = '²⁰²²' WHERE key = 'year'", "export", "bảng meta, khóa year"),
    (
        "UPDATE meta SET value = '[1, 2' WHERE key = 'template'",
        "score",
        "khóa template, trường value: không phải một đối tượng JSON",
    ),
    ("UPDATE meta SET value = '{\"years\": \"x\"}' WHERE key = 'template'", "score", "“years” không phải danh sách"),
    ("UPDATE meta SET value = '{\"level\": 7}' WHERE key = 'template'", "score", "trường value.level: cần văn bản"),
    (
        "UPDATE settings SET value = NULL WHERE key = 'unit'",
        "score",
        "bảng settings, khóa unit, trường value: cần văn bản, không phải NULL",
    ),
    (
        "UPDATE settings SET value = X'00FF' WHERE key = 'unit'",
        "export",
        "khóa unit, trường value: cần văn bản, không phải kiểu bytes",
    ),
    (
        "UPDATE settings SET value = 'hôm qua' WHERE key = 'doc_date'",
        "plan",
        "khóa doc_date, trường value: “hôm qua” không phải ngày",
    ),
    ("UPDATE settings SET value = '2026-02-30' WHERE key = 'doc_date'", "plan", "khóa doc_date"),
    (
        "UPDATE settings SET value = 'năm' WHERE key = 'doc_number'",
        "plan",
        "khóa doc_number, trường value: “năm” không phải số văn bản",
    ),
    ("UPDATE documents SET date = 'mùng 5'", "report", "bảng documents, tài liệu số thứ tự 1, trường date"),
    ("UPDATE documents SET title = X'41'", "report", "bảng documents, tài liệu số thứ tự 1, trường title: cần văn bản"),
    ("UPDATE texts SET text = X'41'", "export", "bảng texts, dòng 1.1 (tasks), trường text: cần văn bản"),
    (
        "UPDATE nodes SET inputs = '{\"a\": [1]}' WHERE key = '3.3'",
        "score",
        "trường inputs: số liệu “a” không đúng dạng",
    ),
    (
        "UPDATE nodes SET rule = '" + "[" * 5000 + "' WHERE key = '3.3'",
        "score",
        "trường rule: không phải một đối tượng JSON",
    ),
    ('UPDATE nodes SET rule = \'{"kind": "bands", "expr": "b/a", "bands": 5}\' WHERE key = \'3.3\'', "score", "3.3"),
    ('UPDATE nodes SET rule = \'{"kind": "options", "options": 5}\' WHERE key = \'1.1\'', "score", "1.1"),
    ('UPDATE nodes SET rule = \'{"kind": "ratio", "cap": 1e999}\' WHERE key = \'3.3\'', "score", "3.3"),
]

COMMANDS = {
    "score": lambda f, out: ["score", f, "--json"],
    "export": lambda f, out: ["export-xlsx", f, out / "ra.xlsx"],
    "plan": lambda f, out: ["pdf", f, "--plan", out / "ra.pdf"],
    "report": lambda f, out: ["pdf", f, "--report", out / "ra.pdf"],
}


@pytest.mark.parametrize("case", CASES, ids=[c[0][:60] for c in CASES])
def test_an_odd_value_is_refused_by_table_row_and_field(base, tmp_path, capsys, case):
    statement, command, message = case
    path = received(base, tmp_path, statement)
    out = tmp_path / "ra"
    out.mkdir()
    before = digest(path)
    capsys.readouterr()
    code = run(*COMMANDS[command](path, out))
    err = capsys.readouterr().err
    assert code == 3, err
    assert message in err
    assert digest(path) == before
    assert not list(out.iterdir())
    assert sorted(p.name for p in path.parent.iterdir()) == ["nhan.sqlite", "ra"]


def test_control_characters_in_a_title_are_removed_where_they_are_read(base, tmp_path):
    """A vertical tab (Word's manual line break) made openpyxl refuse the whole export."""
    path = received(
        base, tmp_path, "UPDATE nodes SET title = 'Duy trì' || char(11) || 'kiến trúc' || char(1) WHERE key = '1.1'"
    )
    out = tmp_path / "ra.xlsx"
    assert run("export-xlsx", path, out) == 0
    titles = [c.value for sheet in openpyxl.load_workbook(out) for row in sheet.iter_rows() for c in row]
    assert "Duy trì\nkiến trúc" in titles


def test_an_attachment_named_like_a_path_is_refused(base, tmp_path, capsys):
    path = received(base, tmp_path, "INSERT INTO blobs VALUES ('" + "a" * 64 + "', '../../thu.exe', 1, X'00')")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE documents SET blob_sha256 = ?", ("a" * 64,))
    conn.commit()
    conn.close()
    assert run("pdf", path, "--report", tmp_path / "ra.pdf") == 3
    assert "“../../thu.exe” không phải tên tệp hợp lệ" in capsys.readouterr().err


PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "desktop", *sys.argv[1:]], capture_output=True, text=True)
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, round(elapsed, 2), round(peak_mb), done.stderr.strip().splitlines()[-1][:200])
"""


@pytest.mark.skipif(os.name == "nt", reason="peak memory measured with the POSIX resource module")
@pytest.mark.parametrize("where", ["nodes.title", "texts.text", "settings.value"])
def test_a_ten_megabyte_text_is_refused_in_seconds(base, tmp_path, where):
    table, column = where.split(".")
    statement = {
        "nodes": "UPDATE nodes SET title = ? WHERE key = '1.1'",
        "texts": "UPDATE texts SET text = ?",
        "settings": "UPDATE settings SET value = ? WHERE key = 'place'",
    }[table]
    path = received(base, tmp_path, statement, params=("Tiêu chí rất dài " * 650_000,))
    assert path.stat().st_size > 10_000_000
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "pdf", str(path), "--plan", str(tmp_path / "ra.pdf")],
        capture_output=True,
        text=True,
        check=True,
    )
    code, seconds, peak_mb, message = done.stdout.split(" ", 3)
    assert code == "3", message
    assert f"bảng {table}" in message and "quá giới hạn" in message
    assert f"trường {column}" in message or "dài nhất ở dòng 1.1" in message
    assert float(seconds) <= 5 and int(peak_mb) <= 200, done.stdout

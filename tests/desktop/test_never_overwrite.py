"""Never overwrite what is read, and reading changes nothing: outputs equal to (or linked to) an input
are refused; score, pdf, export-xlsx and settings leave no companion and no changed byte, even on
a file in WAL mode with edits still in its -wal (read through a private copy)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.desktop.hostile import digest, listing, run

NEW = ["--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022"]
SETTINGS = [
    "unit=Sở X",
    "issuing_agency=SỞ X",
    "place=Quảng Ninh",
    "signer_title=GIÁM ĐỐC",
    "signer_name=Nguyễn Văn A",
    "doc_number=05",
    "doc_symbol=KH-SX",
    "doc_date=05/02/2026",
]


@pytest.fixture
def f(tmp_path: Path) -> Path:
    path = tmp_path / "f.sqlite"
    assert run("new", path, *NEW) == 0
    assert run("settings", path, *SETTINGS) == 0
    return path


def _outputs_over(f: Path, other: Path) -> list[list[object]]:
    return [
        ["pdf", f, "--plan", other],
        ["pdf", f, "--appendix", other],
        ["pdf", f, "--report", other],
        ["pdf", f, "--docx", other],
        ["export-xlsx", f, other],
    ]


def test_pdf_plan_over_its_own_file_is_refused_and_the_file_unchanged(f, capsys):
    """The acceptance case: ``pardesk pdf f --plan f`` exited 0 and replaced f with a PDF."""
    before = digest(f)
    assert run("pdf", f, "--plan", f) == 3
    assert "chính là tệp đang đọc" in capsys.readouterr().err
    assert digest(f) == before
    assert listing(f.parent) == ["f.sqlite"]


@pytest.mark.parametrize("how", ["same", "dotted", "symlink", "hardlink", "wal", "journal", "lock"])
def test_every_output_over_an_input_is_refused(f, tmp_path, capsys, how):
    other = {
        "same": f,
        "dotted": tmp_path / "." / "f.sqlite",
        "symlink": tmp_path / "lien-ket.pdf",
        "hardlink": tmp_path / "cung-tep.pdf",
        "wal": Path(f"{f}-wal"),
        "journal": Path(f"{f}-journal"),
        "lock": Path(f"{f}.lock"),
    }[how]
    if how == "symlink":
        other.symlink_to(f)
    if how == "hardlink":
        os.link(f, other)
    before = digest(f)
    for args in _outputs_over(f, other):
        assert run(*args) == 3, args
        assert "chính là tệp đang đọc" in capsys.readouterr().err
    assert digest(f) == before


def test_import_and_new_never_write_over_what_they_read(f, tmp_path, capsys):
    table = tmp_path / "bang.xlsx"
    assert run("export-xlsx", f, table) == 0
    before = digest(table)
    assert run("import-xlsx", table, table, "--unit", "x", "--year", "2022") == 3
    assert run("new", f, *NEW, "--from", f) == 3
    assert digest(table) == before


def _wal_mode_with_pending_edits(f: Path) -> sqlite3.Connection:
    """As a window leaves its file: WAL mode, a committed edit still in the -wal, -shm beside."""
    conn = sqlite3.connect(f)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("INSERT INTO entries VALUES ('1.1', 'actual', '0.5', '{}')")
    conn.commit()
    return conn


def _reading_commands(f: Path, out: Path) -> list[list[object]]:
    return [
        ["score", f, "--json"],
        ["score", f],
        ["settings", f],
        ["pdf", f, "--plan", out / "kh.pdf"],
        ["export-xlsx", f, out / "bang.xlsx"],
    ]


def test_reading_a_file_in_wal_mode_changes_no_byte_and_sees_its_edits(f, tmp_path, capsys):
    writer = _wal_mode_with_pending_edits(f)
    try:
        files = ["f.sqlite", "f.sqlite-shm", "f.sqlite-wal"]
        assert listing(f.parent) == files
        before = {name: digest(f.parent / name) for name in files}
        out = tmp_path / "ra"
        out.mkdir()
        for args in _reading_commands(f, out):
            assert run(*args) in (0, 1), args
        assert {name: digest(f.parent / name) for name in files} == before
        assert listing(f.parent) == [*files, "ra"]
        capsys.readouterr()
        run("score", f, "--json")
        scored = json.loads(capsys.readouterr().out)
        assert next(n for n in scored["nodes"] if n["code"] == "1.1")["actual"] == 0.5
    finally:
        writer.close()


def test_reading_a_received_file_left_in_wal_mode_leaves_no_companions(f, tmp_path):
    """Its header says WAL (bytes 18 and 19 are 2) and nothing is beside it: reading it in place
    would create -wal and -shm and rewrite its header (``pardesk score`` did)."""
    _wal_mode_with_pending_edits(f).close()
    assert listing(f.parent) == ["f.sqlite"] and f.read_bytes()[18:20] == b"\x02\x02"
    before = digest(f)
    out = tmp_path / "ra"
    out.mkdir()
    for args in _reading_commands(f, out):
        assert run(*args) in (0, 1), args
        assert listing(f.parent) == ["f.sqlite", "ra"], args
    assert digest(f) == before

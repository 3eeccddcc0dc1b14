"""SQLite's own locks on a file a window edits survive whatever else this process does with it.

POSIX record locks belong to the process: closing *any* descriptor of the file drops them, and
then another program may fold the window's WAL away or reset its ``-shm`` while the window
writes on. So nothing in our process opens an edited file with plain file I/O: a second window,
the print preview's worker and verify read it through SQLite's own handle; attaching it as
evidence or importing it as a table is refused. Each case is checked from outside: another
process asking SQLite to leave WAL mode must still be told the file is busy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import ExcelRefused, InputRefused
from desktop.exchange.verify import verify_many
from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import listing, others_can_take, run


@pytest.fixture
def window(tmp_path: Path):
    path = tmp_path / "f.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022") == 0
    session = Session.open(path)
    session.set_value("1.3", Scenario.ACTUAL, "0,25")  # in WAL mode from the first edit
    assert not others_can_take(path)
    yield session
    session.close()


def test_a_second_window_reads_without_dropping_the_first_windows_locks(window):
    second = Session.open(window.store.path, or_read_only=True)
    try:
        assert "đang được mở để sửa bởi" in second.read_only
        assert second.assessment.entry("1.3", Scenario.ACTUAL).value is not None  # read through the WAL
    finally:
        second.close()
    assert not others_can_take(window.store.path)


def test_the_print_preview_reads_its_own_copy_through_sqlite(window):
    preview = Session.open_readonly(window.store.path)  # what BackgroundDocuments' worker opens
    try:
        assert str(preview.assessment.entry("1.3", Scenario.ACTUAL).value) == "0.25"
    finally:
        preview.close()
    assert not others_can_take(window.store.path)
    window.set_value("1.4", Scenario.ACTUAL, "0,5")
    window.close()
    reread = Session.open_readonly(window.store.path)
    try:
        assert str(reread.assessment.entry("1.4", Scenario.ACTUAL).value) == "0.5"
    finally:
        reread.close()
    assert listing(window.store.path.parent) == ["f.sqlite"]


def test_the_file_itself_is_neither_attached_nor_imported_nor_hashed_here(window):
    path = window.store.path
    for target in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock")):
        with pytest.raises(InputRefused, match="chính tệp đánh giá đang mở"):
            window.attach_file(target)
    from desktop.excel.read import open_workbook

    with pytest.raises(ExcelRefused, match="tệp đánh giá đang mở"):
        open_workbook(path)
    (result,) = verify_many([path])
    assert result.verdict.value == "từ chối"
    assert any("đang được sửa trong một cửa sổ PAR Desk này" in reason for reason in result.reasons)
    assert not others_can_take(path)

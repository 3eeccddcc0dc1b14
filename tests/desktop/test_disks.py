"""Full disks, read-only drives and folders, long paths, removed drives: a clear message (exit 3),
no partial output and the input intact. Real filesystems where this machine can mount them
(tmpfs, filled or remounted read-only), injected errors elsewhere."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from desktop.outputs import os_problem
from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import content, digest, fill, listing, read_only, remount, run, small_disk

TEMPLATE = "cqdt-876-qn2022"
NEW = ["--template", TEMPLATE, "--unit", "Sở X", "--year", "2022"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("nguon")
    assert run("demo", folder / "demo.sqlite") == 0
    assert run("new", folder / "f.sqlite", *NEW) == 0
    assert run("new", folder / "diem.sqlite", *NEW) == 0
    assert run("set", folder / "diem.sqlite", "1.1", "--actual", "0,5", "--target", "0,5") == 0
    assert run("export-xlsx", folder / "diem.sqlite", folder / "bang.xlsx") == 0  # values that fit f
    return {"demo": folder / "demo.sqlite", "file": folder / "f.sqlite", "table": folder / "bang.xlsx"}


def _on(disk: Path, sources: dict[str, Path]) -> tuple[Path, Path]:
    shutil.copyfile(sources["file"], disk / "f.sqlite")
    shutil.copyfile(sources["demo"], disk / "demo.sqlite")
    return disk / "f.sqlite", disk / "demo.sqlite"


def _commands(disk: Path, table: Path) -> list[list[object]]:
    f, demo = disk / "f.sqlite", disk / "demo.sqlite"
    return [
        ["new", disk / "moi.sqlite", *NEW],
        ["demo", disk / "mau.sqlite"],
        ["import-xlsx", table, disk / "nhap.sqlite", "--unit", "Sở X", "--year", "2022"],
        ["import-xlsx", table, f],
        ["set", f, "1.1", "--actual", "0,5"],
        ["settings", f, "place=Hà Nội"],
        ["pdf", demo, "--plan", disk / "ke-hoach.pdf"],
        ["pdf", demo, "--docx", disk / "ke-hoach.docx"],
        ["export-xlsx", demo, disk / "bang.xlsx"],
        ["pack", f, disk / "goi.sqlite"],
    ]


def _assert_refused_cleanly(args: list[object], capsys: pytest.CaptureFixture[str], cause: str) -> None:
    code = run(*args)
    err = capsys.readouterr().err
    assert code == 3, (args[0], err)
    assert cause in err, (args[0], err)
    assert "Traceback" not in err and "không mong muốn" not in err


@pytest.mark.parametrize("free_kb", [0, 24])
def test_a_full_disk_refuses_every_write_and_keeps_the_files(sources, capsys, free_kb):
    with small_disk("4m") as disk:
        f, demo = _on(disk, sources)
        before = (content(f), digest(demo))  # demo is only read: not a byte changes
        fill(disk)
        if free_kb:
            with (disk / "ballast").open("r+b") as ballast:
                ballast.truncate((disk / "ballast").stat().st_size - free_kb * 1024)
        for args in _commands(disk, sources["table"]):
            _assert_refused_cleanly(args, capsys, "đầy")
            assert listing(disk) == ["ballast", "demo.sqlite", "f.sqlite"], args[0]
        assert (content(f), digest(demo)) == before
        (disk / "ballast").unlink()
        assert run("set", f, "1.1", "--actual", "0,5") == 0  # room again: the file was never damaged


def test_a_read_only_drive_refuses_writes_and_still_reads(sources, capsys):
    with small_disk("4m") as disk:
        f, demo = _on(disk, sources)
        remount(disk, "ro")
        try:
            for args in _commands(disk, sources["table"]):
                _assert_refused_cleanly(args, capsys, "chỉ cho phép đọc")
            assert run("score", f) == 0
            assert run("settings", demo) == 0
            assert run("pdf", demo, "--plan", sources["file"].parent / "tu-o-chi-doc.pdf") == 0
            session = Session.open(f, or_read_only=True)  # the window's way: open it to read
            try:
                assert "chỉ cho phép đọc" in session.read_only
                with pytest.raises(Exception, match="chỉ cho phép đọc"):
                    session.set_value("1.1", Scenario.ACTUAL, "0,5")
            finally:
                session.close()
            assert listing(disk) == ["demo.sqlite", "f.sqlite"]
        finally:
            remount(disk, "rw")


def test_a_read_only_file_opens_read_only(sources, tmp_path, capsys):
    """Read-only for real: write permission removed, or for root (CI) the immutable attribute,
    which permissions cannot bypass (``hostile.read_only``)."""
    f = tmp_path / "f.sqlite"
    shutil.copyfile(sources["file"], f)
    before = digest(f)
    with read_only(f):
        assert run("set", f, "1.1", "--actual", "0,5") == 3
        assert "không mở được để ghi" in capsys.readouterr().err
        assert run("score", f) == 0
        session = Session.open(f, or_read_only=True)
        assert f"“{f.name}” không mở được để ghi" in session.read_only
        session.close()
    assert digest(f) == before
    assert listing(tmp_path) == ["f.sqlite"]


def test_a_path_too_long_is_said_so(sources, tmp_path, capsys):
    long_name = "k" * 300 + ".pdf"
    _assert_refused_cleanly(["pdf", sources["demo"], "--plan", tmp_path / long_name], capsys, "quá dài")
    _assert_refused_cleanly(["new", tmp_path / ("n" * 300 + ".sqlite"), *NEW], capsys, "quá dài")
    assert listing(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EIO, errno.ENODEV, errno.ENOSPC, errno.EROFS])
def test_a_drive_removed_while_writing_leaves_no_half_file(sources, tmp_path, capsys, monkeypatch, code):
    """The last step of every output, the move over the target, fails as a pulled USB drive would."""

    def gone(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", gone)
    for args in (
        ["pdf", sources["demo"], "--plan", tmp_path / "kh.pdf"],
        ["export-xlsx", sources["demo"], tmp_path / "b.xlsx"],
        ["new", tmp_path / "moi.sqlite", *NEW],
        ["import-xlsx", sources["table"], tmp_path / "nhap.sqlite", "--unit", "x", "--year", "2022"],
    ):
        _assert_refused_cleanly(args, capsys, os_problem(OSError(code, "")))
        assert listing(tmp_path) == []


class _WindowsError(OSError):
    winerror = 32


def test_a_file_locked_by_another_program_on_windows_is_said_so():
    assert "đang được mở ở chương trình khác" in os_problem(_WindowsError(13, "Permission denied"))

"""Mutated assessment files through the command line and the window's open path: a documented exit
code, no traceback, no hang, and what is read left as it was (bytes, and nothing beside it)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import TALLY, hang_guard, scale
from tests.fuzz.conftest import seed as fuzz_seed
from tests.fuzz.mutants import make_base, make_sent, mutate

# (arguments with @ for the file and OUT/ for the output folder, whether it writes the file)
READING = [
    (["score", "@", "--json"], False),
    (["score", "@"], False),
    (["settings", "@"], False),
    (["export-xlsx", "@", "OUT/bang.xlsx"], False),
    (["pdf", "@", "--report", "OUT/bao-cao.pdf"], False),
    (["pdf", "@", "--appendix", "OUT/phu-luc.pdf"], False),
    (["verify", "@"], False),
    (["round", "@"], False),
]
WRITING = [
    (["set", "@", "1.1", "--actual", "0"], True),
    (["set", "@", "3.3", "--input", "a=10", "--input", "b=5"], True),
    (["settings", "@", "place=Hà Nội"], True),
    (["import-xlsx", "TABLE", "@"], True),
]
SETTINGS_ = settings(
    max_examples=scale()["assessment"],
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[Path, Path], Path]:
    """A working file and the same file once sent (packed: a round closed), and a table of it."""
    folder = tmp_path_factory.mktemp("goc")
    path = make_base(folder)
    from desktop.cli.commands import main

    assert main(["export-xlsx", str(path), str(folder / "bang.xlsx")]) == 0
    return (path, make_sent(folder, path)), folder / "bang.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    work = tmp_path / "mau"
    shutil.rmtree(work, ignore_errors=True)
    (work / "ra").mkdir(parents=True)
    return work, work / "ra"


def _args(template: list[str], file: Path, out: Path, table: Path) -> list[object]:
    found: list[object] = []
    for item in template:
        if item == "@":
            found.append(file)
        elif item == "TABLE":
            found.append(table)
        elif item.startswith("OUT/"):
            found.append(out / item[4:])
        else:
            found.append(item)
    return found


def _beside(file: Path) -> list[str]:
    return sorted(p.name for p in file.parent.iterdir() if p.name != "ra")


@seed(fuzz_seed())
@SETTINGS_
@given(data=st.data())
def test_mutated_files_through_the_command_line(base, tmp_path, cli, data):
    source, table = base
    work, out = _folder(tmp_path)
    file = work / "nhan.sqlite"
    what = mutate(source, file, data)
    TALLY.counts["assessment mutants"] += digest(file) not in map(digest, source) or Path(f"{file}-wal").exists()
    commands = [READING[0], data.draw(st.sampled_from(READING + WRITING), label="command")]
    for template, writes in commands:
        before, companions = (_content(file) if writes else digest(file)), _beside(file)
        code, err = cli(_args(template, file, out, table))
        if not writes:  # read: not a byte changed, nothing made beside it
            assert digest(file) == before, (what, template, code, err)
            assert _beside(file) == companions, (what, template, _beside(file))
        elif code != 0:  # a refused write: the data as it was (a crash's WAL may have been folded in)
            assert _content(file) == before, (what, template, code, err)
            assert set(_beside(file)) <= set(companions), (what, template, _beside(file))


class _Settings(dict):
    """QSettings' two calls the launcher uses, in memory."""

    def value(self, key: str, default: object = None) -> object:
        return self.get(key, default)

    def setValue(self, key: str, value: object) -> None:  # noqa: N802 - Qt's name
        self[key] = value


def _content(path: Path) -> list[str]:
    """Every row, read from a private copy (with its -wal: the committed edits in it count)."""
    copy = path.parent.parent / "doc-rieng.sqlite"
    for suffix in ("", "-wal"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
        if Path(f"{path}{suffix}").exists():
            shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
    if not copy.exists():
        return ["không có tệp"]
    conn = sqlite3.connect(copy)
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        return [line for line in conn.iterdump() if "PRAGMA" not in line]
    except (sqlite3.DatabaseError, UnicodeDecodeError):  # damaged: compared as "unreadable" both times
        return ["không đọc được"]
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)


@seed(fuzz_seed())
@settings(SETTINGS_, max_examples=max(5, scale()["assessment"] // 20))
@given(data=st.data())
def test_mutated_files_through_the_window_open_path(base, tmp_path, qapp, data):
    """What the window does with a file given on the command line or chosen in the welcome screen."""
    from desktop.app import Launcher

    source, _table = base
    work, _out = _folder(tmp_path)
    file = work / "nhan.sqlite"
    mutate(source, file, data)
    TALLY.counts["window opens"] += 1
    before = _content(file) if file.stat().st_size else []
    launcher = Launcher(tmp_path / "du-lieu", _Settings(), interactive=False)
    try:
        with hang_guard():
            window = launcher.open(file)
        if window is not None:
            qapp.processEvents()
            window.close()
    finally:
        launcher.close()
    if before:
        assert _content(file) == before
    assert _beside(file) in (["nhan.sqlite"], ["nhan.sqlite", "nhan.sqlite-wal"])

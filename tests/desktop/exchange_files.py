"""Unit files for the exchange tests, made only through the public ``pardesk`` command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.cli.commands import main

TEMPLATE = "par-tinh-2020"
YEAR = 2025

# unit -> {code: self-score}: each fills the criteria it leads in the Đắk Nông set (and a stray one)
UNITS = {
    "Sở Tư pháp": {"2.1.1": "1", "2.1.2": "0,5", "2.3": "1,5", "6.1.2": "0,25"},
    "Sở Tài chính": {"6.1.2": "1", "6.2.1": "0,5"},
    "Văn phòng UBND tỉnh": {"3.1.1": "0,5"},
    "UBND xã Tân Lập": {"1.1": "1,5", "1.2": "0,5"},
    "UBND phường Hồng Hải": {"1.1": "1"},
}


def run(*args: object) -> int:
    return main([str(a) for a in args])


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def make_unit(folder: Path, unit: str, scores: dict[str, str], *, year: int = YEAR, template: str = TEMPLATE) -> Path:
    """A working file of ``unit`` with ``scores`` self-assessed, each backed by an explanation."""
    from desktop.exchange.manifest import _slug

    path = folder / f"{_slug(unit)}.sqlite"
    assert run("new", path, "--template", template, "--unit", unit, "--year", year, "--province", "Đắk Nông") == 0
    for code, value in scores.items():
        assert run("set", path, code, "--actual", value, "--explanation", f"Giải trình của {unit}") == 0
    return path


def packed(folder: Path, working: Path) -> Path:
    """Pack ``working`` into ``folder`` under its suggested name; returns the packed file."""
    folder.mkdir(exist_ok=True)
    before = set(folder.iterdir())
    assert run("pack", working, f"{folder}/") == 0
    (made,) = set(folder.iterdir()) - before
    return made

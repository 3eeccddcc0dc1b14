"""Shared fixtures: the built-in criteria sets and small assessment helpers."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the error log and other per-user files of PAR Desk go to a scratch folder, never the real one
os.environ.setdefault("PARDESK_DATA_DIR", tempfile.mkdtemp(prefix="pardesk-test-data-"))

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "resources" / "templates"


@pytest.fixture(scope="session")
def qn_set():
    from scoring import load_criteria_set

    return load_criteria_set((TEMPLATES / "cqdt-876-qn2022.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dn_set():
    from scoring import load_criteria_set

    return load_criteria_set((TEMPLATES / "par-tinh-2020.toml").read_text(encoding="utf-8"))


def D(text: str | int) -> Decimal:  # noqa: N802 - reads like a literal in tests
    return Decimal(str(text))

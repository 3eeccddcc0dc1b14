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


def council_copy(session: object) -> None:
    """Turn an open unit's file into the council's working copy in thẩm định lần 1, as receiving a
    sent file does (``desktop.exchange.receive``): appraised scores and reasons are the council's."""
    _hand_over(session, "council", "tham_dinh_1", "thẩm định (kiểm thử)")


def response_copy(session: object) -> None:
    """Turn an open file into the unit's copy in giải trình, as receiving the appraised file does."""
    _hand_over(session, "unit", "giai_trinh", "giải trình (kiểm thử)")


def _hand_over(session: object, desk: str, round_: str, note: str) -> None:
    from desktop.assessment_file.rounds import set_desk, write_round
    from desktop.assessment_file.store import now_iso
    from scoring.rounds import Desk, Round

    store = session.store  # type: ignore[attr-defined]
    user = "Hội đồng" if desk == "council" else "Đơn vị"
    set_desk(store, Desk(desk), user=user)
    write_round(store, Round(round_), user=user, ts=now_iso(), note=note)
    session.workflow.reload()  # type: ignore[attr-defined]

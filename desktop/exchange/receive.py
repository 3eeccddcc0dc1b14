"""Take a received file into a working copy for the next round; the received file stays as it came.

Sở Nội vụ opens a unit's sent file to appraise it (đã gửi → thẩm định lần 1, the appraisal
starting from the self-scores) or its giải trình (thẩm định lần 2); the unit opens the council's
answer (giải trình, or the finished result). Only a file that verifies is taken; the copy is a
fresh file of our own holding the received content, marked with the side that now holds it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

from scoring.rounds import RECEIVED, ROUND_LABELS, Desk, Round
from scoring.units import same_unit

from ..assessment_file.fingerprint import short_fingerprint
from ..assessment_file.rounds import set_desk, start_appraisal, write_round
from ..assessment_file.store import AssessmentFile, default_user, now_iso
from ..errors import FileRefused
from ..outputs import discard, os_problem
from .verify import Received, verify

__all__ = ["receive", "take", "working_name"]


def working_name(received: Path, round_: Round) -> str:
    """ "so-tu-phap_2025_…_da-gui.tham-dinh-lan-1.sqlite": beside the received file, never over it."""
    from .manifest import _slug

    return f"{received.stem}.{_slug(ROUND_LABELS[round_])}.sqlite"


def receive(
    path: Path, out: Path | None = None, *, template: str | None = None, year: int | None = None, user: str = ""
) -> tuple[Path, Received]:
    """Verify ``path`` and write its working copy to ``out`` (default: beside it); returns both."""
    path = Path(path)
    report = verify(path, template=template, year=year, keep=True)
    try:
        if not report.usable:
            raise FileRefused(f"Không nhận tệp “{path.name}”: " + " ".join(report.reasons))
        assert report.store is not None and report.round is not None
        if report.round not in RECEIVED:
            raise FileRefused(f"Tệp ở vòng “{ROUND_LABELS[report.round]}”, không nhận để làm tiếp được.")
        desk, next_round = RECEIVED[report.round]
        target = Path(out) if out else path.with_name(working_name(path, next_round))
        if target.exists():
            raise FileRefused(f"Tệp “{target}” đã có; hãy mở tệp đó, hoặc chọn tên khác.")
        _copy(report.store.conn, target)
    finally:
        report.close()
    store = AssessmentFile.open(target)
    try:
        who = user or store.settings().get("user", "") or default_user()
        _take(store, report, desk, next_round, who)
    finally:
        store.close()
    return target, report


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """A whole copy written under a temporary name and moved into place."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"Thư mục “{folder}” không tồn tại.")
    temp = folder / f".pardesk-{secrets.token_hex(6)}.sqlite"
    try:
        writer = sqlite3.connect(str(temp))
        try:
            source.backup(writer)
        finally:
            writer.close()
        os.replace(temp, target)
    except OSError as exc:
        raise FileRefused(f"Không ghi được tệp “{target}” ({os_problem(exc)}).") from None
    finally:
        discard(temp)  # never raises on a read-only or removed drive


def _take(store: AssessmentFile, report: Received, desk: object, next_round: Round, user: str) -> None:
    assert isinstance(desk, Desk)
    manifest = report.manifest
    note = f"nhận {report.path.name} (mã dữ liệu {short_fingerprint(manifest['fingerprint'])})"
    with store.transaction():
        store.conn.execute("DELETE FROM manifest")  # a working copy declares nothing until it is packed
        store.write_meta(
            {
                "received_from": report.path.name,
                "received_fingerprint": manifest["fingerprint"],
                "received_packed_at": manifest["packed_at"],
            }
        )
        set_desk(store, desk, user=user)
        if next_round is not report.round:
            write_round(store, next_round, user=user, ts=now_iso(), note=note)
        if next_round is Round.APPRAISAL_1:
            start_appraisal(store, user=user)


_MEANT_FOR = {
    Desk.UNIT: "tệp Sở Nội vụ gửi lại (vòng Giải trình hoặc Hoàn thành)",
    Desk.COUNCIL: "tệp đơn vị gửi để thẩm định (vòng Đã gửi hoặc Thẩm định lần 2)",
}


def take(path: Path, *, user: str = "", side: Desk | None = None, unit: str = "", province: str = "") -> Path:
    """The working copy of a received file: the one made before (beside it), or a new one. With
    ``side``, only a file sent to that side is taken (a unit opening its own sent file would have
    become the council's copy of it); with ``unit``, only a file of that unit (a unit opening the
    result Sở Nội vụ sent back to another)."""
    path = Path(path)
    report = verify(path)
    if not report.usable:
        raise FileRefused(f"Không mở được “{path.name}”: " + " ".join(report.reasons))
    if unit and not same_unit(report.unit, unit, province=province):
        raise FileRefused(
            f"Tệp “{path.name}” là kết quả của {report.unit or 'một đơn vị khác'}, không phải của {unit} "
            f"(tệp đang mở): hãy chọn tệp Sở Nội vụ gửi lại cho {unit}."
        )
    if side is not None and report.round in RECEIVED and RECEIVED[report.round][0] is not side:
        raise FileRefused(
            f"Tệp “{path.name}” ở vòng “{ROUND_LABELS[report.round]}”: đây không phải {_MEANT_FOR[side]}."
        )
    if report.round in RECEIVED:
        existing = path.with_name(working_name(path, RECEIVED[report.round][1]))
        if existing.exists():
            return existing
    return receive(path, user=user)[0]

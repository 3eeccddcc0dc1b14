"""The round a file is in, the side holding it, and each closed appraisal round, as stored in the file.

Rows, not rules: ``scoring.rounds`` says what each round allows; ``desktop.exchange.workflow``
decides when a round moves on. Every write here is one transaction with its audit line.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.rounds import ROUND_LABELS, Desk, Round

from ..errors import FileRefused

if TYPE_CHECKING:
    from .store import AssessmentFile

__all__ = [
    "REASON",
    "RESPONSE",
    "RoundRecord",
    "appraisal_round",
    "current_round",
    "desk_of",
    "history",
    "start_appraisal",
    "set_desk",
    "write_round",
]

REASON = "reason"  # texts field of the reason for a deduction (scenario "appraised")
RESPONSE = "response"  # texts field of the unit's giải trình of a deducted criterion
DESK_KEY = "desk"  # meta key: who holds this copy


@dataclass(frozen=True)
class RoundRecord:
    """One entry into a round: when, by whom, and a note ("đóng gói", "nhận tệp …")."""

    seq: int
    round: Round
    ts: str
    user: str
    note: str


def _has_rounds(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rounds'").fetchone()
    return found is not None


def history(conn: sqlite3.Connection) -> list[RoundRecord]:
    """Every round the file entered, oldest first (none for a file still in tự đánh giá)."""
    if not _has_rounds(conn):
        return []
    records = []
    for seq, state, ts, user, note in conn.execute("SELECT seq, state, ts, user, note FROM rounds ORDER BY seq"):
        try:
            records.append(RoundRecord(int(seq), Round(state), str(ts), str(user), str(note)))
        except ValueError:
            raise FileRefused(f"Vòng đánh giá “{state}” ghi trong tệp không hợp lệ.") from None
    return records


def current_round(conn: sqlite3.Connection) -> Round:
    """The round of the last entry, or tự đánh giá."""
    if not _has_rounds(conn):
        return Round.SELF
    row = conn.execute("SELECT state FROM rounds ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return Round.SELF
    try:
        return Round(row[0])
    except ValueError:
        raise FileRefused(f"Vòng đánh giá “{row[0]}” ghi trong tệp không hợp lệ.") from None


def desk_of(conn: sqlite3.Connection) -> Desk:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DESK_KEY,)).fetchone()
    try:
        return Desk(row[0]) if row else Desk.UNIT
    except ValueError:
        raise FileRefused(f"Bên giữ tệp “{row[0]}” ghi trong tệp không hợp lệ.") from None


def write_round(
    store: AssessmentFile, new: Round, *, user: str, ts: str, note: str = "", snapshot: int | None = None
) -> None:
    """Enter round ``new`` (audited); ``snapshot`` n keeps the appraisal as round n's, in the same transaction."""
    old = current_round(store.conn)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO rounds (state, ts, user, note) VALUES (?, ?, ?, ?)", (new.value, ts, user, note)
        )
        if snapshot is not None:
            _snapshot(store.conn, snapshot)
        text = f"{ROUND_LABELS[old]} → {ROUND_LABELS[new]}" + (f" ({note})" if note else "")
        store.audit_line(user, "", "round", "", old=old.value, new=f"{new.value}: {text}")


def _snapshot(conn: sqlite3.Connection, number: int) -> None:
    """The current appraised entries and reasons, kept as appraisal round ``number``."""
    conn.execute("DELETE FROM appraisals WHERE round = ?", (number,))
    conn.execute(
        "INSERT INTO appraisals (round, node_key, value, inputs, reason) "
        "SELECT ?, e.node_key, e.value, e.inputs, coalesce(t.text, '') FROM entries e "
        "LEFT JOIN texts t ON t.node_key = e.node_key AND t.field = ? AND t.scenario = 'appraised' "
        "WHERE e.scenario = 'appraised'",
        (number, REASON),
    )
    conn.execute(
        "INSERT INTO appraisals (round, node_key, value, inputs, reason) "
        "SELECT ?, t.node_key, NULL, '{}', t.text FROM texts t WHERE t.field = ? AND t.scenario = 'appraised' "
        "AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.node_key = t.node_key AND e.scenario = 'appraised')",
        (number, REASON),
    )


def appraisal_round(conn: sqlite3.Connection, number: int) -> dict[str, tuple[str | None, str]]:
    """A closed appraisal round: node key → (stored value, reason)."""
    rows = conn.execute("SELECT node_key, value, reason FROM appraisals WHERE round = ?", (number,))
    return {str(key): (None if value is None else str(value), str(reason)) for key, value, reason in rows}


def set_desk(store: AssessmentFile, desk: Desk, *, user: str) -> None:
    old = desk_of(store.conn)
    with store.transaction():
        store.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (DESK_KEY, desk.value))
        store.audit_line(user, "", "desk", "", old=old.value, new=desk.value)


def start_appraisal(store: AssessmentFile, *, user: str) -> int:
    """Start the council's first appraisal from the self-scores: whatever appraisal the unit
    recorded is cleared, and every self-scored leaf gets the unit's entry (the council changes
    only what it cuts). One transaction, each line audited; returns how many leaves were filled."""
    conn = store.conn
    old = conn.execute("SELECT node_key, value, inputs FROM entries WHERE scenario = 'appraised'").fetchall()
    reasons = conn.execute(
        "SELECT node_key, text FROM texts WHERE field = ? AND scenario = 'appraised'", (REASON,)
    ).fetchall()
    rows = conn.execute(
        "SELECT e.node_key, e.value, e.inputs FROM entries e WHERE e.scenario = 'actual' "
        "AND NOT EXISTS (SELECT 1 FROM nodes c WHERE c.parent_key = e.node_key) "
        "AND EXISTS (SELECT 1 FROM nodes n WHERE n.key = e.node_key)"
    ).fetchall()
    with store.transaction():
        conn.execute("DELETE FROM entries WHERE scenario = 'appraised'")
        conn.execute("DELETE FROM texts WHERE field = ? AND scenario = 'appraised'", (REASON,))
        for key, value, inputs in old:
            store.audit_line(user, key, "appraisal:clear", "appraised", old=value or inputs, new=None)
        for key, text in reasons:
            store.audit_line(user, key, f"text:{REASON}", "appraised", old=text, new=None)
        for key, value, inputs in rows:
            conn.execute(
                "INSERT INTO entries (node_key, scenario, value, inputs) VALUES (?, 'appraised', ?, ?)",
                (key, value, inputs),
            )
            store.audit_line(user, key, "appraisal:start", "appraised", old=None, new=value or inputs)
    return len(rows)

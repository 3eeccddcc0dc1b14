"""The window's exchange actions over one open session: its round, the appraisal rows, packing.

Built with every window, so what packing needs is imported when the officer first packs.

What ``ui.ports.ExchangeService`` promises, for the main window's "Trao đổi" menu, its "Thẩm định"
tab and the pack dialog. Plain data out (``AppraisalRow``, ``PackPlan``), refusals as ``Refusal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from scoring import Node, Scenario
from scoring.rounds import ROUND_LABELS, Desk, Edit, is_deducted, refusal

from ..assessment_file.rounds import REASON, RESPONSE, appraisal_round

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["AppraisalRow", "ExchangeActions", "PackPlan"]

MB = 1024 * 1024


@dataclass(frozen=True)
class AppraisalRow:
    """One node as the appraisal tab shows it; scores are Decimals (None: none given)."""

    key: str
    label: str
    title: str
    depth: int
    leaf: bool
    max: Decimal
    actual: Decimal | None
    appraised: Decimal | None
    first: Decimal | None  # thẩm định lần 1, once that round is closed
    reason: str
    response: str
    risk: str  # what the council cut last year
    deducted: bool


@dataclass(frozen=True)
class PackPlan:
    """What packing now does and says: the round before and after, refusals, warnings, the name."""

    current: str
    next: str
    refusals: tuple[str, ...]
    warnings: tuple[str, ...]
    attachments_bytes: int
    suggested_name: str
    heavy: bool  # attachments above what email takes


class ExchangeActions:
    """Exchange actions of one open session (``desktop.session.Session``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def round_text(self) -> str:
        return self.session.workflow.describe()

    def is_council(self) -> bool:
        return self.session.workflow.desk is Desk.COUNCIL

    def may(self, edit: str) -> bool:
        """Whether this round lets this side make ``edit`` (``appraisal``, ``response``, …) at all."""
        workflow = self.session.workflow
        return refusal(workflow.round, workflow.desk, Edit(edit)) is None

    def why_not(self, edit: str) -> str:
        """Why this round refuses ``edit`` to this side (Vietnamese), or "" when it allows it."""
        workflow = self.session.workflow
        return refusal(workflow.round, workflow.desk, Edit(edit)) or ""

    def rows(self) -> list[AppraisalRow]:
        session = self.session
        assessment = session.assessment
        reasons = {k: t for (k, s), t in session.texts(REASON).items() if s == "appraised"}
        responses = {k: t for (k, _s), t in session.texts(RESPONSE).items()}
        risks = {k: t for (k, _s), t in session.texts("risk").items()}  # carryover.RISK
        first = appraisal_round(session.store.conn, 1)
        return [
            AppraisalRow(
                node.key,
                node.label,
                node.title,
                node.depth,
                node.is_leaf,
                node.max,
                assessment.score(node.key, Scenario.ACTUAL),
                assessment.score(node.key, Scenario.APPRAISED),
                _stored(first.get(node.key, (None, ""))[0]),
                reasons.get(node.key, ""),
                responses.get(node.key, ""),
                risks.get(node.key, ""),
                is_deducted(assessment, node) if node.is_leaf else False,
            )
            for node in assessment.tree
            if not node.implied
        ]

    def set_reason(self, key: str, text: str) -> None:
        self.session.set_reason(key, text)

    def set_response(self, key: str, text: str) -> None:
        self.session.set_response(key, text)

    def node(self, key: str) -> Node:
        return self.session.tree.by_key[key]

    def plan(self, leave_out_mb: float | None = None) -> PackPlan:
        from .manifest import suggested_name
        from .pack import EMAIL_LIMIT, plan_pack

        over = None if leave_out_mb is None else int(leave_out_mb * MB)
        closing = plan_pack(self.session, leave_out_over=over)
        nxt = closing.next or closing.current
        meta = self.session.meta
        size = self.session.evidence.attachments_size()
        return PackPlan(
            ROUND_LABELS[closing.current],
            ROUND_LABELS[nxt],
            tuple(closing.refusals),
            tuple(closing.warnings),
            size,
            suggested_name(meta.get("unit", ""), meta.get("year", ""), meta.get("template_id", ""), nxt),
            size > EMAIL_LIMIT,
        )

    def pack(self, path: Path, leave_out_mb: float | None = None) -> tuple[Path, list[str]]:
        """Pack to ``path``; returns the file written and what the officer should read."""
        from .pack import pack

        over = None if leave_out_mb is None else int(leave_out_mb * MB)
        result = pack(self.session, Path(path), leave_out_over=over)
        lines = list(result.warnings)
        if result.left_out:
            lines.append("Để lại, không gửi kèm: " + ", ".join(result.left_out) + ".")
        return result.path, lines

    def receive(self, path: Path) -> Path:
        """Take a file sent back (giải trình, the final result) into a working copy beside it."""
        from scoring.rounds import Desk

        from .receive import take

        meta = self.session.meta
        unit, province = meta.get("unit", ""), meta.get("province", "")
        return take(Path(path), user=self.session.user, side=Desk.UNIT, unit=unit, province=province)


def _stored(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)

"""The round gate every edit passes through, and what closing a round asks first.

``Session`` holds one ``Workflow``; each of its edits asks ``permit`` (or ``evidence``) before
anything is written, and a refusal is an ``InputRefused`` with the round's Vietnamese reason.
Closing a round (packing it to send) refuses while a deduction has no reason, and warns, naming
the criteria, about what the other side will ask for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring import Assessment, Mode, Node, Scenario, Severity, leaves_led_by
from scoring.findings import Kind
from scoring.rounds import (
    APPRAISAL_NUMBER,
    ROUND_LABELS,
    SENDS,
    Desk,
    Edit,
    Round,
    deducted_leaves,
    is_deducted,
    refusal,
)

from ..assessment_file.rounds import REASON, RESPONSE, current_round, desk_of
from ..assessment_file.store import AssessmentFile
from ..errors import InputRefused

__all__ = ["Closing", "Workflow", "codes", "is_own_file"]

Texts = dict[tuple[str, str], str]


def codes(nodes: list[Node], shown: int = 15) -> str:
    """ "1.3, 2.1, 3.4 – nội dung 1, …": the first labels of a list, so a message stays readable."""
    return ", ".join(n.label for n in nodes[:shown]) + (f", … ({len(nodes)} tiêu chí)" if len(nodes) > shown else "")


def is_own_file(store: AssessmentFile, meta: dict[str, str]) -> bool:
    """The officer's own unit's file: held by its unit, not a working copy of a received file and
    not a packed one (those carry another unit's, or a sent copy's, header and signer)."""
    from .manifest import read_manifest

    return desk_of(store.conn) is Desk.UNIT and not meta.get("received_from") and not read_manifest(store.conn)


@dataclass
class Closing:
    """What closing the round would do: the round the sent file enters (None: sent as it is),
    what refuses it, and what the sender should know (each naming criteria)."""

    current: Round
    next: Round | None
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def snapshot(self) -> int | None:
        """The appraisal round this closing keeps (1 or 2), if it closes one."""
        return APPRAISAL_NUMBER.get(self.current) if self.next is not None else None


class Workflow:
    """The round and desk of one open file (re-read after each change of round)."""

    def __init__(self, store: AssessmentFile) -> None:
        self.store = store
        self.reload()

    def reload(self) -> None:
        self.round: Round = current_round(self.store.conn)
        self.desk: Desk = desk_of(self.store.conn)

    # ------------------------------------------------------------ the gate

    def permit(self, edit: Edit, assessment: Assessment, node: Node | None = None, where: str = "") -> None:
        """Raise ``InputRefused`` unless this round lets this side make ``edit`` (on ``node``)."""
        why = refusal(self.round, self.desk, edit)
        prefix = f"{where}: " if where else ""
        if why:
            raise InputRefused(prefix + why)
        if edit is Edit.RESPONSE and node is not None and not is_deducted(assessment, node):
            named = "" if node.label in where else prefix  # "Tiêu chí 1.3: tiêu chí 1.3 …" says it twice
            raise InputRefused(
                f"{named}Tiêu chí {node.label} không bị trừ điểm; vòng giải trình chỉ bổ sung giải trình và "
                "minh chứng cho các tiêu chí bị trừ điểm."
            )

    def evidence_edit(self) -> Edit:
        """Adding evidence is part of the self-assessment, or, in giải trình, of the response."""
        return Edit.RESPONSE if self.round is Round.RESPONSE and self.desk is Desk.UNIT else Edit.SELF

    # ------------------------------------------------------------ closing a round

    def closing(self, assessment: Assessment, texts: dict[str, Texts], unit: str = "", province: str = "") -> Closing:
        """What sending this file now means; ``texts`` maps a field to its texts (reason, response…);
        ``unit``'s own criteria (those it leads in ``province``, if it leads any) are the ones it
        must score and back, and the only ones warned about."""
        nxt = SENDS.get((self.round, self.desk))
        result = Closing(self.round, nxt)
        if nxt is None:
            return result
        if self.round is Round.SELF:
            result.warnings += _self_warnings(assessment, texts.get("risk", {}), unit, province)
        elif self.round in APPRAISAL_NUMBER:
            _appraisal_checks(assessment, texts.get(REASON, {}), result)
        elif self.round is Round.RESPONSE:
            unanswered = [n for n in deducted_leaves(assessment) if not _has_text(texts.get(RESPONSE, {}), n)]
            if unanswered:
                result.warnings.append(f"Tiêu chí bị trừ điểm chưa có giải trình: {codes(unanswered)}.")
        return result

    def describe(self) -> str:
        """ "Tự đánh giá (bản của đơn vị)" for titles and the command line."""
        side = "bản của đơn vị" if self.desk is Desk.UNIT else "bản thẩm định của Sở Nội vụ"
        return f"{ROUND_LABELS[self.round]} ({side})"


def _has_text(texts: Texts, node: Node) -> bool:
    """A text given on the node itself, or, for an uncoded part, on its criterion."""
    keys = [node.key] + ([node.parent.key] if node.is_part and node.parent else [])
    return any(texts.get((key, scenario), "").strip() for key in keys for scenario in ("", "appraised"))


def _self_warnings(assessment: Assessment, risks: Texts, unit: str, province: str) -> list[str]:
    from ..documents.results_text import missing_leaves  # the documents' own count, loaded when packing

    warnings = []
    unscored, expected = missing_leaves(assessment, Scenario.ACTUAL)
    own = leaves_led_by(assessment.tree, unit, province=province)
    if own:  # a unit answering for some criteria scores those; the others are other units' to score
        unscored = [n for n in unscored if n.key in own]
        expected = len([k for k, mode in assessment.regular_leaves.items() if k in own and mode is Mode.SELF])
    elif unit and any(n.lead.strip() for n in assessment.tree):
        warnings.append(_leads_nothing(assessment, unit))
    if unscored:
        warnings.append(f"Còn {len(unscored)}/{expected} tiêu chí đơn vị tự chấm chưa có điểm: {codes(unscored)}.")
    findings = [f for f in assessment.findings() if not own or f.key in own]
    bare = [assessment.tree.by_key[f.key] for f in findings if f.kind is Kind.NO_EVIDENCE]
    if bare:
        warnings.append(f"Có điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình: {codes(bare)}.")
    warnings += [f.message for f in findings if f.severity is Severity.ERROR and f.scenario is Scenario.ACTUAL]
    flagged = [assessment.tree.by_key[key] for (key, _s) in risks if key in assessment.tree.by_key]
    if flagged:
        warnings.append(f"Năm trước Hội đồng thẩm định đã trừ điểm, nên xem lại minh chứng: {codes(flagged)}.")
    return warnings


def _leads_nothing(assessment: Assessment, unit: str) -> str:
    """A unit whose name is in no lead cell: Sở Nội vụ's assembly will take nothing from its file."""
    from scoring import units_of

    named = units_of(assessment.tree)
    shown = ", ".join(f"“{name}”" for name in named[:4]) + (", …" if len(named) > 4 else "")
    return (
        f"Tên đơn vị “{unit}” không có trong cột Đơn vị chủ trì của bộ tiêu chí ({shown}): khi tổng hợp, "
        "Sở Nội vụ lấy điểm mỗi tiêu chí từ tệp của đơn vị chủ trì, nên sẽ không lấy điểm nào từ tệp này. "
        "Nếu đơn vị chủ trì một số tiêu chí, hãy ghi tên đơn vị như trong cột đó."
    )


def _appraisal_checks(assessment: Assessment, reasons: Texts, result: Closing) -> None:
    missing = [n for n in deducted_leaves(assessment) if not _has_text(reasons, n)]
    if missing:
        result.refusals.append(f"Mỗi tiêu chí bị trừ điểm cần lý do; còn thiếu lý do ở {codes(missing)}.")
    unappraised = [
        assessment.tree.by_key[key]
        for key in assessment.regular_leaves
        if assessment.score(key, Scenario.ACTUAL) is not None and assessment.score(key, Scenario.APPRAISED) is None
    ]
    if unappraised:
        result.warnings.append(f"Tiêu chí đơn vị đã tự chấm nhưng chưa có điểm thẩm định: {codes(unappraised)}.")

"""The rounds an assessment goes through with Sở Nội vụ, and what each round lets each side change.

A file is in one round (``Round``) and is held by one side (``Desk``): the unit's own file, or
the council's (Sở Nội vụ, Hội đồng thẩm định) working copy of a file it received. The rounds:

tự đánh giá → đã gửi → thẩm định lần 1 → giải trình → thẩm định lần 2 → hoàn thành

- **tự đánh giá**: the unit scores, explains and backs its criteria, and plans.
- **đã gửi**: the unit has packed and sent it ("chốt điểm tự chấm"); its self-assessment is locked.
- **thẩm định lần 1**: the council, on its copy, scores each criterion (``Scenario.APPRAISED``)
  and gives a reason for every deduction; it never touches a self-score.
- **giải trình**: the council has sent its result back; the unit answers deducted criteria only,
  with an explanation (``response``) and extra evidence ("chốt giải trình" when it packs).
- **thẩm định lần 2**: the council scores again; **hoàn thành**: closed, nothing changes.

The plan (targets, tasks, deadlines, document texts and settings) is the unit's own business in
every round: the improvement plan is written after the results are known. Pure rules, no storage.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum

from .engine import Assessment
from .model import Node, Scenario

__all__ = [
    "DESK_LABELS",
    "RECEIVED",
    "ROUND_LABELS",
    "SENDS",
    "Desk",
    "Edit",
    "Round",
    "deducted_leaves",
    "edit_of_scenario",
    "edit_of_text",
    "is_deducted",
    "refusal",
]


class Round(StrEnum):
    SELF = "tu_danh_gia"
    SENT = "da_gui"
    APPRAISAL_1 = "tham_dinh_1"
    RESPONSE = "giai_trinh"
    APPRAISAL_2 = "tham_dinh_2"
    DONE = "hoan_thanh"


ROUND_LABELS = {
    Round.SELF: "Tự đánh giá",
    Round.SENT: "Đã gửi",
    Round.APPRAISAL_1: "Thẩm định lần 1",
    Round.RESPONSE: "Giải trình",
    Round.APPRAISAL_2: "Thẩm định lần 2",
    Round.DONE: "Hoàn thành",
}

# the appraisal round a round's values belong to, when it is closed
APPRAISAL_NUMBER = {Round.APPRAISAL_1: 1, Round.APPRAISAL_2: 2}


class Desk(StrEnum):
    """Who holds this copy of the file: the unit itself, or the council (Sở Nội vụ)."""

    UNIT = "unit"
    COUNCIL = "council"


DESK_LABELS = {Desk.UNIT: "đơn vị", Desk.COUNCIL: "Sở Nội vụ (Hội đồng thẩm định)"}


class Edit(StrEnum):
    """What a change touches; each round allows some of them to one side."""

    SELF = "self"  # self-scores, last year's results, inputs, not-applicable, leads, explanation, evidence
    PLAN = "plan"  # targets, tasks, deadlines, notes, document texts and settings
    APPRAISAL = "appraisal"  # appraised scores and the reason for a deduction
    RESPONSE = "response"  # giải trình of a deducted criterion: explanation and extra evidence
    COMMENT = "comment"


# Packing by the side holding the round closes it: (round, desk) → the round the sent file is in.
SENDS = {
    (Round.SELF, Desk.UNIT): Round.SENT,
    (Round.APPRAISAL_1, Desk.COUNCIL): Round.RESPONSE,
    (Round.RESPONSE, Desk.UNIT): Round.APPRAISAL_2,
    (Round.APPRAISAL_2, Desk.COUNCIL): Round.DONE,
}

# A received file of this round becomes a working copy of this side, in this round.
RECEIVED = {
    Round.SENT: (Desk.COUNCIL, Round.APPRAISAL_1),
    Round.APPRAISAL_2: (Desk.COUNCIL, Round.APPRAISAL_2),
    Round.RESPONSE: (Desk.UNIT, Round.RESPONSE),
    Round.DONE: (Desk.UNIT, Round.DONE),
}

_ALLOWED: dict[tuple[Round, Desk], frozenset[Edit]] = {
    # appraised scores and deduction reasons are the council's in every round of the unit's own
    # file: a published result on paper goes into next year's "năm trước" (last year's result)
    (Round.SELF, Desk.UNIT): frozenset({Edit.SELF, Edit.PLAN, Edit.COMMENT}),
    (Round.SENT, Desk.UNIT): frozenset({Edit.PLAN}),
    (Round.APPRAISAL_1, Desk.UNIT): frozenset({Edit.PLAN}),
    (Round.RESPONSE, Desk.UNIT): frozenset({Edit.PLAN, Edit.RESPONSE, Edit.COMMENT}),
    (Round.APPRAISAL_2, Desk.UNIT): frozenset({Edit.PLAN}),
    (Round.DONE, Desk.UNIT): frozenset({Edit.PLAN}),
    (Round.APPRAISAL_1, Desk.COUNCIL): frozenset({Edit.APPRAISAL, Edit.COMMENT}),
    (Round.APPRAISAL_2, Desk.COUNCIL): frozenset({Edit.APPRAISAL, Edit.COMMENT}),
}

_SCENARIO_EDITS = {
    Scenario.PREVIOUS: Edit.SELF,
    Scenario.ACTUAL: Edit.SELF,
    Scenario.TARGET: Edit.PLAN,
    Scenario.APPRAISED: Edit.APPRAISAL,
}
_TEXT_EDITS = {
    "explanation": Edit.SELF,
    "reason": Edit.APPRAISAL,
    "response": Edit.RESPONSE,
    "risk": Edit.SELF,
}


def edit_of_scenario(scenario: Scenario) -> Edit:
    return _SCENARIO_EDITS[scenario]


def edit_of_text(field: str) -> Edit:
    """Explanations belong to the self-assessment, reasons to the appraisal, responses to giải trình;
    tasks, deadlines, notes and document texts to the plan."""
    return _TEXT_EDITS.get(field, Edit.PLAN)


def refusal(round_: Round, desk: Desk, edit: Edit) -> str | None:
    """Why ``desk`` may not make an ``edit`` in ``round_`` (Vietnamese), or None when it may."""
    if edit in _ALLOWED.get((round_, desk), frozenset()):
        return None
    label = ROUND_LABELS[round_]
    if desk is Desk.COUNCIL:
        return _council_refusal(round_, edit, label)
    return _unit_refusal(round_, edit, label)


def _council_refusal(round_: Round, edit: Edit, label: str) -> str:
    if edit is Edit.SELF:
        return (
            "Hội đồng thẩm định không sửa điểm, số liệu và minh chứng tự đánh giá của đơn vị; hãy ghi điểm thẩm định."
        )
    if edit is Edit.PLAN:
        return "Kế hoạch, mục tiêu và thiết lập văn bản là của đơn vị; bản thẩm định của Sở Nội vụ không sửa."
    if edit is Edit.RESPONSE:
        return "Giải trình do đơn vị bổ sung; Hội đồng thẩm định không ghi thay."
    if round_ is Round.RESPONSE:
        return "Kết quả thẩm định lần 1 đã chốt và gửi đơn vị giải trình; chờ đơn vị gửi lại để thẩm định lần 2."
    if round_ is Round.DONE:
        return "Thẩm định đã hoàn thành; kết quả không sửa được nữa."
    return f"Vòng “{label}”: chưa đến lúc thẩm định."


def _unit_refusal(round_: Round, edit: Edit, label: str) -> str:
    if edit is Edit.APPRAISAL:
        return "Điểm thẩm định và lý do trừ điểm do Sở Nội vụ (Hội đồng thẩm định) ghi; đơn vị không nhập."
    if edit is Edit.RESPONSE:
        if round_ is Round.SELF:
            return "Giải trình chỉ bổ sung sau khi có kết quả thẩm định lần 1; lúc này hãy ghi giải trình tự đánh giá."
        return f"Vòng “{label}”: giải trình chỉ bổ sung trong vòng giải trình."
    if round_ is Round.RESPONSE:
        return (
            "Đang ở vòng giải trình: điểm tự đánh giá đã chốt; chỉ bổ sung giải trình và minh chứng "
            "cho các tiêu chí bị trừ điểm."
        )
    if round_ is Round.DONE:
        return "Đánh giá đã hoàn thành; điểm tự đánh giá không sửa được nữa."
    return f"Điểm tự đánh giá đã chốt và gửi Sở Nội vụ (vòng “{label}”); không sửa được nữa."


def deducted_leaves(assessment: Assessment) -> list[Node]:
    """Applicable leaves whose appraised score is below the self-score, in tree order."""
    return [node for node in assessment.tree.leaves() if _cut(assessment, node) is not None]


def _cut(assessment: Assessment, node: Node) -> Decimal | None:
    if assessment.is_excluded(node):
        return None
    actual = assessment.score(node.key, Scenario.ACTUAL)
    appraised = assessment.score(node.key, Scenario.APPRAISED)
    if actual is None or appraised is None or appraised >= actual:
        return None
    return actual - appraised


def is_deducted(assessment: Assessment, node: Node) -> bool:
    """The node, or a leaf under it, was appraised below its self-score."""
    return any(_cut(assessment, leaf) is not None for leaf in _leaves_under(node))


def _leaves_under(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.children:
            stack.extend(current.children)
        else:
            yield current

"""Findings that are not a leaf's own: template checks, stated sums, targets, evidence, totals."""

from __future__ import annotations

from decimal import Decimal

from .findings import Finding, Kind, Severity
from .model import SCENARIO_LABELS, TOTAL_KEY, CriteriaTree, Group, Mode, Node, RuleKind, Scenario
from .numbers import format_number, round_display
from .rules import pts

__all__ = ["TOLERANCE", "evidence_finding", "stated_mismatch", "target_finding", "template_findings"]

ZERO = Decimal(0)
TOLERANCE = Decimal("0.005")  # half a unit of the second decimal: a rounding difference


def stated_mismatch(
    key: str, label: str, scenario: Scenario, stated: Decimal, computed: Decimal, *, named: str = ""
) -> Finding:
    """A typed parent (or grand total) that differs from the sum worked out from its children;
    ``named`` is the node's ``Node.named`` ("Lĩnh vực 1", "Tiêu chí 1.3")."""
    where = "Tổng điểm" if key == TOTAL_KEY else (named or f"Tiêu chí {label}")
    shown, sum_shown = format_number(stated), format_number(round_display(computed))
    if shown == sum_shown:  # they differ beyond the second place only: show where
        shown = format_number(stated, places=4, trim=True)
    text = f"{where} ({SCENARIO_LABELS[scenario]}): số ghi {shown} khác tổng tính được {sum_shown}."
    return Finding(
        Kind.STATED_SUM, Severity.WARNING, key, label, text, scenario, {"stated": stated, "computed": computed}
    )


def differs(stated: Decimal | None, computed: Decimal | None) -> bool:
    """A stated value disagrees with the computed one beyond a rounding difference."""
    return stated is not None and computed is not None and abs(stated - computed) > TOLERANCE


def target_finding(node: Node, actual: Decimal | None, target: Decimal | None) -> tuple[Finding, ...]:
    """A leaf whose target is below what the unit already reaches."""
    if node.children or node.rule.kind is RuleKind.PENALTY:
        return ()
    if actual is None or target is None or target >= actual:
        return ()
    text = f"Tiêu chí {node.label}: mục tiêu {pts(target)} thấp hơn kết quả tự đánh giá {pts(actual)}."
    return (Finding(Kind.TARGET_BELOW_ACTUAL, Severity.WARNING, node.key, node.label, text, Scenario.TARGET),)


def evidence_finding(node: Node, actual: Decimal | None, supported: set[str] | None) -> tuple[Finding, ...]:
    """A self-assessed score above zero needs tài liệu kiểm chứng or a giải trình."""
    if supported is None or node.is_part or node.mode is not Mode.SELF:
        return ()
    if node.children and not all(c.is_part for c in node.children):
        return ()
    if actual is None or actual <= 0 or node.key in supported:
        return ()
    text = f"Tiêu chí {node.label}: tự chấm {pts(actual)} điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình."
    return (Finding(Kind.NO_EVIDENCE, Severity.WARNING, node.key, node.label, text, Scenario.ACTUAL),)


def template_findings(tree: CriteriaTree) -> tuple[Finding, ...]:
    """What the criteria set itself says: implied parents and declared maxima that do not add up."""
    found = []
    for node in tree:
        if node.implied:
            text = f"Mục {node.label} không có dòng riêng trong bộ tiêu chí; đã tạo mục cha để cộng điểm."
            found.append(Finding(Kind.IMPLIED_PARENT, Severity.INFO, node.key, node.label, text))
        # a bonus or penalty group's max is a cap over its items, not their sum
        if node.children and not node.implied and node.group is Group.REGULAR:
            children = sum((c.max for c in node.children), ZERO)
            if children != node.max:
                text = (
                    f"{node.named}: điểm tối đa ghi {format_number(node.max)} "
                    f"khác tổng điểm tối đa các tiêu chí con {format_number(children)}."
                )
                numbers = {"declared": node.max, "children": children}
                found.append(Finding(Kind.MAX_SUM, Severity.WARNING, node.key, node.label, text, None, numbers))
    return tuple(found)

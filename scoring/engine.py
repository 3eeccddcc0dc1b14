"""Recalculation: every node's score per scenario, totals, and findings, updated edit by edit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .findings import Finding, Kind, Severity
from .model import SCENARIO_LABELS, TOTAL_KEY, CriteriaTree, Group, Mode, Node, RuleKind, Scenario
from .numbers import format_number, round_display
from .rules import EMPTY, Entry, LeafResult, evaluate_leaf, pts

__all__ = ["Assessment", "NodeResult", "Totals", "group_of"]

ZERO = Decimal(0)
TOLERANCE = Decimal("0.005")  # half a unit of the second decimal: a rounding difference


@dataclass(frozen=True)
class NodeResult:
    """A node's computed score for one scenario and the findings raised while computing it."""

    score: Decimal | None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Totals:
    """Totals of one scenario. ``final`` = regular + bonus + penalty (penalty ≤ 0).

    ``max`` is the regular applicable maximum; ``percent`` is final / max × 100.
    ``self_*`` and ``survey_*`` split the regular points by who scores them.
    """

    scenario: Scenario
    max: Decimal
    regular: Decimal | None
    bonus: Decimal | None
    penalty: Decimal | None
    final: Decimal | None
    percent: Decimal | None
    self_max: Decimal
    self_score: Decimal | None
    survey_max: Decimal
    survey_score: Decimal | None

    @property
    def group(self) -> str | None:
        return group_of(self.percent)


def group_of(percent: Decimal | None) -> str | None:
    """QĐ 876/QĐ-BNV groups: A ≥ 90 %, B 80 – < 90 %, C < 80 %."""
    if percent is None:
        return None
    if percent >= 90:
        return "A"
    return "B" if percent >= 80 else "C"


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return total
    return value if total is None else total + value


class Assessment:
    """A criteria tree with the officer's entries and everything computed from them.

    ``entries[scenario][key]`` is what was typed; ``results[scenario][key]`` what follows.
    ``not_applicable`` holds the keys marked không áp dụng (they and their max are left out).
    """

    def __init__(
        self,
        tree: CriteriaTree,
        entries: Mapping[Scenario, Mapping[str, Entry]] | None = None,
        not_applicable: Iterable[str] = (),
        supported: Iterable[str] | None = None,
    ) -> None:
        self.tree = tree
        self.entries: dict[Scenario, dict[str, Entry]] = {s: dict((entries or {}).get(s, {})) for s in Scenario}
        self.not_applicable: set[str] = set(not_applicable)
        # keys backed by evidence or an explanation; None = not tracked (no evidence findings)
        self.supported: set[str] | None = None if supported is None else set(supported)
        self.results: dict[Scenario, dict[str, NodeResult]] = {s: {} for s in Scenario}
        self.applicable_max: dict[str, Decimal] = {}
        self.excluded: set[str] = set()
        self.template_findings = _template_findings(tree)
        self.recalculate()

    # ------------------------------------------------------------ entries

    def entry(self, key: str, scenario: Scenario) -> Entry:
        return self.entries[scenario].get(key, EMPTY)

    def set_entry(self, key: str, scenario: Scenario, entry: Entry) -> list[str]:
        """Replace one entry and recalculate its path; returns the keys whose result changed."""
        if entry.empty:
            self.entries[scenario].pop(key, None)
        else:
            self.entries[scenario][key] = entry
        if key == TOTAL_KEY:
            return [TOTAL_KEY]
        return self._update_path(self.tree.by_key[key], scenario)

    def set_not_applicable(self, key: str, flag: bool) -> list[str]:
        """Mark a node không áp dụng (or not); recalculates every scenario; returns changed keys."""
        (self.not_applicable.add if flag else self.not_applicable.discard)(key)
        node = self.tree.by_key[key]
        self._compute_max()
        changed: set[str] = {key, *(a.key for a in node.ancestors())}
        for scenario in Scenario:
            changed.update(self._update_path(node, scenario))
        return sorted(changed)

    # ------------------------------------------------------------ computing

    def recalculate(self) -> None:
        """Compute every node of every scenario from scratch."""
        self._compute_max()
        for scenario in Scenario:
            results: dict[str, NodeResult] = {}
            self.results[scenario] = results
            entries = self.entries[scenario]
            for node in self.tree.post_order:
                results[node.key] = self._compute(node, scenario, entries, results)

    def _compute_max(self) -> None:
        self.excluded = {
            n.key
            for n in self.tree
            if n.key in self.not_applicable or any(a.key in self.not_applicable for a in n.ancestors())
        }
        maxima: dict[str, Decimal] = {}
        for node in self.tree.post_order:
            if node.key in self.excluded:
                maxima[node.key] = ZERO
            elif node.children:
                dropped = sum((c.max - maxima[c.key] for c in node.children), ZERO)
                maxima[node.key] = node.max - dropped
            else:
                maxima[node.key] = node.max
        self.applicable_max = maxima
        self.regular_leaves: dict[str, Mode] = self._regular_leaf_modes()

    def is_excluded(self, node: Node) -> bool:
        """Not applicable itself or under a node that is."""
        return node.key in self.excluded

    def _update_path(self, node: Node, scenario: Scenario) -> list[str]:
        entries, results = self.entries[scenario], self.results[scenario]
        changed = []
        current: Node | None = node
        while current is not None:
            new = self._compute(current, scenario, entries, results)
            if new != results.get(current.key):
                changed.append(current.key)
            results[current.key] = new
            current = current.parent
        return changed

    def _compute(
        self, node: Node, scenario: Scenario, entries: Mapping[str, Entry], results: Mapping[str, NodeResult]
    ) -> NodeResult:
        if node.key in self.excluded:
            return NodeResult(None)
        if not node.children:
            leaf: LeafResult = evaluate_leaf(node, scenario, entries.get(node.key, EMPTY))
            return NodeResult(leaf.score, leaf.findings)
        return self._sum(node, scenario, entries.get(node.key), results)

    def _sum(
        self, node: Node, scenario: Scenario, stated: Entry | None, results: Mapping[str, NodeResult]
    ) -> NodeResult:
        total: Decimal | None = None
        for child in node.children:
            total = _add(total, results[child.key].score)
        findings: tuple[Finding, ...] = ()
        if total is not None:
            low, high = (
                (self.applicable_max[node.key], ZERO)
                if node.group is Group.PENALTY
                else (
                    ZERO,
                    self.applicable_max[node.key],
                )
            )
            total = min(max(total, low), high)
        if stated is not None and stated.value is not None and total is not None:
            if abs(stated.value - total) > TOLERANCE:
                findings = (_stated_mismatch(node.key, node.label, scenario, stated.value, total),)
        return NodeResult(total, findings)

    # ------------------------------------------------------------ reading

    def score(self, key: str, scenario: Scenario) -> Decimal | None:
        return self.results[scenario][key].score

    def explain(self, key: str, scenario: Scenario) -> str:
        """How the score of ``key`` was obtained, in Vietnamese."""
        node = self.tree.by_key[key]
        result = self.results[scenario][key]
        if key in self.excluded:
            return "Không áp dụng."
        if not node.children:
            entry = self.entries[scenario].get(key, EMPTY)
            return evaluate_leaf(node, scenario, entry, explain=True).explanation
        parts = [
            f"{c.label} {pts(self.score(c.key, scenario) or ZERO)}"
            for c in node.children
            if self.score(c.key, scenario) is not None
        ]
        if result.score is None:
            return "Các tiêu chí con chưa có điểm."
        what = "các nội dung" if node.rule.kind is RuleKind.PARTS else "các tiêu chí con"
        text = f"Tổng {what}: {' + '.join(parts)} = {pts(result.score)} điểm"
        raw = sum((self.score(c.key, scenario) or ZERO for c in node.children), ZERO)
        if raw != result.score:
            text += f" (tổng {pts(raw)} vượt điểm tối đa, tính {pts(result.score)})"
        return text + "."

    def totals(self, scenario: Scenario) -> Totals:
        results = self.results[scenario]
        regular = bonus = penalty = None
        maximum = ZERO
        for root in self.tree.roots:
            score = results[root.key].score
            if root.group is Group.BONUS:
                bonus = _add(bonus, score)
            elif root.group is Group.PENALTY:
                penalty = _add(penalty, score)
            else:
                regular = _add(regular, score)
                maximum += self.applicable_max[root.key]
        final = None
        if regular is not None or bonus is not None or penalty is not None:
            final = (regular or ZERO) + (bonus or ZERO) + (penalty or ZERO)
        percent = final / maximum * 100 if final is not None and maximum > 0 else None
        split = self._mode_split(scenario)
        return Totals(scenario, maximum, regular, bonus, penalty, final, percent, *split)

    def _mode_split(self, scenario: Scenario) -> tuple[Decimal, Decimal | None, Decimal, Decimal | None]:
        self_max = survey_max = ZERO
        self_score: Decimal | None = None
        survey_score: Decimal | None = None
        results = self.results[scenario]
        for key, mode in self.regular_leaves.items():
            node = self.tree.by_key[key]
            if mode is Mode.SURVEY:
                survey_max += node.max
                survey_score = _add(survey_score, results[node.key].score)
            else:
                self_max += node.max
                self_score = _add(self_score, results[node.key].score)
        return self_max, self_score, survey_max, survey_score

    def _regular_leaf_modes(self) -> dict[str, Mode]:
        """Applicable leaves under regular groups (not bonus or penalty), in tree order, each with
        who scores it (a nội dung is scored by whoever scores its criterion)."""
        leaves = {}
        for node in self.tree.leaves():
            if node.key in self.excluded or node.group is not Group.REGULAR:
                continue
            if any(a.group is not Group.REGULAR for a in node.ancestors()):
                continue
            leaves[node.key] = node.parent.mode if node.is_part and node.parent else node.mode
        return leaves

    def findings(self) -> list[Finding]:
        """Every finding: template, per node and scenario, totals and targets, in tree order."""
        found: list[Finding] = list(self.template_findings)
        for node in self.tree:
            for scenario in Scenario:
                found.extend(self.results[scenario][node.key].findings)
            found.extend(self._target_finding(node))
            found.extend(self._evidence_finding(node))
        for scenario in Scenario:
            found.extend(self._total_finding(scenario))
        return found

    def node_findings(self, key: str) -> list[Finding]:
        """Findings shown on one node's row (all scenarios)."""
        found = [f for f in self.template_findings if f.key == key]
        for scenario in Scenario:
            found.extend(self.results[scenario][key].findings)
        node = self.tree.by_key[key]
        found.extend(self._target_finding(node))
        found.extend(self._evidence_finding(node))
        return found

    def set_supported(self, keys: Iterable[str]) -> list[str]:
        """Replace the set of keys backed by evidence or explanation; returns keys whose state changed."""
        new = set(keys)
        old = self.supported or set()
        self.supported = new
        return sorted(old ^ new)

    def _evidence_finding(self, node: Node) -> list[Finding]:
        """A self-assessed score above zero needs tài liệu kiểm chứng or a giải trình."""
        if self.supported is None or node.is_part or node.mode is not Mode.SELF:
            return []
        if node.children and not all(c.is_part for c in node.children):
            return []
        score = self.score(node.key, Scenario.ACTUAL)
        if score is None or score <= 0 or node.key in self.supported:
            return []
        text = f"Tiêu chí {node.label}: tự chấm {pts(score)} điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình."
        return [Finding(Kind.NO_EVIDENCE, Severity.WARNING, node.key, node.label, text, Scenario.ACTUAL)]

    def _target_finding(self, node: Node) -> list[Finding]:
        if node.children or node.rule.kind is RuleKind.PENALTY:
            return []
        actual, target = self.score(node.key, Scenario.ACTUAL), self.score(node.key, Scenario.TARGET)
        if actual is None or target is None or target >= actual:
            return []
        text = f"Tiêu chí {node.label}: mục tiêu {pts(target)} thấp hơn kết quả tự đánh giá {pts(actual)}."
        return [Finding(Kind.TARGET_BELOW_ACTUAL, Severity.WARNING, node.key, node.label, text, Scenario.TARGET)]

    def _total_finding(self, scenario: Scenario) -> list[Finding]:
        stated = self.entries[scenario].get(TOTAL_KEY)
        final = self.totals(scenario).final
        if stated is None or stated.value is None or final is None:
            return []
        if abs(stated.value - final) <= TOLERANCE:
            return []
        return [_stated_mismatch(TOTAL_KEY, TOTAL_KEY, scenario, stated.value, final)]


def _stated_mismatch(key: str, label: str, scenario: Scenario, stated: Decimal, computed: Decimal) -> Finding:
    where = "Tổng điểm" if key == TOTAL_KEY else f"Tiêu chí {label}"
    text = (
        f"{where} ({SCENARIO_LABELS[scenario]}): số ghi {format_number(stated, places=4, trim=True)} "
        f"khác tổng tính được {format_number(round_display(computed))}."
    )
    return Finding(
        Kind.STATED_SUM, Severity.WARNING, key, label, text, scenario, {"stated": stated, "computed": computed}
    )


def _template_findings(tree: CriteriaTree) -> tuple[Finding, ...]:
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
                    f"Tiêu chí {node.label}: điểm tối đa ghi {format_number(node.max)} "
                    f"khác tổng điểm tối đa các tiêu chí con {format_number(children)}."
                )
                found.append(
                    Finding(
                        Kind.MAX_SUM,
                        Severity.WARNING,
                        node.key,
                        node.label,
                        text,
                        None,
                        {"declared": node.max, "children": children},
                    )
                )
    return tuple(found)

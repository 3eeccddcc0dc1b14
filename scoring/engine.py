"""Recalculation: every node's score per scenario, totals, and findings, updated edit by edit.

An edit recomputes only the edited node and its ancestors (``set_entry``), or the marked node's
subtree and ancestors (``set_not_applicable``); totals are running sums (``scoring.totals``) and
findings are kept per node, so no edit walks the whole tree. The result of an edit is a
``Changes``: which rows to repaint, whose findings changed, which scenarios' totals changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from .bulk import building
from .checks import differs, evidence_finding, stated_mismatch, target_finding, template_findings
from .findings import Finding, Severity
from .model import TOTAL_KEY, CriteriaTree, Group, Mode, Node, RuleKind, Scenario
from .rules import EMPTY, Entry, LeafResult, evaluate_leaf, pts
from .totals import Totals, TotalsKeeper, group_of, regular_leaf_modes

__all__ = ["Assessment", "Changes", "NodeResult", "Totals", "group_of"]

ZERO = Decimal(0)
_NONE: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class NodeResult:
    """A node's computed score for one scenario and the findings raised while computing it."""

    score: Decimal | None
    findings: tuple[Finding, ...] = ()


class Changes(list[str]):
    """What one edit changed. As a list: the keys whose computed result changed (rows to repaint).

    ``findings``: keys whose ``node_findings`` changed, in tree order, ``TOTAL_KEY`` last when a
    grand-total finding did (a findings panel replaces those keys' rows, nothing else);
    ``totals``: the scenarios whose ``totals()`` changed (a summary redraws only then).
    """

    def __init__(self, keys: Iterable[str] = (), *, findings: Iterable[str] = (), totals: Iterable[Scenario] = ()):
        super().__init__(keys)
        self.findings: tuple[str, ...] = tuple(findings)
        self.totals: tuple[Scenario, ...] = tuple(totals)


_UNSCORED = NodeResult(None)


class Assessment:
    """A criteria tree with the officer's entries and everything computed from them.

    ``entries[scenario][key]`` is what was typed; ``results[scenario][key]`` what follows.
    ``not_applicable`` holds the keys marked không áp dụng (they and their max are left out).
    Change entries only through ``set_entry`` / ``set_not_applicable`` / ``set_supported`` (or
    change ``entries`` and call ``recalculate``): the cached totals and findings follow them.
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
        self.template_findings = template_findings(tree)
        self._regular_leaves: dict[str, Mode] | None = None
        self._position = {node.key: row for row, node in enumerate(tree)}
        self._template_of: dict[str, tuple[Finding, ...]] = {}
        for finding in self.template_findings:
            self._template_of[finding.key] = (*self._template_of.get(finding.key, ()), finding)
        self.recalculate()

    # ------------------------------------------------------------ entries

    def entry(self, key: str, scenario: Scenario) -> Entry:
        return self.entries[scenario].get(key, EMPTY)

    def set_entry(self, key: str, scenario: Scenario, entry: Entry) -> Changes:
        """Replace one entry and recalculate its path (O(depth)); ``Changes`` lists the keys whose
        result changed (the node and its ancestors), whose findings changed, and the totals."""
        if entry.empty:
            self.entries[scenario].pop(key, None)
        else:
            self.entries[scenario][key] = entry
        if key == TOTAL_KEY:
            totals, found = self._refresh_totals((scenario,))
            return Changes([TOTAL_KEY], findings=[TOTAL_KEY] if found else [], totals=totals)
        changed = self._update_path(self.tree.by_key[key], scenario)
        return self._changes(changed, changed, (scenario,))

    def set_not_applicable(self, key: str, flag: bool) -> Changes:
        """Mark a node không áp dụng (or not); recalculates its subtree and ancestors in every
        scenario (O(subtree + depth)); returns every key whose result or applicability changed."""
        (self.not_applicable.add if flag else self.not_applicable.discard)(key)
        node = self.tree.by_key[key]
        touched = self._reexclude(node) | self._remax(node)
        touched.update({key, *(a.key for a in node.ancestors())})
        for scenario in Scenario:
            touched.update(self._update_subtree(node, scenario))
            if node.parent is not None:
                touched.update(self._update_path(node.parent, scenario))
        self._regular_leaves = None
        return self._changes(sorted(touched), touched, tuple(Scenario))

    def set_supported(self, keys: Iterable[str]) -> Changes:
        """Replace the set of keys backed by evidence or explanation; the list holds the keys whose
        state changed (``findings``: those whose no-evidence finding came or went)."""
        new = set(keys)
        old = self.supported
        self.supported = new
        state = (old or set()) ^ new
        # tracking starts: every node may now need evidence
        touched = self.tree.by_key.keys() if old is None else state
        return self._changes(sorted(state), touched, ())

    # ------------------------------------------------------------ computing

    def recalculate(self) -> None:
        """Compute every node of every scenario, the totals and the findings from scratch."""
        with building():
            self._recalculate()

    def _recalculate(self) -> None:
        self._compute_max()
        for scenario in Scenario:
            entries, compute = self.entries[scenario], self._compute
            if not entries:  # nothing entered (the appraisal, often): every node scores nothing
                self.results[scenario] = dict.fromkeys((n.key for n in self.tree.post_order), _UNSCORED)
                continue
            results: dict[str, NodeResult] = {}
            self.results[scenario] = results
            for node in self.tree.post_order:
                results[node.key] = compute(node, scenario, entries, results)
        scores = {s: {k: r.score for k, r in self.results[s].items()} for s in Scenario}
        self._keeper = keeper = TotalsKeeper(self.tree, scores, self.applicable_max, self.excluded)
        self._dynamic = {node.key: self._node_dynamic(node) for node in self.tree}
        self._totals = {s: keeper.totals(s) for s in Scenario}
        self._total_found = {s: self._total_finding(s) for s in Scenario}
        every = chain(self.template_findings, *self._dynamic.values(), *self._total_found.values())
        self._counts: Counter[Severity] = Counter(f.severity for f in every)
        self._all_findings: list[Finding] | None = None
        self._regular_leaves = None

    def _compute_max(self) -> None:
        excluded: set[str] = set()
        if self.not_applicable:  # in document order a parent comes before its children: O(n)
            for n in self.tree:
                if n.key in self.not_applicable or (n.parent is not None and n.parent.key in excluded):
                    excluded.add(n.key)
        self.excluded = excluded
        self.applicable_max = {}
        for node in self.tree.post_order:
            self.applicable_max[node.key] = self._max_of(node)

    def _max_of(self, node: Node) -> Decimal:
        maxima = self.applicable_max
        if node.key in self.excluded:
            return ZERO
        if node.children:
            return node.max - sum((c.max - maxima[c.key] for c in node.children), ZERO)
        return node.max

    @property
    def regular_leaves(self) -> dict[str, Mode]:
        """Applicable leaves under regular groups (not bonus or penalty), in tree order, each with
        who scores it (a nội dung is scored by whoever scores its criterion). Worked out on first
        use after a change of applicability."""
        leaves = self._regular_leaves
        if leaves is None:
            leaves = self._regular_leaves = regular_leaf_modes(self.tree, self.excluded)
        return leaves

    def is_excluded(self, node: Node) -> bool:
        """Not applicable itself or under a node that is."""
        return node.key in self.excluded

    def _reexclude(self, top: Node) -> set[str]:
        """Recompute exclusion under ``top`` (its ancestors decide where to start); returns flips."""
        flipped: set[str] = set()
        above = any(a.key in self.not_applicable for a in top.ancestors())
        stack = [(top, above)]
        while stack:
            node, parent_out = stack.pop()
            out = parent_out or node.key in self.not_applicable
            if out != (node.key in self.excluded):
                flipped.add(node.key)
                (self.excluded.add if out else self.excluded.discard)(node.key)
                if not node.children:
                    self._keeper.leaf_applicable(node.key, not out)
            stack.extend((child, out) for child in node.children)
        return flipped

    def _remax(self, top: Node) -> set[str]:
        """Recompute applicable maxima of ``top``'s subtree and ancestors; returns keys that changed."""
        changed = set()
        for node in chain(self._post_order(top), top.ancestors()):
            old, new = self.applicable_max[node.key], self._max_of(node)
            if old != new or str(old) != str(new):
                changed.add(node.key)
                self.applicable_max[node.key] = new
                if node.parent is None:
                    self._keeper.root_max_changed(node.key, old, new)
        return changed

    @staticmethod
    def _post_order(top: Node) -> Iterator[Node]:
        """``top``'s subtree, every node after all of its descendants."""
        pre: list[Node] = []
        stack = [top]
        while stack:
            node = stack.pop()
            pre.append(node)
            stack.extend(node.children)
        return reversed(pre)

    def _update_subtree(self, top: Node, scenario: Scenario) -> list[str]:
        return [key for node in self._post_order(top) if (key := self._update(node, scenario))]

    def _update_path(self, node: Node, scenario: Scenario) -> list[str]:
        current: Node | None = node
        changed = []
        while current is not None:
            if self._update(current, scenario):
                changed.append(current.key)
            current = current.parent
        return changed

    def _update(self, node: Node, scenario: Scenario) -> str:
        """Recompute one node (its children are current); returns its key if the result changed."""
        results = self.results[scenario]
        old = results[node.key]
        new = results[node.key] = self._compute(node, scenario, self.entries[scenario], results)
        self._keeper.score_changed(scenario, node.key, old.score, new.score)
        same = new == old and str(new.score) == str(old.score)  # 0,5 → 0,50 is shown, so a change
        return "" if same else node.key

    def _compute(
        self, node: Node, scenario: Scenario, entries: Mapping[str, Entry], results: Mapping[str, NodeResult]
    ) -> NodeResult:
        if node.key in self.excluded:
            return NodeResult(None)
        if not node.children:
            entry = entries.get(node.key)
            if entry is None:  # nothing entered scores nothing under every rule: skip evaluating it
                return _UNSCORED
            leaf: LeafResult = evaluate_leaf(node, scenario, entry)
            return NodeResult(leaf.score, leaf.findings)
        return self._sum(node, scenario, entries.get(node.key), results)

    def _sum(
        self, node: Node, scenario: Scenario, stated: Entry | None, results: Mapping[str, NodeResult]
    ) -> NodeResult:
        present = [s for c in node.children if (s := results[c.key].score) is not None]
        # the first score plus the others in order, as the sum was always taken
        total = sum(present[1:], present[0]) if present else None
        findings: tuple[Finding, ...] = ()
        if total is not None:
            applicable = self.applicable_max[node.key]
            low, high = (applicable, ZERO) if node.group is Group.PENALTY else (ZERO, applicable)
            total = min(max(total, low), high)
        if stated is not None and differs(stated.value, total):
            assert stated.value is not None and total is not None
            findings = (stated_mismatch(node.key, node.label, scenario, stated.value, total, named=node.named),)
        return NodeResult(total, findings)

    # ------------------------------------------------------------ keeping findings and totals

    def _changes(self, keys: Iterable[str], touched: Iterable[str], scenarios: tuple[Scenario, ...]) -> Changes:
        findings = self._refresh_findings(touched)
        totals, total_found = self._refresh_totals(scenarios)
        return Changes(keys, findings=[*findings, *([TOTAL_KEY] if total_found else [])], totals=totals)

    def _refresh_findings(self, keys: Iterable[str]) -> list[str]:
        """Re-derive the findings of ``keys``; returns those whose findings changed, in tree order."""
        changed = []
        for key in keys:
            old, new = self._dynamic[key], self._node_dynamic(self.tree.by_key[key])
            if old != new:
                self._dynamic[key] = new
                self._recount(old, new)
                changed.append(key)
        changed.sort(key=self._position.__getitem__)
        return changed

    def _recount(self, old: tuple[Finding, ...], new: tuple[Finding, ...]) -> None:
        self._counts.subtract(f.severity for f in old)
        self._counts.update(f.severity for f in new)
        self._all_findings = None

    def _refresh_totals(self, scenarios: tuple[Scenario, ...]) -> tuple[list[Scenario], bool]:
        """Take the new totals of ``scenarios``; returns those that changed and whether a
        grand-total finding changed."""
        changed, found_changed = [], False
        for scenario in scenarios:
            new = self._keeper.totals(scenario)
            if repr(new) != repr(self._totals[scenario]):  # as shown: 0,5 → 0,50 is a change
                changed.append(scenario)
            self._totals[scenario] = new
            old_found, found = self._total_found[scenario], self._total_finding(scenario)
            if found != old_found:
                self._total_found[scenario] = found
                self._recount(old_found, found)
                found_changed = True
        return changed, found_changed

    def _node_dynamic(self, node: Node) -> tuple[Finding, ...]:
        """A node's findings that follow from the values: per scenario, then target, then evidence."""
        key, results = node.key, self.results
        actual, target = results[Scenario.ACTUAL][key], results[Scenario.TARGET][key]
        found = results[Scenario.PREVIOUS][key].findings + actual.findings + target.findings
        found += results[Scenario.APPRAISED][key].findings
        return (
            found
            + target_finding(node, actual.score, target.score)
            + evidence_finding(node, actual.score, self.supported)
        )

    def _total_finding(self, scenario: Scenario) -> tuple[Finding, ...]:
        stated = self.entries[scenario].get(TOTAL_KEY)
        final = self._totals[scenario].final
        if stated is None or not differs(stated.value, final):
            return _NONE
        assert stated.value is not None and final is not None
        return (stated_mismatch(TOTAL_KEY, TOTAL_KEY, scenario, stated.value, final),)

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
        """The scenario's totals, kept up to date by every edit (O(1))."""
        return self._totals[scenario]

    def findings(self) -> list[Finding]:
        """Every finding: template, per node and scenario (with targets and evidence) in tree order,
        then the grand totals'. Assembled from the per-node cache once after a change, never by
        re-evaluating the tree; prefer ``node_findings`` and ``Changes.findings`` per edit."""
        if self._all_findings is None:
            self._all_findings = [
                *self.template_findings,
                *chain.from_iterable(self._dynamic.values()),
                *chain.from_iterable(self._total_found.values()),
            ]
        return list(self._all_findings)

    def node_findings(self, key: str) -> list[Finding]:
        """Findings shown on one node's row (all scenarios), O(1); ``TOTAL_KEY``: the grand totals'."""
        if key == TOTAL_KEY:
            return list(chain.from_iterable(self._total_found.values()))
        return [*self._template_of.get(key, _NONE), *self._dynamic[key]]

    def finding_counts(self) -> dict[Severity, int]:
        """How many findings of each severity there are (O(1), kept by every edit)."""
        return {severity: self._counts[severity] for severity in Severity}

"""Recalculation at 400 and 20 000 nodes, and one edit (validate + commit + recalculate) at 400.

Run: ``python -m bench.bench_scoring`` from the repository root. Budgets: DESIGN.md §9.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.common import leaf_entries, median_ms, synthetic_tree
from scoring import Assessment, CriteriaSet, Scenario


def recalculation(nodes: int) -> tuple[int, float, float]:
    tree = synthetic_tree(nodes)
    assessment = Assessment(tree, {s: leaf_entries(tree) for s in Scenario})
    full_one_scenario = median_ms(lambda: _recalc_one(assessment), repeat=7 if nodes > 5000 else 21)
    leaf = next(iter(tree.leaves()))
    entry = assessment.entry(leaf.key, Scenario.ACTUAL)
    edit = median_ms(lambda: assessment.set_entry(leaf.key, Scenario.ACTUAL, entry), repeat=101)
    return len(tree), full_one_scenario, edit


def _recalc_one(assessment: Assessment) -> None:
    entries, results = assessment.entries[Scenario.ACTUAL], assessment.results[Scenario.ACTUAL]
    for node in assessment.tree.post_order:
        results[node.key] = assessment._compute(node, Scenario.ACTUAL, entries, results)  # noqa: SLF001


def edit_and_commit(nodes: int) -> float:
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session

    tree = synthetic_tree(nodes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        AssessmentFile.create(path, CriteriaSet(id="bench", title="bench", tree=tree), unit="x", year=2026).close()
        session = Session.open(path)
        leaf = next(n for n in tree.leaves() if n.rule.kind.value == "direct")
        values = iter(["0,5", "0,75"] * 100)
        took = median_ms(lambda: session.set_value(leaf.key, Scenario.ACTUAL, next(values)), repeat=101)
        session.close()
    return took


def main() -> int:
    print("figure                                   nodes   median      budget")
    for nodes in (400, 20_000):
        count, full, edit = recalculation(nodes)
        print(f"full recalculation, one scenario      {count:>7}  {full:8.2f} ms  {'≤ 50 ms' if nodes > 400 else ''}")
        print(f"recalculation after one edit          {count:>7}  {edit:8.3f} ms  ≤ 50 ms")
    took = edit_and_commit(400)
    print(f"one edit: validate + commit + recalc  {400:>7}  {took:8.2f} ms  ≤ 5 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

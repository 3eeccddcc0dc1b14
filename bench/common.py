"""Helpers shared by the benchmarks: medians and a synthetic criteria tree of any size."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from scoring import build_tree
from scoring.model import CriteriaTree


def median_ms(action: Callable[[], Any], repeat: int = 21) -> float:
    """Median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_records(nodes: int) -> list[dict[str, Any]]:
    """A three-level tree (10 lĩnh vực, tiêu chí of 8 TCTP) with about ``nodes`` nodes, mixed rules."""
    records: list[dict[str, Any]] = []
    fields = 10
    per_field = max(1, (nodes - fields) // (fields * 9))
    for f in range(1, fields + 1):
        records.append({"key": f"{f}", "code": f"{f}", "parent_key": None, "title": f"Lĩnh vực {f}", "rule": {}})
        for c in range(1, per_field + 1):
            crit = f"{f}.{c}"
            records.append({"key": crit, "code": crit, "parent_key": f"{f}", "title": f"Tiêu chí {crit}", "rule": {}})
            for s in range(1, 9):
                leaf = f"{crit}.{s}"
                rule = {"kind": "ratio", "gate": "0.5"} if s % 2 else {"kind": "direct"}
                records.append(
                    {"key": leaf, "code": leaf, "parent_key": crit, "title": f"TCTP {leaf}", "max": "1", "rule": rule}
                )
    return records


def synthetic_tree(nodes: int) -> CriteriaTree:
    return build_tree(synthetic_records(nodes))


def leaf_entries(tree: CriteriaTree) -> dict[str, Any]:
    from scoring import Entry, RuleKind

    entries = {}
    for i, leaf in enumerate(tree.leaves()):
        if leaf.rule.kind is RuleKind.RATIO:
            entries[leaf.key] = Entry(None, {"a": Decimal(100), "b": Decimal(50 + i % 50)})
        else:
            entries[leaf.key] = Entry(Decimal("0.75"))
    return entries

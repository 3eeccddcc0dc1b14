"""Big assessment files for the benchmarks: the demo's criteria set and values, replicated to any size.

Each copy of the Đắk Nông set (119 nodes) keeps its rules, lead units, tasks and values; copy ``k``
(from 1) prefixes every code with ``Kk.`` so keys stay unique, and the last copy is cut to reach
the exact node count (cutting mid-lĩnh vực leaves a declared max that differs from its children's:
a template finding, as a real imported set may have). Self-assessed leaves get the previous year's
value as their ``actual`` so the file has the findings a real self-assessment has (scores without
evidence). Run ``python -m bench.big_file OUT.sqlite NODES`` to write one by hand.
"""

from __future__ import annotations

import sys
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from scoring import TOTAL_KEY, CriteriaSet, Entry, Mode, Scenario, build_tree, node_records, to_decimal

__all__ = ["SIZES", "big_records", "write_big_file"]

SIZES = (460, 2_000, 20_000)
DEMO_SET = "par-tinh-2020"


def _demo() -> dict[str, Any]:
    text = resources.files("resources.demo").joinpath("dak-nong-2022.toml").read_text(encoding="utf-8")
    return tomllib.loads(text, parse_float=Decimal)


def _renamed(key: str | None, copy: int) -> str | None:
    if key is None or copy == 0:
        return key
    return f"K{copy}.{key}"


def big_records(nodes: int) -> list[dict[str, Any]]:
    """Node records of ``nodes`` nodes: whole copies of the demo set, the last one cut."""
    from desktop.templates import get_set

    base = node_records(get_set(DEMO_SET).tree)
    records: list[dict[str, Any]] = []
    copy = 0
    while len(records) < nodes:
        for record in base[: nodes - len(records)]:
            records.append(
                dict(
                    record,
                    key=_renamed(record["key"], copy),
                    code=_renamed(record["code"], copy) if record["code"] else "",
                    parent_key=_renamed(record["parent_key"], copy),
                )
            )
        copy += 1
    return records


def write_big_file(path: Path, nodes: int) -> Path:
    """Write an assessment file of exactly ``nodes`` nodes with the demo's values on every copy."""
    from desktop.assessment_file.store import AssessmentFile

    data = _demo()
    tree = build_tree(big_records(nodes))
    criteria_set = CriteriaSet(id=DEMO_SET, title=f"Bộ tiêu chí nhân bản ({nodes} mục)", tree=tree)
    head = data["assessment"]
    store = AssessmentFile.create(path, criteria_set, unit=head["unit"], year=int(head["year"]))
    with store:
        settings = {k: str(v) for k, v in data.get("settings", {}).items()}
        store.write_settings({**settings, "unit": head["unit"]}, user="bench")
        entries: list[tuple[str, Scenario, Entry]] = []
        texts: list[tuple[str, str, str, str]] = []
        copies = (len(tree) + 118) // 119
        for row in data["value"]:
            code = str(row["code"])
            for copy in range(copies):
                key = TOTAL_KEY if code == TOTAL_KEY else _renamed(code, copy)
                if key is None or (key != TOTAL_KEY and key not in tree.by_key):
                    continue
                if key == TOTAL_KEY and copies > 1:
                    continue  # the demo's stated total holds for one copy only
                entries += _entries(tree, key, row)
                if row.get("tasks"):
                    texts.append((key, "tasks", "", str(row["tasks"]).strip()))
        store.write_entries(entries, user="bench", field="import")
        store.write_texts(texts, user="bench")
    return Path(path)


def _entries(tree: Any, key: str, row: dict[str, Any]) -> list[tuple[str, Scenario, Entry]]:
    found = [(key, s, Entry(to_decimal(row[s.value]))) for s in Scenario if s.value in row]
    node = tree.by_key.get(key)
    if node is not None and node.is_leaf and node.mode is Mode.SELF and "previous" in row:
        found.append((key, Scenario.ACTUAL, Entry(to_decimal(row["previous"]))))
    return found


if __name__ == "__main__":
    write_big_file(Path(sys.argv[1]), int(sys.argv[2]))

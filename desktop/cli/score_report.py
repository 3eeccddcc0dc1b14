"""The ``pardesk score`` outputs: a plain-text table and the documented JSON object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from scoring import SCENARIO_LABELS, Assessment, Node, Scenario, Severity, format_number, round_display
from scoring.bulk import building
from scoring.engine import NodeResult
from scoring.findings import SEVERITY_LABELS

__all__ = ["has_errors", "score_json", "score_json_text", "score_table"]

_SCENARIOS = tuple(Scenario)


class _Numbers(dict[Decimal, float]):
    """JSON has no decimals: a value rounded to 2 places prints back exactly as a float's repr.
    Equal values round alike (0,5 and 0,50), so each is converted once."""

    def __missing__(self, value: Decimal) -> float:
        number = self[value] = float(round_display(value))
        return number

    def of(self, value: Decimal | None) -> float | None:
        return None if value is None else self[value]


def _node_json(node: Node, scores: list[tuple[str, dict[str, NodeResult]]], numbers: _Numbers) -> dict[str, Any]:
    key = node.key
    data: dict[str, Any] = {"code": node.code, "title": node.title, "max": numbers[node.max]}
    for name, results in scores:
        score = results[key].score
        data[name] = None if score is None else numbers[score]
    data["parts"] = [_node_json(part, scores, numbers) for part in node.children if part.is_part]
    return data


def score_json(assessment: Assessment, meta: dict[str, str]) -> dict[str, Any]:
    """``{"template", "unit", "year", "total", "nodes", "findings"}`` as DESIGN.md §10 documents."""
    numbers = _Numbers()
    total: dict[str, Any] = {"max": numbers.of(assessment.totals(Scenario.ACTUAL).max)}
    for scenario in _SCENARIOS:
        total[scenario.value] = numbers.of(assessment.totals(scenario).final)
    year = meta.get("year", "")
    scores = [(s.value, assessment.results[s]) for s in _SCENARIOS]  # looked up once, not per node
    return {
        "template": {"id": meta.get("template_id", ""), "version": meta.get("template_version", "")},
        "unit": meta.get("unit", ""),
        "year": int(year) if year.isdigit() else None,
        "total": total,
        "nodes": [_node_json(n, scores, numbers) for n in assessment.tree if not n.is_part],
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": f.message} for f in assessment.findings()
        ],
    }


def score_json_text(assessment: Assessment, meta: dict[str, str]) -> str:
    """``score_json`` as text: one line per node and per finding, each written by the C encoder
    (``indent=`` would send the whole object through the pure-Python one: 2 s at 20 000 nodes)."""
    with building():
        return "\n".join(_lines(score_json(assessment, meta)))


# Between the items of a list, encoded in one call of the C encoder, then split there: inside an
# encoded string every quote is escaped, and every item is an object (its strings follow ": "), so
# ', "<marker>", ' can only be a marker of ours, whatever the titles hold.
_MARKER = "\x00pardesk: next line\x00"


def _lines(data: dict[str, Any]) -> Iterator[str]:
    dump = json.JSONEncoder(ensure_ascii=False).encode
    between = f", {dump(_MARKER)}, "
    yield "{"
    last = len(data) - 1
    for index, (name, value) in enumerate(data.items()):
        comma = "," if index < last else ""
        if isinstance(value, list) and value:
            marked = [part for item in value for part in (item, _MARKER)][:-1]
            yield f" {dump(name)}: ["
            yield ",\n".join(f"  {line}" for line in dump(marked)[1:-1].split(between))
            yield f" ]{comma}"
        else:
            yield f" {dump(name)}: {dump(value)}{comma}"
    yield "}"


def _cell(value: Decimal | None) -> str:
    return format_number(value, empty="—")


def score_table(assessment: Assessment, meta: dict[str, str], *, width: int = 44) -> str:
    """A fixed-width table of every coded node, then totals and findings, in Vietnamese."""
    head = ["Mã", "Tiêu chí", "Tối đa", "Năm trước", "Tự ĐG", "Mục tiêu", "Thẩm định"]
    lines = [
        f"Đơn vị: {meta.get('unit', '')} — năm {meta.get('year', '')} — bộ tiêu chí {meta.get('template_id', '')}",
        "",
        f"{head[0]:<8} {head[1]:<{width}} " + " ".join(f"{h:>9}" for h in head[2:]),
    ]
    for node in assessment.tree:
        if node.is_part:
            continue
        title = ("  " * node.depth + node.title)[:width]
        values = [_cell(node.max)] + [_cell(assessment.score(node.key, s)) for s in _SCENARIOS]
        lines.append(f"{node.code:<8} {title:<{width}} " + " ".join(f"{v:>9}" for v in values))
    lines.append("")
    for scenario in _SCENARIOS:
        totals = assessment.totals(scenario)
        if totals.final is None:
            continue
        percent = format_number(totals.percent) if totals.percent is not None else "—"
        lines.append(
            f"Tổng {SCENARIO_LABELS[scenario].lower()}: {_cell(totals.final)}/{_cell(totals.max)} điểm "
            f"({percent}%, nhóm {totals.group})"
        )
    findings = assessment.findings()
    if findings:
        lines += ["", f"Phát hiện ({len(findings)}):"]
        lines += [f"- [{SEVERITY_LABELS[f.severity]}] {f.message}" for f in findings]
    return "\n".join(lines)


def has_errors(assessment: Assessment) -> bool:
    return assessment.finding_counts()[Severity.ERROR] > 0

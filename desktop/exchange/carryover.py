"""Start this year's assessment from last year's file: its results become ``previous``, and every
criterion the council cut last year is flagged (texts field ``risk``) beside this year's self-score."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scoring import Assessment, CriteriaSet, Entry, Scenario, format_number, value_problem
from scoring.rounds import deducted_leaves

from ..assessment_file.rounds import REASON
from ..assessment_file.store import AssessmentFile

RISK = "risk"  # texts field: the council's cut of this criterion last year

__all__ = ["RISK", "CarryOver", "carry_previous", "create_from_last_year"]


@dataclass
class CarryOver:
    """What was carried: entries for ``previous`` and the codes that did not match."""

    entries: list[tuple[str, Entry]] = field(default_factory=list)
    missing_last_year: list[str] = field(default_factory=list)  # this year's leaves with no result
    unused: list[str] = field(default_factory=list)  # last year's scored codes not in this set
    refused: list[str] = field(default_factory=list)  # matched, but the value does not fit the new rule
    risks: list[tuple[str, str]] = field(default_factory=list)  # (key, what the council cut last year)
    source: str = ""


def carry_previous(last_year: Path, target: Assessment) -> CarryOver:
    """Last year's appraised score (else self-assessed) of every leaf, matched by code."""
    store = AssessmentFile.open_readonly(last_year)
    try:
        stored = store.read()
        reasons = {key: text for (key, scenario), text in store.texts(REASON).items() if scenario == "appraised"}
    finally:
        store.close()
    old = Assessment(stored.criteria_set.tree, stored.entries, stored.not_applicable)
    result = CarryOver(source=Path(last_year).name)
    result.risks = _risks(old, target, reasons, stored.meta.get("year", ""))
    matched: set[str] = set()
    for node in target.tree.leaves():
        if node.key not in old.tree.by_key:
            result.missing_last_year.append(node.label)
            continue
        matched.add(node.key)
        score = old.score(node.key, Scenario.APPRAISED)
        if score is None:
            score = old.score(node.key, Scenario.ACTUAL)
        if score is None:
            result.missing_last_year.append(node.label)
            continue
        problem = value_problem(node, score)
        if problem:
            result.refused.append(f"{node.label}: {problem}")
            continue
        result.entries.append((node.key, Entry(score)))
    for node in old.tree.leaves():
        has_score = any(old.score(node.key, s) is not None for s in (Scenario.APPRAISED, Scenario.ACTUAL))
        if node.key not in matched and node.key not in target.tree.by_key and has_score:
            result.unused.append(node.label)
    return result


def _risks(old: Assessment, target: Assessment, reasons: dict[str, str], year: str) -> list[tuple[str, str]]:
    """Last year's deductions of the criteria this year's set still has, worded for the officer."""
    found = []
    for node in deducted_leaves(old):
        if node.key not in target.tree.by_key:
            continue
        own, cut = old.score(node.key, Scenario.ACTUAL), old.score(node.key, Scenario.APPRAISED)
        text = f"Năm {year or 'trước'}: tự chấm {format_number(own)}, Hội đồng thẩm định chấm {format_number(cut)}"
        reason = reasons.get(node.key, "").strip()
        found.append((node.key, f"{text} — lý do: {reason}" if reason else f"{text}."))
    return found


def create_from_last_year(
    path: Path, criteria_set: CriteriaSet, last_year: Path, *, unit: str, year: int, province: str = ""
) -> CarryOver:
    """Write a new file for ``criteria_set`` whose ``previous`` scores come from ``last_year``.

    Last year's file is read first (a refused file writes nothing); the carried scores go in
    through the session, as one transaction audited as "carry". Returns what was carried.
    """
    from ..session import Session

    carried = carry_previous(last_year, Assessment(criteria_set.tree))
    session = Session(AssessmentFile.create(path, criteria_set, unit=unit, year=year, province=province))
    try:
        risks = [(key, RISK, "", text) for key, text in carried.risks]
        session.apply_import([(k, Scenario.PREVIOUS, e) for k, e in carried.entries], risks, field="carry")
        session.store.write_meta({"carried_from": carried.source})
    finally:
        session.close()
    return carried

"""Start this year's assessment from last year's file: its results become ``previous``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scoring import Assessment, CriteriaSet, Entry, Scenario, value_problem

from ..assessment_file.store import AssessmentFile

__all__ = ["CarryOver", "carry_previous", "create_from_last_year"]


@dataclass
class CarryOver:
    """What was carried: entries for ``previous`` and the codes that did not match."""

    entries: list[tuple[str, Entry]] = field(default_factory=list)
    missing_last_year: list[str] = field(default_factory=list)  # this year's leaves with no result
    unused: list[str] = field(default_factory=list)  # last year's scored codes not in this set
    refused: list[str] = field(default_factory=list)  # matched, but the value does not fit the new rule
    source: str = ""


def carry_previous(last_year: Path, target: Assessment) -> CarryOver:
    """Last year's appraised score (else self-assessed) of every leaf, matched by code."""
    store = AssessmentFile.open_readonly(last_year)
    try:
        stored = store.read()
    finally:
        store.close()
    old = Assessment(stored.criteria_set.tree, stored.entries, stored.not_applicable)
    result = CarryOver(source=Path(last_year).name)
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
        session.apply_import([(k, Scenario.PREVIOUS, e) for k, e in carried.entries], field="carry")
        session.store.write_meta({"carried_from": carried.source})
    finally:
        session.close()
    return carried

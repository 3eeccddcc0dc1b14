"""Gap analysis: where points are lost, how far each criterion is from its target, what is at stake."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .engine import Assessment
from .model import Mode, Node, Scenario

__all__ = ["Gap", "rank_gaps", "target_gap"]

ZERO = Decimal(0)


@dataclass(frozen=True)
class Gap:
    """One scored criterion: ``lost`` = max − score, ``to_target`` = target − score (if set)."""

    key: str
    code: str
    title: str
    max: Decimal
    score: Decimal | None
    target: Decimal | None
    lost: Decimal
    to_target: Decimal | None
    survey: bool


def _scored_criteria(assessment: Assessment) -> list[Node]:
    """Coded nodes scored on their own: leaves, and criteria made of uncoded parts."""
    return [
        n
        for n in assessment.tree
        if not n.is_part and (n.is_leaf or all(c.is_part for c in n.children)) and not assessment.is_excluded(n)
    ]


def rank_gaps(assessment: Assessment, basis: Scenario = Scenario.ACTUAL) -> list[Gap]:
    """Criteria ranked by points at stake (most lost first); unscored criteria count as all lost."""
    gaps = []
    for node in _scored_criteria(assessment):
        score = assessment.score(node.key, basis)
        target = assessment.score(node.key, Scenario.TARGET)
        lost = node.max - (score or ZERO)
        to_target = None if target is None else target - (score or ZERO)
        gaps.append(
            Gap(node.key, node.code, node.title, node.max, score, target, lost, to_target, node.mode is Mode.SURVEY)
        )
    return sorted(gaps, key=lambda g: (-g.lost, g.code))


def target_gap(assessment: Assessment, key: str) -> Decimal | None:
    """Target − self-assessment of one node (what is still to be gained); None unless both are set."""
    actual = assessment.score(key, Scenario.ACTUAL)
    target = assessment.score(key, Scenario.TARGET)
    return None if actual is None or target is None else target - actual

"""How far a scenario's scoring has got: what the unit still has to score, what others score later.

A total is only an index (a % and a group) once every criterion is scored; before that it is
"tạm tính". In the self-assessment the unit scores its own criteria; survey (điều tra xã hội học)
and council criteria get their points later from others, so they are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Assessment
from .model import Mode, Scenario

__all__ = ["Progress", "progress"]


@dataclass(frozen=True)
class Progress:
    """``own_missing`` of ``own_expected`` leaves the unit should score have no score;
    ``later`` counts the unscored leaves others score, by who scores them."""

    own_missing: int
    own_expected: int
    later: dict[Mode, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every counted leaf has its score: the total is an index with a group."""
        return not self.own_missing and not any(self.later.values())


def progress(assessment: Assessment, scenario: Scenario) -> Progress:
    """Count the applicable regular leaves without a score (bonus and penalty items never count)."""
    own_missing = own_expected = 0
    later: dict[Mode, int] = {}
    for key, mode in assessment.regular_leaves.items():
        missing = assessment.score(key, scenario) is None
        if scenario is Scenario.ACTUAL and mode is not Mode.SELF:
            if missing:
                later[mode] = later.get(mode, 0) + 1
            continue
        own_expected += 1
        own_missing += missing
    return Progress(own_missing, own_expected, later)

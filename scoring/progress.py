"""How far a scenario's scoring has got: what the unit still has to score, what others score later.

A total is only an index (a % and a group) once every criterion is scored; before that it is
"tạm tính". In the self-assessment the unit scores its own criteria; survey (điều tra xã hội học)
and council criteria get their points later from others, so they are counted apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .engine import Assessment
from .model import Mode, Scenario

__all__ = ["Progress", "ProgressKeeper", "progress"]


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


class ProgressKeeper:
    """``progress`` kept up to date edit by edit: O(keys changed) per edit instead of O(leaves).

    ``update(scenario, keys)`` after an edit of ``scenario`` with the keys whose result changed;
    a change of applicability (a new set of counted leaves) is noticed and counted again in full.
    """

    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment
        self.rebuild()

    def rebuild(self) -> None:
        self._leaves = self.assessment.regular_leaves
        self._expected: dict[Mode, int] = {}
        for mode in self._leaves.values():
            self._expected[mode] = self._expected.get(mode, 0) + 1
        self._missing: dict[Scenario, set[str]] = {}
        self._missing_by_mode: dict[Scenario, dict[Mode, int]] = {}
        for scenario in Scenario:
            self._missing[scenario] = set()
            self._missing_by_mode[scenario] = dict.fromkeys(self._expected, 0)
            self.update(scenario, self._leaves)

    def update(self, scenario: Scenario, keys: Iterable[str]) -> None:
        if self.assessment.regular_leaves is not self._leaves:
            self.rebuild()
            return
        missing, counts = self._missing[scenario], self._missing_by_mode[scenario]
        for key in keys:
            mode = self._leaves.get(key)
            if mode is None:
                continue
            unscored = self.assessment.score(key, scenario) is None
            if unscored and key not in missing:
                missing.add(key)
                counts[mode] += 1
            elif not unscored and key in missing:
                missing.discard(key)
                counts[mode] -= 1

    def progress(self, scenario: Scenario) -> Progress:
        if self.assessment.regular_leaves is not self._leaves:
            self.rebuild()
        counts = self._missing_by_mode[scenario]
        if scenario is not Scenario.ACTUAL:
            return Progress(sum(counts.values()), sum(self._expected.values()))
        later: dict[Mode, int] = {mode: count for mode, count in counts.items() if mode is not Mode.SELF}
        return Progress(counts.get(Mode.SELF, 0), self._expected.get(Mode.SELF, 0), later)

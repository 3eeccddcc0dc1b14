"""Validation findings: what is wrong or worth a look, with a Vietnamese message naming the node."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .model import Scenario

__all__ = ["Finding", "Kind", "Severity"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_LABELS = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo", Severity.INFO: "Thông tin"}


class Kind(StrEnum):
    """What a finding is about; stable identifiers for tests, filters and exports."""

    OVER_MAX = "over_max"
    NEGATIVE = "negative"
    NOT_AN_OPTION = "not_an_option"
    B_GT_A = "b_gt_a"
    ZERO_DENOMINATOR = "zero_denominator"
    OUT_OF_RANGE = "out_of_range"
    MISSING_INPUT = "missing_input"
    STATED_SUM = "stated_sum_mismatch"
    MAX_SUM = "max_sum_mismatch"
    IMPLIED_PARENT = "implied_parent"
    TYPED_VS_COMPUTED = "typed_vs_computed"
    TARGET_BELOW_ACTUAL = "target_below_actual"
    NO_EVIDENCE = "no_evidence"


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding; ``code`` is the node's label (``TOTAL`` for the grand total)."""

    kind: Kind
    severity: Severity
    key: str
    code: str
    message: str
    scenario: Scenario | None = None
    numbers: dict[str, Decimal] = field(default_factory=dict, compare=False, hash=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "kind": self.kind.value,
            "scenario": self.scenario.value if self.scenario else None,
            "message": self.message,
        }

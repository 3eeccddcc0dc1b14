"""The criteria tree: scenarios, rule descriptions and nodes (Lĩnh vực → Tiêu chí → TCTP → parts)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .expression import Formula

__all__ = [
    "SCENARIO_LABELS",
    "TOTAL_KEY",
    "CriteriaTree",
    "Group",
    "Mode",
    "Node",
    "Option",
    "Rule",
    "RuleKind",
    "Scenario",
]

TOTAL_KEY = "TOTAL"  # where a stated grand total (from an imported table or a plan) is kept


class Scenario(StrEnum):
    """The four values every node carries."""

    PREVIOUS = "previous"
    ACTUAL = "actual"
    TARGET = "target"
    APPRAISED = "appraised"


SCENARIO_LABELS = {
    Scenario.PREVIOUS: "Năm trước",
    Scenario.ACTUAL: "Tự đánh giá",
    Scenario.TARGET: "Mục tiêu",
    Scenario.APPRAISED: "Thẩm định",
}


class Mode(StrEnum):
    """Who scores a node: the unit itself, a survey, or the appraisal council only."""

    SELF = "self"
    SURVEY = "survey"
    COUNCIL = "council"


class Group(StrEnum):
    """Regular points, bonus (điểm thưởng) on top, or penalties (điểm trừ) below."""

    REGULAR = "regular"
    BONUS = "bonus"
    PENALTY = "penalty"


class RuleKind(StrEnum):
    SUM = "sum"
    PARTS = "parts"
    DIRECT = "direct"
    SURVEY = "survey"
    OPTIONS = "options"
    RATIO = "ratio"
    FORMULA = "formula"
    BANDS = "bands"
    PENALTY = "penalty"


_INPUT_KINDS = frozenset({RuleKind.RATIO, RuleKind.FORMULA, RuleKind.BANDS, RuleKind.PENALTY})
_TYPED_KINDS = frozenset({RuleKind.DIRECT, RuleKind.SURVEY, RuleKind.OPTIONS})

RULE_LABELS = {
    RuleKind.SUM: "Tổng điểm các tiêu chí con",
    RuleKind.PARTS: "Tổng điểm các nội dung",
    RuleKind.DIRECT: "Chấm điểm trực tiếp",
    RuleKind.SURVEY: "Điểm điều tra xã hội học (không tự chấm)",
    RuleKind.OPTIONS: "Chọn một mức điểm",
    RuleKind.RATIO: "Tỷ lệ (b/a) × điểm tối đa",
    RuleKind.FORMULA: "Tính theo công thức",
    RuleKind.BANDS: "Theo ngưỡng",
    RuleKind.PENALTY: "Điểm trừ",
}


@dataclass(frozen=True)
class Option:
    """One choice of an ``options`` rule: fixed ``points`` or a ``fraction`` of the max."""

    label: str
    points: Decimal | None = None
    fraction: Decimal | None = None

    def value(self, maximum: Decimal) -> Decimal:
        if self.points is not None:
            return self.points
        return (self.fraction or Decimal(0)) * maximum


@dataclass(frozen=True)
class Rule:
    """How a node's score is obtained; only the settings of its ``kind`` are used."""

    kind: RuleKind
    options: tuple[Option, ...] = ()
    gate: Decimal | None = None
    cap: Decimal | None = None
    formula: Formula | None = None
    bands: tuple[tuple[Decimal, Decimal], ...] = ()
    points: Decimal | None = None
    per: bool = False
    floor: Decimal | None = None

    @property
    def input_names(self) -> tuple[str, ...]:
        """The raw inputs this rule reads, in the order the rule text names them."""
        if self.kind is RuleKind.RATIO:
            return ("a", "b")
        if self.kind in (RuleKind.FORMULA, RuleKind.BANDS) and self.formula:
            return tuple(sorted(self.formula.names))
        if self.kind is RuleKind.OPTIONS:
            return ("option",)
        if self.kind is RuleKind.PENALTY:
            return ("n",)
        return ()

    @property
    def computed(self) -> bool:
        """True when the score comes from children rather than from typing."""
        return self.kind in (RuleKind.SUM, RuleKind.PARTS)

    @property
    def from_inputs(self) -> bool:
        """True when the score is computed from raw inputs (a, b, c…, or a count ``n``)."""
        return self.kind in _INPUT_KINDS

    def accepts_typed_score(self, *, has_inputs: bool) -> bool:
        """Whether a score may be typed directly: always for direct, survey and option rules;
        for rules computed from inputs only while none are entered (then the inputs decide)."""
        if self.kind in _TYPED_KINDS:
            return True
        return self.from_inputs and not has_inputs

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description (numbers as strings), the inverse of ``from_dict``."""
        data: dict[str, object] = {"kind": self.kind.value}
        if self.options:
            data["options"] = [
                {"label": o.label}
                | ({"points": str(o.points)} if o.points is not None else {})
                | ({"fraction": str(o.fraction)} if o.fraction is not None else {})
                for o in self.options
            ]
        for name in ("gate", "cap", "points", "floor"):
            value = getattr(self, name)
            if value is not None:
                data[name] = str(value)
        if self.formula is not None:
            data["expr"] = self.formula.text
        if self.bands:
            data["bands"] = [[str(t), str(p)] for t, p in self.bands]
        if self.per:
            data["per"] = True
        return data


@dataclass(eq=False)
class Node:
    """A node of the tree; ``key`` is unique (the code, or ``1.2#1`` for a part).

    ``children`` holds sub-criteria and parts alike; ``row`` is the index in the parent's list.
    """

    key: str
    code: str
    title: str
    max: Decimal
    rule: Rule
    lead: str = ""
    mode: Mode = Mode.SELF
    group: Group = Group.REGULAR
    legal_basis: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    is_part: bool = False
    implied: bool = False
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0
    depth: int = 0

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def label(self) -> str:
        """How messages name the node: its code, or "1.2 – nội dung 1" for a part."""
        if self.is_part and self.parent is not None:
            return f"{self.parent.label} – nội dung {self.row + 1}"
        return self.code

    @property
    def named(self) -> str:
        """How a message names it in words: "Lĩnh vực 1" for a lĩnh vực (a top-level row of the
        regular criteria), else "Tiêu chí 1.3" (or "Tiêu chí 1.2 – nội dung 1")."""
        word = "Lĩnh vực" if self.parent is None and self.group is Group.REGULAR and not self.is_part else "Tiêu chí"
        return f"{word} {self.label}"

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class CriteriaTree:
    """All nodes in document order, with lookups by key and by code."""

    def __init__(self, roots: list[Node]) -> None:
        self.roots = roots
        self.nodes: list[Node] = []
        for row, root in enumerate(roots):
            root.row = row
            root.parent = None
            self._collect(root, 0)
        self.by_key = {node.key: node for node in self.nodes}
        # children before parents: a single pass computes every sum
        self.post_order = sorted(self.nodes, key=lambda n: -n.depth)

    def _collect(self, node: Node, depth: int) -> None:
        node.depth = depth
        self.nodes.append(node)
        for row, child in enumerate(node.children):
            child.row = row
            child.parent = node
            self._collect(child, depth + 1)

    def find(self, code: str) -> Node | None:
        """A node by key, or by code with stray spaces and a trailing dot forgiven."""
        text = code.strip().rstrip(".")
        return self.by_key.get(text) or self.by_key.get(text.upper())

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def leaves(self) -> Iterator[Node]:
        return (n for n in self.nodes if n.is_leaf)

"""Totals per scenario, kept up to date edit by edit with exact running sums (no tree walk per edit)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation, localcontext

from .model import CriteriaTree, Group, Mode, Scenario
from .numbers import STORE_PLACES

__all__ = ["Tally", "Totals", "TotalsKeeper", "group_of", "regular_leaf_modes"]

ZERO = Decimal(0)
# Unbounded precision: adding and taking back values in any order gives exactly the sum of the
# values present, so a running total always equals the same total summed afresh.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation])


@dataclass(frozen=True)
class Totals:
    """Totals of one scenario. ``final`` = regular + bonus + penalty (penalty ≤ 0).

    ``max`` is the regular applicable maximum; ``percent`` is final / max × 100.
    ``self_*`` and ``survey_*`` split the regular points by who scores them.
    """

    scenario: Scenario
    max: Decimal
    regular: Decimal | None
    bonus: Decimal | None
    penalty: Decimal | None
    final: Decimal | None
    percent: Decimal | None
    self_max: Decimal
    self_score: Decimal | None
    survey_max: Decimal
    survey_score: Decimal | None

    @property
    def group(self) -> str | None:
        return group_of(self.percent)


def group_of(percent: Decimal | None) -> str | None:
    """QĐ 876/QĐ-BNV groups: A ≥ 90 %, B 80 – < 90 %, C < 80 %."""
    if percent is None:
        return None
    if percent >= 90:
        return "A"
    return "B" if percent >= 80 else "C"


class Tally:
    """A running sum of optional Decimals: ``value`` is None while no value is counted.

    The sum is exact, and it is shown at the finest exponent among the values present (never
    coarser than units), so its text is the same however the values came and went.
    """

    __slots__ = ("_exponents", "_sum")

    def __init__(self, values: Iterable[Decimal | None] = ()) -> None:
        present = [v for v in values if v is not None]
        with localcontext(_EXACT):
            self._sum = sum(present, ZERO)
        self._exponents: Counter[int] = Counter(map(_exponent, present))

    def add(self, value: Decimal | None) -> None:
        if value is not None:
            self._sum = _EXACT.add(self._sum, value)
            self._exponents[_exponent(value)] += 1

    def remove(self, value: Decimal | None) -> None:
        if value is not None:
            self._sum = _EXACT.subtract(self._sum, value)
            exponent = _exponent(value)
            self._exponents[exponent] -= 1
            if not self._exponents[exponent]:
                del self._exponents[exponent]

    def replace(self, old: Decimal | None, new: Decimal | None) -> None:
        if old is not new:
            self.remove(old)
            self.add(new)

    @property
    def value(self) -> Decimal | None:
        if not self._exponents:
            return None
        finest = min(0, *self._exponents)
        return self._sum.quantize(Decimal(1).scaleb(finest), context=_EXACT)

    @property
    def total(self) -> Decimal:
        """The sum, zero when nothing is counted."""
        value = self.value
        return ZERO if value is None else value


def _exponent(value: Decimal) -> int:
    if value.same_quantum(STORE_PLACES):  # every leaf score, and most sums: 8× faster than as_tuple()
        return -4
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def regular_leaf_modes(tree: CriteriaTree, excluded: set[str] | frozenset[str] = frozenset()) -> dict[str, Mode]:
    """Leaves under regular groups only (not bonus or penalty), in tree order, each with who scores
    it (a nội dung is scored by whoever scores its criterion); ``excluded`` keys are left out."""
    regular: set[str] = set()  # regular with every ancestor: in document order, parents come first
    leaves = {}
    for node in tree:
        if node.group is not Group.REGULAR or (node.parent is not None and node.parent.key not in regular):
            continue
        regular.add(node.key)
        if not node.children and node.key not in excluded:
            leaves[node.key] = node.parent.mode if node.is_part and node.parent else node.mode
    return leaves


class TotalsKeeper:
    """Running sums behind ``Totals``: roots' scores by group, regular leaves' scores and maxima by
    who scores them, and the regular roots' applicable maxima. Each change is O(1)."""

    def __init__(
        self,
        tree: CriteriaTree,
        scores: Mapping[Scenario, Mapping[str, Decimal | None]],
        applicable_max: Mapping[str, Decimal],
        excluded: set[str],
    ) -> None:
        """Sums of the given state, worked out once; the ``*_changed`` calls keep them current."""
        self.root_group = {root.key: root.group for root in tree.roots}
        # every regular leaf, applicable or not: a leaf left out scores None, so it adds nothing
        self.survey_leaf = {key: mode is Mode.SURVEY for key, mode in regular_leaf_modes(tree).items()}
        self.max_of = {node.key: node.max for node in tree}
        by_group = {g: [r.key for r in tree.roots if r.group is g] for g in Group}
        by_mode = {m: [k for k, survey in self.survey_leaf.items() if survey is m] for m in (False, True)}
        self.groups = {s: {g: Tally(scores[s][k] for k in by_group[g]) for g in Group} for s in Scenario}
        self.modes = {s: {m: Tally(scores[s][k] for k in by_mode[m]) for m in (False, True)} for s in Scenario}
        self.maximum = Tally(applicable_max[k] for k in by_group[Group.REGULAR])
        self.leaf_max = {m: Tally(self.max_of[k] for k in by_mode[m] if k not in excluded) for m in (False, True)}

    def score_changed(self, scenario: Scenario, key: str, old: Decimal | None, new: Decimal | None) -> None:
        """A node's score went from ``old`` to ``new`` (call for every node whose score changed)."""
        group = self.root_group.get(key)
        if group is not None:
            self.groups[scenario][group].replace(old, new)
        survey = self.survey_leaf.get(key)
        if survey is not None:
            self.modes[scenario][survey].replace(old, new)

    def root_max_changed(self, key: str, old: Decimal | None, new: Decimal | None) -> None:
        """A root's applicable maximum changed (None: not yet counted)."""
        if self.root_group.get(key) is Group.REGULAR:
            self.maximum.replace(old, new)

    def leaf_applicable(self, key: str, applicable: bool) -> None:
        """A leaf enters (True) or leaves (False) the applicable maximum."""
        survey = self.survey_leaf.get(key)
        if survey is not None:
            (self.leaf_max[survey].add if applicable else self.leaf_max[survey].remove)(self.max_of[key])

    def totals(self, scenario: Scenario) -> Totals:
        groups, modes = self.groups[scenario], self.modes[scenario]
        regular, bonus, penalty = (groups[g].value for g in (Group.REGULAR, Group.BONUS, Group.PENALTY))
        maximum = self.maximum.total
        final = None
        if regular is not None or bonus is not None or penalty is not None:
            final = (regular or ZERO) + (bonus or ZERO) + (penalty or ZERO)
        percent = final / maximum * 100 if final is not None and maximum > 0 else None
        return Totals(
            scenario,
            maximum,
            regular,
            bonus,
            penalty,
            final,
            percent,
            self.leaf_max[False].total,
            modes[False].value,
            self.leaf_max[True].total,
            modes[True].value,
        )

"""Score one leaf under its rule, with the findings and the explanation of how it was obtained."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .expression import OutOfRange, ZeroDenominator, bounded
from .findings import Finding, Kind, Severity
from .model import SCENARIO_LABELS, Node, RuleKind, Scenario
from .numbers import format_number, quantize_store

__all__ = ["Entry", "LeafResult", "evaluate_leaf", "value_problem"]

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the officer entered for one node and scenario: a typed value and raw inputs."""

    value: Decimal | None = None
    inputs: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.value is None and not self.inputs


EMPTY = Entry()


@dataclass(frozen=True, slots=True)
class LeafResult:
    score: Decimal | None
    explanation: str
    findings: tuple[Finding, ...] = ()


_NOTHING = LeafResult(None, "")


def num(value: Decimal | None) -> str:
    """Numbers inside explanations: up to 4 decimals, trailing zeros dropped."""
    return format_number(value, places=4, trim=True, empty="—")


def pts(value: Decimal) -> str:
    return format_number(value, places=2)


def typed(value: Decimal) -> str:
    """A typed value as typed, to its fourth decimal when it has more than two: a refusal of
    0,5001 above a maximum of 0,50 read "điểm 0,50 lớn hơn điểm tối đa 0,50"."""
    return pts(value) if value == value.quantize(Decimal("0.01")) else format_number(value, places=4, trim=True)


class _Context:
    """Collects findings for one node and scenario, each naming both."""

    def __init__(self, node: Node, scenario: Scenario, explain: bool) -> None:
        self.node, self.scenario, self.explain = node, scenario, explain
        self.findings: list[Finding] = []

    def add(self, kind: Kind, severity: Severity, text: str, **numbers: Decimal) -> None:
        where = f"Tiêu chí {self.node.label} ({SCENARIO_LABELS[self.scenario]})"
        self.findings.append(
            Finding(kind, severity, self.node.key, self.node.label, f"{where}: {text}", self.scenario, numbers)
        )

    def result(self, score: Decimal | None, explanation: str | Callable[[], str]) -> LeafResult:
        if not self.explain:
            return LeafResult(score, "", tuple(self.findings))
        text = explanation if isinstance(explanation, str) else explanation()
        return LeafResult(score, text, tuple(self.findings))


def value_problem(node: Node, value: Decimal) -> str | None:
    """Why a typed score is not acceptable for ``node`` (Vietnamese), or None if it is."""
    rule = node.rule
    if rule.kind is RuleKind.PENALTY:
        floor = penalty_floor(node)
        if value > 0:
            return f"điểm trừ phải là số âm hoặc 0, không phải {typed(value)}."
        if floor is not None and value < floor:
            return f"điểm trừ {typed(value)} vượt mức trừ tối đa {pts(floor)}."
        return None
    if value < 0:
        return f"điểm không được âm ({typed(value)})."
    if value > node.max:
        return f"điểm {typed(value)} lớn hơn điểm tối đa {pts(node.max)}."
    if rule.kind is RuleKind.OPTIONS and all(o.value(node.max) != value for o in rule.options):
        allowed = "; ".join(pts(o.value(node.max)) for o in rule.options)
        return f"{typed(value)} không phải là một mức điểm của tiêu chí (các mức: {allowed})."
    return None


def evaluate_leaf(node: Node, scenario: Scenario, entry: Entry, *, explain: bool = False) -> LeafResult:
    """Score a leaf for one scenario; never raises on bad data, reports it instead.

    The explanation is written only when ``explain`` is true: recalculation does not need it.
    """
    if not explain and not entry.inputs:  # a typed score alone, as most are: no context to build
        value = entry.value
        if value is None:
            return _NOTHING
        if value_problem(node, value) is None:
            return LeafResult(_clamp(node, value), "")
    ctx = _Context(node, scenario, explain)
    kind = node.rule.kind
    if kind is RuleKind.OPTIONS and "option" in entry.inputs:
        return _options(node, entry, ctx)
    if kind in (RuleKind.RATIO, RuleKind.FORMULA, RuleKind.BANDS, RuleKind.PENALTY):
        names = node.rule.input_names
        given = [n for n in names if n in entry.inputs]
        if given:
            missing = [n for n in names if n not in entry.inputs]
            if not missing:
                return _computed(node, entry, ctx)
            ctx.add(Kind.MISSING_INPUT, Severity.WARNING, f"thiếu số liệu {', '.join(missing)}.")
            # the bounds hold between the inputs already given (b ≤ a before c is typed), as they
            # do once all are: an entry is refused when its input is, not only at the last one
            if not _bounded(node, {n: entry.inputs[n] for n in given}, ctx):
                return ctx.result(None, "Số liệu chưa hợp lệ nên chưa tính được điểm.")
    return _typed(node, entry, ctx)


def _typed(node: Node, entry: Entry, ctx: _Context) -> LeafResult:
    value = entry.value
    if value is None:
        return ctx.result(None, "Chưa có điểm.")
    problem = value_problem(node, value)
    if problem:
        kind = Kind.NEGATIVE if value < 0 and node.rule.kind is not RuleKind.PENALTY else Kind.OVER_MAX
        if node.rule.kind is RuleKind.OPTIONS and 0 <= value <= node.max:
            kind = Kind.NOT_AN_OPTION
        ctx.add(kind, Severity.ERROR, problem, value=value, max=node.max)
    score = _clamp(node, value)

    def text() -> str:
        if node.rule.kind is RuleKind.SURVEY:
            return f"Điểm điều tra xã hội học do cơ quan có thẩm quyền công bố: {pts(score)} điểm."
        if node.rule.kind in (RuleKind.DIRECT, RuleKind.OPTIONS):
            return f"Điểm chấm: {pts(score)} / {pts(node.max)} điểm."
        return f"Điểm nhập trực tiếp (chưa có số liệu để tính): {pts(score)} / {pts(node.max)} điểm."

    return ctx.result(score, text)


def _clamp(node: Node, value: Decimal) -> Decimal:
    if node.rule.kind is RuleKind.PENALTY:
        floor = penalty_floor(node)
        return quantize_store(min(max(value, floor) if floor is not None else value, ZERO))
    # min(max(value, 0), max) with plain comparisons: this runs for every typed score on opening
    low = value if value >= ZERO else ZERO
    return quantize_store(low if low <= node.max else node.max)


def penalty_floor(node: Node) -> Decimal | None:
    """The largest deduction of a penalty item: its ``floor``, else a negative ``max``."""
    if node.rule.floor is not None:
        return node.rule.floor
    return node.max if node.max < 0 else None


def _options(node: Node, entry: Entry, ctx: _Context) -> LeafResult:
    choice = entry.inputs["option"]
    options = node.rule.options
    if choice != choice.to_integral_value() or not 1 <= choice <= len(options):
        ctx.add(Kind.NOT_AN_OPTION, Severity.ERROR, f"không có mức thứ {num(choice)} (có {len(options)} mức).")
        return ctx.result(None, "Mức điểm đã chọn không hợp lệ.")
    option = options[int(choice) - 1]
    score = quantize_store(option.value(node.max))
    return ctx.result(score, lambda: f"Chọn mức “{option.label}” → {pts(score)} điểm.")


def _bounded(node: Node, inputs: Mapping[str, Decimal], ctx: _Context) -> bool:
    """Counts are never negative and no part exceeds the whole ``a``; report and stop if they do."""
    ok = True
    for name, value in inputs.items():
        if value < 0:
            ctx.add(Kind.NEGATIVE, Severity.ERROR, f"{name} = {num(value)} không được âm.", **{name: value})
            ok = False
    a = inputs.get("a")
    if a is None or node.rule.kind is RuleKind.PENALTY or not ok:
        return ok
    if a == 0:
        ctx.add(Kind.ZERO_DENOMINATOR, Severity.ERROR, "a = 0 nên không tính được tỷ lệ.", a=a)
        return False
    for name, value in inputs.items():
        if name != "a" and value > a:
            ctx.add(Kind.B_GT_A, Severity.ERROR, f"{name} = {num(value)} lớn hơn a = {num(a)}.", a=a, **{name: value})
            ok = False
    return ok


def _computed(node: Node, entry: Entry, ctx: _Context) -> LeafResult:
    inputs = {n: entry.inputs[n] for n in node.rule.input_names}
    if not _bounded(node, inputs, ctx):
        return ctx.result(None, "Số liệu chưa hợp lệ nên chưa tính được điểm.")
    rule = node.rule
    try:
        if rule.kind is RuleKind.RATIO:
            score, text = _ratio(node, inputs)
        elif rule.kind is RuleKind.FORMULA:
            score, text = _formula(node, inputs)
        elif rule.kind is RuleKind.BANDS:
            score, text = _bands(node, inputs)
        else:
            score, text = _penalty(node, inputs)
    except ZeroDenominator as exc:
        name = exc.name or "mẫu số"
        ctx.add(Kind.ZERO_DENOMINATOR, Severity.ERROR, f"{name} = 0 nên không tính được.")
        return ctx.result(None, "Mẫu số bằng 0 nên chưa tính được điểm.")
    except OutOfRange:
        ctx.add(Kind.OUT_OF_RANGE, Severity.ERROR, "kết quả tính từ số liệu quá lớn, không hợp lệ.")
        return ctx.result(None, "Kết quả tính quá lớn nên chưa tính được điểm.")
    if entry.value is not None and quantize_store(entry.value) != score:
        ctx.add(
            Kind.TYPED_VS_COMPUTED,
            Severity.WARNING,
            f"điểm đã ghi {pts(entry.value)} khác điểm tính từ số liệu {pts(score)}; dùng điểm tính.",
            typed=entry.value,
            computed=score,
        )
    return ctx.result(score, text)


Explained = tuple[Decimal, Callable[[], str]]


def _ratio(node: Node, inputs: Mapping[str, Decimal]) -> Explained:
    a, b = inputs["a"], inputs["b"]
    ratio = b / a
    gate, cap = node.rule.gate, node.rule.cap

    def head() -> str:
        return f"b/a = {num(b)}/{num(a)} = {num(quantize_store(ratio))}"

    if gate is not None and ratio < gate:
        return ZERO, lambda: f"{head()} < {num(gate)} → 0 điểm."
    raw = ratio * node.max
    score = quantize_store(min(raw, cap) if cap is not None else raw)

    def text() -> str:
        tail = f" (tối đa {pts(cap)})" if cap is not None and raw > cap else ""
        return f"{head()} → {num(quantize_store(ratio))} × {pts(node.max)} = {pts(score)} điểm{tail}."

    return score, text


def _formula(node: Node, inputs: Mapping[str, Decimal]) -> Explained:
    formula = node.rule.formula
    assert formula is not None
    raw = formula.evaluate(inputs)
    score = quantize_store(min(max(raw, ZERO), node.rule.cap or node.max, node.max))

    def text() -> str:
        given = ", ".join(f"{n} = {num(v)}" for n, v in inputs.items())
        body = f"{formula.shown} với {given} = {num(quantize_store(raw))}"
        if score != quantize_store(raw):
            body += f" → giới hạn trong 0–{pts(node.max)}"
        return f"{body} → {pts(score)} điểm."

    return score, text


def _bands(node: Node, inputs: Mapping[str, Decimal]) -> Explained:
    formula = node.rule.formula
    assert formula is not None
    value = formula.evaluate(inputs)
    reached = [(t, p) for t, p in node.rule.bands if value >= t]

    def head() -> str:
        return f"{formula.shown} = {num(quantize_store(value))}"

    if not reached:
        lowest = node.rule.bands[0][0]
        return ZERO, lambda: f"{head()} < {num(lowest)} → 0 điểm."
    threshold, points = reached[-1]
    score = quantize_store(min(points, node.max))
    return score, lambda: f"{head()} ≥ {num(threshold)} → {pts(score)} điểm."


def _penalty(node: Node, inputs: Mapping[str, Decimal]) -> Explained:
    rule = node.rule
    assert rule.points is not None
    points = rule.points
    n = inputs["n"]
    raw = bounded(n * points) if rule.per else (points if n > 0 else ZERO)
    floor = penalty_floor(node)
    score = quantize_store(max(raw, floor) if floor is not None else raw)

    def text() -> str:
        if rule.per:
            body = f"{num(n)} lần × {num(points)} = {num(quantize_store(raw))}"
        else:
            body = "Có vi phạm" if n > 0 else "Không vi phạm"
        if score != quantize_store(raw) and floor is not None:
            body += f" → trừ tối đa {pts(floor)}"
        return f"{body} → {pts(score)} điểm."

    return score, text

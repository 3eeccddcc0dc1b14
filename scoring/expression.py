"""A safe evaluator for scoring formulas: numbers, declared inputs, + - * /, min and max.

Hand-written rather than a general library because the formulas must run in Decimal end to end
(literals included) and must reject anything that is not arithmetic; ``ast`` is used only to parse.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from .errors import Refusal
from .limits import MAX_NUMBER, MAX_RESULT
from .numbers import format_number

__all__ = ["ExpressionError", "Formula", "OutOfRange", "ZeroDenominator", "bounded"]

_FUNCTIONS = {"min": min, "max": max}
_MAX_LENGTH = 500
_MAX_NESTING = 100  # operations inside each other (a sum of n terms nests n - 1); real formulas use three
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


class ExpressionError(Refusal):
    """A formula that cannot be parsed or uses something other than arithmetic."""


class OutOfRange(ArithmeticError):
    """A result beyond ``scoring.limits.MAX_RESULT`` (a formula such as ``a*a*a`` on large inputs)."""


class ZeroDenominator(ArithmeticError):
    """A division by zero while evaluating; ``name`` is the input in the denominator, if one."""

    def __init__(self, name: str | None) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Formula:
    """A parsed formula; ``names`` are the inputs it reads, ``text`` what was written."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    @classmethod
    def parse(cls, text: str, allowed: frozenset[str] | None = None) -> Formula:
        # "0,5" is a decimal comma; "min(b/a, 1)" separates arguments (a comma between digits only)
        source = _DECIMAL_COMMA.sub(".", text.replace("×", "*").replace("÷", "/"))
        if len(source) > _MAX_LENGTH:
            raise ExpressionError("Công thức quá dài.")
        try:
            tree = ast.parse(source, mode="eval")
        except (SyntaxError, ValueError):  # ValueError: a NUL character in the text
            raise ExpressionError(f"Công thức “{text}” viết sai cú pháp.") from None
        names = frozenset(_check(tree.body, text, 0))
        if allowed is not None and not names <= allowed:
            unknown = ", ".join(sorted(names - allowed))
            raise ExpressionError(f"Công thức “{text}” dùng biến chưa khai báo: {unknown}.")
        return cls(text, tree, names)

    @property
    def shown(self) -> str:
        """The formula as the officer reads it: ``(b/a) × 1,0`` (decimal comma, ×), whatever was typed."""
        text = re.sub(r"(?<=\d)\.(?=\d)", ",", self.text)
        text = re.sub(r"\s*[*×]\s*", " × ", text)
        return re.sub(r"\s+", " ", text).strip()

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """Evaluate with the given inputs; raises ``KeyError`` for a missing one, ``ZeroDenominator``
        for a division by zero and ``OutOfRange`` for a result beyond ``MAX_RESULT``."""
        return _eval(self.tree.body, values)


def _check(node: ast.AST, text: str, depth: int) -> set[str]:
    if depth > _MAX_NESTING:
        raise ExpressionError(f"Công thức “{text[:60]}” lồng nhau quá sâu.")
    depth += 1
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        _check_constant(node.value, text)  # type: ignore[arg-type]  # an int or a float, just checked
        return set()
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        return _check(node.left, text, depth) | _check(node.right, text, depth)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        return _check(node.operand, text, depth)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and node.args
        and not node.keywords
    ):
        names: set[str] = set()
        for arg in node.args:
            names |= _check(arg, text, depth)
        return names
    raise ExpressionError(f"Công thức “{text}” chỉ được dùng số, biến, + - * / và min, max.")


def _check_constant(value: int | float, text: str) -> None:
    """A literal within the documented range (``1e999`` parses as an infinite float)."""
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) >= MAX_NUMBER:
        raise ExpressionError(
            f"Công thức “{text[:60]}” có số quá lớn (số trong công thức phải nhỏ hơn "
            f"{format_number(MAX_NUMBER, places=0)})."
        )


def bounded(value: Decimal) -> Decimal:
    """``value``, or ``OutOfRange`` if it lies beyond ``MAX_RESULT`` (results of rules, too)."""
    if abs(value) > MAX_RESULT:
        raise OutOfRange(value)
    return value


def _eval(node: ast.AST, values: Mapping[str, Decimal]) -> Decimal:
    return bounded(_step(node, values))


def _step(node: ast.AST, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return _FUNCTIONS[node.func.id](_eval(arg, values) for arg in node.args)
    assert isinstance(node, ast.BinOp)
    left, right = _eval(node.left, values), _eval(node.right, values)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        raise ZeroDenominator(node.right.id if isinstance(node.right, ast.Name) else None)
    try:
        return left / right
    except (DivisionByZero, InvalidOperation):  # pragma: no cover - guarded above
        raise ZeroDenominator(None) from None

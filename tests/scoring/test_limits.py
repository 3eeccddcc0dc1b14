"""The documented limits (scoring.limits): numbers, formulas and tree shapes outside them are refused."""

from decimal import Decimal

import pytest

from scoring import CriteriaSetError, ExpressionError, Formula, NumberError, build_tree, parse_number, to_decimal
from scoring.expression import OutOfRange
from scoring.limits import MAX_DEPTH, MAX_NUMBER


@pytest.mark.parametrize(
    "text",
    ["1234567890123456789012345", "1000000000000", "-1000000000000", "1.000.000.000.000", "9" * 300],
)
def test_numbers_beyond_twelve_digits_are_refused(text):
    with pytest.raises(NumberError, match="quá|không phải là số"):
        parse_number(text)


def test_the_largest_number_accepted():
    assert parse_number("999.999.999.999,9999") == MAX_NUMBER - Decimal("0.0001")


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e999, 1e25, 10**30, "1E+25"])
def test_foreign_numbers_are_bounded(value):
    with pytest.raises(NumberError):
        to_decimal(value)


def test_an_integer_of_thousands_of_digits_is_refused_without_converting_it():
    with pytest.raises(NumberError, match="hơn 40 chữ số"):
        to_decimal(10**5000)


def test_a_ten_megabyte_number_is_refused_at_once():
    with pytest.raises(NumberError, match="quá dài"):
        parse_number("1" * 10_000_000)


@pytest.mark.parametrize("text", ["1e999 * a", "a + 1234567890123456789012345", "-1e999", "a\x00+1"])
def test_formula_literals_out_of_range_are_refused_when_parsed(text):
    with pytest.raises(ExpressionError):
        Formula.parse(text)


def test_deeply_nested_formulas_are_refused():
    with pytest.raises(ExpressionError):
        Formula.parse("-" * 400 + "a")
    with pytest.raises(ExpressionError):
        Formula.parse("(a+" * 110 + "a" + ")" * 110)


def test_a_result_beyond_the_limit_is_out_of_range_not_a_crash():
    formula = Formula.parse("a*a*a*a")
    with pytest.raises(OutOfRange):
        formula.evaluate({"a": Decimal("999999999999")})
    assert formula.evaluate({"a": Decimal(10)}) == 10_000


def _chain(depth):
    records = [{"key": "1", "parent_key": None, "code": "1", "title": "t", "max": "1"}]
    for level in range(2, depth + 1):
        key = ".".join(["1"] * level)
        parent = ".".join(["1"] * (level - 1))
        records.append({"key": key, "parent_key": parent, "code": key, "title": "t", "max": "1"})
    return records


def test_trees_deeper_than_the_limit_are_refused_without_recursion():
    build_tree(_chain(MAX_DEPTH))
    with pytest.raises(CriteriaSetError, match=f"tối đa {MAX_DEPTH} cấp"):
        build_tree(_chain(5000))


def test_a_parent_cycle_is_refused_naming_a_node():
    records = [
        {"key": "I", "parent_key": None, "code": "I", "title": "t", "max": "2"},
        {"key": "1", "parent_key": "2", "code": "1", "title": "t", "max": "1"},
        {"key": "2", "parent_key": "1", "code": "2", "title": "t", "max": "1"},
    ]
    with pytest.raises(CriteriaSetError, match="vòng lặp"):
        build_tree(records)
    with pytest.raises(CriteriaSetError, match="vòng lặp"):
        build_tree([{"key": "1", "parent_key": "1", "code": "1", "title": "t", "max": "1"}])

"""Quảng Ninh 2.1, (b/a) × 1,0 + (c/a) × 0,5: its inputs are bounded as soon as they are given.

a is every outgoing document, b those sent wholly electronically, c those sent electronically
beside paper (KH 258/KH-UBND). Each part is a count of a's documents, so b ≤ a and c ≤ a hold
between the inputs already typed, as the ratio rule checks them, not only once the third is in.
The plan states no b + c ≤ a: that sum is capped at the max (1,00), not refused.
"""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from scoring import Entry, Kind, Scenario, Severity
from scoring.rules import evaluate_leaf
from tests.conftest import D

A, T = Scenario.ACTUAL, Scenario.TARGET


def leaf(qn_set, scenario=A, **inputs):
    entry = Entry(None, {k: D(v) for k, v in inputs.items()})
    return evaluate_leaf(qn_set.tree.by_key["2.1"], scenario, entry)


def errors(result):
    return [(f.kind, f.message) for f in result.findings if f.severity is Severity.ERROR]


def test_b_above_a_is_refused_before_c_is_given(qn_set):
    result = leaf(qn_set, a=100, b=120)
    assert errors(result) == [(Kind.B_GT_A, "Tiêu chí 2.1 (Tự đánh giá): b = 120 lớn hơn a = 100.")]
    assert result.score is None


def test_the_window_sequence_refuses_b_in_the_target(qn_set):
    # a=100 Tab, b=120 Tab in the detail panel's Mục tiêu row: b is refused when it is typed
    assert errors(leaf(qn_set, T, a=100)) == []
    assert errors(leaf(qn_set, T, a=100, b=120)) == [(Kind.B_GT_A, "Tiêu chí 2.1 (Mục tiêu): b = 120 lớn hơn a = 100.")]
    assert errors(leaf(qn_set, T, a=100, c=0)) == []


def test_c_above_a_and_negative_parts_are_refused_before_the_rest(qn_set):
    assert errors(leaf(qn_set, a=100, c=101)) == [(Kind.B_GT_A, "Tiêu chí 2.1 (Tự đánh giá): c = 101 lớn hơn a = 100.")]
    assert errors(leaf(qn_set, c=-1)) == [(Kind.NEGATIVE, "Tiêu chí 2.1 (Tự đánh giá): c = -1 không được âm.")]
    assert [k for k, _ in errors(leaf(qn_set, a=0))] == [Kind.ZERO_DENOMINATOR]


def test_parts_within_a_stay_incomplete_and_then_give_the_plans_0_99(qn_set):
    partial = leaf(qn_set, a=100, b=98)
    assert errors(partial) == []
    assert [f.kind for f in partial.findings] == [Kind.MISSING_INPUT]
    assert leaf(qn_set, a=100, b=98, c=2).score == D("0.99")  # the plan's 2022 result for 2.1


def test_b_plus_c_above_a_is_not_a_rule_of_the_plan_and_is_capped(qn_set):
    result = leaf(qn_set, a=100, b=80, c=60)
    assert errors(result) == []
    assert result.score == D(1)


counts = st.integers(min_value=-5, max_value=300).map(Decimal)


@given(a=counts, b=counts, c=counts, shown=st.sets(st.sampled_from("abc"), min_size=1, max_size=2))
def test_a_partial_entry_is_refused_exactly_when_its_given_inputs_break_a_bound(qn_set, a, b, c, shown):
    values = {"a": a, "b": b, "c": c}
    given_inputs = {n: values[n] for n in shown}
    result = evaluate_leaf(qn_set.tree.by_key["2.1"], A, Entry(None, given_inputs))
    whole = given_inputs.get("a")
    broken = any(v < 0 for v in given_inputs.values()) or (
        whole is not None and (whole == 0 or any(v > whole for n, v in given_inputs.items() if n != "a"))
    )
    assert bool(errors(result)) == broken
    # refusing early never refuses what the complete entry would accept
    if not errors(evaluate_leaf(qn_set.tree.by_key["2.1"], A, Entry(None, values))):
        assert not broken

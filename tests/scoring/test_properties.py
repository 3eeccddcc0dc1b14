"""Properties that hold for any tree: sums, bounds, monotone ratios."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Assessment, Entry, Scenario, build_tree
from scoring.numbers import quantize_store
from tests.conftest import D

points = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def trees(draw):
    """Random trees of up to three levels with random maxima and typed leaf values."""
    records, values = [], {}
    for i in range(draw(st.integers(1, 4))):
        top = f"{i + 1}"
        records.append({"key": top, "code": top, "parent_key": None, "title": top, "max": draw(points), "rule": {}})
        for j in range(draw(st.integers(0, 4))):
            mid = f"{top}.{j + 1}"
            records.append({"key": mid, "code": mid, "parent_key": top, "title": mid, "max": draw(points), "rule": {}})
            for k in range(draw(st.integers(0, 3))):
                leaf = f"{mid}.{k + 1}"
                maximum = draw(points)
                records.append(
                    {"key": leaf, "code": leaf, "parent_key": mid, "title": leaf, "max": maximum, "rule": {}}
                )
                if draw(st.booleans()):
                    values[leaf] = draw(st.decimals(min_value=0, max_value=maximum, places=2))
    return records, values


@settings(max_examples=150, deadline=None)
@given(trees())
def test_parent_is_the_clamped_sum_of_children_and_scores_stay_in_bounds(data):
    records, values = data
    tree = build_tree(records)
    entries = {Scenario.ACTUAL: {k: Entry(v) for k, v in values.items()}}
    assessment = Assessment(tree, entries)
    for node in tree:
        value = assessment.score(node.key, Scenario.ACTUAL)
        if value is not None:
            assert 0 <= value <= node.max
        if node.children:
            scores = [assessment.score(c.key, Scenario.ACTUAL) for c in node.children]
            present = [s for s in scores if s is not None]
            if present:
                assert value == min(max(sum(present, Decimal(0)), Decimal(0)), node.max)
            else:
                assert value is None


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(1, 10_000),
    b1=st.integers(0, 10_000),
    b2=st.integers(0, 10_000),
    gate=st.sampled_from([None, "0.9", "0.5"]),
    maximum=st.sampled_from(["0.5", "1", "1.5", "6"]),
)
def test_ratio_never_decreases_when_b_grows(a, b1, b2, gate, maximum):
    b1, b2 = sorted((min(b1, a), min(b2, a)))
    rule = {"kind": "ratio"} | ({"gate": gate} if gate else {})
    tree = build_tree([{"key": "1", "code": "1", "parent_key": None, "title": "t", "max": maximum, "rule": rule}])
    assessment = Assessment(tree)
    results = []
    for b in (b1, b2):
        assessment.set_entry("1", Scenario.ACTUAL, Entry(None, {"a": D(a), "b": D(b)}))
        results.append(assessment.score("1", Scenario.ACTUAL))
    assert results[0] <= results[1] <= D(maximum)
    assert results[1] == (0 if gate and D(b2) / D(a) < D(gate) else quantize_store(D(b2) / D(a) * D(maximum)))


@settings(max_examples=100, deadline=None)
@given(trees(), st.data())
def test_incremental_update_equals_full_recalculation(data, draw):
    records, values = data
    tree = build_tree(records)
    assessment = Assessment(tree)
    leaves = [n for n in tree.leaves()]
    for _ in range(5):
        leaf = draw.draw(st.sampled_from(leaves))
        value = draw.draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=leaf.max, places=2)))
        assessment.set_entry(leaf.key, Scenario.TARGET, Entry(value))
    incremental = {k: r.score for k, r in assessment.results[Scenario.TARGET].items()}
    assessment.recalculate()
    assert incremental == {k: r.score for k, r in assessment.results[Scenario.TARGET].items()}

"""The incremental state after any sequence of edits equals a recalculation from scratch."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import TOTAL_KEY, Assessment, Entry, Scenario, build_tree
from scoring.totals import Tally

points = st.decimals(min_value=0, max_value=6, places=2, allow_nan=False, allow_infinity=False)
LEAF_RULES = [
    {"kind": "direct"},
    {"kind": "ratio", "gate": "0.9"},
    {"kind": "ratio"},
    {"kind": "survey"},
    {"kind": "options", "options": [{"label": "đạt", "fraction": "1"}, {"label": "một nửa", "fraction": "0.5"}]},
]


@st.composite
def trees(draw):
    """Regular lĩnh vực (with criteria, sub-criteria and parts), a bonus and a penalty group."""
    records = []
    for i in range(draw(st.integers(1, 3))):
        top = f"{i + 1}"
        records.append({"key": top, "code": top, "parent_key": None, "title": top, "max": draw(points), "rule": {}})
        for j in range(draw(st.integers(0, 3))):
            mid = f"{top}.{j + 1}"
            leaves = draw(st.integers(0, 3))
            records.append({"key": mid, "code": mid, "parent_key": top, "title": mid, "max": draw(points), "rule": {}})
            parts = leaves == 0 and draw(st.booleans())
            for k in range(leaves or (2 if parts else 0)):
                key = f"{mid}#{k + 1}" if parts else f"{mid}.{k + 1}"
                rule = draw(st.sampled_from(LEAF_RULES))
                records.append(
                    {"key": key, "code": "" if parts else key, "parent_key": mid, "title": key, "is_part": parts}
                    | {"max": draw(points), "rule": rule}
                )
    if draw(st.booleans()):
        records.append({"key": "B", "code": "B", "parent_key": None, "title": "thưởng", "max": "1", "group": "bonus"})
        records.append({"key": "B.1", "code": "B.1", "parent_key": "B", "title": "b", "max": "1"})
    if draw(st.booleans()):
        records.append({"key": "P", "code": "P", "parent_key": None, "title": "trừ", "max": "-2", "group": "penalty"})
        penalty = {"kind": "penalty", "points": "-0.5", "per": True, "floor": "-1.5"}
        records.append({"key": "P.1", "code": "P.1", "parent_key": "P", "title": "p", "max": "-2", "rule": penalty})
    return build_tree(records)


def entries_for(node, draw):
    """Something an officer (or an imported file) could store: typed values, inputs, or nothing."""
    kind = node.rule.kind.value
    number = st.decimals(min_value=0, max_value=8, places=2, allow_nan=False, allow_infinity=False)
    choices = [st.just(Entry()), number.map(Entry)]
    if kind == "ratio":
        pair = st.tuples(st.integers(0, 50), st.integers(0, 60))
        choices.append(pair.map(lambda ab: Entry(None, {"a": Decimal(ab[0]), "b": Decimal(ab[1])})))
    if kind == "options":
        choices.append(st.integers(0, 3).map(lambda o: Entry(None, {"option": Decimal(o)})))
    if kind == "penalty":
        choices.append(st.integers(0, 5).map(lambda n: Entry(None, {"n": Decimal(n)})))
    return draw(st.one_of(choices))


def snapshot(assessment):
    """Everything an edit may change, in text form so that 0,5 and 0,50 count as different."""
    results = {s: {k: (str(r.score), r.findings) for k, r in assessment.results[s].items()} for s in Scenario}
    return {
        "results": results,
        "max": {k: str(v) for k, v in assessment.applicable_max.items()},
        "excluded": set(assessment.excluded),
        "leaves": list(assessment.regular_leaves.items()),
        "totals": {s: repr(assessment.totals(s)) for s in Scenario},
        "findings": assessment.findings(),
        "node_findings": {k: assessment.node_findings(k) for k in [*assessment.tree.by_key, TOTAL_KEY]},
        "counts": assessment.finding_counts(),
    }


def edit(assessment, draw):
    """One random edit through the public API; returns its Changes."""
    tree = assessment.tree
    what = draw(st.sampled_from(["entry", "entry", "entry", "parent", "total", "not_applicable", "supported"]))
    nodes = list(tree)
    if what == "not_applicable":
        return assessment.set_not_applicable(draw(st.sampled_from(nodes)).key, draw(st.booleans()))
    if what == "supported":
        return assessment.set_supported(draw(st.sets(st.sampled_from([n.key for n in nodes]))))
    scenario = draw(st.sampled_from(list(Scenario)))
    if what == "total":
        value = draw(st.one_of(st.none(), points))
        return assessment.set_entry(TOTAL_KEY, scenario, Entry(value))
    if what == "parent":  # a stated parent value, as an imported table carries
        node = draw(st.sampled_from([n for n in nodes if n.children] or nodes))
        return assessment.set_entry(node.key, scenario, Entry(draw(st.one_of(st.none(), points))))
    node = draw(st.sampled_from([n for n in nodes if not n.children]))
    return assessment.set_entry(node.key, scenario, entries_for(node, draw))


@settings(max_examples=300, deadline=None)
@given(trees(), st.booleans(), st.data())
def test_incremental_state_equals_recalculation_after_random_edits(tree, tracked, data):
    draw = data.draw
    assessment = Assessment(tree, supported=set() if tracked else None)
    for _ in range(draw(st.integers(1, 12))):
        before = snapshot(assessment)
        changes = edit(assessment, draw)
        after = snapshot(assessment)
        fresh = Assessment(tree, assessment.entries, assessment.not_applicable, assessment.supported)
        assert snapshot(fresh) == after
        moved = {k for s in Scenario for k in after["results"][s] if after["results"][s][k] != before["results"][s][k]}
        assert moved <= set(changes)
        found = [k for k, f in after["node_findings"].items() if f != before["node_findings"][k]]
        assert list(changes.findings) == found
        assert list(changes.totals) == [s for s in Scenario if after["totals"][s] != before["totals"][s]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.one_of(st.none(), points)), max_size=30))
def test_a_tally_equals_the_sum_of_the_values_present(moves):
    tally, present = Tally(), []
    for add, value in moves:
        if add or not present:
            tally.add(value)
            present.append(value)
        else:
            gone = present.pop(0)
            tally.remove(gone)
    assert str(tally.value) == str(Tally(present).value)
    numbers = [v for v in present if v is not None]
    assert tally.value == (sum(numbers, Decimal(0)) if numbers else None)

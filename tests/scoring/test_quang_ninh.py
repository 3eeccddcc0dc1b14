"""Every scoring rule of the Quảng Ninh plan (KH 258/KH-UBND), with the plan's own numbers."""

from decimal import Decimal

import pytest

from scoring import Assessment, Entry, Kind, RuleKind, Scenario, format_number
from tests.conftest import D
from tests.seed_values import QN_LEAVES, QN_STATED

A = Scenario.ACTUAL


def score(qn_set, key, **inputs):
    assessment = Assessment(qn_set.tree)
    assessment.set_entry(key, A, Entry(None, {k: D(v) for k, v in inputs.items()}))
    return assessment, assessment.score(key, A)


def test_tree_keeps_the_plans_numbering(qn_set):
    codes = [n.code for n in qn_set.tree if not n.is_part]
    assert codes[:3] == ["I", "1", "1.1"]
    assert codes[-1] == "3.6"
    assert qn_set.tree.by_key["1"].parent.code == "I"
    assert len([n for n in qn_set.tree if n.code.count(".") == 1]) == 14


def test_1_1_yes_no_options(qn_set):
    assert score(qn_set, "1.1", option=1)[1] == D("0.5")
    assert score(qn_set, "1.1", option=2)[1] == D(0)


def test_1_2_partial_credit_is_half_of_the_part(qn_set):
    assert score(qn_set, "1.2#1", option=1)[1] == D("0.5")
    assert score(qn_set, "1.2#1", option=2)[1] == D("0.25")
    assessment, _ = score(qn_set, "1.2#1", option=1)
    assessment.set_entry("1.2#2", A, Entry(None, {"option": D(2)}))
    assert assessment.score("1.2", A) == D("0.5")  # the plan's 0,5: first part met, not connected


@pytest.mark.parametrize("code", ["1.3", "1.4", "3.4"])
def test_plain_ratios(qn_set, code):
    assessment, value = score(qn_set, code, a=50, b=37)
    assert value == D("0.74")
    assert assessment.explain(code, A) == "b/a = 37/50 = 0,74 → 0,74 × 1,00 = 0,74 điểm."


def test_2_1_weighted_ratio_capped_at_max(qn_set):
    assert score(qn_set, "2.1", a=100, b=98, c=2)[1] == D("0.99")  # the plan's 0,99
    assert score(qn_set, "2.1", a=100, b=90, c=10)[1] == D("0.95")
    assert score(qn_set, "2.1", a=100, b=95, c=15)[1] == D("1")  # 0,95 + 0,075 > 1,0 → capped


def test_2_2_conditions_over_all_units(qn_set):
    assert score(qn_set, "2.2#1", a=20, b=20)[1] == D("0.25")
    assert score(qn_set, "2.2#1", a=20, b=19)[1] == D(0)


def test_2_3_bands_from_80_percent_of_communes(qn_set):
    assert score(qn_set, "2.3#3", a=100, b=80)[1] == D("0.5")
    assert score(qn_set, "2.3#3", a=100, b=100)[1] == D("0.5")
    assessment, value = score(qn_set, "2.3#3", a=100, b=79)
    assert value == D(0)
    assert "< 0,8 → 0 điểm" in assessment.explain("2.3#3", A)


def test_2_4_mixes_an_option_and_a_ratio(qn_set):
    assessment = Assessment(qn_set.tree)
    assessment.set_entry("2.4#1", A, Entry(None, {"option": D(1)}))
    assessment.set_entry("2.4#2", A, Entry(None, {"a": D(10), "b": D(7)}))
    assert assessment.score("2.4", A) == D("1.2")


def test_3_3_gate_at_90_percent(qn_set):
    assert score(qn_set, "3.3", a=200, b=179)[1] == D(0)
    assert score(qn_set, "3.3", a=200, b=180)[1] == D("0.9")
    assessment, value = score(qn_set, "3.3", a=200, b=181)
    assert format_number(value) == "0,91"


def test_3_5_step_at_40_percent(qn_set):
    assert score(qn_set, "3.5", a=1000, b=400)[1] == D(1)
    assert score(qn_set, "3.5", a=1000, b=399)[1] == D(0)


def test_3_6_three_half_point_ratios(qn_set):
    assessment = Assessment(qn_set.tree)
    for key, (a, b) in {"3.6#1": (10, 5), "3.6#2": (10, 5), "3.6#3": (10, 6)}.items():
        assessment.set_entry(key, A, Entry(None, {"a": D(a), "b": D(b)}))
    assert assessment.score("3.6", A) == D("0.8")  # the plan's 0,25 + 0,25 + 0,3


def test_rounding_29_of_200_shows_0_15(qn_set):
    _, value = score(qn_set, "1.3", a=200, b=29)
    assert format_number(value) == "0,15"


def test_every_rule_kind_of_the_plan_is_used(qn_set):
    kinds = {n.rule.kind for n in qn_set.tree}
    assert {RuleKind.OPTIONS, RuleKind.PARTS, RuleKind.RATIO, RuleKind.FORMULA, RuleKind.BANDS, RuleKind.SUM} <= kinds
    assert qn_set.tree.by_key["3.3"].rule.gate == Decimal("0.9")


def test_totals_reproduced_from_leaf_values(qn_set):
    assessment = Assessment(qn_set.tree)
    for key, (actual, target) in QN_LEAVES.items():
        for scenario, value in ((Scenario.ACTUAL, actual), (Scenario.TARGET, target)):
            if value is not None:
                assessment.set_entry(key, scenario, Entry(D(value)))
    for code, (_max, actual, target) in QN_STATED.items():
        assert assessment.score(code, Scenario.ACTUAL) == D(actual), code
        assert assessment.score(code, Scenario.TARGET) == D(target), code
    assert format_number(assessment.totals(Scenario.ACTUAL).final) == "8,79"
    assert format_number(assessment.totals(Scenario.TARGET).final) == "11,39"
    assert not [f for f in assessment.findings() if f.severity == "error"]


def test_known_defect_declared_max_13_5_vs_14_5(qn_set):
    findings = [f for f in Assessment(qn_set.tree).findings() if f.kind is Kind.MAX_SUM]
    assert [(f.code, f.numbers["declared"], f.numbers["children"]) for f in findings] == [("I", D("13.5"), D("14.5"))]
    assert findings[0].message == "Lĩnh vực I: điểm tối đa ghi 13,50 khác tổng điểm tối đa các tiêu chí con 14,50."


def test_a_stated_sum_names_a_linh_vuc_as_such(qn_set):
    """The findings called the lĩnh vực "Tiêu chí I" and a tiêu chí "Tiêu chí 1": each by its own word."""
    assessment = Assessment(qn_set.tree)
    assessment.set_entry("1.1", A, Entry(None, {"option": D(1)}))
    for key in ("I", "1"):
        assessment.set_entry(key, A, Entry(D(9)))  # typed on the parent rows, as tables state them
    said = {f.code: f.message for f in assessment.findings() if f.kind is Kind.STATED_SUM}
    assert said["I"].startswith("Lĩnh vực I (Tự đánh giá): số ghi 9,00 khác tổng tính được"), said
    assert said["1"].startswith("Tiêu chí 1 (Tự đánh giá): số ghi 9,00"), said


def test_bad_inputs_give_findings_not_crashes(qn_set):
    for inputs, kind in (
        ({"a": 200, "b": 210}, Kind.B_GT_A),
        ({"a": 0, "b": 0}, Kind.ZERO_DENOMINATOR),
        ({"a": 10, "b": -1}, Kind.NEGATIVE),
    ):
        assessment, value = score(qn_set, "3.3", **inputs)
        assert value is None
        assert [f.kind for f in assessment.node_findings("3.3")] == [kind]
    assessment, value = score(qn_set, "3.3", a=200)
    assert value is None
    assert assessment.node_findings("3.3")[0].kind is Kind.MISSING_INPUT

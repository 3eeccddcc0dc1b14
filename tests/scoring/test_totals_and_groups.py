"""Bonus and penalty groups, not-applicable nodes, implied parents, gaps and template validation."""

import pytest

from scoring import (
    Assessment,
    CriteriaSetError,
    Entry,
    Kind,
    Scenario,
    load_criteria_set,
)
from scoring.gaps import rank_gaps
from tests.conftest import D

A = Scenario.ACTUAL

SET = """
[criteria_set]
id = "x"
title = "Bộ thử"

[[node]]
code = "I"
title = "Lĩnh vực một"
max = 10

[[node]]
code = "1"
title = "Tiêu chí"
max = 6

[[node]]
code = "2"
title = "Tiêu chí hai"
max = 4

[[node]]
code = "IV"
title = "Lĩnh vực bốn (đánh số nhảy cóc)"
max = 5

[[node]]
code = "IV.1.1"
title = "Mục không có cha"
max = 5

[[node]]
code = "B"
title = "Điểm thưởng"
max = 3
group = "bonus"

[[node]]
code = "B.1"
title = "Sáng kiến"
max = 2

[[node]]
code = "B.2"
title = "Giải thưởng"
max = 2

[[node]]
code = "P"
title = "Điểm trừ"
max = -5
group = "penalty"

[[node]]
code = "P.1"
title = "Chậm báo cáo, trừ 01 điểm mỗi ngày"
max = -5
rule = { kind = "penalty", points = -1, per = true }

[[node]]
code = "P.2"
title = "Để xảy ra sai phạm: trừ 0,5 điểm"
max = -0.5
rule = { kind = "penalty", points = -0.5 }
"""


@pytest.fixture
def assessment():
    return Assessment(load_criteria_set(SET).tree)


def test_implied_parent_and_numbering_gaps(assessment):
    tree = assessment.tree
    implied = tree.by_key["IV.1"]
    assert implied.implied and implied.parent.code == "IV"
    assert tree.by_key["IV.1.1"].parent is implied
    assert [f.kind for f in assessment.template_findings] == [Kind.IMPLIED_PARENT]


def test_final_is_regular_plus_bonus_minus_penalties(assessment):
    for key, value in {"1": "5", "2": "4", "IV.1.1": "4", "B.1": "2", "B.2": "2"}.items():
        assessment.set_entry(key, A, Entry(D(value)))
    assessment.set_entry("P.1", A, Entry(None, {"n": D(3)}))
    assessment.set_entry("P.2", A, Entry(None, {"n": D(1)}))
    totals = assessment.totals(A)
    assert totals.max == 15  # bonus and penalty groups are not in the regular maximum
    assert totals.regular == 13
    assert totals.bonus == 3  # 2 + 2 capped at the group's 3
    assert totals.penalty == D("-3.5")
    assert totals.final == D("12.5")
    assert round(totals.percent, 2) == D("83.33")
    assert totals.group == "B"


def test_penalty_per_occurrence_has_a_floor(assessment):
    assessment.set_entry("P.1", A, Entry(None, {"n": D(9)}))
    assert assessment.score("P.1", A) == -5
    assert "trừ tối đa" in assessment.explain("P.1", A)


def test_not_applicable_leaves_score_and_max_out(assessment):
    assessment.set_entry("1", A, Entry(D(6)))
    assessment.set_entry("2", A, Entry(D(2)))
    assessment.set_entry("IV.1.1", A, Entry(D(5)))
    assert assessment.totals(A).percent == D(13) / D(15) * 100
    changed = assessment.set_not_applicable("2", True)
    assert {"2", "I"} <= set(changed)
    totals = assessment.totals(A)
    assert (totals.max, totals.final) == (11, 11)
    assert totals.percent == 100
    assert assessment.applicable_max["I"] == 6


def test_gaps_rank_points_at_stake(assessment):
    assessment.set_entry("1", A, Entry(D(2)))
    assessment.set_entry("1", Scenario.TARGET, Entry(D(5)))
    assessment.set_entry("2", A, Entry(D(4)))
    gaps = rank_gaps(assessment)
    top = gaps[0]
    assert (top.code, top.lost, top.to_target) == ("IV.1.1", 5, None)
    one = next(g for g in gaps if g.code == "1")
    assert (one.lost, one.to_target) == (4, 3)


def test_target_below_actual_is_reported(assessment):
    assessment.set_entry("1", A, Entry(D(5)))
    assessment.set_entry("1", Scenario.TARGET, Entry(D(4)))
    assert [f.kind for f in assessment.node_findings("1")] == [Kind.TARGET_BELOW_ACTUAL]


def test_typed_score_over_max_is_an_error_and_clamped(assessment):
    assessment.set_entry("1", A, Entry(D(7)))
    assert assessment.score("1", A) == 6
    assert assessment.node_findings("1")[0].kind is Kind.OVER_MAX


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[node]]\ncode = "1"\ntitle = "a"\nmax = 1\n[[node]]\ncode = "1"\ntitle = "b"\nmax = 1', "bị trùng"),
        ('[[node]]\ncode = "1"\ntitle = "a"', "thiếu điểm tối đa"),
        ('[[node]]\ncode = "1"\ntitle = "a"\nmax = "x"', "không phải là số"),
        ('[[node]]\ncode = "1"\ntitle = "a"\nmax = 1\nrule = "magic"', "quy tắc"),
        (
            '[[node]]\ncode = "1"\ntitle = "a"\nmax = 1\nrule = { kind = "formula", expr = "__import__(1)" }',
            "chỉ được dùng",
        ),
        (
            '[[node]]\ncode = "1"\ntitle = "a"\nmax = 1\nrule = { kind = "options", options = [{label="x", points=2},'
            '{label="y", points=0}] }',
            "ngoài khoảng",
        ),
        ('[[node]]\ncode = "1"\ntitle = ""\nmax = 1', "không có tên"),
        ("", "không có tiêu chí"),
    ],
)
def test_template_errors_name_the_node(body, message):
    with pytest.raises(CriteriaSetError, match=message):
        load_criteria_set(f'[criteria_set]\nid = "x"\ntitle = "X"\n{body}')


def test_bad_toml_is_a_clear_error():
    with pytest.raises(CriteriaSetError, match="TOML"):
        load_criteria_set("[criteria_set\n")

"""Section I sentences: what counts as complete, what is still to come from others, in words."""

from __future__ import annotations

from desktop.documents.results_text import domain_lines, is_complete, missing_leaves, total_sentence
from scoring import Assessment, Entry, Scenario, load_criteria_set
from tests.conftest import D
from tests.scoring.test_totals_and_groups import SET as WITH_BONUS_AND_PENALTY

A = Scenario.ACTUAL

MODES = """
[criteria_set]
id = "modes"
title = "Bộ thử: ai chấm"

[[node]]
code = "1"
title = "Lĩnh vực tự chấm"
max = 4

[[node]]
code = "1.1"
title = "Tự chấm"
max = 2

[[node]]
code = "1.2"
title = "Hội đồng chấm, hai nội dung"
max = 2
mode = "council"

[[node.part]]
title = "nội dung 1"
max = 1

[[node.part]]
title = "nội dung 2"
max = 1

[[node]]
code = "2"
title = "Lĩnh vực khảo sát"
max = 6
mode = "survey"

[[node]]
code = "2.1"
title = "Khảo sát"
max = 6
mode = "survey"
"""


def assessment(text: str, values: dict[str, str]) -> Assessment:
    result = Assessment(load_criteria_set(text).tree)
    for key, value in values.items():
        result.set_entry(key, A, Entry(D(value)))
    return result


def test_bonus_and_penalty_items_are_not_awaited():
    # every regular criterion scored; the bonus and penalty items are not the self-assessment's gaps
    done = assessment(WITH_BONUS_AND_PENALTY, {"1": "5", "2": "4", "IV.1.1": "4"})
    assert is_complete(done, A) and missing_leaves(done, A) == ([], 3)
    assert total_sentence(done, A, "X") == "Tổng điểm X đạt 13,00/15,00 điểm (đạt chỉ số 86,67%, nhóm B)."


def test_a_part_is_scored_by_whoever_scores_its_criterion():
    done = assessment(MODES, {"1.1": "2"})
    assert is_complete(done, A)  # the council's two nội dung are not the unit's to score
    assert [n.key for n in missing_leaves(done, Scenario.TARGET)[0]] == ["1.1", "1.2#1", "1.2#2", "2.1"]


def test_points_to_come_are_named_by_who_scores_them():
    done = assessment(MODES, {"1.1": "2"})
    assert total_sentence(done, A, "X") == (
        "Tổng điểm X đạt 2,00/2,00 điểm (chưa gồm 6,00 điểm điều tra xã hội học và 2,00 điểm do hội đồng "
        "thẩm định chấm)."
    )
    assert domain_lines(done, A) == [
        "- Lĩnh vực 1: Lĩnh vực tự chấm đạt 2,00/2,00 điểm (chưa gồm 2,00 điểm do hội đồng thẩm định chấm).",
        "- Lĩnh vực 2: Lĩnh vực khảo sát chờ kết quả điều tra xã hội học (tối đa 6,00 điểm).",
    ]


def test_a_partial_total_is_provisional():
    started = assessment(MODES, {})
    assert total_sentence(started, A, "X") is None
    assert domain_lines(started, A)[0] == "- Lĩnh vực 1: Lĩnh vực tự chấm chưa có kết quả (tối đa 4,00 điểm)."
    appraised = assessment(MODES, {})
    appraised.set_entry("1.1", Scenario.APPRAISED, Entry(D("1.5")))
    assert total_sentence(appraised, Scenario.APPRAISED, "Y") == (
        "Tổng điểm Y tạm tính đạt 1,50/10,00 điểm, trong đó: điểm thực hiện công tác cải cách hành chính "
        "đạt 1,50/4,00 điểm; điểm điều tra xã hội học chưa có kết quả (tối đa 6,00 điểm)."
    )


def test_entered_survey_points_are_said_to_be_the_published_survey_not_the_units():
    from desktop.templates import get_set
    from scoring import Mode

    tree = get_set("par-tinh-2020").tree
    entries = {s: {} for s in Scenario}
    for leaf in tree.leaves():
        entries[A][leaf.key] = Entry(leaf.max / 2)
    assessment = Assessment(tree, entries)
    text = total_sentence(assessment, A, "tự đánh giá")
    assert "điểm đơn vị tự chấm đạt 33,25/66,50 điểm" in text
    assert "điểm điều tra xã hội học đạt 16,75/33,50 điểm (theo kết quả điều tra đã công bố, không do đơn vị" in text
    survey = [n for n in tree.roots if any(leaf.mode is Mode.SURVEY for leaf in tree.leaves() if n in leaf.ancestors())]
    lines = domain_lines(assessment, A)
    assert survey and all("điểm điều tra xã hội học đã công bố" in lines[int(n.code) - 1] for n in survey)
    # last year's published index names the parts as published, without the self-assessment wording
    entries[Scenario.PREVIOUS] = dict(entries[A])
    previous = total_sentence(Assessment(tree, entries), Scenario.PREVIOUS, "năm trước")
    assert "điểm thực hiện công tác cải cách hành chính đạt" in previous and "tự chấm" not in previous

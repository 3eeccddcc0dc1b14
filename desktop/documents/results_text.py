"""Sentences that state a year's result from the data, worded as the Đắk Nông plan 434/KH-UBND words them.

"Tổng điểm … đạt 86,26/100 điểm …" and, per lĩnh vực, "- Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC
đạt 7,46/8,5 điểm, đạt chỉ số 87,76%." Numbers are the scoring core's, rounded half-up; nothing is typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from scoring import Assessment, Group, Mode, Node, Scenario, format_number, leaves_led_by

__all__ = [
    "domain_lines",
    "is_complete",
    "missing_leaves",
    "number",
    "own_leaves",
    "percent",
    "progress_note",
    "percent_of",
    "sentence_case",
    "total_sentence",
]

_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def number(value: Decimal | None) -> str:
    """Points in a document: decimal comma, always two places (7,46/8,50; 86,26/100,00), as the
    app's tree and summary, its Excel tables and the command line show them, so a figure copied
    from one to the other reads alike; rounded half-up (0,8791 → 0,88)."""
    return format_number(value, empty="—")


def percent(value: Decimal) -> str:
    """An index in prose, always two places: "88,10%" beside "87,76%", not "88,1%"."""
    return f"{format_number(value)}%"


def percent_of(score: Decimal | None, maximum: Decimal) -> Decimal | None:
    if score is None or not maximum:
        return None
    return score / maximum * 100


def sentence_case(title: str) -> str:
    """A title in capitals in sentence case, acronyms kept: "CÔNG TÁC … CCHC" → "Công tác … CCHC".

    A title typed in capitals is lowered except words without a vowel (CCHC, TTHC, QPPL), which
    are abbreviations; a title already in mixed case is left as written.
    """
    if title != title.upper():
        return title
    words = []
    for word in title.split(" "):
        letters = word.strip('()“”",.;:-').lower()
        words.append(word if letters and not (_VOWELS & set(letters)) else word.lower())
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def total_sentence(
    assessment: Assessment, scenario: Scenario, subject: str, *, published: Decimal | None = None
) -> str | None:
    """The total in one sentence ("Tổng điểm … đạt x/y điểm (đạt chỉ số z%, nhóm B), trong đó: …"), or None.

    The index and its group are stated only when every leaf has its score: a group worked out from
    half the criteria would be a false statement over a signature, so a partial total says "tạm tính".
    A self-assessment is complete without the survey's points, which others score later: they are
    named as not yet included, and no index over 100 is claimed. ``published`` replaces the sum
    (and the index worked out from it) by the figure an authority published.
    """
    totals = assessment.totals(scenario)
    if totals.final is None:
        return None
    if published is not None:
        totals = replace(totals, final=published, percent=percent_of(published, totals.max))
    reached = "đạt" if is_complete(assessment, scenario) else "tạm tính đạt"
    later = _scored_later(assessment, list(assessment.regular_leaves), scenario)
    if later:
        top = totals.max - sum(later.values(), Decimal(0))
        notes = f"chưa gồm {_points(later)}"
        published_part = _published_survey(assessment, list(assessment.regular_leaves), scenario)
        if published_part is not None:
            notes = f"gồm {number(published_part)} điểm điều tra xã hội học {PUBLISHED_SURVEY}; {notes}"
        return f"Tổng điểm {subject} {reached} {number(totals.final)}/{number(top)} điểm ({notes})."
    text = f"Tổng điểm {subject} {reached} {number(totals.final)}/{number(totals.max)} điểm"
    if totals.percent is not None and reached == "đạt":
        text += f" (đạt chỉ số {percent(totals.percent)}, nhóm {totals.group})"
    if totals.survey_max and totals.self_max:
        own = scenario is Scenario.ACTUAL  # a self-assessment: the survey's points are not the unit's
        parts = (
            ("điểm đơn vị tự chấm" if own else "điểm thực hiện công tác cải cách hành chính", totals.self_score),
            ("điểm điều tra xã hội học", totals.survey_score),
        )
        tops = (totals.self_max, totals.survey_max)
        said = [_reached(label, score, top) for (label, score), top in zip(parts, tops, strict=True)]
        if own and totals.survey_score is not None:
            said[1] += f" ({PUBLISHED_SURVEY})"
        text += ", trong đó: " + "; ".join(said)
    return text + "."


# how a self-assessment names survey points it holds: entered from the published result, not scored
PUBLISHED_SURVEY = "theo kết quả điều tra đã công bố, không do đơn vị tự chấm"


def _reached(label: str, score: Decimal | None, maximum: Decimal) -> str:
    if score is None:
        return f"{label} chưa có kết quả (tối đa {number(maximum)} điểm)"
    return f"{label} đạt {number(score)}/{number(maximum)} điểm"


def _domain_line(assessment: Assessment, node: Node, scenario: Scenario) -> str:
    score = assessment.score(node.key, scenario)
    maximum = assessment.applicable_max[node.key]
    head = f"- Lĩnh vực {node.code}: {sentence_case(node.title)}"
    keys = [leaf.key for leaf in _leaves_under(node) if leaf.key in assessment.regular_leaves]
    unscored = sum(1 for key in keys if _awaited(assessment, key, scenario))
    later = _scored_later(assessment, keys, scenario)
    if score is None and later and not unscored:
        # nothing in it is the unit's to score: its points come from the survey or the council
        return f"{head} chờ kết quả {_who(later)} (tối đa {number(maximum)} điểm)."
    if score is None:
        return f"{head} chưa có kết quả (tối đa {number(maximum)} điểm)."
    notes = [f"{unscored} tiêu chí, tiêu chí thành phần chưa có điểm"] if unscored else []
    published = _published_survey(assessment, keys, scenario)
    if published is not None:
        notes.append(f"gồm {number(published)} điểm điều tra xã hội học đã công bố")
    if later:
        notes.append(f"chưa gồm {_points(later)}")
        maximum -= sum(later.values(), Decimal(0))
    if notes:
        # a share of a partly scored lĩnh vực is no index: say what is not yet in the figure instead
        reached = "tạm tính đạt" if unscored else "đạt"
        return f"{head} {reached} {number(score)}/{number(maximum)} điểm ({'; '.join(notes)})."
    share = percent_of(score, maximum)
    return f"{head} đạt {number(score)}/{number(maximum)} điểm" + (
        f", đạt chỉ số {percent(share)}." if share is not None else "."
    )


def _published_survey(assessment: Assessment, keys: list[str], scenario: Scenario) -> Decimal | None:
    """In a self-assessment, the survey points already entered (from the published survey)."""
    if scenario is not Scenario.ACTUAL:
        return None
    scores = [assessment.score(key, scenario) for key in keys if assessment.regular_leaves[key] is Mode.SURVEY]
    entered = [score for score in scores if score is not None]
    return sum(entered, Decimal(0)) if entered else None


def _leaves_under(node: Node) -> Iterator[Node]:
    if node.is_leaf:
        yield node
    for child in node.children:
        yield from _leaves_under(child)


def _unit_scores(assessment: Assessment, key: str, scenario: Scenario) -> bool:
    """The self-assessment covers what the unit scores itself; survey and council points come later."""
    return scenario is not Scenario.ACTUAL or assessment.regular_leaves[key] is Mode.SELF


def _awaited(assessment: Assessment, key: str, scenario: Scenario) -> bool:
    """A counted leaf (regular group, applicable) the scenario should score that has no score yet."""
    return _unit_scores(assessment, key, scenario) and assessment.score(key, scenario) is None


# Who scores what the unit does not: (as in "chờ kết quả …", as in "chưa gồm 6 …").
_LATER = {
    Mode.SURVEY: ("điều tra xã hội học", "điểm điều tra xã hội học"),
    Mode.COUNCIL: ("hội đồng thẩm định", "điểm do hội đồng thẩm định chấm"),
}


def _scored_later(assessment: Assessment, keys: list[str], scenario: Scenario) -> dict[Mode, Decimal]:
    """In a self-assessment, the points of unscored leaves that others score later, by who scores them."""
    later: dict[Mode, Decimal] = {}
    for key in keys:
        if not _unit_scores(assessment, key, scenario) and assessment.score(key, scenario) is None:
            mode = assessment.regular_leaves[key]
            later[mode] = later.get(mode, Decimal(0)) + assessment.applicable_max[key]
    return {mode: later[mode] for mode in _LATER if mode in later}


def _points(later: dict[Mode, Decimal]) -> str:
    """ "10 điểm điều tra xã hội học và 10 điểm do hội đồng thẩm định chấm"."""
    return " và ".join(f"{number(points)} {_LATER[mode][1]}" for mode, points in later.items())


def _who(later: dict[Mode, Decimal]) -> str:
    return " và ".join(_LATER[mode][0] for mode in later)


def domain_lines(assessment: Assessment, scenario: Scenario) -> list[str]:
    """One line per scored lĩnh vực (regular, applicable), in the tree's order."""
    lines = []
    for node in assessment.tree.roots:
        if node.group is not Group.REGULAR or assessment.is_excluded(node):
            continue
        lines.append(_domain_line(assessment, node, scenario))
    return lines


def missing_leaves(
    assessment: Assessment, scenario: Scenario, within: set[str] | None = None
) -> tuple[list[Node], int]:
    """Leaves without a score in ``scenario``, and how many leaves should have one.

    Applicable leaves of the regular groups count (not bonus or penalty items); for the
    self-assessment only those the unit scores itself (survey and council results arrive later);
    ``within``: only those leaves (the ones a unit leads).
    """
    expected = [
        key
        for key in assessment.regular_leaves
        if _unit_scores(assessment, key, scenario) and (within is None or key in within)
    ]
    nodes = assessment.tree.by_key
    return [nodes[key] for key in expected if assessment.score(key, scenario) is None], len(expected)


def progress_note(assessment: Assessment, scenario: Scenario, unit: str, own: set[str] | None) -> str | None:
    """What a total does not hold yet, said under it ("Lưu ý: mới tự chấm điểm 2/83 …"), or None.

    ``own``: the criteria ``unit`` leads, when it leads some of the set's: the others are other
    units' to score, so the note says how far its own have come.
    """
    missing, expected = missing_leaves(assessment, scenario)
    if not missing:
        return None
    if scenario is Scenario.PREVIOUS:
        return (
            f"Lưu ý: tệp mới có điểm của {expected - len(missing)}/{expected} tiêu chí, tiêu chí thành phần "
            "nên các số trên chưa đầy đủ."
        )
    if own:
        mine, led = missing_leaves(assessment, scenario, within=own)
        return (
            f"Lưu ý: {unit} chủ trì {led}/{expected} tiêu chí, tiêu chí thành phần và đã tự chấm điểm "
            f"{led - len(mine)}/{led}; các tiêu chí còn lại do các đơn vị khác chủ trì, nên các số trên là "
            "tạm tính, chưa xếp nhóm."
        )
    return (
        f"Lưu ý: mới tự chấm điểm {expected - len(missing)}/{expected} tiêu chí, tiêu chí thành phần; "
        "các số trên là tạm tính, chưa xếp nhóm."
    )


def own_leaves(assessment: Assessment, unit: str, province: str = "") -> set[str]:
    """The leaves a unit answers for (``scoring.leaves_led_by``). A sở filling the province's set
    scores these and sends them (packing warns about these only); empty when the unit leads none,
    as a province answering for all of them."""
    return leaves_led_by(assessment.tree, unit, province=province)


def is_complete(assessment: Assessment, scenario: Scenario) -> bool:
    """Whether every leaf the scenario should score has its score (for the self-assessment: the
    unit's own; survey and council points come later)."""
    return not missing_leaves(assessment, scenario)[0]

"""Start this year's assessment from last year's file: its results become ``previous``, and every
criterion the council cut last year is flagged (texts field ``risk``) beside this year's self-score.

A score is carried only to the criterion that is last year's: same code and same title (folded,
so case and diacritics typed differently still match). Another criteria set is said, and one that
shares no criterion is refused; so is a year that is not after last year's, and a gap is said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scoring import Assessment, CriteriaSet, Entry, Node, Scenario, fold, format_number, value_problem
from scoring.rounds import deducted_leaves

from ..assessment_file.rounds import REASON
from ..assessment_file.store import AssessmentFile, StoredAssessment
from ..errors import InputRefused

RISK = "risk"  # texts field: the council's cut of this criterion last year

__all__ = ["RISK", "CarryOver", "carry_previous", "create_from_last_year", "last_year_facts", "year_warning"]


@dataclass
class CarryOver:
    """What was carried: entries for ``previous`` and the codes that did not match."""

    entries: list[tuple[str, Entry]] = field(default_factory=list)
    missing_last_year: list[str] = field(default_factory=list)  # this year's leaves with no result
    unused: list[str] = field(default_factory=list)  # last year's scored codes not in this set
    renamed: list[str] = field(default_factory=list)  # same code, another criterion: not carried
    refused: list[str] = field(default_factory=list)  # matched, but the value does not fit the new rule
    risks: list[tuple[str, str]] = field(default_factory=list)  # (key, what the council cut last year)
    notes: list[str] = field(default_factory=list)  # what the officer should check (set, years)
    source: str = ""

    def lines(self) -> list[str]:
        """What was carried and what was not, in Vietnamese, for the command line and the app."""
        lines = [*self.notes, f"Đã lấy {len(self.entries)} điểm năm trước từ {self.source}."]
        for label, codes in (
            ("Không có điểm năm trước", self.missing_last_year),
            ("Cùng mã nhưng khác tên tiêu chí năm trước, không lấy điểm", self.renamed),
            ("Mã năm trước không có trong bộ tiêu chí mới", self.unused),
        ):
            if codes:
                lines.append(f"{label}: {', '.join(codes)}.")
        lines.extend(f"Không lấy được: {line}" for line in self.refused)
        if self.risks:
            flagged = ", ".join(key for key, _text in self.risks)
            lines.append(f"Năm trước Hội đồng thẩm định đã trừ điểm (đã đánh dấu ở tab Thẩm định): {flagged}.")
        return lines


def year_warning(criteria_set: CriteriaSet, year: int) -> str:
    """A warning when ``year`` is outside the years the criteria set is for ("" when inside)."""
    years = criteria_set.years
    if not years or year in years:
        return ""
    span = f"{years[0]}" if len(years) == 1 else f"{min(years)}–{max(years)}"
    return (
        f"Bộ tiêu chí “{criteria_set.id}” ban hành cho năm {span}; năm đánh giá {year} nằm ngoài các năm đó — "
        "hãy kiểm tra đây đúng là bộ tiêu chí tỉnh dùng năm nay."
    )


def last_year_facts(path: Path) -> dict[str, str]:
    """Unit, province, year and criteria set id of last year's file (to prefill the new file's form)."""
    store = AssessmentFile.open_readonly(path)
    try:
        meta = store.meta()
    finally:
        store.close()
    return {k: meta.get(k, "") for k in ("unit", "province", "year", "template_id")}


def _read(last_year: Path) -> tuple[StoredAssessment, dict[str, str]]:
    store = AssessmentFile.open_readonly(last_year)
    try:
        stored = store.read()
        reasons = {key: text for (key, scenario), text in store.texts(REASON).items() if scenario == "appraised"}
    finally:
        store.close()
    return stored, reasons


def _same(old: Node, new: Node) -> bool:
    return fold(old.title) == fold(new.title)


def carry_previous(last_year: Path, target: Assessment, set_id: str = "") -> CarryOver:
    """Last year's appraised score (else self-assessed) of every leaf that is the same criterion."""
    stored, reasons = _read(last_year)
    old = Assessment(stored.criteria_set.tree, stored.entries, stored.not_applicable)
    result = CarryOver(source=Path(last_year).name)
    matched: set[str] = set()
    for node in target.tree.leaves():
        before = old.tree.by_key.get(node.key)
        if before is None or not _same(before, node):
            (result.missing_last_year if before is None else result.renamed).append(node.label)
            continue
        matched.add(node.key)
        _carry_one(old, node, result)
    result.unused = [n.label for n in old.tree.leaves() if n.key not in target.tree.by_key and _scored(old, n)]
    result.risks = _risks(old, target, matched, reasons, stored.meta.get("year", ""))
    _other_set(result, stored.criteria_set.id, set_id, len(matched))
    return result


def _scored(old: Assessment, node: Node) -> bool:
    return any(old.score(node.key, s) is not None for s in (Scenario.APPRAISED, Scenario.ACTUAL))


def _carry_one(old: Assessment, node: Node, result: CarryOver) -> None:
    score = old.score(node.key, Scenario.APPRAISED)
    if score is None:
        score = old.score(node.key, Scenario.ACTUAL)
    if score is None:
        result.missing_last_year.append(node.label)
        return
    problem = value_problem(node, score)
    if problem:
        result.refused.append(f"{node.label}: {problem}")
        return
    result.entries.append((node.key, Entry(score)))


def _other_set(result: CarryOver, old_id: str, new_id: str, same: int) -> None:
    """Another criteria set: said, and refused when it shares no criterion (code and title)."""
    if not new_id or old_id == new_id:
        return
    if same == 0:
        raise InputRefused(
            f"Tệp năm trước dùng bộ tiêu chí “{old_id}”, khác bộ “{new_id}” và không có tiêu chí nào trùng cả mã "
            "lẫn tên: không lấy được điểm năm trước. Hãy chọn tệp năm trước cùng bộ tiêu chí, hoặc tạo tệp mới "
            "không kèm tệp năm trước."
        )
    result.notes.append(
        f"Tệp năm trước dùng bộ tiêu chí “{old_id}”, khác bộ “{new_id}”: chỉ lấy điểm của {same} tiêu chí "
        "trùng cả mã lẫn tên."
    )


def _risks(
    old: Assessment, target: Assessment, matched: set[str], reasons: dict[str, str], year: str
) -> list[tuple[str, str]]:
    """Last year's deductions of the criteria this year's set still has, worded for the officer."""
    found = []
    for node in deducted_leaves(old):
        if node.key not in matched:
            continue
        own, cut = old.score(node.key, Scenario.ACTUAL), old.score(node.key, Scenario.APPRAISED)
        text = f"Năm {year or 'trước'}: tự chấm {format_number(own)}, Hội đồng thẩm định chấm {format_number(cut)}"
        reason = reasons.get(node.key, "").strip()
        found.append((node.key, f"{text} — lý do: {reason}" if reason else f"{text}."))
    return found


def _years(last_year: Path, criteria_set: CriteriaSet, year: int) -> list[str]:
    """Refuse a year not after last year's file; say a gap and a year outside the set's years."""
    found = last_year_facts(last_year).get("year", "")
    notes = [warning] if (warning := year_warning(criteria_set, year)) else []
    if not found.isdigit():
        return notes
    if year <= int(found):
        raise InputRefused(
            f"Tệp năm trước là đánh giá năm {found}; năm đánh giá của tệp mới ({year}) phải sau năm đó "
            f"(thường là năm {int(found) + 1})."
        )
    if year != int(found) + 1:
        notes.append(
            f"Tệp năm trước là đánh giá năm {found}, không phải năm {year - 1}: điểm “năm trước” là của năm {found}."
        )
    return notes


def create_from_last_year(
    path: Path, criteria_set: CriteriaSet, last_year: Path, *, unit: str, year: int, province: str = ""
) -> CarryOver:
    """Write a new file for ``criteria_set`` whose ``previous`` scores come from ``last_year``.

    Last year's file is read and checked first (a refused file or year writes nothing); the
    carried scores go in through the session, as one transaction audited as "carry".
    """
    from ..session import Session

    notes = _years(last_year, criteria_set, year)
    carried = carry_previous(last_year, Assessment(criteria_set.tree), criteria_set.id)
    carried.notes[:0] = notes
    session = Session(AssessmentFile.create(path, criteria_set, unit=unit, year=year, province=province))
    try:
        risks = [(key, RISK, "", text) for key, text in carried.risks]
        session.apply_import([(k, Scenario.PREVIOUS, e) for k, e in carried.entries], risks, field="carry")
        session.store.write_meta({"carried_from": carried.source})
    finally:
        session.close()
    return carried

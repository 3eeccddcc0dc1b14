"""Export: styled printable sheets whose formulas agree with our numbers, and a lossless round trip."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.excel.exporting import export_workbook
from desktop.excel.importing import read_table
from scoring import TOTAL_KEY, Assessment, CriteriaSet, Entry, Scenario, build_tree, format_number, to_decimal
from scoring.criteria_set import records_from_specs
from tests.conftest import ROOT, D, council_copy

P, A, T, AP = Scenario.PREVIOUS, Scenario.ACTUAL, Scenario.TARGET, Scenario.APPRAISED


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop.demo import write_demo
    from desktop.session import Session

    folder = tmp_path_factory.mktemp("demo")
    session = Session.open(write_demo(folder / "demo.sqlite"))
    out = export_workbook(session, folder / "demo.xlsx")
    yield session, out
    session.close()


def _sheets(path: Path) -> tuple[Any, Any]:
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    return workbook["Phụ lục KH"], workbook["Tự đánh giá"]


# ---------------------------------------------------------------- a tiny evaluator for our formulas

_TOKEN = re.compile(r'\s*(?:([A-Z]+)\(|(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)|(-?\d+(?:\.\d+)?)|("")|([,)=]))')


class Evaluator:
    """Computes IF/COUNT/SUM/MIN/MAX formulas over a sheet, in Decimal, as Excel would."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def cell(self, ref: str) -> Any:
        value = self.ws[ref.replace("$", "")].value
        if isinstance(value, str) and value.startswith("="):
            return self.formula(value[1:])
        return None if value is None or isinstance(value, str) else to_decimal(value)

    def formula(self, text: str) -> Any:
        tokens = [m.groups() for m in _TOKEN.finditer(text)]
        value, _ = self._compare(tokens, 0)
        return value

    def _compare(self, tokens: list[tuple[Any, ...]], pos: int) -> tuple[Any, int]:
        value, pos = self._term(tokens, pos)
        if pos < len(tokens) and tokens[pos][4] == "=":
            other, pos = self._term(tokens, pos + 1)
            value = value == other
        return value, pos

    def _term(self, tokens: list[tuple[Any, ...]], pos: int) -> tuple[Any, int]:
        function, ref, number, empty, _punct = tokens[pos]
        if ref:
            if ":" not in ref:
                return self.cell(ref), pos + 1
            first, last = ref.replace("$", "").split(":")
            column, start, end = first.rstrip("0123456789"), int(first.lstrip("ABCDEFGH")), int(last.lstrip("ABCDEFGH"))
            return [self.cell(f"{column}{r}") for r in range(start, end + 1)], pos + 1
        if number:
            return Decimal(number), pos + 1
        if empty:
            return "", pos + 1
        args, pos = [], pos + 1
        while tokens[pos][4] != ")":
            value, pos = self._compare(tokens, pos)
            args.append(value)
            if tokens[pos][4] == ",":
                pos += 1
        return self._apply(function, args), pos + 1

    @staticmethod
    def _apply(function: str, args: list[Any]) -> Any:
        if function == "IF":
            return args[1] if args[0] else args[2]
        flat = [x for a in args for x in (a if isinstance(a, list) else [a])]
        numbers = [x for x in flat if isinstance(x, Decimal)]
        return {
            "SUM": lambda: sum(numbers, Decimal(0)),
            "COUNT": lambda: Decimal(len(numbers)),
            "MIN": lambda: min(numbers),
            "MAX": lambda: max(numbers),
        }[function]()


def _rows_by_code(ws: Any, header_row: int) -> dict[str, int]:
    found, parts = {}, 0
    last = ""
    for row in range(header_row + 1, ws.max_row + 1):
        code = ws.cell(row, 1).value
        if code:
            last, parts = str(code), 0
            found[last] = row
        elif ws.cell(row, 2).value == "TỔNG ĐIỂM":
            found[TOTAL_KEY] = row
        else:
            parts += 1
            found[f"{last}#{parts}"] = row
    return found


# ---------------------------------------------------------------- the sheets


def test_sheets_are_styled_for_printing(demo):
    _session, path = demo
    plan, report = _sheets(path)
    assert plan.cell(1, 1).value == "PHỤ LỤC" and plan.cell(1, 1).font.b
    assert "434/KH-UBND ngày 27/07/2022 của Ủy ban nhân dân tỉnh Đắk Nông" in plan.cell(3, 1).value
    assert "năm trước 86,24/100,00" in plan.cell(4, 1).value  # our totals stated beside the formulas
    header = 6
    assert [plan.cell(header, c).value for c in range(1, 10)] == [
        "STT",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm năm trước (2021)",
        "Kết quả tự đánh giá (2022)",
        "Mục tiêu năm 2022",
        "Nhiệm vụ, giải pháp",
        "Thời gian hoàn thành",
        "Đơn vị chủ trì",
    ]
    for ws in (plan, report):
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows.replace("$", "") in ("6:6", "5:5")
        assert ws.freeze_panes == f"A{int(ws.print_title_rows.replace('$', '').split(':')[0]) + 1}"
    rows = _rows_by_code(plan, header)
    field, leaf = rows["1"], rows["1.1"]
    assert plan.cell(field, 2).font.b and not plan.cell(leaf, 2).font.b
    assert isinstance(plan.cell(leaf, 4).value, float) and plan.cell(leaf, 4).number_format == "0.00"
    assert plan.cell(leaf, 3).number_format == "0.00" and plan.cell(field, 4).value.startswith("=IF(")
    assert plan.cell(leaf, 2).alignment.wrap_text
    assert plan.column_dimensions["B"].width >= 35 and plan.column_dimensions["G"].width >= 30
    long_task = rows["2.1.1"]  # four lines of tasks
    assert plan.row_dimensions[long_task].height >= 4 * 15.75
    assert all(plan.row_dimensions[r].height for r in range(header, plan.max_row + 1))


def test_formulas_agree_with_our_numbers(demo):
    session, path = demo
    plan, _report = _sheets(path)
    rows = _rows_by_code(plan, 6)
    evaluate = Evaluator(plan)
    assessment = session.assessment
    for node in assessment.tree:
        for column, scenario in (("D", P), ("F", T)):
            assert evaluate.cell(f"{column}{rows[node.key]}") == assessment.score(node.key, scenario), node.key
    assert evaluate.cell(f"D{rows[TOTAL_KEY]}") == assessment.totals(P).final == D("86.2391")  # shown 86,24
    assert format_number(evaluate.cell(f"F{rows[TOTAL_KEY]}")) == "89,93"
    assert evaluate.cell(f"C{rows[TOTAL_KEY]}") == 100
    assert evaluate.cell(f"E{rows[TOTAL_KEY]}") == ""  # no self-assessment yet: empty, not 0


def test_the_demo_comes_back_from_its_export(demo):
    session, path = demo
    built = read_table(path).build()
    tree = built.criteria_set.tree
    assert [(n.code, n.title, n.max, n.lead) for n in tree] == [(n.code, n.title, n.max, n.lead) for n in session.tree]
    for scenario in (P, T):
        for leaf in session.tree.leaves():
            expected = session.assessment.score(leaf.key, scenario)
            assert built.entries[scenario].get(leaf.key, Entry()).value == expected
    tasks = {(k, s): t for k, f, s, t in built.texts if f == "tasks"}
    assert tasks == session.texts("tasks")
    assert not built.problems


def test_parts_options_four_scenarios_and_evidence(qn_set, tmp_path):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session

    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, qn_set, unit="UBND tỉnh Quảng Ninh", year=2023).close()
    session = Session.open(path)
    try:
        values = {"1.1": ("0.5", "0", "0.5", "0"), "1.2#1": ("0.25", "0.5", "0.5", "0.25")}
        for key, (previous, actual, target, _appraised) in values.items():
            for scenario, value in ((P, previous), (A, actual), (T, target)):
                session.set_value(key, scenario, value)
        session.set_inputs("1.3", A, {"a": "50", "b": "37"})
        session.set_text("1.2#1", "explanation", "Đã triển khai, còn thiếu một tiêu chí kỹ thuật.", "actual")
        doc = session.evidence.add({"number": "12/QĐ-UBND", "date": "05/02/2023", "title": "Quyết định phê duyệt"})
        session.evidence.link("1.2#1", doc)
        council_copy(session)  # appraised scores are the council's to write
        for key, (*_unit, appraised) in values.items():
            session.set_value(key, AP, appraised)
        out = export_workbook(session, tmp_path / "qn.xlsx")
        _plan, report = _sheets(out)
        rows = _rows_by_code(report, 5)
        assert "12/QĐ-UBND" in report.cell(rows["1.2#1"], 6).value
        built = read_table(out).build()
        tree = built.criteria_set.tree
        assert [(n.key, n.title, n.max) for n in tree] == [(n.key, n.title, n.max) for n in session.tree]
        for key in ("1.1", "1.2#1", "1.3"):
            for scenario in Scenario:
                expected = session.assessment.score(key, scenario)
                assert built.entries[scenario].get(key, Entry()).value == expected, (key, scenario)
        assert ("1.2#1", "explanation", "actual", "Đã triển khai, còn thiếu một tiêu chí kỹ thuật.") in built.texts
        assert [(f.code, f.kind.value) for f in built.problems] == [("I", "max_sum_mismatch")]
    finally:
        session.close()


def test_openpyxl_stays_out_of_start_up():
    code = (
        "import sys, desktop.session, desktop.app, desktop.excel.importing, desktop.excel.exporting; "
        "print('openpyxl' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------- round trip over generated trees

WORDS = ["Thực hiện", "kế hoạch", "CCHC", "tỷ lệ", "hồ sơ", "trực tuyến", "đơn vị", "cấp xã", "(ISO 9001)", "100%"]
UNITS = ["Sở Nội vụ", "Sở Tư pháp", "VP UBND tỉnh", "UBND cấp huyện"]
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda w: "Nội dung " + " ".join(w))
maxima = st.decimals(min_value=Decimal("0.25"), max_value=5, places=2)


def _value(draw: Any, maximum: Decimal) -> Decimal | None:
    low, high = (maximum, Decimal(0)) if maximum < 0 else (Decimal(0), maximum)
    return draw(st.none() | st.decimals(min_value=low, max_value=high, places=draw(st.sampled_from([2, 4]))))


@st.composite
def assessments(draw: Any) -> tuple[list[dict[str, Any]], dict[Scenario, dict[str, Entry]], list[Any]]:
    """Trees with Roman or Arabic lĩnh vực, gaps, implied parents, parts, bonus and penalty groups."""
    specs: list[dict[str, Any]] = []
    roman = draw(st.booleans())
    number = 0
    for index in range(draw(st.integers(1, 3))):
        root = ("I", "II", "IV")[index] if roman else str(index + 1)
        specs.append({"code": root, "title": draw(titles).upper()})
        criteria = draw(st.integers(0, 3))
        if not criteria or draw(st.booleans()):  # a declared max (else the sum of its children)
            specs[-1]["max"] = draw(maxima)
        for _ in range(criteria):
            number += draw(st.integers(1, 2))  # numbering gaps
            code = str(number) if roman else f"{root}.{number}"
            leaves = draw(st.integers(0, 3))
            children = [{"code": f"{code}.{k + 1}", "title": draw(titles), "max": draw(maxima)} for k in range(leaves)]
            if leaves and draw(st.booleans()):  # no row of its own: an implied parent
                specs += children
                continue
            spec = {"code": code, "title": draw(titles), "max": draw(maxima), "lead": draw(st.sampled_from(UNITS))}
            parts = draw(st.integers(0, 3)) if not leaves else 0
            if parts:
                spec["part"] = [{"title": draw(titles) + ": x", "max": draw(maxima)} for _ in range(parts)]
                spec["max"] = sum((p["max"] for p in spec["part"]), Decimal(0))
            specs += [spec, *children]
        if not roman:
            number = 0
    if draw(st.booleans()):
        title = draw(st.sampled_from(["Điểm thưởng", "Sáng kiến nổi bật"]))
        specs.append({"code": "B", "title": title, "max": draw(maxima), "group": "bonus"})
        specs += [{"code": f"B.{k}", "title": draw(titles), "max": draw(maxima)} for k in (1, 2)]
    if draw(st.booleans()):
        specs.append({"code": "P", "title": "Điểm trừ", "max": Decimal(-3), "group": "penalty"})
        for k in (1, 2):
            points = -draw(st.sampled_from([Decimal("0.5"), Decimal(1)]))
            rule = {"kind": "penalty", "points": points}
            specs.append({"code": f"P.{k}", "title": draw(titles), "max": points, "rule": rule})
    tree = build_tree(records_from_specs(specs))
    entries: dict[Scenario, dict[str, Entry]] = {s: {} for s in Scenario}
    for leaf in tree.leaves():
        for scenario in Scenario:
            value = _value(draw, leaf.max)
            if value is not None:
                entries[scenario][leaf.key] = Entry(value)
    rows = [n for n in tree if not n.implied]  # an implied parent has no row to carry a text
    texts = [(n.key, "tasks", "", draw(titles) + "\n- " + draw(titles)) for n in rows if draw(st.booleans())]
    return specs, entries, texts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments())
def test_export_then_import_gives_back_the_same_tree_and_values(data):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session

    specs, entries, texts = data
    tree = build_tree(records_from_specs(specs))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.sqlite"
        store = AssessmentFile.create(path, CriteriaSet(id="t", title="t", tree=tree), unit="Sở", year=2025)
        store.write_entries([(k, s, e) for s, items in entries.items() for k, e in items.items()], user="t", field="t")
        store.write_texts(texts, user="t")
        store.close()
        session = Session.open(path)
        try:
            out = export_workbook(session, Path(folder) / "a.xlsx")
            built = read_table(out).build()
        finally:
            session.close()
    back = built.criteria_set.tree
    shape = [(n.key, n.code, n.title, n.max, n.lead, n.is_part, n.implied, n.group) for n in tree]
    assert [(n.key, n.code, n.title, n.max, n.lead, n.is_part, n.implied, n.group) for n in back] == shape
    original, imported = Assessment(tree, entries), Assessment(back, built.entries)
    for scenario in Scenario:
        for node in tree:
            assert imported.score(node.key, scenario) == original.score(node.key, scenario), (node.key, scenario)
        assert {k: e.value for k, e in built.entries[scenario].items()} == {
            k: e.value for k, e in entries[scenario].items()
        }
    assert sorted(t for t in built.texts if t[1] == "tasks") == sorted(texts)

"""Importing the tables provinces circulate: the Đắk Nông appendix, the Quảng Ninh plan, odd shapes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.errors import ExcelRefused
from desktop.excel.cells import Role, classify_header, stated_points
from desktop.excel.importing import create_from_table, import_values, read_table
from scoring import TOTAL_KEY, Assessment, Group, Kind, RuleKind, Scenario, format_number
from tests.conftest import D
from tests.desktop.excel_tables import DN_HEADER, DN_TITLE, QN_HEADER, QN_ROWS, dak_nong_rows, write_table
from tests.seed_values import QN_STATED

P, A, T, AP = Scenario.PREVIOUS, Scenario.ACTUAL, Scenario.TARGET, Scenario.APPRAISED


@pytest.fixture(scope="module")
def dn_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dn") / "phu-luc-dak-nong.xlsx"
    rows = write_table(path, DN_HEADER, dak_nong_rows(), title=DN_TITLE, header_row=5)
    return path, rows


@pytest.fixture(scope="module")
def dn_built(dn_file):
    return read_table(dn_file[0]).build()


@pytest.fixture(scope="module")
def qn_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("qn") / "kh-258-quang-ninh.xlsx"
    write_table(path, QN_HEADER, QN_ROWS, title=["KẾ HOẠCH", "II. MỤC TIÊU CỤ THỂ NĂM 2022"], header_row=4)
    return path


# ---------------------------------------------------------------- Đắk Nông


def test_dak_nong_header_found_on_row_5_and_columns_mapped(dn_file):
    table = read_table(dn_file[0])
    assert table.main.header_row == 5
    roles = [(c.letter, c.role) for c in table.columns]
    assert roles == [
        ("A", Role.CODE),
        ("B", Role.TITLE),
        ("C", Role.MAX),
        ("D", Role.VALUE),
        ("E", Role.VALUE),
        ("F", Role.TASKS),
        ("G", Role.LEAD),
    ]
    assert table.mapping == {"Phụ lục!D": P, "Phụ lục!E": T}  # "Điểm 2021 đạt được" is before "Mục tiêu năm 2022"
    assert table.caption.startswith("NHIỆM VỤ, GIẢI PHÁP")


def test_dak_nong_reproduces_its_119_nodes(dn_built, dn_set):
    tree = dn_built.criteria_set.tree
    assert len(tree) == 119
    expected = [(n.code, n.title, n.max, n.lead) for n in dn_set.tree]
    assert [(n.code, n.title, n.max, n.lead) for n in tree] == expected
    assert [r.code for r in tree.roots] == [str(i) for i in range(1, 9)]


def test_dak_nong_values_and_tasks(dn_built):
    entries = dn_built.entries
    assert entries[P]["1.1"].value == D("1.46")
    assert entries[P]["6.1.1"].value == D("0.8791")
    assert entries[T]["6"].value == D("10.10")
    assert entries[P][TOTAL_KEY].value == D("86.26")
    assert not entries[A] and not entries[AP]
    tasks = {key: text for key, field, _s, text in dn_built.texts if field == "tasks"}
    assert tasks["1.1"] == "Theo dõi, đôn đốc hoàn thành 100% hoạt động tại Kế hoạch CCHC năm 2022 của tỉnh."
    assert tasks["2.1.1"].count("\n- ") == 3  # the listed activities keep their lines


def test_dak_nong_reports_exactly_its_known_defects(dn_file, dn_built):
    _path, rows = dn_file
    found = {(f.code, f.scenario, f.kind) for f in dn_built.problems}
    assert found == {("7.2", P, Kind.STATED_SUM), (TOTAL_KEY, P, Kind.STATED_SUM)}
    by_code = {f.code: f for f in dn_built.problems}
    assert by_code["7.2"].row == rows["7.2"]
    assert f"dòng {rows['7.2']}" in by_code["7.2"].message
    assert "1,21" in by_code["7.2"].message and "1,50" in by_code["7.2"].message
    assert "86,26" in by_code[TOTAL_KEY].message and "86,24" in by_code[TOTAL_KEY].message
    assert by_code[TOTAL_KEY].row == 6 + len(dak_nong_rows()) - 1  # the TỔNG ĐIỂM row


def test_dak_nong_6_1_is_a_rounding_difference(dn_built):
    assessment = Assessment(dn_built.criteria_set.tree, dn_built.entries)
    assert assessment.score("6.1", P) == D("2.7091")
    assert not [f for f in dn_built.problems if f.code == "6.1"]
    assert format_number(assessment.totals(T).final) == "89,93"


def test_create_from_table_writes_a_complete_file(dn_file, tmp_path):
    from desktop.session import Session

    out = tmp_path / "dak-nong.sqlite"
    report = create_from_table(dn_file[0], out, unit="UBND tỉnh Đắk Nông", year=2022)
    assert report.path == out and report.values == sum(len(e) for e in read_table(dn_file[0]).build().entries.values())
    assert {f.code for f in report.problems} == {"7.2", TOTAL_KEY}
    assert any("Điểm 2021 đạt được" in line and "Năm trước" in line for line in report.lines())
    session = Session.open(out)
    try:
        assert len(session.tree) == 119
        assert session.assessment.score("1", P) == D("7.46")
        assert session.texts("tasks")[("1.2", "")] == "Thực hiện đầy đủ các báo cáo."
        assert session.meta["imported_from"] == dn_file[0].name
        assert session.criteria_set.id == "excel-phu-luc-dak-nong" and session.criteria_set.years == (2022,)
    finally:
        session.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dak-nong.sqlite"]


# ---------------------------------------------------------------- Quảng Ninh


@pytest.fixture(scope="module")
def qn_built(qn_file):
    return read_table(qn_file, year=2022).build()


def test_quang_ninh_reports_13_5_against_14_5(qn_built):
    assert [(f.code, f.kind) for f in qn_built.problems] == [("I", Kind.MAX_SUM)]
    message = qn_built.problems[0].message
    assert "dòng 5" in message and "13,50" in message and "14,50" in message


def test_quang_ninh_parts_options_and_rule_texts(qn_built):
    tree = qn_built.criteria_set.tree
    assert tree.by_key["1.1"].rule.kind is RuleKind.OPTIONS  # "…: 0,5" / "Không …: 0"
    assert [o.points for o in tree.by_key["1.1"].rule.options] == [D("0.5"), D(0)]
    assert tree.by_key["3.5"].rule.kind is RuleKind.OPTIONS  # "≥ 40 %: 1,00" / "dưới 40 %: 0"
    parts = {n.code: [c.max for c in n.children] for n in tree if n.rule.kind is RuleKind.PARTS}
    assert parts == {
        "1.2": [D("0.5"), D("0.5")],
        "2.2": [D("0.25"), D("0.25")],
        "2.3": [D("0.25"), D("0.25"), D("0.5")],
        "2.4": [D("0.5"), D("1.0")],
        "3.1": [D("0.25"), D("0.25")],
        "3.2": [D("0.5"), D("0.5"), D("1.0")],
        "3.6": [D("0.5"), D("0.5"), D("0.5")],
    }
    assert tree.by_key["1.3"].rule.kind is RuleKind.DIRECT  # its only uncoded row is the formula's text
    notes = {key: text for key, field, _s, text in qn_built.texts if field == "note"}
    assert "Tính điểm theo công thức: (b/a)" in notes["1.3"]
    assert "tạm tính theo DVCTT mức độ 4" in notes["3.3"]


def test_quang_ninh_values_reproduce_the_plans_totals(qn_built):
    assessment = Assessment(qn_built.criteria_set.tree, qn_built.entries)
    for code, (_max, actual, target) in QN_STATED.items():
        assert assessment.score(code, A) == D(actual), code
        assert assessment.score(code, T) == D(target), code
    assert qn_built.entries[A]["3.3"].value == D("0.75")  # "0,75 (tạm tính …)"


def test_import_values_into_the_quang_ninh_template(qn_file, qn_set, tmp_path):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session

    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, qn_set, unit="UBND tỉnh Quảng Ninh", year=2022).close()
    session = Session.open(path)
    try:
        report = import_values(session, qn_file)
        assert not report.unmatched
        assert session.assessment.score("I", A) == D("8.79")
        assert session.assessment.score("1.2#2", T) == D("0.5")
        assert format_number(session.assessment.totals(T).final) == "11,39"
        assert [(f.code, f.kind) for f in report.problems] == [("I", Kind.MAX_SUM)]
    finally:
        session.close()
    reopened = Session.open(path)
    try:
        assert reopened.assessment.score("3.6", A) == D("0.8")
        assert len([a for a in reopened.audit() if a["field"] == "import-xlsx"]) == report.values
    finally:
        reopened.close()


def test_import_values_reports_codes_that_do_not_match(qn_set, tmp_path):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session

    table = tmp_path / "bang.xlsx"
    rows = [
        ["1.1", "Kiến trúc", "0,5", "0,5"],
        ["1.2", "Trung tâm dữ liệu", 1, "1"],
        [None, "Nội dung một: 0,5", None, None],
        [None, "Nội dung hai: 0,25", None, None],
        [None, "Nội dung ba: 0,25", None, None],
        ["9.9", "Không có trong bộ", 1, "0,5"],
    ]
    write_table(table, ["TT", "Tiêu chí", "Điểm tối đa", "Tự đánh giá"], rows, header_row=1)
    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, qn_set, unit="x", year=2022).close()
    session = Session.open(path)
    try:
        report = import_values(session, table)
        assert report.unmatched[0].startswith("1.2 – nội dung") or report.unmatched[0].startswith("1.2: bảng có 3")
        assert report.unmatched[1] == "9.9 (trang “Phụ lục”, dòng 7)"
        assert session.assessment.score("1.1", A) == D("0.5")  # matched codes are taken
        assert session.assessment.entry("1.2", A).empty  # a parent's stated value is checked, not stored
    finally:
        session.close()


def test_import_values_checks_stated_sums_without_storing_them(dn_file, dn_set, tmp_path):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session

    path = tmp_path / "dn.sqlite"
    AssessmentFile.create(path, dn_set, unit="UBND tỉnh Đắk Nông", year=2022).close()
    session = Session.open(path)
    try:
        before = path.read_bytes()
        preview = import_values(session, dn_file[0], dry_run=True)
        assert path.read_bytes() == before and session.assessment.totals(P).final is None
        assert preview.values == 180 and {f.code for f in preview.problems} == {"7.2", TOTAL_KEY}
        report = import_values(session, dn_file[0])
        assert {(f.code, f.scenario, f.kind) for f in report.problems} == {
            ("7.2", P, Kind.STATED_SUM),
            (TOTAL_KEY, P, Kind.STATED_SUM),
        }
        assert all(f"dòng {f.row}" in f.message for f in report.problems)
        assert session.assessment.entry("7.2", P).empty and session.assessment.entry(TOTAL_KEY, P).empty
        assert format_number(session.assessment.totals(P).final) == "86,24"
        assert report.values == sum(1 for n in dn_set.tree.leaves() for _ in (P, T))
        assert session.texts("tasks")[("8.2", "")].startswith("- Rà soát và đơn giản hóa")
    finally:
        session.close()


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    ("text", "role", "scenario"),
    [
        ("TT", Role.CODE, None),
        (" s t t ", None, None),
        ("STT", Role.CODE, None),
        ("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", Role.TITLE, None),
        ("TIÊU CHÍ", Role.TITLE, None),
        ("Điểm\n  TỐI   ĐA", Role.MAX, None),
        ("diem chuan", Role.MAX, None),
        ("Kết quả đạt được đến thời điểm hiện tại", Role.VALUE, A),
        ("Điểm năm trước", Role.VALUE, P),
        ("Mục tiêu năm 2022", Role.VALUE, T),
        ("Điểm tự chấm", Role.VALUE, A),
        ("Kết quả tự đánh giá", Role.VALUE, A),
        ("Điểm thẩm định", Role.VALUE, AP),
        ("Nhiệm vụ/giải pháp", Role.TASKS, None),
        ("Đơn vị chủ trì", Role.LEAD, None),
        ("Cơ quan chủ trì theo dõi", Role.LEAD, None),
        ("Tài liệu kiểm chứng", Role.EVIDENCE, None),
    ],
)
def test_headers_in_their_common_variants(text, role, scenario):
    guess = classify_header(text)
    assert (guess.role if guess else None) == role
    if scenario is not None:
        assert guess.scenario == scenario


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Kết nối với Nền tảng điện toán đám mây Chính phủ theo quy định: 0,50", "0.5"),
        ("Tỷ lệ kết nối …: 1.00\nTính theo công thức: (b/a) *điểm tối đa.", "1.00"),
        ("Không tổ chức triển khai …: 0", "0"),
        ("Chậm báo cáo: trừ 0,5 điểm", "-0.5"),
        ("Tính điểm theo công thức: (b/a) *điểm tối đa", None),
        ("Nếu b/a <0.90 thì điểm đánh giá là 0.", None),
        ("Đạt từ 80%: 100%", None),
    ],
)
def test_points_stated_in_a_line(text, points):
    assert stated_points(text) == (Decimal(points) if points is not None else None)


def _groups_table(tmp_path):
    header = ["STT", "Nội dung tiêu chí", "Thang điểm", "Điểm tự chấm", "Ghi chú", None]
    rows = [
        ["I", "CÔNG TÁC CHỈ ĐẠO", None, "5,5", None],
        [1, "Kế hoạch", 4, "3,5", "có kế hoạch"],
        ["1.1", "Ban hành kế hoạch", 2, "2"],
        ["1.3", "Thực hiện kế hoạch (bỏ số 1.2)", 2, "1,5"],
        [2, "Báo cáo", 2, 2],
        ["IV", "HIỆN ĐẠI HÓA (không có II, III)", 3, None],
        ["IV.1.1", "Dịch vụ công trực tuyến (không có dòng IV.1)", 3, "2,25"],
        [None, "ĐIỂM THƯỞNG (tối đa 2 điểm)", 2, None],
        [1, "Sáng kiến được công nhận", 1, 1],
        [2, "Giải thưởng cấp tỉnh", "1,5", "1,5"],
        ["B", "Điểm trừ", 3, None],
        [None, "Chậm nộp báo cáo: trừ 0,5 điểm", None, "0,5"],
        [None, "Để xảy ra sai phạm: 1", None, None],
        [None, "Tổng cộng", None, "7,25"],
        [None, "Người lập biểu", None, None],
    ]
    path = tmp_path / "xa.xlsx"
    write_table(path, [h or "" for h in header], rows, title=["BẢNG CHẤM ĐIỂM CẤP XÃ"], header_row=3)
    return path


def test_bonus_penalty_implied_parents_and_gaps(tmp_path):
    built = read_table(_groups_table(tmp_path)).build()
    tree = built.criteria_set.tree
    assert [n.code for n in tree.roots] == ["I", "IV", "ĐT", "B"]
    assert tree.by_key["IV.1"].implied and tree.by_key["IV.1"].parent.code == "IV"
    assert [c.code for c in tree.by_key["ĐT"].children] == ["ĐT.1", "ĐT.2"]  # restarted numbering
    assert tree.by_key["ĐT"].group is Group.BONUS and tree.by_key["B"].group is Group.PENALTY
    assert tree.by_key["B"].max == D(-3)
    assert [c.max for c in tree.by_key["B"].children] == [D("-0.5"), D(-1)]
    assessment = Assessment(tree, built.entries)
    totals = assessment.totals(A)
    assert (totals.regular, totals.bonus, totals.penalty) == (D("7.75"), D(2), D("-0.5"))
    assert {(f.code, f.kind) for f in built.problems} == {("IV.1", Kind.IMPLIED_PARENT), (TOTAL_KEY, Kind.STATED_SUM)}
    notes = " ".join(f.message for f in built.notes)
    assert "đặt mã “ĐT”" in notes and "sau dòng tổng" in notes and "số dương" in notes
    assert ("1", "note", "", "có kế hoạch") in built.texts


def test_two_row_header_merged_and_numbering_row(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws["A1"] = "BIỂU TỔNG HỢP"
    ws.merge_cells("A1:F1")
    for col, text in zip("ABC", ("TT", "Tiêu chí", "Điểm tối đa"), strict=True):
        ws[f"{col}3"] = text
        ws.merge_cells(f"{col}3:{col}4")
    ws["D3"] = "Điểm"
    ws.merge_cells("D3:F3")
    ws["D4"], ws["E4"], ws["F4"] = "Năm 2023", "Tự đánh giá 2024", "Thẩm định"
    for col, number in zip("ABCDEF", range(1, 7), strict=True):
        ws[f"{col}5"] = f"({number})"
    ws.append(["1", "Lĩnh vực", "2", "1,5", "2", "1,75"])
    ws.append(["1.1", "Tiêu chí", "2", "1,5", "2", "1,75"])
    ws.merge_cells("G6:G7")
    path = tmp_path / "two-rows.xlsx"
    workbook.save(path)
    table = read_table(path, year=2024)
    assert [(c.header, c.scenario) for c in table.value_columns] == [
        ("Điểm Năm 2023", P),
        ("Điểm Tự đánh giá 2024", A),
        ("Điểm Thẩm định", AP),
    ]
    built = table.build()
    assert built.entries[AP]["1.1"].value == D("1.75")
    assert table.main.rows[0].number == 6  # the "(1) (2) …" line is not data


def test_mapping_can_be_changed_and_doubles_are_refused(dn_file):
    table = read_table(dn_file[0])
    built = table.build({"Phụ lục!D": "actual"})
    assert built.entries[A]["1.1"].value == D("1.46") and not built.entries[P]
    with pytest.raises(ExcelRefused, match="Hai cột cùng được nhập làm “Mục tiêu”"):
        table.build({"Phụ lục!D": T})
    assert table.build({"Phụ lục!E": None}).entries[T] == {}
    assert table.build({"d": "appraised"}).entries[AP]["1.1"].value == D("1.46")  # a letter: the main sheet
    with pytest.raises(ExcelRefused, match="Không có cột điểm “Phụ lục!B”"):
        table.build({"B": "actual"})


def test_restarted_numbering_subtotals_and_signature_rows(tmp_path):
    rows = [
        ["I.", "PHẦN I", None, None],
        [1, "Một", 2, 1],
        ["1.1", "Một một", 2, 1],
        [2, "Hai", 1, "0,5"],
        ["II.", "PHẦN II", None, None],
        [1, "Một (phần II)", 2, 2],
        ["1.1", "Một một (phần II)", 2, 2],
        [2, "Hai (phần II)", 1, 1],
        [None, "TỔNG ĐIỂM (I+II)", 6, "4,5"],
        ["III", "ĐIỂM THƯỞNG", 1, None],
        [1, "Sáng kiến", 1, 1],
        ["Tổng cộng", None, None, "5,75"],
        [None, "Người lập biểu", None, None],
    ]
    path = tmp_path / "danh-so-lai.xlsx"
    write_table(path, ["STT", "Tiêu chí", "Điểm tối đa", "Tự chấm"], rows, header_row=1)
    built = read_table(path).build()
    tree = built.criteria_set.tree
    # one numbering: I's codes carry its number as II's must (not "1" beside "II.1")
    assert [n.code for n in tree] == ["I", "I.1", "I.1.1", "I.2", "II", "II.1", "II.1.1", "II.2", "III", "III.1"]
    assert tree.by_key["III"].group is Group.BONUS
    assert [(f.code, f.row) for f in built.problems] == [(TOTAL_KEY, 13)]  # the last total: 5,75 vs 5,5
    notes = " ".join(f.message for f in built.notes)
    assert "dòng 7: các mã dưới mục II được đánh số lại" in notes and "dòng 10: dòng tổng phụ" in notes


def test_a_file_read_with_the_earlier_numbering_still_takes_the_table(tmp_path):
    """Files made before every section's codes carried its number have "1.1" under I: still matched."""
    import sqlite3

    from desktop.session import Session

    rows = [
        ["I.", "PHẦN I", None, None],
        [1, "Một", 2, 1],
        ["1.1", "Một một", 2, 1],
        ["II.", "PHẦN II", None, None],
        [1, "Một (phần II)", 2, 2],
    ]
    table = tmp_path / "danh-so-lai.xlsx"
    write_table(table, ["STT", "Tiêu chí", "Điểm tối đa", "Tự chấm"], rows, header_row=1)
    path = tmp_path / "cu.sqlite"
    create_from_table(table, path, unit="Sở A", year=2026)
    with sqlite3.connect(path) as db:  # as the earlier reading wrote lĩnh vực I's codes
        for old, new in (("I.1.1", "1.1"), ("I.1", "1")):
            db.execute("UPDATE nodes SET key = ?, code = ? WHERE key = ?", (new, new, old))
            db.execute("UPDATE nodes SET parent_key = ? WHERE parent_key = ?", (new, old))
            db.execute("UPDATE entries SET node_key = ?, value = '0.5' WHERE node_key = ?", (new, old))
    session = Session.open(path)
    try:
        report = import_values(session, table)
        assert report.unmatched == [] and report.values == 1  # 1.1's 0,5 back to the table's 1
        assert session.assessment.entry("1.1", Scenario.ACTUAL).value == D("1")
    finally:
        session.close()


def test_a_group_title_merged_over_the_code_column(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"])
    ws.append(["1", "Lĩnh vực", 2, 2])
    ws.append(["ĐIỂM CỘNG", None, 1, None])
    ws.merge_cells("A3:B3")
    ws.append(["1", "Được khen thưởng", 1, "0,5"])
    path = tmp_path / "gop-o.xlsx"
    workbook.save(path)
    tree = read_table(path).build().criteria_set.tree
    assert [(n.code, n.group) for n in tree.roots] == [("1", Group.REGULAR), ("ĐT", Group.BONUS)]
    assert tree.by_key["ĐT"].title == "ĐIỂM CỘNG" and tree.by_key["ĐT.1"].max == 1


def test_a_table_of_another_criteria_set_is_refused_before_anything_is_written(tmp_path, capsys):
    """Values go in by code: Quảng Ninh's 1.1 ("Duy trì, cập nhật Kiến trúc…") is not Đắk Nông's 1.1
    ("Thực hiện kế hoạch CCHC"); the import wrote 0,50 and 13 lead units onto other criteria."""
    import hashlib

    from desktop.cli.commands import main as cli

    other = tmp_path / "qn.sqlite"
    assert cli(["new", str(other), "--template", "cqdt-876-qn2022", "--unit", "Sở TTTT", "--year", "2022"]) == 0
    assert cli(["set", str(other), "1.1", "--actual", "0,5", "--target", "0,5"]) == 0
    table = tmp_path / "qn.xlsx"
    assert cli(["export-xlsx", str(other), str(table)]) == 0
    demo = tmp_path / "dn.sqlite"
    assert cli(["demo", str(demo)]) == 0
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    capsys.readouterr()
    assert cli(["import-xlsx", str(table), str(demo)]) == 3
    said = capsys.readouterr().err
    assert "Bảng “qn.xlsx” không cùng bộ tiêu chí với tệp: 16/16 mã có tên khác" in said, said
    assert "mã 1 trong bảng là “Phát triển các nền tảng" in said and "trong tệp là “CÔNG TÁC CHỈ ĐẠO" in said
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before
    own = tmp_path / "dn.xlsx"  # the file's own table still goes back in
    assert cli(["export-xlsx", str(demo), str(own)]) == 0
    assert cli(["import-xlsx", str(own), str(demo), "--dry-run"]) == 0


def test_a_score_typed_on_a_sheet_not_imported_is_said_before_it_is_dropped(tmp_path, capsys):
    """Our own export has the self-assessment twice (the plan's sheet and "Tự đánh giá"); the second
    is proposed "không nhập", so a score the officer changed there was dropped without a word."""
    from openpyxl import load_workbook

    from desktop.cli.commands import main as cli

    path, table, edited = tmp_path / "dn.sqlite", tmp_path / "xuat.xlsx", tmp_path / "sua.xlsx"
    assert cli(["demo", str(path)]) == 0
    assert cli(["set", str(path), "1.4", "--actual", "0,7"]) == 0
    assert cli(["export-xlsx", str(path), str(table)]) == 0
    capsys.readouterr()
    assert cli(["import-xlsx", str(table), str(path), "--dry-run"]) == 0
    assert "không được nhập nhưng ghi điểm khác" not in capsys.readouterr().err  # the export as it came
    workbook = load_workbook(table)
    sheet = workbook["Tự đánh giá"]
    next(row for row in sheet.iter_rows() if row[0].value == "1.4")[3].value = 0.6
    workbook.save(edited)
    assert cli(["import-xlsx", str(edited), str(path), "--dry-run"]) == 0
    said = capsys.readouterr().err
    assert (
        "Trang “Tự đánh giá”, cột D (“Điểm tự đánh giá”) không được nhập nhưng ghi điểm khác cột đang nhập "
        "(Tự đánh giá) ở 1.4: 0,60 (cột đang nhập ghi 0,70)."
    ) in said, said

"""Assemble and compare through the command line: values by lead unit with their sources, conflicts
reported with both values, two files of one unit, ranks per block, and received files untouched."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .exchange_files import UNITS, make_unit, packed, run, sha


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    """Every unit of ``UNITS`` made, scored and packed through the CLI; unit → packed file."""
    folder = tmp_path_factory.mktemp("don-vi")
    return {unit: packed(folder / "gui", make_unit(folder, unit, scores)) for unit, scores in UNITS.items()}


def score(path, capsys):
    capsys.readouterr()
    run("score", path, "--json")
    return {n["code"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}


def test_all_verify_valid(sent, capsys):
    capsys.readouterr()
    assert run("verify", *sent.values()) == 0
    out = capsys.readouterr().out
    assert out.count("HỢP LỆ — ") == len(UNITS) and "TỪ CHỐI" not in out


def test_assemble_takes_each_criterion_from_its_lead_unit_and_records_it(sent, tmp_path, capsys):
    hashes = {p: sha(p) for p in sent.values()}
    out = tmp_path / "tinh.sqlite"
    capsys.readouterr()
    assert run("assemble", out, *sent.values(), "--unit", "UBND tỉnh Đắk Nông") == 0
    said = capsys.readouterr().err
    assert "Chưa có tệp của đơn vị chủ trì: 1.1 (Sở Nội vụ)" in said
    assert f"mục, lấy từ 3 trong {len(sent)} tệp;" in said, said  # "… từ 5 tệp" read as if all five gave
    assert {p: sha(p) for p in sent.values()} == hashes
    nodes = score(out, capsys)
    assert nodes["2.1.1"]["actual"] == 1.0  # Sở Tư pháp leads it
    assert nodes["6.1.2"]["actual"] == 1.0  # Sở Tài chính's, not Sở Tư pháp's stray 0,25
    assert nodes["3.1.1"]["actual"] == 0.5
    assert nodes["1.1"]["actual"] is None  # Sở Nội vụ leads it, and sent nothing; the communes do not lead it
    conn = sqlite3.connect(out)
    sources = dict(conn.execute("SELECT node_key, unit FROM sources").fetchall())
    row = conn.execute("SELECT file, fingerprint, how FROM sources WHERE node_key = '6.1.2'").fetchone()
    explanation = conn.execute("SELECT text FROM texts WHERE node_key = '6.1.2' AND field = 'explanation'").fetchone()
    conn.close()
    assert sources == {
        "2.1.1": "Sở Tư pháp",
        "2.1.2": "Sở Tư pháp",
        "2.3": "Sở Tư pháp",
        "6.1.2": "Sở Tài chính",
        "6.2.1": "Sở Tài chính",
        "3.1.1": "Văn phòng UBND tỉnh",
    }
    assert row[0] == sent["Sở Tài chính"].name and len(row[1]) == 64 and row[2] == "lead"
    assert explanation == ("Giải trình của Sở Tài chính",)


def test_two_lead_units_filling_one_criterion_differently_is_a_reported_conflict(sent, tmp_path, capsys):
    # 5.2.1 is led by "Sở Nội vụ, UBND cấp huyện": two units
    snv = packed(tmp_path / "a", make_unit(tmp_path, "Sở Nội vụ", {"5.2.1": "0,5"}))
    huyen = packed(tmp_path / "b", make_unit(tmp_path, "UBND cấp huyện", {"5.2.1": "0,25"}))
    out = tmp_path / "tinh.sqlite"
    capsys.readouterr()
    assert run("assemble", out, snv, huyen) == 1
    report = capsys.readouterr().out
    assert "XUNG ĐỘT — tiêu chí 5.2.1" in report
    # both sides whole, every field in Vietnamese (the explanation was "explanation: …")
    sides = [line.strip() for line in report.splitlines() if line.startswith("   - ")]
    assert sides == [
        "- Sở Nội vụ (so-noi-vu_2025_par-tinh-2020_da-gui.sqlite): tự đánh giá 0,50; "
        "giải trình: Giải trình của Sở Nội vụ",
        "- UBND cấp huyện (ubnd-cap-huyen_2025_par-tinh-2020_da-gui.sqlite): tự đánh giá 0,25; "
        "giải trình: Giải trình của UBND cấp huyện",
    ]
    assert not out.exists()
    assert run("assemble", out, snv, huyen, "--choose", "5.2.1=UBND cấp huyện") == 0
    assert score(out, capsys)["5.2.1"]["actual"] == 0.25
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT unit, how FROM sources WHERE node_key = '5.2.1'").fetchall() == [
        ("UBND cấp huyện", "chosen")
    ]
    conn.close()


def test_two_files_of_one_unit_need_the_user_to_say_the_newer_wins(sent, tmp_path, capsys):
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "0,5"})
    later = packed(tmp_path / "lan-2", unit)
    out = tmp_path / "tinh.sqlite"
    capsys.readouterr()
    assert run("assemble", out, sent["Sở Tư pháp"], later) == 1
    assert "HAI TỆP CỦA MỘT ĐƠN VỊ — Sở Tư pháp" in capsys.readouterr().out
    assert not out.exists()
    assert run("assemble", out, sent["Sở Tư pháp"], later, "--newer-wins") == 0
    assert score(out, capsys)["2.1.1"]["actual"] == 0.5


def test_a_refused_file_stops_the_assembly_unless_skipped(sent, tmp_path, capsys):
    other_year = packed(tmp_path / "c", make_unit(tmp_path, "Sở Tài chính", {"6.1.2": "1"}, year=2024))
    out = tmp_path / "tinh.sqlite"
    capsys.readouterr()
    assert run("assemble", out, sent["Sở Tư pháp"], sent["Văn phòng UBND tỉnh"], other_year) == 3
    assert "khác năm 2025 của các tệp còn lại" in capsys.readouterr().out
    assert not out.exists()
    assert run("assemble", out, sent["Sở Tư pháp"], sent["Văn phòng UBND tỉnh"], other_year, "--skip-refused") == 0


def test_compare_ranks_each_block_apart_and_writes_excel(sent, tmp_path, capsys):
    hashes = {p: sha(p) for p in sent.values()}
    out = tmp_path / "so-sanh.xlsx"
    capsys.readouterr()
    assert run("compare", out, *sent.values()) == 0
    assert {p: sha(p) for p in sent.values()} == hashes
    printed = capsys.readouterr().out
    assert printed.index("Khối sở, ban, ngành:") < printed.index("Khối xã, phường, đặc khu:")
    book = load_workbook(out)
    assert book.sheetnames == ["Xếp hạng", "Sở, ban, ngành", "Xã, phường, đặc khu"]
    ranking = [[c.value for c in row] for row in book["Xếp hạng"].iter_rows(min_row=1) if row[1].value]
    ranked = [(r[0], r[1]) for r in ranking if isinstance(r[0], int)]
    assert ranked == [
        (1, "Sở Tư pháp"),  # 3,25: its stray 0,25 on 6.1.2 counts in its own file
        (2, "Sở Tài chính"),
        (3, "Văn phòng UBND tỉnh"),
        (1, "UBND xã Tân Lập"),
        (2, "UBND phường Hồng Hải"),
    ]
    sheet = book["Sở, ban, ngành"]
    header = [c.value for c in sheet[4]]
    assert header[:6] == [
        "STT",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
        "Điểm tối đa",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Văn phòng UBND tỉnh",
    ]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "6.1.2")
    assert [c.value for c in row[3:8]] == [0.25, 1, None, 1, 0.25]  # scores, then best and worst
    assert row[4].fill.fgColor.rgb.endswith("C6EFCE") and row[3].fill.fgColor.rgb.endswith("FFC7CE")


def test_a_unit_level_setting_moves_a_unit_into_the_other_block(tmp_path, capsys):
    board = make_unit(tmp_path, "Ban Quản lý Khu kinh tế", {"1.1": "1"})
    assert run("settings", board, "unit_level=xa") == 0
    commune = make_unit(tmp_path, "UBND xã Tân Lập", {"1.1": "1,5"})
    files = [packed(tmp_path / "gui", board), packed(tmp_path / "gui", commune)]
    capsys.readouterr()
    assert run("compare", tmp_path / "x.xlsx", *files) == 0
    printed = capsys.readouterr().out
    assert "Khối sở, ban, ngành" not in printed
    assert "1. UBND xã Tân Lập" in printed and "2. Ban Quản lý Khu kinh tế" in printed
    assert run("settings", board, "unit_level=huyen") == 2


def test_the_ranking_as_a_signed_ready_pdf(sent, tmp_path, capsys):
    from pypdf import PdfReader

    own = make_unit(tmp_path, "Sở Nội vụ", {})
    assert (
        run(
            "settings",
            own,
            "unit=Sở Nội vụ tỉnh Đắk Nông",
            "parent_agency=UBND TỈNH ĐẮK NÔNG",
            "issuing_agency=SỞ NỘI VỤ",
            "place=Đắk Nông",
            "report_number=12",
            "report_symbol=BC-SNV",
            "report_date=15/12/2025",
            "signer_authority=KT. GIÁM ĐỐC",
            "signer_title=PHÓ GIÁM ĐỐC",
            "signer_name=Nguyễn Văn A",
        )
        == 0
    )
    pdf = tmp_path / "xep-hang.pdf"
    capsys.readouterr()
    assert run("compare", tmp_path / "x.xlsx", *sent.values(), "--pdf", pdf) == 2  # needs --settings
    assert run("compare", tmp_path / "x.xlsx", *sent.values(), "--pdf", pdf, "--settings", own) == 0
    reader = PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025" in text and "Phụ lục" in text
    assert "I. KHỐI SỞ, BAN, NGÀNH" in text and "II. KHỐI XÃ, PHƯỜNG, ĐẶC KHU" in text
    assert "(Kèm theo Báo cáo số 12/BC-SNV ngày 15 tháng 12 năm 2025 của Sở Nội vụ tỉnh Đắk Nông)" in text
    assert "Mã dữ liệu: " in text and "Nguyễn Văn A" in text
    fields = reader.get_fields() or {}
    assert "ChuKyNguoiKy" in fields
    assert pdf.stat().st_size > 0


def test_a_group_is_claimed_only_for_a_whole_result(sent, tmp_path, capsys):
    """Partial self-assessments are ranked but 'tạm tính', with no group; a whole one gets its group."""
    from desktop.exchange.compare import compare
    from desktop.session import Session
    from scoring import Scenario

    whole = make_unit(tmp_path, "Sở Xây dựng", {})
    session = Session.open(whole)
    try:
        for key in session.assessment.regular_leaves:
            node = session.tree.by_key[key]
            if node.rule.accepts_typed_score(has_inputs=False):
                session.set_value(key, Scenario.ACTUAL, node.max)
            else:
                session.set_inputs(key, Scenario.ACTUAL, {name: "1" for name in node.rule.input_names})
            session.set_text(key if not node.is_part else node.parent.key, "explanation", "Có minh chứng")
    finally:
        session.close()
    files = [*sent.values(), packed(tmp_path / "gui", whole)]
    comparison = compare(files)
    groups = {c.unit: (c.group, c.provisional) for c in comparison.columns}
    assert groups["Sở Xây dựng"] == ("A", False)
    assert groups["Sở Tư pháp"] == (None, True)
    assert "Sở Tư pháp" in comparison.provisional and "Sở Xây dựng" not in comparison.provisional
    out = tmp_path / "so-sanh.xlsx"
    capsys.readouterr()
    assert run("compare", out, *files) == 0
    printed = capsys.readouterr().out
    assert "Sở Xây dựng: 100,00 điểm, 100,00%, nhóm A" in printed
    assert "Sở Tư pháp: " in printed and "tạm tính, chưa xếp nhóm" in printed
    rows = [[c.value for c in row] for row in load_workbook(out)["Xếp hạng"].iter_rows(min_row=1)]
    assert ["Sở Tư pháp", "tạm tính"] == [rows_for(rows, "Sở Tư pháp")[1], rows_for(rows, "Sở Tư pháp")[5]]
    assert any(r[0] and str(r[0]).startswith("Chưa xếp nhóm (điểm tạm tính") for r in rows)


def rows_for(rows: list[list[object]], unit: str) -> list[object]:
    return next(r for r in rows if len(r) > 1 and r[1] == unit)


def test_equal_indices_as_published_share_a_rank_and_the_next_rank_is_skipped(tmp_path, capsys):
    # 1,004 and 1,00 points are both published as 1,00%: one rank, as provinces print them (1, 2, 2, 4)
    scores = {"Sở Công Thương": "1,5", "Sở Xây dựng": "1", "Sở Y tế": "1,004", "Sở Giáo dục": "0,5"}
    files = [packed(tmp_path / "gui", make_unit(tmp_path, unit, {"1.1": value})) for unit, value in scores.items()]
    out = tmp_path / "so-sanh.xlsx"
    capsys.readouterr()
    assert run("compare", out, *files) == 0
    printed = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert printed[1:] == [
        "1. Sở Công Thương: 1,50 điểm, 1,50%, tạm tính, chưa xếp nhóm",
        "2. Sở Xây dựng: 1,00 điểm, 1,00%, tạm tính, chưa xếp nhóm",
        "2. Sở Y tế: 1,00 điểm, 1,00%, tạm tính, chưa xếp nhóm",
        "4. Sở Giáo dục: 0,50 điểm, 0,50%, tạm tính, chưa xếp nhóm",
    ]
    rows = [[c.value for c in row] for row in load_workbook(out)["Xếp hạng"].iter_rows(min_row=1)]
    assert [(r[0], r[1]) for r in rows if isinstance(r[0], int)] == [
        (1, "Sở Công Thương"),
        (2, "Sở Xây dựng"),
        (2, "Sở Y tế"),
        (4, "Sở Giáo dục"),
    ]


def test_no_command_changes_a_received_file_even_a_refused_one(sent, tmp_path, capsys):
    """verify, assemble and compare over good and tampered files: every file's bytes as received."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    files = [Path(shutil.copyfile(p, folder / p.name)) for p in sent.values()]
    tampered = Path(shutil.copyfile(files[0], folder / "sua.sqlite"))
    conn = sqlite3.connect(tampered)
    conn.execute("UPDATE entries SET value = '0.75' WHERE node_key = '2.1.2' AND scenario = 'actual'")
    conn.commit()
    conn.close()
    haunted = Path(shutil.copyfile(files[1], folder / "ma.sqlite"))
    conn = sqlite3.connect(haunted)
    conn.execute("CREATE TRIGGER t AFTER UPDATE ON entries BEGIN DELETE FROM nodes; END")
    conn.commit()
    conn.close()
    every = [*files, tampered, haunted]
    hashes = {p: sha(p) for p in every}
    capsys.readouterr()
    assert run("verify", *every) == 3
    assert run("assemble", tmp_path / "tinh.sqlite", *every) == 3
    assert not (tmp_path / "tinh.sqlite").exists()
    assert run("assemble", tmp_path / "tinh.sqlite", *every, "--skip-refused") == 0
    assert run("compare", tmp_path / "so-sanh.xlsx", *every) == 3  # a ranking without them is decided
    assert not (tmp_path / "so-sanh.xlsx").exists()
    assert "Chưa so sánh: có tệp bị từ chối" in capsys.readouterr().err
    assert run("compare", tmp_path / "so-sanh.xlsx", *every, "--skip-refused") == 0
    printed = capsys.readouterr().out
    assert printed.count("TỪ CHỐI — sua.sqlite") == 1 and printed.count("TỪ CHỐI — ma.sqlite") == 1
    assert {p: sha(p) for p in every} == hashes
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in every)  # nothing left beside them


def test_one_file_named_twice_is_read_once_and_a_copy_is_not_offered_newer_wins(sent, tmp_path, capsys):
    out = tmp_path / "tinh.sqlite"
    capsys.readouterr()
    assert run("assemble", out, sent["Sở Tư pháp"], sent["Sở Tư pháp"]) == 0  # the shell's glob and a name
    copy = Path(shutil.copyfile(sent["Sở Tư pháp"], tmp_path / "ban-sao.sqlite"))
    capsys.readouterr()
    assert run("assemble", tmp_path / "khac.sqlite", sent["Sở Tư pháp"], copy, "--newer-wins") == 1
    report = capsys.readouterr().out
    assert "HAI TỆP CỦA MỘT ĐƠN VỊ — Sở Tư pháp" in report and "--newer-wins" not in report
    assert "Hai tệp đóng gói cùng một lúc (bản sao của cùng một tệp?): hãy bỏ bớt một tệp." in report
    from desktop.exchange.desk import DeskActions

    plan = DeskActions().plan_assembly([sent["Sở Tư pháp"], copy], newer_wins=True)  # the app's tick
    lines = DeskActions.describe(plan)
    plan.close()
    assert plan.blocked and any(line.endswith("(bản sao của cùng một tệp?): hãy bỏ bớt một tệp") for line in lines)

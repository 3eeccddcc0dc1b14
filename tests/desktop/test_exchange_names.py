"""A unit named with its province ("Sở Tư pháp tỉnh Đắk Nông") is the "Sở Tư pháp" of the lead cells:
packing warns about its own criteria, assembly takes them from its file, comparison ranks it once,
and a file whose unit leads nothing is said to go unused."""

from __future__ import annotations

import json

from .exchange_files import make_unit, packed, run

FULL = "Sở Tư pháp tỉnh Đắk Nông"


def _bare_unit(folder, unit, scores):
    """A file made as the welcome screen makes it: no province setting, the province in the name."""
    path = folder / "khong-tinh.sqlite"
    assert run("new", path, "--template", "par-tinh-2020", "--unit", unit, "--year", 2025) == 0
    for code, value in scores.items():
        assert run("set", path, code, "--actual", value, "--explanation", "Có báo cáo") == 0
    return path


def test_packing_warns_only_about_the_units_own_criteria(tmp_path, capsys):
    path = _bare_unit(tmp_path, FULL, {"2.1.1": "1"})
    capsys.readouterr()
    assert run("pack", path, tmp_path / "gui.sqlite") == 0
    err = capsys.readouterr().err
    assert "Còn 4/5 tiêu chí đơn vị tự chấm chưa có điểm: 2.1.2, 2.2.1, 2.2.2, 2.3." in err
    assert "không có trong cột Đơn vị chủ trì" not in err


def test_a_unit_that_leads_nothing_is_told_at_packing(tmp_path, capsys):
    path = _bare_unit(tmp_path, "Sở Tư pháp và Hộ tịch", {"2.1.1": "1"})
    capsys.readouterr()
    assert run("pack", path, tmp_path / "gui.sqlite") == 0
    err = capsys.readouterr().err
    assert "Tên đơn vị “Sở Tư pháp và Hộ tịch” không có trong cột Đơn vị chủ trì của bộ tiêu chí" in err


def test_assembly_takes_the_criteria_of_a_unit_named_with_its_province(tmp_path, capsys):
    own = packed(tmp_path / "gui", make_unit(tmp_path, FULL, {"2.1.1": "1", "2.1.2": "0,5"}))
    (tmp_path / "b").mkdir()
    stray = packed(tmp_path / "gui", make_unit(tmp_path / "b", "Sở Tư pháp và Hộ tịch", {"2.3": "1"}))
    out = tmp_path / "tinh.sqlite"
    capsys.readouterr()
    assert run("assemble", out, own, stray) == 0
    err = capsys.readouterr().err
    assert "2.1.1 (Sở Tư pháp)" not in err and "2.3 (Sở Tư pháp)" in err
    assert f"Tệp {stray.name} không được dùng: “Sở Tư pháp và Hộ tịch” không chủ trì tiêu chí nào" in err
    capsys.readouterr()
    run("score", out, "--json")
    nodes = {n["code"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}
    assert (nodes["2.1.1"]["actual"], nodes["2.1.2"]["actual"], nodes["2.3"]["actual"]) == (1.0, 0.5, None)


def test_compare_ranks_one_unit_once_however_its_name_is_written(tmp_path, capsys):
    first = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "0,5"}))
    (tmp_path / "b").mkdir()
    later = packed(tmp_path / "gui", make_unit(tmp_path / "b", FULL, {"2.1.1": "1"}))
    other = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tài chính", {"6.1.2": "1"}))
    capsys.readouterr()
    # the older file is set aside, not refused: a unit that sent a corrected file sent nothing wrong
    assert run("compare", tmp_path / "so-sanh.xlsx", first, later, other) == 0
    done = capsys.readouterr()
    assert f"Bỏ tệp cũ hơn của Sở Tư pháp: {first.name} (đóng gói " in done.err
    assert "TỪ CHỐI" not in done.out and done.out.count("Sở Tư pháp") == 1 and f"{FULL}: 1,00 điểm" in done.out
    from openpyxl import load_workbook

    cells = [str(c.value) for row in load_workbook(tmp_path / "so-sanh.xlsx").worksheets[0].iter_rows() for c in row]
    assert f"Tệp cũ hơn của Sở Tư pháp: so sánh theo tệp đóng gói sau ({later.name})." in cells  # said in the workbook


def test_compare_refuses_two_copies_of_one_packed_file(tmp_path, capsys):
    """Packed at the same moment: no newer file to take, so both are refused and one must be dropped."""
    import shutil

    first = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "0,5"}))
    copy = shutil.copyfile(first, tmp_path / "gui" / f"ban-sao-{first.name}")
    other = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tài chính", {"6.1.2": "1"}))
    capsys.readouterr()
    assert run("compare", tmp_path / "so-sanh.xlsx", first, copy, other) == 3
    said = capsys.readouterr()
    assert said.out.count("TỪ CHỐI") == 2 and "đóng gói cùng lúc" in said.out and "hãy bỏ một tệp" in said.out
    assert "chưa ghi tệp nào" in said.err and not (tmp_path / "so-sanh.xlsx").exists()  # exit 3: nothing written


def test_a_ranking_made_without_a_refused_file_says_so_in_the_pdf(tmp_path, capsys):
    """--skip-refused: the officer decided to rank the others; the signed document names who is not in it."""
    import shutil

    from pypdf import PdfReader

    first = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "0,5"}))
    copy = shutil.copyfile(first, tmp_path / "gui" / f"ban-sao-{first.name}")
    other = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tài chính", {"6.1.2": "1"}))
    own = make_unit(tmp_path, "Sở Nội vụ", {})
    header = ("parent_agency=UBND TỈNH ĐẮK NÔNG", "issuing_agency=SỞ NỘI VỤ", "place=Đắk Nông", "report_number=12")
    signer = ("report_symbol=BC-SNV", "report_date=15/12/2025", "signer_title=GIÁM ĐỐC", "signer_name=Nguyễn Văn A")
    assert run("settings", own, *header, *signer) == 0
    pdf = tmp_path / "xep-hang.pdf"
    args = ("--pdf", pdf, "--settings", own, "--skip-refused")
    assert run("compare", tmp_path / "so-sanh.xlsx", first, copy, other, *args) == 0
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    left_out = f"Không đưa vào xếp hạng (tệp bị từ chối khi kiểm tra): {first.name} (Sở Tư pháp), {copy.name}"
    assert left_out in text, text
    assert "Sở Tài chính" in text

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
    assert run("compare", tmp_path / "so-sanh.xlsx", first, later, other) == 3
    out = capsys.readouterr().out
    assert f"Tệp cũ hơn của Sở Tư pháp: so sánh theo tệp đóng gói sau ({later.name})" in out
    assert out.count("Sở Tư pháp") == 2 and f"{FULL}: 1,00 điểm" in out

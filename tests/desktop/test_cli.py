"""The `pardesk` command line: the issue's acceptance commands, exit codes and untouched files."""

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest

from desktop.cli.commands import main
from desktop.session import Session
from scoring import Scenario
from tests.conftest import council_copy

TEMPLATE = "cqdt-876-qn2022"


def run(*args):
    return main([str(a) for a in args])


@pytest.fixture
def qn(tmp_path):
    path = tmp_path / "f.sqlite"
    assert run("new", path, "--template", TEMPLATE, "--unit", "Sở Thông tin và Truyền thông", "--year", 2022) == 0
    return path


def score(path, capsys):
    capsys.readouterr()
    run("score", path, "--json")
    return json.loads(capsys.readouterr().out)


def node(data, code):
    return next(n for n in data["nodes"] if n["code"] == code)


def test_gate_acceptance(qn, capsys):
    assert run("set", qn, "3.3", "--input", "a=200", "--input", "b=179") == 0
    assert node(score(qn, capsys), "3.3")["actual"] == 0
    assert run("set", qn, "3.3", "--input", "b=181") == 0
    data = score(qn, capsys)
    assert node(data, "3.3")["actual"] == 0.91
    assert set(data) == {"template", "unit", "year", "total", "nodes", "findings"}
    assert data["template"] == {"id": TEMPLATE, "version": "1"}
    assert (data["unit"], data["year"]) == ("Sở Thông tin và Truyền thông", 2022)
    assert set(data["total"]) == {"max", "previous", "actual", "target", "appraised"}
    assert data["total"]["max"] == 13.5 and data["total"]["actual"] == 0.91
    assert set(node(data, "1.2")) == {"code", "title", "max", "previous", "actual", "target", "appraised", "parts"}
    assert len(node(data, "1.2")["parts"]) == 2
    assert {"code": "I", "severity": "warning"}.items() <= data["findings"][0].items()


def test_values_per_scenario_and_clearing(qn, capsys):
    assert run("set", qn, "1.3", "--actual", "0,5", "--target", "0.7", "--previous", "0,25") == 0
    data = node(score(qn, capsys), "1.3")
    assert (data["previous"], data["actual"], data["target"]) == (0.25, 0.5, 0.7)
    assert run("set", qn, "1.3", "--target", "") == 0
    assert node(score(qn, capsys), "1.3")["target"] is None
    assert run("set", qn, "1.4", "--input", "a=10", "--input", "b=9", "--scenario", "target") == 0
    assert node(score(qn, capsys), "1.4")["target"] == 0.9


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["1.1", "--actual", "abc"], 2, "“abc” không phải là số"),
        (["1.1", "--actual", "-1"], 2, "không được âm"),
        (["1.3", "--actual", "1,5"], 2, "lớn hơn điểm tối đa"),
        (["1.3", "--actual", "1,0001"], 2, "điểm 1,0001 lớn hơn điểm tối đa 1,00."),  # not "1,00 … 1,00"
        (["3.3", "--input", "a=200", "--input", "b=210"], 2, "b = 210 lớn hơn a = 200"),
        (["3.3", "--input", "a=0", "--input", "b=0"], 2, "a = 0"),
        (["3.3", "--input", "x=1"], 2, "không có số liệu “x”"),
        (["3.3", "--input", "a"], 2, "TÊN=GIÁ_TRỊ"),
        (["9.9", "--actual", "1"], 2, "Không có tiêu chí mã “9.9”"),
        (["I", "--actual", "1"], 2, "cộng tự động"),
        (["1.3", "--actual", "0,5", "--target", "x"], 2, "“x” không phải là số"),
        (["1.3"], 2, "Chưa có gì để ghi"),
    ],
)
def test_bad_input_is_refused_and_the_file_is_unchanged(qn, capsys, args, code, message):
    before = hashlib.sha256(qn.read_bytes()).hexdigest()
    assert run("set", qn, *args) == code
    assert message in capsys.readouterr().err
    assert hashlib.sha256(qn.read_bytes()).hexdigest() == before


def test_refused_files_exit_3(tmp_path, capsys):
    text = tmp_path / "table.xlsx"
    text.write_bytes(b"PK\x03\x04 not a database")
    assert run("score", text) == 3
    assert "không phải tệp đánh giá PAR Desk" in capsys.readouterr().err
    assert run("score", tmp_path / "missing.sqlite") == 3
    assert "Không tìm thấy" in capsys.readouterr().err


def test_unknown_template_and_usage_errors_exit_2(tmp_path, capsys):
    assert run("new", tmp_path / "x.sqlite", "--template", "nope", "--unit", "x", "--year", 2022) == 2
    assert "Không có bộ tiêu chí “nope”" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()
    with pytest.raises(SystemExit) as info:
        run("set")
    assert info.value.code == 2
    assert "Lỗi cú pháp lệnh" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("frobnicate")


def test_score_exits_1_on_error_findings(qn, capsys):
    import sqlite3

    conn = sqlite3.connect(qn)
    conn.execute("INSERT INTO entries VALUES ('1.3', 'actual', '5', '{}')")  # above max, as an import may bring
    conn.commit()
    conn.close()
    assert run("score", qn) == 1
    out = capsys.readouterr().out
    assert "[Lỗi] Tiêu chí 1.3 (Tự đánh giá): điểm 5,00 lớn hơn điểm tối đa 1,00." in out


def test_templates_lists_the_builtin_sets(capsys):
    assert run("templates") == 0
    out = capsys.readouterr().out
    assert "par-tinh-2020" in out and TEMPLATE in out and "qd766-2022" in out


def test_settings_list_and_set(qn, capsys):
    assert run("settings", qn, "doc_number=5", "doc_date=05/02/2026", "signer_authority=KT. GIÁM ĐỐC") == 0
    capsys.readouterr()
    assert run("settings", qn) == 0
    out = capsys.readouterr().out
    assert "doc_date = 2026-02-05" in out and "doc_number = 5" in out
    assert run("settings", qn, "doc_date=31/02/2026") == 2
    assert "không phải là ngày" in capsys.readouterr().err
    assert run("settings", qn, "colour=red") == 2
    assert run("settings", qn, "doc_symbol=KH SNV") == 2


def test_demo_and_carry_over(tmp_path, capsys):
    demo = tmp_path / "demo.sqlite"
    assert run("demo", demo) == 0
    data = score(demo, capsys)
    assert data["total"]["previous"] == 86.24 and data["total"]["target"] == 89.93
    # next year's file from this one: nothing self-assessed or appraised yet, so nothing carried
    fresh = tmp_path / "next.sqlite"
    assert run("set", demo, "1.1", "--actual", "1,5") == 0
    assert run("set", demo, "1.2", "--actual", "0,5") == 0
    session = Session.open(demo)
    council_copy(session)  # last year's file as the council appraised it
    session.set_value("1.1", Scenario.APPRAISED, "1,25")
    session.close()
    capsys.readouterr()
    assert run("new", fresh, "--template", "par-tinh-2020", "--unit", "x", "--year", 2023, "--from", demo) == 0
    err = capsys.readouterr().err
    assert "Đã lấy 2 điểm năm trước" in err and "Không có điểm năm trước: 1.3.1" in err
    data = score(fresh, capsys)
    assert (node(data, "1.1")["previous"], node(data, "1.2")["previous"]) == (1.25, 0.5)


def test_last_years_file_of_another_set_is_refused_and_nothing_is_written(tmp_path, capsys):
    # tester item 3: a par-tinh-2020 file carried 1.4 "Công tác tuyên truyền CCHC" into cqdt-876's 1.4
    demo = tmp_path / "demo.sqlite"
    run("demo", demo)
    run("set", demo, "1.4", "--actual", "0,5")
    capsys.readouterr()
    other = tmp_path / "qn.sqlite"
    assert run("new", other, "--template", TEMPLATE, "--unit", "x", "--year", 2023, "--from", demo) == 2
    err = capsys.readouterr().err
    assert "Tệp năm trước dùng bộ tiêu chí “par-tinh-2020”, khác bộ “cqdt-876-qn2022”" in err
    assert "không có tiêu chí nào trùng cả mã lẫn tên" in err and not other.exists()


def test_a_criterion_renamed_under_its_code_is_not_carried(tmp_path, capsys):
    demo = tmp_path / "demo.sqlite"
    run("demo", demo)
    run("set", demo, "1.1", "--actual", "1")
    run("set", demo, "1.2", "--actual", "0,5")
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE nodes SET title = 'Một tiêu chí khác' WHERE code = '1.2'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    fresh = tmp_path / "next.sqlite"
    assert run("new", fresh, "--template", "par-tinh-2020", "--unit", "x", "--year", 2023, "--from", demo) == 0
    err = capsys.readouterr().err
    assert "Cùng mã nhưng khác tên tiêu chí năm trước, không lấy điểm: 1.2." in err
    data = score(fresh, capsys)
    assert (node(data, "1.1")["previous"], node(data, "1.2")["previous"]) == (1, None)


def test_the_new_files_year_is_checked_against_last_years_and_the_sets(tmp_path, capsys):
    demo = tmp_path / "demo.sqlite"  # Đắk Nông 2022, criteria set par-tinh-2020 (for 2020–2021)
    run("demo", demo)
    capsys.readouterr()
    for year in (2021, 2022):
        assert (
            run(
                "new",
                tmp_path / f"{year}.sqlite",
                "--template",
                "par-tinh-2020",
                "--unit",
                "x",
                "--year",
                year,
                "--from",
                demo,
            )
            == 2
        )
        assert "Tệp năm trước là đánh giá năm 2022; năm đánh giá của tệp mới" in capsys.readouterr().err
        assert not (tmp_path / f"{year}.sqlite").exists()
    assert (
        run("new", tmp_path / "g.sqlite", "--template", "par-tinh-2020", "--unit", "x", "--year", 2025, "--from", demo)
        == 0
    )
    err = capsys.readouterr().err
    assert "Tệp năm trước là đánh giá năm 2022, không phải năm 2024" in err
    assert "Bộ tiêu chí “par-tinh-2020” ban hành cho năm 2020–2021; năm đánh giá 2025 nằm ngoài" in err
    assert run("new", tmp_path / "h.sqlite", "--template", TEMPLATE, "--unit", "x", "--year", 2030) == 0
    assert "Bộ tiêu chí “cqdt-876-qn2022” ban hành cho năm 2022–2025; năm đánh giá 2030" in capsys.readouterr().err
    assert run("new", tmp_path / "i.sqlite", "--template", TEMPLATE, "--unit", "x", "--year", 2024) == 0
    assert "ban hành cho năm" not in capsys.readouterr().err


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "desktop", "templates"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "par-tinh-2020" in result.stdout


def test_excel_round_trip_through_the_command_line(tmp_path, capsys):
    demo = tmp_path / "demo.sqlite"
    run("demo", demo)
    run("set", demo, "1.1", "--actual", "1,25")
    table = tmp_path / "phu-luc.xlsx"
    assert run("export-xlsx", demo, table) == 0
    again = tmp_path / "again.sqlite"
    assert run("import-xlsx", table, again, "--unit", "UBND tỉnh Đắk Nông", "--year", 2022) == 0
    data = score(again, capsys)
    assert data["total"]["previous"] == 86.24 and data["total"]["target"] == 89.93
    assert node(data, "1.1")["actual"] == 1.25
    before = hashlib.sha256(again.read_bytes()).hexdigest()
    assert run("import-xlsx", table, again, "--dry-run") == 0
    assert hashlib.sha256(again.read_bytes()).hexdigest() == before


def test_import_xlsx_refuses_a_csv_and_a_new_file_without_unit(tmp_path, capsys):
    csv = tmp_path / "bang.csv"
    csv.write_text("STT;Tiêu chí\n", encoding="utf-8")
    assert run("import-xlsx", csv, tmp_path / "x.sqlite", "--unit", "x", "--year", 2022) == 3
    assert "csv" in capsys.readouterr().err.lower()
    table = tmp_path / "t.xlsx"
    demo = tmp_path / "demo.sqlite"
    run("demo", demo)
    run("export-xlsx", demo, table)
    assert run("import-xlsx", table, tmp_path / "new.sqlite") == 2
    assert "cần --unit và --year" in capsys.readouterr().err


def test_an_unexpected_error_exits_4_with_one_line_and_a_logged_traceback(qn, capsys, monkeypatch, tmp_path):
    """A bug is neither a finding (1) nor a refusal (2, 3): scripts can tell it apart."""
    from desktop.cli import score_report

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))

    def broken(*_args: object) -> str:
        raise ZeroDivisionError("lỗi lập trình")

    monkeypatch.setattr(score_report, "score_table", broken)
    assert main(["score", str(qn)]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Lỗi không mong muốn (ZeroDivisionError)")
    log = (tmp_path / "data" / "logs" / "loi.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: lỗi lập trình" in log and "pardesk score" in log and "Traceback" in log


def test_score_json_has_a_line_per_node_whatever_the_titles_hold(tmp_path, capsys):
    """The JSON is written list by list in one encoder call and split at markers of its own."""
    from bench.big_file import big_records
    from desktop.assessment_file.store import AssessmentFile
    from desktop.cli.score_report import _MARKER
    from scoring import CriteriaSet, build_tree

    records = big_records(130)
    hostile = f'a", {json.dumps(_MARKER)}, "b}}, {{"code": "x'
    records[1]["title"] = hostile
    records[2]["title"] = _MARKER
    path = tmp_path / "hostile.sqlite"
    criteria_set = CriteriaSet(id="t", title="t", tree=build_tree(records))
    AssessmentFile.create(path, criteria_set, unit="Sở", year=2026).close()
    capsys.readouterr()
    assert run("score", path, "--json") == 0
    text = capsys.readouterr().out
    data = json.loads(text)
    # a stored NUL never reaches the report: the read boundary removes control characters
    assert [n["title"] for n in data["nodes"][1:3]] == [hostile, _MARKER.replace("\x00", "")]
    lines = text.splitlines()
    node_lines = lines[lines.index(' "nodes": [') + 1 : lines.index(' "findings": [') - 1]
    assert len(node_lines) == len(data["nodes"]) == 130 - sum(r.get("is_part", False) for r in records)
    assert all(json.loads(line.rstrip(",")) in data["nodes"] for line in node_lines)

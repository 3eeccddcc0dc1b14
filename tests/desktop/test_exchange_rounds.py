"""The rounds through the command line: pack, verify, appraise, send back, giải trình, appraise again,
and every round refusing, in Vietnamese, what it must refuse."""

from __future__ import annotations

import json
import sqlite3

import pytest

from .exchange_files import make_unit, packed, run, sha


def score(path, capsys):
    capsys.readouterr()
    run("score", path, "--json")
    data = json.loads(capsys.readouterr().out)
    return {n["code"]: n for n in data["nodes"]} | {"TOTAL": data["total"]}


def refused(capsys, *args, code=2):
    capsys.readouterr()
    assert run(*args) == code
    return capsys.readouterr().err


@pytest.fixture
def unit(tmp_path):
    return make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5", "2.3": "1,5"})


def test_the_whole_loop_and_what_each_round_refuses(tmp_path, unit, capsys):
    # tự đánh giá → đã gửi: the unit's own file is locked for self-scores, its plan stays open
    sent = packed(tmp_path / "gui", unit)
    assert sent.name == "so-tu-phap_2025_par-tinh-2020_da-gui.sqlite"
    assert "Điểm tự đánh giá đã chốt và gửi Sở Nội vụ" in refused(capsys, "set", unit, "2.1.2", "--actual", "1")
    assert run("set", unit, "2.1.2", "--target", "1") == 0
    assert "do Sở Nội vụ (Hội đồng thẩm định) ghi" in refused(capsys, "set", unit, "2.1.2", "--appraised", "1")

    # Sở Nội vụ verifies and takes it for thẩm định lần 1: the appraisal starts from the self-scores
    capsys.readouterr()
    assert run("verify", sent) == 0
    assert capsys.readouterr().out.startswith("HỢP LỆ — so-tu-phap_2025")
    received_hash = sha(sent)
    council = tmp_path / "snv-tham-dinh.sqlite"
    assert run("receive", sent, council) == 0
    assert sha(sent) == received_hash
    assert score(council, capsys)["2.1.2"]["appraised"] == 0.5
    assert "Hội đồng thẩm định không sửa điểm" in refused(capsys, "set", council, "2.1.2", "--actual", "1")
    assert "Kế hoạch, mục tiêu" in refused(capsys, "set", council, "2.1.2", "--target", "1")
    assert run("set", council, "2.1.2", "--appraised", "0,25") == 0
    no_reason = refused(capsys, "pack", council, tmp_path / "x.sqlite")
    assert "Mỗi tiêu chí bị trừ điểm cần lý do; còn thiếu lý do ở 2.1.2." in no_reason
    assert not (tmp_path / "x.sqlite").exists()
    assert run("set", council, "2.1.2", "--reason", "Mới xử lý 3/5 kiến nghị") == 0
    back = packed(tmp_path / "tra", council)
    assert back.name.endswith("_giai-trinh.sqlite")
    assert "đã chốt và gửi đơn vị giải trình" in refused(capsys, "set", council, "2.1.2", "--appraised", "0,5")

    # the unit sees the deduction and its reason, answers in giải trình (deducted criteria only)
    answer = tmp_path / "stp-giai-trinh.sqlite"
    assert run("receive", back, answer) == 0
    assert score(answer, capsys)["2.1.2"]["appraised"] == 0.25
    conn = sqlite3.connect(answer)
    assert conn.execute("SELECT text FROM texts WHERE field = 'reason'").fetchone() == ("Mới xử lý 3/5 kiến nghị",)
    conn.close()
    assert "điểm tự đánh giá đã chốt" in refused(capsys, "set", answer, "2.1.2", "--actual", "1")
    assert "Tiêu chí 2.3 không bị trừ điểm" in refused(capsys, "set", answer, "2.3", "--response", "x")
    assert "2.3 không bị trừ điểm" in refused(capsys, "evidence", answer, "2.3", "--number", "1/BC")
    assert run("set", answer, "2.1.2", "--response", "Đã xử lý 5/5, xem báo cáo bổ sung") == 0
    assert run("evidence", answer, "2.1.2", "--number", "99/BC-STP", "--title", "Báo cáo bổ sung") == 0
    again = packed(tmp_path / "gui-lai", answer)
    assert again.name.endswith("_tham-dinh-lan-2.sqlite")
    locked = refused(capsys, "set", answer, "2.1.2", "--response", "sửa")  # chốt giải trình
    assert "Vòng “Thẩm định lần 2”: giải trình chỉ bổ sung trong vòng giải trình" in locked

    # thẩm định lần 2 from the answer, then hoàn thành: nothing changes any more
    second = tmp_path / "snv-lan-2.sqlite"
    assert run("receive", again, second) == 0
    assert score(second, capsys)["2.1.2"]["appraised"] == 0.25  # round 1's result is where round 2 starts
    assert run("set", second, "2.1.2", "--appraised", "0,5", "--reason", "Đã bổ sung đủ") == 0
    done = packed(tmp_path / "xong", second)
    assert "Thẩm định đã hoàn thành" in refused(capsys, "set", second, "2.1.2", "--appraised", "0,5")
    final = tmp_path / "stp-ket-qua.sqlite"
    assert run("receive", done, final) == 0
    data = score(final, capsys)
    assert (data["TOTAL"]["actual"], data["TOTAL"]["appraised"]) == (3.0, 3.0)
    assert "giải trình chỉ bổ sung trong vòng giải trình" in refused(capsys, "set", final, "2.1.2", "--response", "x")
    conn = sqlite3.connect(final)
    rounds = conn.execute("SELECT round, node_key, value, reason FROM appraisals WHERE node_key = '2.1.2'").fetchall()
    history = [r[0] for r in conn.execute("SELECT state FROM rounds ORDER BY seq")]
    conn.close()
    assert rounds == [(1, "2.1.2", "0.25", "Mới xử lý 3/5 kiến nghị"), (2, "2.1.2", "0.5", "Đã bổ sung đủ")]
    assert history == ["da_gui", "tham_dinh_1", "giai_trinh", "tham_dinh_2", "hoan_thanh"]
    capsys.readouterr()
    assert run("round", final) == 0
    assert capsys.readouterr().out.startswith("Vòng hiện tại: Hoàn thành (bản của đơn vị)")


def test_verify_and_round_print_local_vietnamese_times(tmp_path, unit, capsys):
    # tester item 15: "đóng gói 2026-12-02T01:49:46.403+00:00" (ISO, UTC)
    import re

    from scoring import local_time

    sent = packed(tmp_path / "gui", unit)
    capsys.readouterr()
    assert run("verify", sent) == 0
    out = capsys.readouterr().out
    conn = sqlite3.connect(sent)
    packed_at = conn.execute("SELECT value FROM manifest WHERE key = 'packed_at'").fetchone()[0]
    conn.close()
    assert f"đóng gói {local_time(packed_at)}, " in out
    assert re.search(r"đóng gói \d\d:\d\d ngày \d\d/\d\d/\d{4}, ", out) and not re.search(r"\dT\d", out)
    assert run("round", unit) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert lines and all(re.match(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}  ", line) for line in lines), lines


def test_each_transition_is_audited(tmp_path, unit):
    sent = packed(tmp_path / "gui", unit)
    council = tmp_path / "snv.sqlite"
    assert run("receive", sent, council) == 0
    conn = sqlite3.connect(council)
    lines = conn.execute("SELECT field, old, new FROM audit WHERE field IN ('round', 'desk') ORDER BY id").fetchall()
    conn.close()
    assert [line[:2] for line in lines] == [("round", "tu_danh_gia"), ("desk", "unit"), ("round", "da_gui")]
    assert lines[0][2].startswith("da_gui: Tự đánh giá → Đã gửi (đóng gói so-tu-phap_2025")
    assert lines[2][2].startswith("tham_dinh_1: Đã gửi → Thẩm định lần 1 (nhận so-tu-phap_2025")


def test_pack_warns_about_unscored_and_unbacked_criteria_of_its_own_unit(tmp_path, capsys):
    path = make_unit(tmp_path, "Sở Tài chính", {"6.1.2": "1"})
    assert run("set", path, "6.2.1", "--actual", "0,5") == 0  # no explanation, no evidence
    capsys.readouterr()
    assert run("pack", path, tmp_path / "gui.sqlite") == 0
    err = capsys.readouterr().err
    assert "Còn 10/12 tiêu chí đơn vị tự chấm chưa có điểm: 6.1.3, 6.2.2" in err
    assert "chưa có tài liệu kiểm chứng hoặc giải trình: 6.2.1." in err
    assert not list(tmp_path.glob("gui.sqlite-*"))  # one file: no -wal or -journal beside it


def test_undo_cannot_reach_past_a_closed_round(tmp_path, unit):
    from desktop.exchange.pack import pack
    from desktop.session import Session
    from scoring import Refusal, Scenario

    session = Session.open(unit)
    try:
        edit = session.set_value("2.2.1", Scenario.ACTUAL, "0,5")
        pack(session, tmp_path / "gui.sqlite")
        with pytest.raises(Refusal, match="đã chốt và gửi"):
            session.restore(edit.key, edit.scenario, edit.old)
        assert session.assessment.score("2.2.1", Scenario.ACTUAL) is not None
    finally:
        session.close()


def test_the_unit_cannot_fill_the_councils_fields_in_its_own_file(tmp_path, unit, capsys):
    # tự đánh giá: appraised scores and reasons are the council's in every round (tester item 16)
    before = sha(unit)
    for args in (("--appraised", "0"), ("--reason", "Thiếu minh chứng"), ("--appraised", "0", "--reason", "x")):
        message = refused(capsys, "set", unit, "2.3", *args)
        assert "Điểm thẩm định và lý do trừ điểm do Sở Nội vụ (Hội đồng thẩm định) ghi; đơn vị không nhập." in message
    assert sha(unit) == before
    sent = packed(tmp_path / "gui", unit)
    council = tmp_path / "snv.sqlite"
    assert run("receive", sent, council) == 0
    assert score(council, capsys)["2.3"]["appraised"] == 1.5  # the council's own appraisal: from the self-score


def test_an_import_into_a_sent_file_is_refused_like_typing(tmp_path, unit, capsys):
    other = (
        make_unit(tmp_path / "khac", "Sở Tư pháp", {"2.1.1": "0,5"}) if (tmp_path / "khac").mkdir() is None else None
    )
    table = tmp_path / "bang.xlsx"
    assert run("export-xlsx", other, table) == 0
    packed(tmp_path / "gui", unit)
    before = sha(unit)
    message = refused(capsys, "import-xlsx", table, unit)
    assert "Nhập từ bảng (Tự đánh giá): Điểm tự đánh giá đã chốt và gửi Sở Nội vụ" in message
    assert sha(unit) == before


def test_last_years_deductions_are_flagged_in_next_years_file_and_warned_at_packing(tmp_path, unit, capsys):
    sent = packed(tmp_path / "gui", unit)
    council = tmp_path / "snv.sqlite"
    assert run("receive", sent, council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Thiếu báo cáo kết quả") == 0
    final = tmp_path / "ket-qua.sqlite"
    assert run("receive", packed(tmp_path / "tra", council), final) == 0
    capsys.readouterr()
    fresh = tmp_path / "nam-sau.sqlite"
    assert (
        run("new", fresh, "--template", "par-tinh-2020", "--unit", "Sở Tư pháp", "--year", 2026, "--from", final) == 0
    )
    assert "Năm trước Hội đồng thẩm định đã trừ điểm (đã đánh dấu ở tab Thẩm định): 2.1.2." in capsys.readouterr().err
    conn = sqlite3.connect(fresh)
    (flag,) = conn.execute("SELECT text FROM texts WHERE field = 'risk' AND node_key = '2.1.2'").fetchone()
    conn.close()
    assert flag == "Năm 2025: tự chấm 0,50, Hội đồng thẩm định chấm 0,25 — lý do: Thiếu báo cáo kết quả"
    assert score(fresh, capsys)["2.1.2"]["previous"] == 0.25
    assert run("set", fresh, "2.1.2", "--actual", "0,5") == 0
    capsys.readouterr()
    assert run("pack", fresh, tmp_path / "gui-2026.sqlite") == 0
    assert "Năm trước Hội đồng thẩm định đã trừ điểm, nên xem lại minh chứng: 2.1.2." in capsys.readouterr().err


def test_the_second_appraisal_refuses_what_the_first_did(tmp_path, unit, capsys):
    """thẩm định lần 2 on the council's copy: self-scores, the plan and the unit's giải trình stay the
    unit's; a new deduction needs its reason before the result goes back."""
    council = tmp_path / "snv.sqlite"
    assert run("receive", packed(tmp_path / "gui", unit), council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Thiếu báo cáo") == 0
    answer = tmp_path / "stp.sqlite"
    assert run("receive", packed(tmp_path / "tra", council), answer) == 0
    assert run("set", answer, "2.1.2", "--response", "Đã bổ sung báo cáo") == 0
    second = tmp_path / "snv-lan-2.sqlite"
    assert run("receive", packed(tmp_path / "gui-lai", answer), second) == 0
    before = sha(second)
    assert "Hội đồng thẩm định không sửa điểm" in refused(capsys, "set", second, "2.1.2", "--actual", "1")
    assert "Kế hoạch, mục tiêu" in refused(capsys, "set", second, "2.1.2", "--target", "1")
    response = refused(capsys, "set", second, "2.1.2", "--response", "sửa giải trình")
    assert "Giải trình do đơn vị bổ sung; Hội đồng thẩm định không ghi thay." in response
    assert "không sửa điểm, số liệu và minh chứng" in refused(capsys, "set", second, "2.1.2", "--explanation", "x")
    assert "không sửa điểm, số liệu và minh chứng" in refused(capsys, "evidence", second, "2.1.2", "--number", "1/BC")
    assert sha(second) == before
    assert run("set", second, "2.3", "--appraised", "1") == 0  # a new deduction, its reason not yet given
    assert "còn thiếu lý do ở 2.3" in refused(capsys, "pack", second, tmp_path / "xong.sqlite")
    assert not (tmp_path / "xong.sqlite").exists()
    assert run("set", second, "2.3", "--reason", "Kế hoạch ban hành chậm") == 0
    assert run("pack", second, tmp_path / "xong.sqlite") == 0
    assert "Thẩm định đã hoàn thành" in refused(capsys, "set", second, "2.3", "--reason", "x")


def test_a_refused_document_leaves_no_attached_file_behind(tmp_path, unit, capsys):
    # giải trình: an attachment for a criterion that was not cut was written into the file before the
    # document was refused, and travelled with the next pack linked to nothing
    scan = tmp_path / "bao-cao.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 4096)
    council = tmp_path / "snv.sqlite"
    assert run("receive", packed(tmp_path / "gui", unit), council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Thiếu báo cáo") == 0
    answer = tmp_path / "stp.sqlite"
    assert run("receive", packed(tmp_path / "tra", council), answer) == 0
    before = sha(answer)
    message = refused(capsys, "evidence", answer, "2.3", "--number", "1/BC", "--attach", scan)
    assert "Tiêu chí 2.3 không bị trừ điểm" in message
    late = refused(capsys, "evidence", answer, "2.1.2", "--number", "1/BC", "--date", "31/02/2025", "--attach", scan)
    assert late.startswith("Lỗi: Ngày ban hành tài liệu: ")
    assert sha(answer) == before
    assert run("evidence", answer, "2.1.2", "--number", "99/BC-STP", "--attach", scan) == 0
    conn = sqlite3.connect(answer)
    assert conn.execute("SELECT name FROM blobs").fetchall() == [("bao-cao.pdf",)]
    conn.close()

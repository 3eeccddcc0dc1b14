"""Báo cáo giải trình read back: each deducted criterion with both scores, the reason, the answer, the evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.cli.commands import main as cli
from desktop.demo import write_demo
from desktop.documents import Kind, build_pdf
from desktop.documents.explanation import deductions, read_deductions
from desktop.errors import DocumentRefused
from desktop.session import Session
from scoring import Scenario
from tests.conftest import D, council_copy

from .pdf_reading import find, page_text, read, runs, signature_fields

SETTINGS = {
    "explanation_number": "7",
    "explanation_symbol": "BC-UBND",
    "explanation_date": "10/12/2022",
    "report_to": "Bộ Nội vụ",  # the self-assessment's addressee: not the giải trình's
    "explanation_to": "Hội đồng thẩm định Chỉ số cải cách hành chính tỉnh",
}


@pytest.fixture(scope="module")
def appraised(tmp_path_factory) -> Path:
    """The demo self-scored as last year, appraised lower on three criteria, two of them answered."""
    path = write_demo(tmp_path_factory.mktemp("gt") / "demo.sqlite")
    session = Session.open(path)
    session.save_settings(SETTINGS)
    for code, own in (("1.1", "1,5"), ("1.5", "1,5"), ("3.3.4", "0,5"), ("1.2", "0,5")):
        session.set_value(code, Scenario.ACTUAL, own)
    session.set_text("1.1", "explanation", "Hai nhiệm vụ đã hoàn thành trong tháng 12, có báo cáo kèm theo.", "actual")
    session.set_text("1.5", "explanation", "Sáng kiến đã được công nhận tại Quyết định 45/QĐ-UBND.", "actual")
    session.evidence.add(
        {"number": "45/QĐ-UBND", "date": "10/01/2022", "title": "Quyết định công nhận sáng kiến"}, link_to="1.5"
    )
    council_copy(session)  # appraised scores and reasons are the council's
    for code, council in (("1.1", "1,25"), ("1.5", "1"), ("3.3.4", "0"), ("1.2", "0,5")):
        session.set_value(code, Scenario.APPRAISED, council)
    session.set_reason("1.1", "Chưa hoàn thành 2/25 nhiệm vụ của Kế hoạch CCHC.")
    session.close()
    return path


def _close_first_round(session: Session) -> None:
    """The council closes thẩm định lần 1 and the unit receives it for giải trình, as packing and
    receiving do (``desktop.exchange.pack``): the round's scores and reasons kept as round 1."""
    from desktop.assessment_file.rounds import set_desk, write_round
    from desktop.assessment_file.store import now_iso
    from scoring.rounds import Desk, Round

    write_round(session.store, Round.RESPONSE, user="Hội đồng", ts=now_iso(), note="kiểm thử", snapshot=1)
    set_desk(session.store, Desk.UNIT, user="Đơn vị")
    session.workflow.reload()


def test_deductions_come_from_the_appraised_column(appraised):
    session = Session.open(appraised)
    read = read_deductions(session)
    session.close()
    found = read.found
    assert not read.closed  # the council's copy, thẩm định lần 1 still open
    assert [(d.node.code, d.points) for d in found] == [("1.1", D("0.25")), ("1.5", D("0.5")), ("3.3.4", D("0.5"))]
    assert found[0].reason.startswith("Chưa hoàn thành 2/25") and found[1].evidence


def test_a_closed_first_round_is_what_the_giai_trinh_answers(appraised, tmp_path):
    """After the council closed thẩm định lần 1, its second appraisal does not change the giải trình."""
    copy = tmp_path / "copy.sqlite"
    shutil.copy(appraised, copy)
    session = Session.open(copy)
    for code in ("1.5", "3.3.4"):
        session.set_reason(code, "Thiếu tài liệu kiểm chứng.")
    _close_first_round(session)
    session.set_response("3.3.4", "Đã công bố danh mục tại Quyết định 12/QĐ-UBND.")
    for code in ("1.1", "1.5"):
        session.set_response(code, f"Giải trình {code}: đã bổ sung tài liệu kiểm chứng.")
    council_copy(session)  # back at the council: thẩm định lần 2 restores 1.1 and clears its reason
    from desktop.assessment_file.rounds import write_round
    from desktop.assessment_file.store import now_iso
    from scoring.rounds import Round

    write_round(session.store, Round.APPRAISAL_2, user="Hội đồng", ts=now_iso())
    session.workflow.reload()
    session.set_value("1.1", Scenario.APPRAISED, "1,5")
    session.set_reason("1.1", "")
    read = read_deductions(session)
    result = build_pdf(session, Kind.EXPLANATION, tmp_path / "gt.pdf")
    session.close()
    assert read.closed
    assert [(d.node.code, d.appraised) for d in read.found] == [("1.1", D("1.25")), ("1.5", D(1)), ("3.3.4", D(0))]
    assert read.found[0].reason.startswith("Chưa hoàn thành 2/25")  # the round's reason, not today's
    assert not any("DỰ THẢO" in w for w in result.warnings)
    table = " ".join(page_text(p) for p in read_pdf_pages(result.path) if p.mediabox.width > p.mediabox.height)
    assert "Chưa hoàn thành 2/25 nhiệm vụ" in table and "Đã công bố danh mục tại Quyết định 12/QĐ-UBND" in table


def read_pdf_pages(path: Path) -> list:
    return list(read(path).pages)


def test_the_explanation_pdf_has_the_header_the_table_and_the_answers(appraised, tmp_path, capsys):
    out = tmp_path / "gt.pdf"
    assert cli(["pdf", str(appraised), "--explanation", str(out)]) == 0
    err = capsys.readouterr().err
    assert "DỰ THẢO: kết quả thẩm định lần 1 chưa được Hội đồng thẩm định chốt và gửi về" in err
    assert "2 tiêu chí chưa có lý do trừ điểm (1.5, 3.3.4); 1 tiêu chí chưa có giải trình (3.3.4)." in err
    reader = read(out)
    first = reader.pages[0]
    find(first, "BÁO CÁO")
    find(first, "Số: 07/BC-UBND")
    find(first, "Đắk Nông, ngày 10 tháng 12 năm 2022")
    everything = " ".join(page_text(p) for p in reader.pages)
    assert "Giải trình kết quả thẩm định Chỉ số cải cách hành chính năm 2022" in everything
    assert "Kính gửi: Hội đồng thẩm định Chỉ số cải cách hành chính tỉnh" in everything
    assert "Bộ Nội vụ" not in everything and "- Như trên;" in everything
    assert (
        "trừ điểm 3 tiêu chí, tiêu chí thành phần, tổng cộng 1,25 điểm (tự đánh giá 3,50 điểm, thẩm định 2,25"
        in everything
    )
    assert "(Kèm theo Báo cáo số 07/BC-UBND ngày 10 tháng 12 năm 2022" in everything
    table = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    rows = [r for p in table for r in runs(p)]
    # the caption in two even lines broken between phrases, not "… HÀNH CHÍNH" / "NĂM 2022"
    caption = [r.text for r in runs(table[0]) if r.text.isupper() and len(r.text) > 20]
    assert caption[:2] == [
        "GIẢI TRÌNH CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM",
        "KHI THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022",
    ]
    for header in ("Lý do trừ điểm", "Giải trình của đơn", "Tài liệu kiểm"):
        assert any(r.text.startswith(header) for r in rows), header
    code = next(r for r in rows if r.text == "1.1")
    same_row = {r.text for r in rows if abs(r.y - code.y) < 1}
    assert {"1,50", "1,25"} <= same_row
    assert "Hai nhiệm vụ đã hoàn thành" in " ".join(page_text(p) for p in table)
    assert "45/QĐ-UBND ngày 10/01/2022" in " ".join(page_text(p) for p in table)
    assert not signature_fields(reader)  # a draft is not signed


def test_answered_explanation_is_signed_ready(appraised, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(appraised, copy)
    session = Session.open(copy)
    for code in ("1.5", "3.3.4"):
        session.set_reason(code, "Thiếu tài liệu kiểm chứng.")
    _close_first_round(session)  # back at the unit, which answers the deduction in giải trình
    draft = build_pdf(session, Kind.EXPLANATION, tmp_path / "draft.pdf")
    session.set_response("3.3.4", "Đã công bố danh mục tại Quyết định 12/QĐ-UBND.")
    half = build_pdf(session, Kind.EXPLANATION, tmp_path / "half.pdf")
    for code in ("1.1", "1.5"):
        session.set_response(code, f"Giải trình {code}: đã bổ sung tài liệu kiểm chứng.")
    result = build_pdf(session, Kind.EXPLANATION, tmp_path / "gt.pdf")
    session.close()
    # its self-assessment explanations (1.1, 1.5) are not an answer to the council's reasons
    assert [w for w in draft.warnings if "DỰ THẢO" in w] == [
        "Báo cáo giải trình được in là DỰ THẢO: 3 tiêu chí chưa có giải trình (1.1, 1.5, 3.3.4)."
    ]
    assert [w for w in half.warnings if "DỰ THẢO" in w] == [
        "Báo cáo giải trình được in là DỰ THẢO: 2 tiêu chí chưa có giải trình (1.1, 1.5)."
    ]
    table = " ".join(page_text(p) for p in read(half.path).pages if p.mediabox.width > p.mediabox.height)
    assert "Hai nhiệm vụ đã hoàn thành" not in table  # 1.1's self-assessment words, not printed as its answer
    assert not any("DỰ THẢO" in w for w in result.warnings)
    assert len(signature_fields(read(result.path))) == 1


def test_a_reason_kept_where_files_before_the_rounds_kept_it_is_read(appraised, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(appraised, copy)
    session = Session.open(copy)
    # as versions before the rounds stored the council's reason: the appraised column's explanation
    session.store.write_text("1.5", "explanation", "appraised", "Sáng kiến chưa được công nhận.", user="cũ")
    found = deductions(session)
    session.close()
    assert found[1].node.code == "1.5" and found[1].reason == "Sáng kiến chưa được công nhận."


def test_nothing_to_explain_is_refused_before_writing(tmp_path):
    path = write_demo(tmp_path / "demo.sqlite")
    session = Session.open(path)
    session.save_settings(SETTINGS)
    with pytest.raises(DocumentRefused, match="Chưa có nội dung để giải trình"):
        build_pdf(session, Kind.EXPLANATION, tmp_path / "gt.pdf")
    session.close()
    assert not (tmp_path / "gt.pdf").exists()


def test_the_print_dialog_offers_it(appraised):
    from desktop.documents.actions import DocumentActions

    session = Session.open(appraised)
    actions = DocumentActions(session)
    assert ("explanation", "Báo cáo giải trình kết quả thẩm định") in actions.kinds()
    assert actions.suggested_name("explanation") == "Bao-cao-giai-trinh-7-BC-UBND.pdf"
    images, warnings = actions.preview("explanation", scale=0.2)
    session.close()
    assert len(images) >= 2 and any("DỰ THẢO" in w for w in warnings)

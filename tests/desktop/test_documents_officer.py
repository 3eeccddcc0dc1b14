"""What an officer types and a văn thư reads: Nơi nhận's "Lưu" line, a sở's own report, texts meant for her."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.demo import write_demo
from desktop.documents import Kind, build_pdf
from desktop.documents.word import build_docx
from desktop.session import Session
from scoring import Scenario
from tests.conftest import council_copy, response_copy

from .pdf_reading import read, runs

GIAI_TRINH = {"explanation_number": "7", "explanation_symbol": "BC-UBND", "explanation_date": "10/12/2022"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo with one deduction answered, so that each of its documents can be printed."""
    path = write_demo(tmp_path_factory.mktemp("officer") / "demo.sqlite")
    session = Session.open(path)
    session.save_settings({**GIAI_TRINH, "report_number": "5", "report_symbol": "BC-UBND", "report_date": "15/11/2022"})
    session.set_value("1.1", Scenario.ACTUAL, "1,5")
    session.set_text("1.1", "explanation", "Hai nhiệm vụ đã hoàn thành trong tháng 12.", "actual")
    council_copy(session)  # appraised scores and reasons are the council's
    session.set_value("1.1", Scenario.APPRAISED, "1,25")
    session.set_reason("1.1", "Chưa hoàn thành 2/25 nhiệm vụ của Kế hoạch CCHC.")
    response_copy(session)  # back at the unit, whose documents and settings these are
    session.close()
    return path


def _copy(demo: Path, tmp_path: Path) -> Session:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo.read_bytes())
    return Session.open(copy)


def _recipient_lines(path: Path) -> list[str]:
    """The lines of Nơi nhận, top to bottom: the runs under "Nơi nhận:" in the left column."""
    for page in read(path).pages:
        found = runs(page)
        head = next((r for r in found if r.text == "Nơi nhận:"), None)
        if head is not None:
            column = [r for r in found if r.y < head.y and abs(r.x - head.x) < 3 and r.text.startswith("- ")]
            return [r.text for r in sorted(column, key=lambda r: -r.y)]
    raise AssertionError("no Nơi nhận")


# ------------------------------------------------------------------ 8: one "Lưu" line, last


@pytest.mark.parametrize("typed", ["Lưu: VT, VP.", "- Lưu: VT, VP;", "Lưu: VT, VP", "- Lưu VT, VP."])
@pytest.mark.parametrize(
    ("kind", "key"),
    [(Kind.PLAN, "recipients"), (Kind.REPORT, "report_recipients"), (Kind.EXPLANATION, "report_recipients")],
)
def test_a_typed_luu_line_is_the_archive_line_printed_once_last(demo, tmp_path, typed, kind, key):
    session = _copy(demo, tmp_path)
    session.save_settings({key: f"UBND tỉnh (b/c);\n{typed}\nSở Nội vụ;"})
    pdf = build_pdf(session, kind, tmp_path / "out.pdf").path
    session.close()
    assert _recipient_lines(pdf) == ["- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- Lưu: VT, VP."]


def test_the_archive_setting_with_its_own_luu_and_the_word_copy(demo, tmp_path):
    session = _copy(demo, tmp_path)
    session.save_settings({"recipients": "Sở Nội vụ;\nLưu trữ lịch sử tỉnh", "archive": "Lưu: VT, CCHC."})
    pdf = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    docx = build_docx(session, tmp_path / "p.docx").path
    session.save_settings({"recipients": "Sở Nội vụ\nLưu: VT, VP"})
    typed = build_docx(session, tmp_path / "typed.docx").path
    session.close()
    # "Lưu trữ …" is a recipient, not the archive line; the setting's own "Lưu:" is not said twice
    assert _recipient_lines(pdf) == ["- Sở Nội vụ;", "- Lưu trữ lịch sử tỉnh;", "- Lưu: VT, CCHC."]
    assert _word_recipients(docx) == ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu trữ lịch sử tỉnh;", "- Lưu: VT, CCHC."]
    assert _word_recipients(typed) == ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT, VP."]


def _word_recipients(path: Path) -> list[str]:
    from docx import Document

    for table in Document(str(path)).tables:
        cell = table.rows[0].cells[0]
        lines = [p.text for p in cell.paragraphs]
        if lines and lines[0] == "Nơi nhận:":
            return lines
    raise AssertionError("no Nơi nhận in the Word copy")


# ------------------------------------------------------------------ a sở's own report

SO_SETTINGS = {
    "issuing_agency": "SỞ TƯ PHÁP",
    "parent_agency": "UBND TỈNH ĐẮK NÔNG",
    "place": "Đắk Nông",
    "doc_number": "5",
    "doc_symbol": "KH-STP",
    "doc_date": "05/02/2022",
    "report_number": "9",
    "report_symbol": "BC-STP",
    "report_date": "15/11/2022",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn A",
}


def test_a_so_filling_the_provinces_set_reports_on_the_criteria_it_leads(tmp_path):
    """Sở Tư pháp scores the criteria it leads in the province's set; the other units' criteria
    are theirs to score: the report is not a draft for them, nor does it list them as to do."""
    from desktop.cli.commands import main as cli
    from scoring import Mode, lead_of, leads

    from .pdf_reading import page_text

    path = tmp_path / "stp.sqlite"
    unit = "Sở Tư pháp"
    assert cli(["new", str(path), "--template", "par-tinh-2020", "--unit", unit, "--province", "Đắk Nông",
                "--year", "2022"]) == 0  # fmt: skip
    session = Session.open(path)
    session.save_settings(SO_SETTINGS)
    tree = session.assessment.tree
    own = [n for n in tree.leaves() if n.mode is Mode.SELF and leads(lead_of(n), unit, province="Đắk Nông")]
    assert 3 <= len(own) < 20
    for node in own[1:]:
        session.set_value(node.key, Scenario.ACTUAL, "0,5")
    draft = build_pdf(session, Kind.REPORT, tmp_path / "draft.pdf")
    session.set_value(own[0].key, Scenario.ACTUAL, "0,5")
    done = build_pdf(session, Kind.REPORT, tmp_path / "done.pdf")
    session.close()
    assert (
        f"Báo cáo được in là DỰ THẢO, không có ô chữ ký số: còn 1/{len(own)} tiêu chí, tiêu chí thành phần "
        "do Sở Tư pháp chủ trì chưa tự chấm điểm."
    ) in draft.warnings
    text = " ".join(page_text(p) for p in read(draft.path).pages[:2])
    assert f"- Còn 1 tiêu chí, tiêu chí thành phần do Sở Tư pháp chủ trì chưa tự chấm điểm ({own[0].label})" in text
    assert not any("DỰ THẢO" in w for w in done.warnings)
    text = " ".join(page_text(p) for p in read(done.path).pages[:2])
    assert "chưa tự chấm điểm" not in text and "DỰ THẢO" not in text
    assert (
        f"Lưu ý: Sở Tư pháp chủ trì {len(own)}/83 tiêu chí, tiêu chí thành phần và đã tự chấm điểm "
        f"{len(own)}/{len(own)}; các tiêu chí còn lại do các đơn vị khác chủ trì, nên các số trên là tạm tính"
    ) in text


SO_TTTT = {
    "parent_agency": "UBND TỈNH QUẢNG NINH",
    "issuing_agency": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "place": "Quảng Ninh",
    "doc_number": "15",
    "doc_symbol": "KH-STTTT",
    "doc_date": "05/02/2024",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn An",
}


def _short_plan(tmp_path: Path, part: str) -> Path:
    """A one-lĩnh-vực plan (Quảng Ninh's e-government set) with 1.1 scored, printed as ``part``."""
    from desktop.cli.commands import main as cli

    path, out = tmp_path / "so-tttt.sqlite", tmp_path / f"{part}.pdf"
    assert cli(["new", str(path), "--template", "cqdt-876-qn2022", "--unit", "Sở TTTT", "--year", "2024"]) == 0
    assert cli(["set", str(path), "1.1", "--actual", "0,5", "--target", "0,5"]) == 0
    assert cli(["settings", str(path), *(f"{k}={v}" for k, v in SO_TTTT.items())]) == 0
    assert cli(["pdf", str(path), f"--{part}", str(out)]) == 0
    return out


def test_the_signature_never_stands_on_a_page_without_the_body(tmp_path):
    """A short plan ended its body at the foot of page 1: page 2 held "Nơi nhận" and the signature
    alone, which văn thư sends back."""
    out = _short_plan(tmp_path, "plan")
    portrait = [p.extract_text() for p in read(out).pages if p.mediabox.height > p.mediabox.width]
    signed = next(text for text in portrait if "Nguyễn Văn An" in text)
    assert "./." in signed, signed  # the body's last paragraph is on the signature's page


def test_a_sum_that_still_lacks_scores_is_printed_tam_tinh_in_the_appendix(tmp_path):
    """One criterion of 16 scored: lĩnh vực I and TỔNG ĐIỂM printed 0,50 under "Kết quả hiện tại",
    read as the result; the text above says "tạm tính", so do those cells now."""
    from desktop.cli.commands import main as cli

    pages = [runs(page) for page in read(_short_plan(tmp_path, "appendix")).pages]
    marked = 0
    for page in pages:
        notes = [r.y for r in page if r.text == "tạm tính"]
        marked += len(notes)
        for r in page:
            near = [y for y in notes if 0 < r.y - y < 16]  # the note under the row's number
            if r.text in ("I", "1", "TỔNG ĐIỂM"):
                assert len(near) == 2, (r.text, notes)  # Kết quả hiện tại and Mục tiêu, both partial
            if r.text == "1.1":
                assert not near  # a leaf's own score is its result
    assert marked == 6
    whole = write_demo(tmp_path / "mau.sqlite")  # last year and the target typed for every leaf
    assert cli(["pdf", str(whole), "--appendix", str(tmp_path / "mau.pdf")]) == 0
    assert not [r for page in read(tmp_path / "mau.pdf").pages for r in runs(page) if r.text == "tạm tính"]

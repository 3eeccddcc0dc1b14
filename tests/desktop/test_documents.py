"""The PDFs read back: page sizes, fonts, the Nghị định 30 header, numbers, references, fields, fingerprint."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desktop.assessment_file.fingerprint import fingerprint, short_fingerprint
from desktop.assessment_file.store import AssessmentFile
from desktop.cli.commands import main as cli
from desktop.demo import write_demo
from desktop.documents import Kind, build_pdf, document_texts, missing_settings, save_document_text
from desktop.documents.fonts import load_fonts, vietnamese_letters
from desktop.errors import DocumentRefused, InputRefused
from desktop.session import Session
from scoring import Group, Mode, Scenario

from .pdf_reading import (
    MM,
    STANDARD_14,
    find,
    fonts_of,
    page_text,
    read,
    rule_under,
    rules,
    runs,
    signature_fields,
)

A4_PORTRAIT = (595.28, 841.89)
KINDS = (Kind.PLAN, Kind.APPENDIX, Kind.REPORT)  # the Báo cáo giải trình needs appraised scores: its own tests
REFERENCE = "(Kèm theo Kế hoạch số 434/KH-UBND ngày 27 tháng 7 năm 2022 của Ủy ban nhân dân tỉnh Đắk Nông)"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo, with a self-assessment to report on: 2 leaves scored, one with evidence, one explained."""
    path = write_demo(tmp_path_factory.mktemp("demo") / "dak-nong.sqlite")
    session = Session.open(path, user="kiểm thử")
    session.save_settings({"report_number": "5", "report_symbol": "BC-UBND", "report_date": "15/11/2022"})
    session.set_value("1.1", Scenario.ACTUAL, "1,25")
    session.set_value("1.2", Scenario.ACTUAL, "0,5")
    doc_id = session.evidence.add(
        {"number": "12/BC-SNV", "date": "05/02/2022", "title": "Báo cáo CCHC quý I"}, link_to="1.2"
    )
    assert doc_id
    session.set_text("1.1", "explanation", "Chưa hoàn thành 2 nhiệm vụ của Kế hoạch CCHC.", "actual")
    session.close()
    return path


@pytest.fixture(scope="module")
def final_report(demo_file, tmp_path_factory) -> Path:
    """The report once every criterion the unit scores itself has its score (last year's, for the test)."""
    path = tmp_path_factory.mktemp("final") / "final.sqlite"
    shutil.copy(demo_file, path)
    session = Session.open(path)
    assessment = session.assessment
    for leaf in assessment.tree.leaves():
        if leaf.mode is Mode.SELF and leaf.group is Group.REGULAR and not assessment.is_excluded(leaf):
            previous = assessment.score(leaf.key, Scenario.PREVIOUS)
            session.set_value(leaf.key, Scenario.ACTUAL, previous if previous is not None else "0")
    pdf = build_pdf(session, Kind.REPORT, path.with_suffix(".pdf"))
    session.close()
    assert not any("DỰ THẢO" in w for w in pdf.warnings)
    return pdf.path


@pytest.fixture(scope="module")
def pdfs(demo_file, tmp_path_factory) -> dict[Kind, Path]:
    out = tmp_path_factory.mktemp("pdf")
    session = Session(AssessmentFile.open_readonly(demo_file))
    try:
        return {kind: build_pdf(session, kind, out / f"{kind.value}.pdf").path for kind in KINDS}
    finally:
        session.close()


def _editable_copy(demo_file: Path, tmp_path: Path) -> Session:
    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo_file, copy)
    return Session.open(copy)


def _size(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)


def _landscape_pages(reader) -> list:
    return [p for p in reader.pages if _size(p) == A4_PORTRAIT[::-1]]


# ------------------------------------------------------------------ paper, fonts, metadata


def test_plan_is_a4_portrait_and_its_appendix_landscape(pdfs):
    reader = read(pdfs[Kind.PLAN])
    sizes = [_size(p) for p in reader.pages]
    assert sizes[0] == A4_PORTRAIT
    first_landscape = sizes.index(A4_PORTRAIT[::-1])
    assert all(s == A4_PORTRAIT for s in sizes[:first_landscape])
    assert all(s == A4_PORTRAIT[::-1] for s in sizes[first_landscape:])
    assert "Phụ lục" in page_text(reader.pages[first_landscape])
    appendix = read(pdfs[Kind.APPENDIX])
    assert all(_size(p) == A4_PORTRAIT[::-1] for p in appendix.pages)


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded_and_none_is_standard(pdfs, kind):
    fonts = fonts_of(read(pdfs[kind]))
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert not {name.split("+")[-1] for name in fonts} & STANDARD_14


def test_metadata_names_the_document_and_the_unit(pdfs):
    meta = read(pdfs[Kind.PLAN]).metadata
    assert meta.title.startswith("Kế hoạch: Cải thiện, nâng cao Chỉ số cải cách hành chính")
    assert meta.author == "Ủy ban nhân dân tỉnh Đắk Nông"
    assert read(pdfs[Kind.REPORT]).metadata.title.startswith("Báo cáo: Kết quả tự đánh giá")


# ------------------------------------------------------------------ header, sizes and positions (DOMAIN.md)


def test_header_strings_sizes_and_positions(pdfs):
    page = read(pdfs[Kind.PLAN]).pages[0]
    width = A4_PORTRAIT[0]
    title = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(page, "Độc lập - Tự do - Hạnh phúc")
    number = find(page, "Số: 434/KH-UBND")
    date = find(page, "Đắk Nông, ngày 27 tháng 7 năm 2022")
    agency = find(page, "ỦY BAN NHÂN DÂN")
    kind = find(page, "KẾ HOẠCH")
    assert 12 <= title.size <= 13 and title.font.endswith("Bold")
    assert 13 <= motto.size <= 14 and motto.font.endswith("Bold")
    assert 12 <= agency.size <= 13 and agency.font.endswith("Bold")
    assert number.size == 13 and not number.font.endswith(("Bold", "Italic"))
    assert 13 <= date.size <= 14 and date.font.endswith("Italic")
    assert 13 <= kind.size <= 14 and kind.font.endswith("Bold")
    # ô 1 top right, ô 2 top left on the same first line; ô 3 and ô 4 on one line; ô 5 below, centred
    assert title.y == agency.y and title.x > width / 2 - 40 > agency.x
    assert motto.y < title.y
    assert number.y == date.y < motto.y
    assert number.x < width / 2 < date.x + 100
    assert kind.y < number.y
    assert abs((kind.x + 14 * 0.35 * len("KẾ HOẠCH")) - (30 * MM + (width - 45 * MM) / 2)) < 20
    # the top margin is 20 mm: nothing of the header rises into it
    assert max(r.y for r in runs(page)) < A4_PORTRAIT[1] - 20 * MM


def test_header_rules_have_the_lengths_of_nghi_dinh_30(pdfs):
    page = read(pdfs[Kind.PLAN]).pages[0]
    title = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(page, "Độc lập - Tự do - Hạnh phúc")
    # the tiêu ngữ's rule is as long as the tiêu ngữ (centred, so it starts where the text starts)
    rule = rule_under(page, motto)
    centre = (rule.x1 + rule.x2) / 2
    assert abs(rule.x1 - motto.x) < 1
    assert rule.x2 - rule.x1 < 2 * (centre - title.x) - 20  # shorter than the Quốc hiệu above it
    # the issuing agency's rule: 1/3 – 1/2 of its own (widest) line, centred under it
    name = find(page, "ỦY BAN NHÂN DÂN")
    short = rule_under(page, find(page, "TỈNH ĐẮK NÔNG"))
    name_width = 2 * ((short.x1 + short.x2) / 2 - name.x)
    assert 1 / 3 <= (short.x2 - short.x1) / name_width <= 1 / 2


def test_body_is_14_pt_and_section_one_comes_from_the_data(pdfs):
    page = read(pdfs[Kind.PLAN]).pages[0]
    text = page_text(page)
    assert "đạt 86,24/100,00 điểm (đạt chỉ số 86,24%, nhóm B)" in text  # recomputed (the seed's total row: 86,26)
    assert "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC đạt 7,46/8,50 điểm, đạt chỉ" in text
    assert "đạt 8,81/10,00 điểm, đạt chỉ số 88,10%." in text  # two places, as 7,46/8,50 and 87,76%
    body = [r for r in runs(page) if r.text.startswith("- Lĩnh vực")]
    assert body and all(r.size == 14 for r in body)


def test_page_numbers_from_page_two_in_the_top_margin(pdfs):
    reader = read(pdfs[Kind.PLAN])
    top = A4_PORTRAIT[1] - 20 * MM
    assert not [r for r in runs(reader.pages[0]) if r.y > top]
    number = [r for r in runs(reader.pages[1]) if r.y > top]
    assert [r.text for r in number] == ["2"] and 13 <= number[0].size <= 14
    assert abs(number[0].x - (30 * MM + (A4_PORTRAIT[0] - 45 * MM) / 2)) < 8  # centred over the text
    # the appendix is numbered on its own: its first page has no number, its second shows 2
    landscape = _landscape_pages(reader)
    top_wide = A4_PORTRAIT[0] - 20 * MM
    assert not [r for r in runs(landscape[0]) if r.y > top_wide]
    assert [r.text for r in runs(landscape[1]) if r.y > top_wide] == ["2"]


def test_vietnamese_date_has_leading_zeros(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    session.save_settings({"doc_date": "05/02/2026", "doc_number": "5"})
    path = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    session.close()
    first = read(path).pages[0]
    find(first, "Đắk Nông, ngày 05 tháng 02 năm 2026")
    find(first, "Số: 05/KH-UBND")


# ------------------------------------------------------------------ the appendix


def test_appendix_reference_line_is_the_plans_own_number_and_date(pdfs):
    for kind in (Kind.PLAN, Kind.APPENDIX):
        page = _landscape_pages(read(pdfs[kind]))[0]
        assert REFERENCE in page_text(page)
        assert find(page, REFERENCE).font.endswith("Italic")


def test_reference_follows_the_settings(demo_file, tmp_path):
    """The seed printed 434 on the plan and 435 on its appendix: here both come from one setting."""
    session = _editable_copy(demo_file, tmp_path)
    session.save_settings({"doc_number": "435", "doc_date": "28/07/2022"})
    path = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    session.close()
    reader = read(path)
    find(reader.pages[0], "Số: 435/KH-UBND")
    assert "(Kèm theo Kế hoạch số 435/KH-UBND ngày 28 tháng 7 năm 2022" in page_text(_landscape_pages(reader)[0])


def test_appendix_header_row_on_every_page_and_total_with_commas(pdfs):
    pages = _landscape_pages(read(pdfs[Kind.APPENDIX]))
    assert len(pages) > 5
    for page in pages:
        text = page_text(page)
        for header in ("STT", "Điểm tối", "Nhiệm vụ/giải pháp", "Đơn vị chủ trì"):
            assert header in text
    last = page_text(pages[-1])
    assert "TỔNG ĐIỂM" in last and "86,24" in last and "89,93" in last
    lines = {r.text for r in runs(pages[0])}
    assert "7,46" in lines and "1,46" in lines  # decimal commas, never 7.46
    assert not {"7.46", "1.46", "8.5"} & lines


def test_a_tall_row_breaks_across_pages_instead_of_leaving_the_foot_empty(pdfs):
    # a row is split (at least two lines each side), as Word does, so no appendix page but the
    # last ends more than a few lines above the bottom margin (moving tall rows whole left 40 mm)
    every = _landscape_pages(read(pdfs[Kind.PLAN]))
    pages = every[:-1]
    # a page whose next opens with a heading row gave that heading (and its first rows) to the next
    headed = [_first_code(after) in HEADINGS for after in every[1:]]
    feet = [min(r.y for r in runs(page) if r.y > 20 * MM) - 20 * MM for page in pages]
    assert max(f for f, moved in zip(feet, headed, strict=True) if not moved) < 20 * MM
    # the header row opens every page, once, closed by a rule: a row's rest never reads as header
    header: set[str] | None = None
    for page in pages:
        assert [r.text for r in runs(page)].count("STT") == 1
        band = _header_band(page)
        header = header or band
        assert band <= header, f"text inside the header row: {band - header}"


def _headings() -> set[str]:
    from desktop.templates import get_set

    return {n.code for n in get_set("par-tinh-2020").tree if n.children and not n.is_part}


HEADINGS = _headings()


def _first_code(page) -> str:
    stt = find(page, "STT")
    codes = [r for r in runs(page) if r.x < 30 * MM + 14 * MM and 20 * MM < r.y < stt.y - 4]
    return max(codes, key=lambda r: r.y).text


def _header_band(page) -> set[str]:
    """Texts between the top of the header row and the first full-width rule under it."""
    stt = find(page, "STT")
    widest = max(s.x2 - s.x1 for s in rules(page))
    under = max(s.y for s in rules(page) if s.y < stt.y and s.x2 - s.x1 > widest - 1)
    return {r.text for r in runs(page) if under < r.y < stt.y + 30}


def test_domain_rows_are_bold(pdfs):
    page = _landscape_pages(read(pdfs[Kind.APPENDIX]))[0]
    row = next(r for r in runs(page) if r.text.startswith("CÔNG TÁC CHỈ ĐẠO,"))
    assert row.font.endswith("Bold")
    assert not find(page, "Thực hiện kế hoạch CCHC").font.endswith("Bold")


def test_long_text_wraps_inside_its_cell(pdfs):
    page = _landscape_pages(read(pdfs[Kind.APPENDIX]))[0]
    right_edge = A4_PORTRAIT[1] - 15 * MM
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = load_fonts()
    for run in runs(page):
        width = stringWidth(run.text, fonts.regular if "Bold" not in run.font else fonts.bold, run.size)
        assert run.x + width <= right_edge + 1, run.text


def test_appendix_of_one_lead_unit(demo_file, tmp_path):
    session = Session(AssessmentFile.open_readonly(demo_file))
    path = build_pdf(session, Kind.APPENDIX, tmp_path / "tp.pdf", lead_unit="Sở Tư pháp").path
    session.close()
    first = read(path).pages[0]
    text = " ".join(page_text(p) for p in read(path).pages)
    # the caption in two even lines broken between phrases: no "CHỦ TRÌ" left alone on the second
    find(first, "NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN, NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    find(first, "NĂM 2022 DO SỞ TƯ PHÁP CHỦ TRÌ")
    assert "Thực hiện các hoạt động về theo dõi thi" in text  # 2.1.1, led by Sở Tư pháp
    assert "Thực hiện kế hoạch CCHC" not in text  # 1.1, led by Sở Nội vụ
    assert "TỔNG ĐIỂM" not in text


# ------------------------------------------------------------------ the report


def test_report_has_evidence_explanations_and_open_findings(pdfs):
    reader = read(pdfs[Kind.REPORT])
    first = reader.pages[0]
    find(first, "BÁO CÁO")
    find(first, "Số: 05/BC-UBND")
    everything = " ".join(page_text(p) for p in reader.pages)
    assert "III. NHỮNG NỘI DUNG CẦN HOÀN THIỆN" in everything
    # two leaves scored: the total is provisional and no group is claimed for it
    assert "tạm tính đạt 1,75/66,50 điểm (chưa gồm 33,50 điểm điều tra xã hội học)" in everything
    assert "nhóm C" not in page_text(first)
    assert "các số trên là tạm tính, chưa xếp nhóm" in everything
    assert "CCHC tạm tính đạt 1,75/8,50 điểm (5 tiêu chí, tiêu chí thành phần chưa có điểm)." in everything
    assert "Lĩnh vực 2: Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh chưa có kết quả" in everything
    assert "12/BC-SNV ngày 05/02/2022" in everything  # the evidence of 1.2
    assert "Chưa hoàn thành 2 nhiệm vụ" in everything  # the explanation of 1.1
    assert "(Kèm theo Báo cáo số 05/BC-UBND ngày 15 tháng 11 năm 2022" in everything
    assert "Tài liệu kiểm chứng" in page_text(_landscape_pages(reader)[-1])


def test_unfinished_report_is_a_draft_without_a_signature_field(demo_file, pdfs, tmp_path):
    reader = read(pdfs[Kind.REPORT])
    mark = find(reader.pages[0], "DỰ THẢO")
    assert mark.y > A4_PORTRAIT[1] - 20 * MM and mark.x > A4_PORTRAIT[0] / 2  # top right, in the margin
    assert not signature_fields(reader)
    assert "DỰ THẢO" not in " ".join(page_text(p) for p in reader.pages[1:])
    session = Session(AssessmentFile.open_readonly(demo_file))
    warnings = build_pdf(session, Kind.REPORT, tmp_path / "r.pdf").warnings
    session.close()
    assert "Báo cáo được in là DỰ THẢO, không có ô chữ ký số: còn 81/83 tiêu chí" in " ".join(warnings)


def test_finished_report_states_what_the_unit_scored(final_report):
    first = read(final_report).pages[0]
    text = page_text(first)
    assert "DỰ THẢO" not in text and "tạm tính" not in text
    # complete as far as the unit goes: the survey's 33,5 points come later, so no index over 100 yet
    assert "đạt 59,96/66,50 điểm (chưa gồm 33,50 điểm điều tra xã hội học)." in text and "nhóm" not in text
    assert "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC đạt 7,46/8,50 điểm, đạt chỉ số 87,76%." in text
    assert "tỉnh đạt 5,00/6,00 điểm (chưa gồm 10,00 điểm điều tra xã hội học)." in text  # lĩnh vực 8
    # criteria scored without evidence: one line with their codes, not a sentence each
    body = " ".join(page_text(p) for p in read(final_report).pages[:2])
    assert "đã tự chấm điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình (1.3.1, 1.3.2, 1.4," in body
    assert "Tiêu chí 1.3.1: tự chấm" not in body
    # in the table, a survey criterion is marked as such, not left blank like a gap in the unit's work
    rows = [r for p in read(final_report).pages[2:] for r in runs(p)]
    survey = next(r for r in rows if r.text == "2.4")
    assert any(r.text == "ĐTXHH" and abs(r.y - survey.y) < 2 for r in rows)


def test_plan_tells_the_officer_where_a_typed_total_differs(demo_file, tmp_path):
    # the seed's total row says 86,26; its criteria add up to 86,24: the PDF prints the sum, the officer is told
    session = Session(AssessmentFile.open_readonly(demo_file))
    warnings = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").warnings
    session.close()
    assert any("số ghi 86,26 khác tổng tính được 86,24" in w for w in warnings)


def test_report_sent_up_has_kinh_gui_and_nhu_tren(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    session.save_settings({"report_to": "Bộ Nội vụ"})
    one = read(build_pdf(session, Kind.REPORT, tmp_path / "one.pdf").path)
    session.save_settings({"report_to": "- Bộ Nội vụ;\nBan Chỉ đạo cải cách hành chính của Chính phủ"})
    several = read(build_pdf(session, Kind.REPORT, tmp_path / "several.pdf").path)
    session.save_settings({"report_recipients": "- Sở Nội vụ;\n- Văn phòng UBND tỉnh"})
    own = read(build_pdf(session, Kind.REPORT, tmp_path / "own.pdf").path)
    session.close()
    # ô 9a: one addressee on the "Kính gửi:" line, centred, 14 pt, under the trích yếu
    line = find(one.pages[0], "Kính gửi: Bộ Nội vụ")
    assert line.size == 14 and find(one.pages[0], "BÁO CÁO").y > line.y
    # several: each on its own line, dashes aligned under the colon, ";" then "."
    label = find(several.pages[0], "Kính gửi:")
    first = find(several.pages[0], "- Bộ Nội vụ;")
    last = find(several.pages[0], "- Ban Chỉ đạo cải cách hành chính của Chính phủ.")
    assert first.y < label.y and abs(first.x - last.x) < 0.5 and first.x > label.x + 40
    # ô 9b: "Như trên" first when there is a Kính gửi, unless the report has its own list
    closing = " ".join(page_text(p) for p in one.pages if "Nơi nhận:" in page_text(p))
    assert "Nơi nhận: - Như trên; - Lưu: VT, TH (Dg)." in closing
    closing = " ".join(page_text(p) for p in own.pages if "Nơi nhận:" in page_text(p))
    assert "Nơi nhận: - Sở Nội vụ; - Văn phòng UBND tỉnh; - Lưu:" in closing and "Như trên" not in closing


def test_odd_texts_keep_their_characters_and_their_meaning(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    save_document_text(session, "doc:report_proposals", "Đề nghị Sở Tư pháp & Sở Nội vụ phối hợp <tỉnh>")
    session.save_settings({"report_to": "-;"})  # a dash and nothing else: no addressee
    session.set_value("1.1", Scenario.TARGET, "")  # one target missing: the target total is partial
    report = read(build_pdf(session, Kind.REPORT, tmp_path / "r.pdf").path)
    plan = read(build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path)
    session.close()
    text = " ".join(page_text(p) for p in report.pages)
    assert "Sở Tư pháp & Sở Nội vụ phối hợp <tỉnh>./." in text  # the end mark after the escaped ">"
    assert "Kính gửi" not in text and "Như trên" not in text
    assert "- Thường trực Tỉnh ủy;" in text  # no addressee: the plan's Nơi nhận
    second = page_text(plan.pages[1])
    assert "Phấn đấu năm 2022 đạt 88,43/100,00 điểm (tạm tính: 1 tiêu chí, tiêu chí thành phần chưa có" in second
    assert "nhóm" not in second


def test_body_ends_with_the_end_mark_and_recipients_hang(pdfs):
    page = read(pdfs[Kind.PLAN]).pages[1]
    assert "để xem xét, giải quyết./." in page_text(page)
    first = find(page, "- Các phòng, đơn vị thuộc VP UBND")
    wrapped = [r for r in runs(page) if r.text == "tỉnh;" and r.y < first.y]
    assert wrapped and wrapped[0].x > first.x + 3  # the second line hangs under the text, not the dash


# ------------------------------------------------------------------ signed-ready


@pytest.mark.parametrize("kind", [Kind.PLAN, Kind.REPORT])
def test_signature_field_over_the_signer_block(pdfs, final_report, kind):
    reader = read(final_report if kind is Kind.REPORT else pdfs[kind])
    fields = signature_fields(reader)
    assert len(fields) == 1
    index, (x1, y1, x2, y2) = fields[0]
    name = find(reader.pages[index], "Lê Văn Chiến")
    title = find(reader.pages[index], "PHÓ CHỦ TỊCH")
    assert y1 > name.y and y2 < title.y  # between chức vụ and the name: the space to sign
    assert x1 < name.x < x2
    assert index == max(i for i, p in enumerate(reader.pages) if "Lê Văn Chiến" in page_text(p))
    assert reader.trailer["/Root"]["/AcroForm"]["/Fields"]


@pytest.mark.parametrize("kind", KINDS)
def test_fingerprint_on_every_page_and_qr_on_the_last(pdfs, demo_file, kind):
    session = Session(AssessmentFile.open_readonly(demo_file))
    full = fingerprint(session.store.conn)
    expected = short_fingerprint(full)
    session.close()
    reader = read(pdfs[kind])
    for page in reader.pages:
        footer = [r for r in runs(page) if r.y < 20 * MM]
        assert any(expected in r.text for r in footer)
    # the QR code on the last page (and only there) holds the full fingerprint, module for module
    assert reader.metadata["/Keywords"].endswith(full)
    assert _qr_modules(reader.pages[-1]) == _expected_modules(f"PARDESK:{full}")
    low, high = _qr_extent(reader.pages[-1])
    assert low >= 5 * MM and high <= 20 * MM  # clear of the paper's edge and of the text
    assert not _qr_modules(reader.pages[0])


def _squares(page) -> list[tuple[float, float, float]]:
    """(x, y, side) of the filled squares drawn in the bottom margin, read back from the content stream."""
    import re

    return [
        (float(x), float(y), float(w))
        for x, y, w, h in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f\*", page.get_contents().get_data())
        if w == h and float(y) < 20 * MM
    ]


def _qr_extent(page) -> tuple[float, float]:
    squares = _squares(page)
    return min(y for _x, y, _w in squares), max(y + w for _x, y, w in squares)


def _qr_modules(page) -> set[tuple[int, int]]:
    """(row, column) of the QR code's dark modules."""
    squares = _squares(page)
    if not squares:
        return set()
    cell = squares[0][2]
    left, top = min(x for x, _y, _w in squares), max(y for _x, y, _w in squares)
    return {(round((top - y) / cell), round((x - left) / cell)) for x, y, _w in squares}


def _expected_modules(text: str) -> set[tuple[int, int]]:
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    return {(r, c) for r in range(count) for c in range(count) if code.isDark(r, c)}


# ------------------------------------------------------------------ Vietnamese letters and fonts


def test_every_vietnamese_letter_with_every_tone_prints(demo_file, tmp_path):
    letters = vietnamese_letters()
    assert len(letters) > 130 and "ỹ" in letters and "Ặ" in letters
    session = _editable_copy(demo_file, tmp_path)
    sample = " ".join(letters[i : i + 30] for i in range(0, len(letters), 30))
    save_document_text(session, "doc:purpose", sample)
    path = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    session.close()
    inside = [r.text for p in read(path).pages[:2] for r in runs(p) if 20 * MM < r.y < A4_PORTRAIT[1] - 20 * MM]
    text = "".join(inside).replace(" ", "")  # the body only: not the footers and page numbers between pages
    assert sample.replace(" ", "") in text
    fonts = load_fonts()
    from reportlab.pdfbase.pdfmetrics import getFont

    for name in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic):
        cmap = getFont(name).face.charToGlyph
        assert all(ord(ch) in cmap for ch in letters), name


def test_missing_times_new_roman_falls_back_and_says_so(tmp_path):
    fonts = load_fonts((tmp_path,))
    assert fonts.label == "Liberation Serif"
    assert fonts.warning and "Times New Roman" in fonts.warning and "Liberation Serif" in fonts.warning


def test_times_new_roman_is_used_when_the_computer_has_it(tmp_path):
    bundled = Path(__file__).resolve().parents[2] / "resources" / "fonts"
    for style, name in (("Regular", "times"), ("Bold", "timesbd"), ("Italic", "timesi"), ("BoldItalic", "timesbi")):
        shutil.copy(bundled / f"LiberationSerif-{style}.ttf", tmp_path / f"{name}.ttf")  # same metrics
    fonts = load_fonts((tmp_path,))
    assert fonts.label == "Times New Roman" and fonts.warning is None


def test_a_broken_times_new_roman_falls_back(tmp_path):
    for name in ("times", "timesbd", "timesi", "timesbi"):
        (tmp_path / f"{name}.ttf").write_bytes(b"not a font")
    fonts = load_fonts((tmp_path,))
    assert fonts.label == "Liberation Serif" and "Không dùng được phông Times New Roman" in fonts.warning


# ------------------------------------------------------------------ bad input


def test_missing_header_setting_is_named_before_printing(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    session.save_settings({"signer_name": "", "doc_date": ""})
    assert missing_settings(session.settings(), Kind.PLAN) == ["signer_name", "doc_date"]
    out = tmp_path / "p.pdf"
    with pytest.raises(DocumentRefused) as refused:
        build_pdf(session, Kind.PLAN, out)
    session.close()
    assert "Họ tên người ký (ô 7c)" in str(refused.value) and "Ngày ban hành (ô 4)" in str(refused.value)
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["copy.sqlite"]


def test_read_only_folder_gives_a_clear_message(demo_file, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: make the final move fail as Windows would
        from desktop.documents import build as build_module

        def refuse(*_args):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(build_module.os, "replace", refuse)
    session = Session(AssessmentFile.open_readonly(demo_file))
    try:
        with pytest.raises(DocumentRefused, match="Không ghi được tệp PDF .*chỉ cho đọc"):
            build_pdf(session, Kind.APPENDIX, folder / "p.pdf")
    finally:
        session.close()
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []  # no half-written or temporary file left


def test_missing_folder_is_named(demo_file, tmp_path):
    session = Session(AssessmentFile.open_readonly(demo_file))
    with pytest.raises(DocumentRefused, match="không tồn tại"):
        build_pdf(session, Kind.PLAN, tmp_path / "none" / "p.pdf")
    session.close()


# ------------------------------------------------------------------ texts, CLI, untouched file


def test_document_texts_default_and_saved(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    texts = document_texts(session)
    assert "năm 2021" in texts["doc:purpose"] and texts["doc:basis"] == ""
    save_document_text(session, "doc:basis", "Căn cứ Quyết định số 1/QĐ-UBND\nCăn cứ Kế hoạch số 2/KH-UBND;")
    session.close()
    session = Session.open(tmp_path / "copy.sqlite")  # reopened: the texts were committed
    assert document_texts(session)["doc:basis"].startswith("Căn cứ Quyết định số 1/QĐ-UBND")
    path = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    session.close()
    first = read(path).pages[0]
    assert find(first, "Căn cứ Quyết định số 1/QĐ-UBND;").font.endswith("Italic")  # ";" added, italic
    find(first, "Căn cứ Kế hoạch số 2/KH-UBND.")  # the last ends with "."


def test_cli_prints_each_kind_and_leaves_the_file_untouched(demo_file, tmp_path, capsys):
    before = demo_file.read_bytes()
    for flag in ("--plan", "--appendix", "--report"):
        out = tmp_path / f"{flag[2:]}.pdf"
        assert cli(["pdf", str(demo_file), flag, str(out)]) == 0
        assert out.read_bytes().startswith(b"%PDF")
    assert demo_file.read_bytes() == before
    assert "Đã ghi" in capsys.readouterr().err


def test_cli_reports_missing_settings_with_exit_3(tmp_path, capsys):
    path = tmp_path / "new.sqlite"
    assert cli(["new", str(path), "--template", "par-tinh-2020", "--unit", "Sở Nội vụ", "--year", "2026"]) == 0
    assert cli(["pdf", str(path), "--plan", str(tmp_path / "p.pdf")]) == 3
    err = capsys.readouterr().err
    assert "Cơ quan ban hành" in err and "Số văn bản" in err
    with pytest.raises(SystemExit) as usage:
        cli(["pdf", str(path)])  # one of --plan/--appendix/--report is required
    assert usage.value.code == 2
    assert "cần đúng một trong các tham số --plan --appendix --report --explanation" in capsys.readouterr().err


def test_reportlab_stays_out_of_start_up():
    import subprocess
    import sys

    code = "import sys, desktop.app, desktop.documents, desktop.cli; print('reportlab' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert result.stdout.strip() == "False"


def test_section_one_says_when_last_years_results_are_incomplete(tmp_path):
    path = tmp_path / "so.sqlite"
    unit = "Sở Thông tin và Truyền thông tỉnh Quảng Ninh"
    assert cli(["new", str(path), "--template", "cqdt-876-qn2022", "--unit", unit, "--year", "2026"]) == 0
    session = Session.open(path)
    session.save_settings(
        {
            "parent_agency": "UBND TỈNH QUẢNG NINH",
            "issuing_agency": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "place": "Quảng Ninh",
            "doc_number": "5",
            "doc_symbol": "KH-STTTT",
            "doc_date": "05/02/2026",
            "signer_title": "GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn A",
        }
    )
    session.set_value("1.1", Scenario.PREVIOUS, "0,5")
    reader = read(build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path)
    session.close()
    first = reader.pages[0]
    assert "Lưu ý: tệp mới có điểm của 1/" in page_text(first)
    assert "tạm tính đạt 0,50/" in page_text(first) and "nhóm C" not in page_text(first)
    # a Sở: cơ quan chủ quản in regular capitals above the issuing agency, broken into even lines
    assert not find(first, "UBND TỈNH QUẢNG NINH").font.endswith("Bold")
    assert find(first, "SỞ THÔNG TIN VÀ").font.endswith("Bold") and find(first, "TRUYỀN THÔNG")
    assert reader.pages[1].get_contents() is not None and "GIÁM ĐỐC" in page_text(reader.pages[1])


# ------------------------------------------------------------------ second pass (issue 15)


def test_the_published_total_is_printed_when_chosen_with_the_sum_beside_it(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    plain = build_pdf(session, Kind.PLAN, tmp_path / "sum.pdf")
    assert any("thiết lập “Mục I của Kế hoạch in tổng điểm năm trước" in w for w in plain.warnings)
    session.save_settings({"published_total": "Có"})
    session.close()
    session = Session.open(tmp_path / "copy.sqlite")  # the choice is kept in the file
    assert session.settings()["published_total"] == "có"
    chosen = build_pdf(session, Kind.PLAN, tmp_path / "published.pdf")
    session.close()
    text = page_text(read(chosen.path).pages[0])
    assert "đạt 86,26/100,00 điểm (đạt chỉ số 86,26%, nhóm B)" in text  # the figure the source published
    assert "Tổng điểm trên là số đã công bố; cộng điểm của các lĩnh vực dưới đây được 86,24 điểm" in text
    assert "(chênh lệch 0,02 điểm)" in text
    notice = " ".join(chosen.warnings)
    assert "Mục I in tổng điểm đã công bố 86,26" in notice and "86,24, chênh lệch 0,02" in notice
    assert "published_total" not in notice  # the setting named as Thiết lập văn bản shows it


def test_a_yes_no_setting_refuses_anything_else(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    with pytest.raises(InputRefused, match="hãy ghi “có” hoặc “không”"):
        session.save_settings({"published_total": "đúng"})
    session.close()


def test_footer_names_the_product_only_when_asked(demo_file, tmp_path):
    session = _editable_copy(demo_file, tmp_path)
    plain = read(build_pdf(session, Kind.APPENDIX, tmp_path / "a.pdf").path)
    session.save_settings({"product_footer": "có"})
    named = read(build_pdf(session, Kind.APPENDIX, tmp_path / "b.pdf").path)
    session.close()
    for page in plain.pages:
        footer = [r for r in runs(page) if r.text.startswith("Mã dữ liệu")]
        assert footer and "PAR Desk" not in footer[0].text
        # below the text area (bottom margin 20 mm) and from the left margin (30 mm)
        assert footer[0].y < 20 * MM - 8 and footer[0].x >= 30 * MM - 0.5
    assert "PAR Desk" not in " ".join(page_text(p) for p in plain.pages)
    assert "PAR Desk" not in str(plain.metadata)
    assert all("(PAR Desk)" in page_text(p) for p in named.pages)


def test_source_typos_are_corrected_in_the_appendix(pdfs):
    text = " ".join(page_text(p) for p in read(pdfs[Kind.APPENDIX]).pages)
    assert "liên thông giữa các cấp chính quyền" in text and "giữa -các" not in text
    assert "cấp tình" not in text


def test_an_entered_survey_result_keeps_its_mark_and_is_not_claimed(final_report, tmp_path):
    source = final_report.with_suffix(".sqlite")
    copy = tmp_path / "survey.sqlite"
    shutil.copy(source, copy)
    session = Session.open(copy)
    session.set_value("2.4", Scenario.ACTUAL, "3,81")  # entered when the survey was published
    reader = read(build_pdf(session, Kind.REPORT, tmp_path / "r.pdf").path)
    session.close()
    first = " ".join(page_text(p) for p in reader.pages[:2])
    assert "đạt 63,77/71,50 điểm (gồm 3,81 điểm điều tra xã hội học theo kết quả điều tra đã công bố, không" in first
    assert "quy phạm pháp luật tại tỉnh đạt 8,81/10,00 điểm (gồm" in first
    rows = [r for p in _landscape_pages(reader) for r in runs(p)]
    code = next(r for r in rows if r.text == "2.4")
    beside = [r.text for r in rows if abs(r.y - code.y) < 16 and r.x > code.x]
    assert "3,81" in beside and "(ĐTXHH)" in beside


def test_the_appendix_has_the_deadline_column_the_plan_promises(demo_file, tmp_path, capsys):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo_file, copy)
    assert cli(["set", str(copy), "1.1", "--deadline", "Quý III/2022"]) == 0
    assert "1.1 thời gian hoàn thành: Quý III/2022" in capsys.readouterr().err
    session = Session.open(copy)
    session.set_deadline("8.2", "Thường xuyên")
    pages = _landscape_pages(read(build_pdf(session, Kind.APPENDIX, tmp_path / "a.pdf").path))
    session.close()
    for page in pages:  # the header row on every page names it
        assert "Thời gian hoàn" in page_text(page)
    rows = runs(pages[0])
    code = next(r for r in rows if r.text == "1.1")
    assert any(r.text == "Quý III/2022" and abs(r.y - code.y) < 1 for r in rows)
    assert "Thường xuyên" in " ".join(page_text(p) for p in pages)

"""The Word copy of the plan read back with python-docx, and opened and printed by LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from desktop.cli.commands import main as cli
from desktop.demo import write_demo

from .pdf_reading import page_text, read

HEADER = (
    "ỦY BAN NHÂN DÂN",
    "TỈNH ĐẮK NÔNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 434/KH-UBND",
    "Đắk Nông, ngày 27 tháng 7 năm 2022",
)


@pytest.fixture(scope="module")
def word(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("word")
    path = write_demo(folder / "demo.sqlite")
    before = path.read_bytes()
    out = folder / "Ke-hoach.docx"
    assert cli(["pdf", str(path), "--docx", str(out)]) == 0
    assert path.read_bytes() == before  # the file is only read
    return out


def test_the_word_copy_has_the_header_title_body_and_signature(word):
    document = Document(str(word))
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK NÔNG"] and "Số: 434/KH-UBND" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert "Đắk Nông, ngày 27 tháng 7 năm 2022" in right
    body = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in body
    assert "Cải thiện, nâng cao Chỉ số cải cách hành chính (PAR Index) tỉnh Đắk Nông năm 2022" in body
    assert any(t.startswith("Tổng điểm Chỉ số cải cách hành chính năm 2021 của Ủy ban nhân dân tỉnh Đắk") for t in body)
    assert any(t.endswith("để xem xét, giải quyết./.") for t in body)
    closing = document.tables[1].rows[0].cells
    assert closing[0].text.startswith("Nơi nhận:\n- Thường trực Tỉnh ủy;")
    assert closing[1].text.split("\n")[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and "Lê Văn Chiến" in closing[1].text
    run = next(r for p in document.paragraphs for r in p.runs if r.text.startswith("Tổng điểm"))
    assert run.font.size.pt == 14 and document.styles["Normal"].font.name == "Times New Roman"
    # headings and "a) Mục đích" stay with the paragraph they open when Word or LibreOffice pages it
    kept = {p.text for p in document.paragraphs if p.paragraph_format.keep_with_next}
    headings = {"I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021", "1. Mục đích, yêu cầu", "a) Mục đích", "b) Yêu cầu"}
    assert headings <= kept
    assert not any(t.startswith("Tổng điểm") for t in kept)


def test_the_appendix_is_a_landscape_section_with_the_same_table(word):
    document = Document(str(word))
    first, appendix = document.sections[0], document.sections[-1]
    assert first.page_width < first.page_height and appendix.page_width > appendix.page_height
    assert round(first.left_margin.mm) == 30 and round(first.right_margin.mm) == 15
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells][:3] == ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa"]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeated on every page
    assert len(table.rows) == 1 + 119 + 1  # header, every node, the total
    rows = {row.cells[0].text: row for row in table.rows}
    assert [c.text for c in rows["1.1"].cells][2:5] == ["1,50", "1,46", "1,50"]
    assert rows["1"].cells[1].paragraphs[0].runs[0].font.bold
    assert "TỔNG ĐIỂM" in [c.text for c in table.rows[-1].cells]


def test_libreoffice_opens_it_and_prints_the_header_intact(word, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (soffice): .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    profile = tmp_path / "profile"  # a profile of its own: never the user's, no lock held by another run
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(word)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = read(tmp_path / "Ke-hoach.pdf")
    first = page_text(pdf.pages[0])
    for text in HEADER:
        assert text in first, text
    assert "KẾ HOẠCH" in first
    landscape = [p for p in pdf.pages if p.mediabox.width > p.mediabox.height]
    assert landscape and "STT" in page_text(landscape[-1])  # the header row repeated on the last page

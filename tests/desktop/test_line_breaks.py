"""Header and title lines broken as an officer sets them: few lines, even, and between phrases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.documents.fonts import load_fonts
from desktop.documents.nd30 import balanced_lines

FONTS = load_fonts(())  # the bundled family: the same on every machine
TITLE_WIDTH = 144 * mm  # 90 % of the portrait text width


def test_agency_name_is_split_evenly():
    assert balanced_lines("ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG", FONTS.bold, 12, 70 * mm) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐẮK NÔNG",
    ]


def test_title_breaks_between_phrases_not_inside_a_word():
    title = "Cải thiện, nâng cao Chỉ số cải cách hành chính (PAR Index) tỉnh Đắk Nông năm 2022"
    # an even split would tear "hành chính" into "… hành" / "chính …"
    assert balanced_lines(title, FONTS.bold, 14, TITLE_WIDTH) == [
        "Cải thiện, nâng cao Chỉ số cải cách hành",
        "chính (PAR Index) tỉnh Đắk Nông năm 2022",
    ]
    assert balanced_lines(title, FONTS.bold, 14, TITLE_WIDTH, phrases=True) == [
        "Cải thiện, nâng cao Chỉ số cải cách hành chính",
        "(PAR Index) tỉnh Đắk Nông năm 2022",
    ]


def test_linking_word_opens_the_next_line():
    title = "Cải thiện, nâng cao Chỉ số cải cách hành chính của Sở Thông tin và Truyền thông tỉnh Quảng Ninh năm 2026"
    assert balanced_lines(title, FONTS.bold, 14, TITLE_WIDTH, phrases=True) == [
        "Cải thiện, nâng cao Chỉ số cải cách hành chính",
        "của Sở Thông tin và Truyền thông tỉnh Quảng Ninh năm 2026",
    ]


def test_a_name_is_not_torn():
    title = "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2022"
    assert balanced_lines(title, FONTS.bold, 14, 110 * mm, phrases=True) == [
        "Kết quả tự đánh giá, chấm điểm",
        "Chỉ số cải cách hành chính năm 2022",
    ]


WORDS = st.lists(st.sampled_from("cải cách hành chính, của (PAR) năm Sở Tư pháp tỉnh Đắk Nông và".split()), max_size=14)


@settings(max_examples=60, deadline=None)
@given(words=WORDS, phrases=st.booleans())
def test_lines_keep_every_word_in_order_and_fit(words, phrases):
    lines = balanced_lines(" ".join(words), FONTS.bold, 14, 60 * mm, phrases=phrases)
    assert " ".join(lines).split() == words
    assert all(stringWidth(line, FONTS.bold, 14) <= 60 * mm for line in lines)


def test_a_pasted_paragraph_is_filled_quickly():
    import time

    text = " ".join(["cải cách hành chính của tỉnh"] * 40)  # 240 words
    start = time.perf_counter()
    lines = balanced_lines(text, FONTS.bold, 14, TITLE_WIDTH, phrases=True)
    assert time.perf_counter() - start < 1.0
    assert " ".join(lines) == text and all(stringWidth(x, FONTS.bold, 14) <= TITLE_WIDTH for x in lines)


def test_one_more_line_rather_than_a_torn_word():
    title = (
        "Triển khai thực hiện nhiệm vụ cải thiện, nâng cao Chỉ số cải cách hành chính "
        "tỉnh Thừa Thiên Huế giai đoạn 2021 - 2025"
    )
    # two lines would need "… Chỉ số cải" / "cách hành chính …"
    assert balanced_lines(title, FONTS.bold, 14, TITLE_WIDTH, phrases=True) == [
        "Triển khai thực hiện nhiệm vụ cải thiện,",
        "nâng cao Chỉ số cải cách hành chính",
        "tỉnh Thừa Thiên Huế giai đoạn 2021 - 2025",
    ]


def test_a_word_wider_than_the_line_does_not_scatter_the_others():
    link = "https://dichvucong.daknong.gov.vn/portal/p/home/dvc-gioi-thieu.html"
    lines = balanced_lines(
        f"Kế hoạch thực hiện Quyết định số 1234/QĐ-UBND về {link} năm 2022", FONTS.bold, 14, 120 * mm
    )
    assert lines == ["Kế hoạch thực hiện Quyết định số 1234/QĐ-UBND về", link, "năm 2022"]

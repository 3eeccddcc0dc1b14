"""Default texts of the plan follow the unit's place in the administration."""

from __future__ import annotations

import pytest

from desktop.documents.texts import DOC_TEXTS, chain_of_work


def organisation(unit: str, year: int | None = 2022, **where: object) -> str:
    return DOC_TEXTS["doc:organisation"].default.format(**chain_of_work(unit, year, **where))  # type: ignore[arg-type]


DAK_NONG_RECIPIENTS = "- Thường trực Tỉnh ủy;\n- Các Sở, Ban, ngành;\n- UBND các huyện, thành phố;\n- Lưu: VT."


def test_a_province_names_its_districts_as_its_own_noi_nhan_does():
    # Đắk Nông has no thị xã: its own Nơi nhận says "UBND các huyện, thành phố"
    text = organisation("Ủy ban nhân dân tỉnh Đắk Nông", recipients=DAK_NONG_RECIPIENTS)
    assert text.startswith("Các sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố căn cứ")
    assert "thị xã" not in text
    assert "về Ủy ban nhân dân tỉnh Đắk Nông (qua Sở Nội vụ)" in text
    assert "phòng" not in text  # the seed's complaint: a province has no "phòng, đơn vị thuộc"


def test_a_province_whose_districts_no_source_names_is_worded_by_level():
    text = organisation("UBND tỉnh Quảng Ngãi", 2021)
    assert text.startswith("Các sở, ban, ngành; Ủy ban nhân dân cấp huyện căn cứ")
    assert "thị xã" not in text and "quận" not in text


def test_after_the_2025_reform_a_province_works_with_communes():
    text = organisation("UBND tỉnh Quảng Ninh", 2026, recipients=DAK_NONG_RECIPIENTS)
    assert text.startswith("Các sở, ban, ngành; Ủy ban nhân dân cấp xã căn cứ") and "huyện" not in text


def test_a_2025_plan_dated_after_1_july_has_no_districts():
    import datetime as dt

    before = organisation("UBND tỉnh Lâm Đồng", 2025, dated=dt.date(2025, 3, 10))
    after = organisation("UBND tỉnh Lâm Đồng", 2025, dated=dt.date(2025, 8, 5))
    assert "cấp huyện" in before and "cấp xã" in after and "huyện" not in after


def test_a_commune_after_2025_gives_it_to_its_own_staff():
    text = organisation("UBND xã Nam Đà", 2026)
    assert text.startswith("Các bộ phận, công chức thuộc UBND xã Nam Đà căn cứ")
    assert "huyện" not in text and "Phòng Nội vụ" not in text


def test_a_department_after_2025_gives_it_to_its_own_units():
    text = organisation("Sở Nội vụ tỉnh Lâm Đồng", 2026)
    assert text.startswith("Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Lâm Đồng căn cứ")
    assert "kịp thời báo cáo lãnh đạo Sở Nội vụ tỉnh Lâm Đồng" in text and "huyện" not in text


@pytest.mark.parametrize(
    "unit", ["Uỷ ban nhân dân thành phố Hà Nội", "UBND Thành phố Hồ Chí Minh", "UBND TP Hà Nội", "UBND TP. Cần Thơ"]
)
def test_centrally_governed_cities_are_provinces_with_urban_districts(unit):
    text = organisation(unit)
    assert "(qua Sở Nội vụ)" in text and "Các sở, ban, ngành; Ủy ban nhân dân cấp huyện" in text


def test_hue_is_a_centrally_governed_city_from_2025():
    assert "(qua Phòng Nội vụ)" in organisation("Ủy ban nhân dân thành phố Huế", 2024)
    assert "(qua Sở Nội vụ)" in organisation("Ủy ban nhân dân thành phố Huế", 2025)


def test_a_commune_gives_it_to_its_own_staff():
    text = organisation("Ủy ban nhân dân phường Nghĩa Đức", 2026)
    assert text.startswith("Các bộ phận, công chức thuộc Ủy ban nhân dân phường Nghĩa Đức căn cứ")
    assert "Phòng Nội vụ" not in text


def test_a_district_works_through_phong_noi_vu():
    text = organisation("Ủy ban nhân dân thành phố Gia Nghĩa")
    assert "Ủy ban nhân dân cấp xã" in text and "(qua Phòng Nội vụ)" in text


def test_a_department_gives_it_to_its_own_units():
    text = organisation("Sở Tư pháp tỉnh Quảng Ngãi")
    assert text.startswith("Các phòng, đơn vị thuộc Sở Tư pháp tỉnh Quảng Ngãi căn cứ")
    assert "kịp thời báo cáo lãnh đạo Sở Tư pháp tỉnh Quảng Ngãi" in text


SETTINGS = {
    "issuing_agency": "ỦY BAN NHÂN DÂN",
    "place": "Lâm Đồng",
    "doc_number": "5",
    "doc_symbol": "KH-UBND",
    "doc_date": "05/02/2026",
    "signer_authority": "KT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn A",
}


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Các sở, ban, ngành; Ủy ban nhân dân cấp xã căn cứ nhiệm vụ"),
        ("Ủy ban nhân dân xã Nam Đà", "Các bộ phận, công chức thuộc Ủy ban nhân dân xã Nam Đà căn cứ"),
        ("Sở Nội vụ tỉnh Lâm Đồng", "Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Lâm Đồng căn cứ nhiệm vụ"),
    ],
)
def test_the_printed_plan_of_2026_names_who_carries_it_out(tmp_path, unit, expected):
    from desktop.cli.commands import main as cli
    from desktop.documents import Kind, build_pdf
    from desktop.session import Session

    from .pdf_reading import page_text, read

    path = tmp_path / "f.sqlite"
    assert cli(["new", str(path), "--template", "cqdt-876-qn2022", "--unit", unit, "--year", "2026"]) == 0
    session = Session.open(path)
    session.save_settings(SETTINGS)
    pdf = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    session.close()
    portrait = [p for p in read(pdf).pages if p.mediabox.width < p.mediabox.height]  # the plan, not its appendix
    body = " ".join(page_text(p) for p in portrait)
    assert expected in body
    assert "huyện" not in body and "thị xã" not in body

"""Default texts of the plan follow the unit's place in the administration."""

from __future__ import annotations

import pytest

from desktop.documents.texts import DOC_TEXTS, chain_of_work


def organisation(unit: str, year: int | None = 2022) -> str:
    return DOC_TEXTS["doc:organisation"].default.format(**chain_of_work(unit, year))


def test_a_province_gives_the_plan_to_its_departments_and_districts():
    text = organisation("Ủy ban nhân dân tỉnh Đắk Nông")
    assert text.startswith("Các sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố căn cứ")
    assert "về Ủy ban nhân dân tỉnh Đắk Nông (qua Sở Nội vụ)" in text
    assert "phòng" not in text  # the seed's complaint: a province has no "phòng, đơn vị thuộc"


def test_after_the_2025_reform_a_province_works_with_communes():
    text = organisation("UBND tỉnh Quảng Ninh", 2026)
    assert text.startswith("Các sở, ban, ngành; Ủy ban nhân dân cấp xã căn cứ") and "huyện" not in text


@pytest.mark.parametrize(
    "unit", ["Uỷ ban nhân dân thành phố Hà Nội", "UBND Thành phố Hồ Chí Minh", "UBND TP Hà Nội", "UBND TP. Cần Thơ"]
)
def test_centrally_governed_cities_are_provinces_with_urban_districts(unit):
    text = organisation(unit)
    assert "(qua Sở Nội vụ)" in text and "Ủy ban nhân dân các quận, huyện, thị xã, thành phố" in text


def test_hue_is_a_centrally_governed_city_from_2025():
    assert "(qua Phòng Nội vụ)" in organisation("Ủy ban nhân dân thành phố Huế", 2024)
    assert "(qua Sở Nội vụ)" in organisation("Ủy ban nhân dân thành phố Huế", 2025)


def test_a_commune_gives_it_to_its_own_staff():
    text = organisation("Ủy ban nhân dân phường Nghĩa Đức", 2026)
    assert text.startswith("Các bộ phận, công chức thuộc Ủy ban nhân dân phường Nghĩa Đức căn cứ")
    assert "Phòng Nội vụ" not in text


def test_a_district_works_through_phong_noi_vu():
    text = organisation("Ủy ban nhân dân thành phố Gia Nghĩa")
    assert "Ủy ban nhân dân các xã, phường, thị trấn" in text and "(qua Phòng Nội vụ)" in text


def test_a_department_gives_it_to_its_own_units():
    text = organisation("Sở Tư pháp tỉnh Quảng Ngãi")
    assert text.startswith("Các phòng, đơn vị thuộc Sở Tư pháp tỉnh Quảng Ngãi căn cứ")
    assert "kịp thời báo cáo lãnh đạo Sở Tư pháp tỉnh Quảng Ngãi" in text

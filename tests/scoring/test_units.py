"""The one lead-unit matcher: whole units, several per cell, accents, case and abbreviations."""

from __future__ import annotations

import pytest

from scoring import fold, home_key, lead_of, lead_units, leads, leaves_led_by, nodes_led_by, same_unit, units_of


def test_fold_drops_accents_and_case_but_keeps_punctuation():
    assert fold("  Tài   CHÍNH  Đất đai ") == "tai chinh dat dai"
    assert fold("1.3") == "1.3"
    assert fold(None) == ""


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("Sở Nội vụ, UBND cấp huyện", ["Sở Nội vụ", "UBND cấp huyện"]),
        ("Sở Tư pháp; Sở Nội vụ", ["Sở Tư pháp", "Sở Nội vụ"]),
        ("Sở Tư pháp\nVăn phòng UBND tỉnh", ["Sở Tư pháp", "Văn phòng UBND tỉnh"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Các cơ quan, đơn vị được UBND tỉnh giao", ["Các cơ quan, đơn vị được UBND tỉnh giao"]),
        ("", []),
        (" ; ", []),
    ],
)
def test_a_cell_names_its_units(cell, units):
    assert lead_units(cell) == units


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("Sở Nội vụ, UBND cấp huyện", "sở nội vụ", True),
        ("Sở Nội vụ, UBND cấp huyện", "Ủy ban nhân dân cấp huyện", True),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", True),
        ("Phòng Nội vụ", "Sở Nội vụ", False),  # never a part of a name
        ("Sở Nội vụ", "Nội vụ", False),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa", False),
        ("Sở Nội vụ", "", False),
    ],
)
def test_leads_matches_whole_units(cell, unit, expected):
    assert leads(cell, unit) is expected


def test_units_of_the_demo_and_who_leads_what(dn_set):
    units = units_of(dn_set.tree)
    assert "Sở Nội vụ" in units and "UBND cấp huyện" in units
    assert "Sở Nội vụ, UBND cấp huyện" not in units
    assert len(units) == len({fold(u) for u in units})
    keys = nodes_led_by(dn_set.tree, "UBND cấp huyện")
    led = [n for n in dn_set.tree if n.key in keys and leads(n.lead, "UBND cấp huyện")]
    assert led and all(a.key in keys for n in led for a in n.ancestors())


@pytest.mark.parametrize(
    ("cell", "unit", "province", "expected"),
    [
        # the unit's name carries its province; the lead cells of that province's set do not
        ("Sở Tư pháp", "Sở Tư pháp tỉnh Đắk Nông", "", True),
        ("Sở Tư pháp", "Sở Tư pháp tỉnh Đắk Nông", "Đắk Nông", True),
        ("Sở Tư pháp", "Sở Tư pháp tỉnh Đắk Nông", "tỉnh Đắk Nông", True),
        ("Sở Tư pháp", "sở tư pháp TỈNH ĐẮK NÔNG", "", True),
        ("Sở Tư pháp", "Sở Tư pháp tỉnh Hà Tĩnh", "Hà Tĩnh", True),
        ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh Đắk Nông", "", True),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Đắk Nông", "Đắk Nông", True),
        ("Công an tỉnh", "Công an tỉnh Đắk Nông", "", True),
        ("Ban Dân tộc tỉnh", "Ban Dân tộc", "", True),
        ("Sở Nội vụ", "Sở Nội vụ thành phố Hà Nội", "Hà Nội", True),
        ("Sở Nội vụ", "Sở Nội vụ TP. Hà Nội", "Hà Nội", True),
        ("Văn phòng UBND Thành phố", "Văn phòng UBND thành phố Hà Nội", "Hà Nội", True),
        ("Công an Thành phố", "Công an TP Hà Nội", "Hà Nội", True),
        ("UBND cấp huyện", "UBND cấp huyện tỉnh Đắk Nông", "", True),
        # never another unit, another province's unit, or a part of a name
        ("Phòng Nội vụ", "Sở Nội vụ tỉnh Đắk Nông", "", False),
        ("Sở Tư pháp", "Sở Tư pháp tỉnh Quảng Ninh", "Đắk Nông", False),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa tỉnh Đắk Nông", "", False),
        ("UBND", "UBND tỉnh Đắk Nông", "", False),  # the province's government is not a bare "UBND"
        ("UBND tỉnh", "Văn phòng UBND tỉnh Đắk Nông", "", False),
        ("Văn phòng UBND tỉnh", "UBND tỉnh Đắk Nông", "", False),
        ("Sở Nội vụ", "Sở Nội vụ thành phố Hà Nội", "", False),  # "thành phố X" only with the province
        ("UBND", "UBND thành phố Gia Nghĩa", "Đắk Nông", False),
        ("Sở Tư pháp", "Sở Tư pháp tính", "", False),
    ],
)
def test_a_unit_named_with_its_province_leads_its_cells(cell, unit, province, expected):
    assert leads(cell, unit, province=province) is expected


def test_one_unit_however_its_province_is_written():
    assert home_key("Sở Tư pháp tỉnh Đắk Nông") == home_key("Sở Tư pháp") == "so tu phap"
    assert home_key("UBND tỉnh Đắk Nông") == home_key("UBND tỉnh") == "uy ban nhan dan tinh"
    assert home_key("UBND xã Tân Lập tỉnh Đắk Nông") == "uy ban nhan dan xa tan lap"
    assert same_unit("Sở Nội vụ TP. Hà Nội", "Sở Nội vụ", province="Hà Nội")
    assert not same_unit("Sở Nội vụ", "Phòng Nội vụ tỉnh Đắk Nông")


def test_the_units_own_province_finds_what_it_leads(dn_set):
    assert nodes_led_by(dn_set.tree, "Sở Tư pháp tỉnh Đắk Nông") == nodes_led_by(dn_set.tree, "Sở Tư pháp")
    assert nodes_led_by(dn_set.tree, "Sở Tư pháp tỉnh Quảng Ninh", province="Đắk Nông") == set()


def test_the_leaves_a_unit_answers_for_are_those_its_nearest_lead_cell_names(dn_set):
    leaves = leaves_led_by(dn_set.tree, "Sở Tư pháp tỉnh Đắk Nông")
    assert leaves and all(dn_set.tree.by_key[k].is_leaf for k in leaves)
    expected = {n.key for n in dn_set.tree.leaves() if leads(lead_of(n), "Sở Tư pháp")}
    assert leaves == expected
    inherited = [n for n in dn_set.tree.leaves() if n.key in leaves and not n.lead.strip()]
    assert all(leads(lead_of(n), "Sở Tư pháp") for n in inherited)  # a part answered for by its criterion
    assert leaves <= nodes_led_by(dn_set.tree, "Sở Tư pháp")
    assert leaves_led_by(dn_set.tree, "") == set() and leaves_led_by(dn_set.tree, "Sở Không Có") == set()

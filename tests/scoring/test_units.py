"""The one lead-unit matcher: whole units, several per cell, accents, case and abbreviations."""

from __future__ import annotations

import pytest

from scoring import fold, lead_units, leads, nodes_led_by, units_of


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

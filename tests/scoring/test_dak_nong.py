"""The Đắk Nông plan's appendix (KH 434/KH-UBND): totals from leaves, and its known defects."""

import tomllib
from decimal import Decimal

import pytest

from scoring import TOTAL_KEY, Assessment, Entry, Kind, Mode, Scenario, format_number, to_decimal
from tests.conftest import ROOT, D


@pytest.fixture(scope="module")
def dn(dn_set):
    data = tomllib.loads((ROOT / "resources/demo/dak-nong-2022.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    entries = {s: {} for s in Scenario}
    for row in data["value"]:
        for scenario in (Scenario.PREVIOUS, Scenario.TARGET):
            if scenario.value in row:
                entries[scenario][row["code"]] = Entry(to_decimal(row[scenario.value]))
    return Assessment(dn_set.tree, entries)


def test_tree_has_119_nodes_and_8_fields_of_100_points(dn_set):
    assert len(dn_set.tree) == 119
    roots = dn_set.tree.roots
    assert [r.code for r in roots] == [str(i) for i in range(1, 9)]
    assert [r.max for r in roots] == [D(x) for x in ("8.5", "10", "13.5", "11.5", "13.5", "12", "15", "16")]


def test_survey_nodes_are_marked(dn_set):
    survey = {n.code: n.max for n in dn_set.tree if n.mode is Mode.SURVEY}
    assert survey == {"2.4": 5, "4.4": D("4.5"), "5.8": 2, "5.9": 4, "6.4": 4, "7.5": 4, "8.1": 10}


def test_self_and_survey_maxima(dn):
    totals = dn.totals(Scenario.PREVIOUS)
    assert (totals.max, totals.self_max, totals.survey_max) == (100, D("66.5"), D("33.5"))
    assert format_number(totals.survey_score) == "26,28"  # as the plan publishes


def test_totals_from_leaves(dn):
    assert format_number(dn.totals(Scenario.PREVIOUS).final) == "86,24"  # the eight lĩnh vực
    target = dn.totals(Scenario.TARGET)
    assert (format_number(target.max), format_number(target.final)) == ("100,00", "89,93")
    assert target.group == "B"


def test_known_defects_are_reported_and_nothing_else(dn):
    found = {(f.code, f.scenario, f.kind) for f in dn.findings()}
    assert found == {
        ("7.2", Scenario.PREVIOUS, Kind.STATED_SUM),
        (TOTAL_KEY, Scenario.PREVIOUS, Kind.STATED_SUM),
    }
    messages = " ".join(f.message for f in dn.findings())
    assert "1,21" in messages and "1,50" in messages and "86,26" in messages and "86,24" in messages


def test_6_1_rounding_difference_is_not_a_finding(dn):
    assert dn.score("6.1", Scenario.PREVIOUS) == D("2.7091")
    assert not [f for f in dn.node_findings("6.1")]


def test_stated_sums_print_points_with_two_decimals_as_everywhere():
    from scoring.checks import stated_mismatch

    message = stated_mismatch("2", "2", Scenario.ACTUAL, D("9.5"), D("9")).message
    assert message.endswith("số ghi 9,50 khác tổng tính được 9,00.")  # not "9,5" beside "9,00"
    # a difference beyond the second place is shown where it lies, not as "9,12 khác 9,12"
    close = stated_mismatch("2", "2", Scenario.ACTUAL, D("9.1249"), D("9.1151")).message
    assert close.endswith("số ghi 9,1249 khác tổng tính được 9,12.")

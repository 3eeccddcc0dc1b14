"""The shared scoring core: criteria tree, rules, recalculation, findings and Vietnamese formats.

Standard library only: no Qt, no storage, no Excel or PDF (a test enforces it).
"""

from .criteria_set import CriteriaSet, CriteriaSetError, build_tree, load_criteria_set, node_records
from .dates import DateError, local_time, official_date, parse_date, place_and_date
from .engine import Assessment, NodeResult, Totals, group_of
from .errors import Refusal
from .expression import ExpressionError, Formula
from .findings import Finding, Kind, Severity
from .model import SCENARIO_LABELS, TOTAL_KEY, CriteriaTree, Group, Mode, Node, Rule, RuleKind, Scenario
from .numbers import NumberError, format_number, parse_number, round_display, to_decimal
from .rules import Entry, value_problem
from .units import (
    fold,
    home_key,
    lead_of,
    lead_units,
    leads,
    leaves_led_by,
    nodes_led_by,
    same_unit,
    unit_block,
    unit_key,
    units_of,
)

__all__ = [
    "SCENARIO_LABELS",
    "TOTAL_KEY",
    "Assessment",
    "CriteriaSet",
    "CriteriaSetError",
    "CriteriaTree",
    "DateError",
    "Entry",
    "ExpressionError",
    "Finding",
    "Formula",
    "Group",
    "Kind",
    "Mode",
    "Node",
    "NodeResult",
    "NumberError",
    "Rule",
    "RuleKind",
    "Scenario",
    "Refusal",
    "Severity",
    "Totals",
    "build_tree",
    "fold",
    "format_number",
    "group_of",
    "home_key",
    "lead_of",
    "lead_units",
    "leads",
    "load_criteria_set",
    "local_time",
    "node_records",
    "leaves_led_by",
    "nodes_led_by",
    "official_date",
    "parse_date",
    "parse_number",
    "place_and_date",
    "round_display",
    "same_unit",
    "to_decimal",
    "unit_block",
    "unit_key",
    "units_of",
    "value_problem",
]

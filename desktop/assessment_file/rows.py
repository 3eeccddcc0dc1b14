"""Stored rows into the model's types: strict, fast, and refusing anything malformed by name.

What we write is canonical (``str(Decimal)`` such as ``0.75`` or ``-0.5``, JSON objects of such
strings), so reading needs no forgiving input parser: ``stored_number`` accepts exactly that form
and every refusal is a ``FileRefused`` naming the table, the row and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NoReturn

from scoring import Entry, Scenario

from ..errors import FileRefused

__all__ = ["ENTRY_COLUMNS", "NODE_COLUMNS", "entries_from_rows", "record_from_row", "stored_number"]

# str(Decimal) of a value with at most 4 decimals, as the file keeps them; never 1E+25, 0,5 or NaN
_CANONICAL = re.compile(r"-?[0-9]+(?:\.[0-9]{1,4})?")
_EMPTY_OBJECT = "{}"
_FLAGS = (0, 1)
_NO_INPUTS: Mapping[str, Decimal] = MappingProxyType({})  # shared by every entry without inputs
_SCENARIOS = {s.value: s for s in Scenario}

NODE_COLUMNS = "key, parent_key, code, title, max, rule, lead, mode, grp, legal_basis, inputs, is_part, implied"
ENTRY_COLUMNS = "node_key, scenario, value, inputs"


def _refuse(table: str, row: str, field: str, problem: str) -> FileRefused:
    return FileRefused(f"bảng {table}, dòng của tiêu chí {row}, trường {field}: {problem}")


def stored_number(value: object, *, table: str, row: str, field: str) -> Decimal:
    """A number as the file stores it (``0.75``, ``-2``), else ``FileRefused`` naming where it is."""
    if type(value) is str and _CANONICAL.fullmatch(value):
        return Decimal(value)
    shown = f"“{value[:40]}”" if isinstance(value, str) else f"giá trị kiểu {type(value).__name__}"
    raise _refuse(table, row, field, f"{shown} không phải là số lưu đúng dạng (ví dụ 0.75)")


def _json_object(text: object, *, table: str, row: str, field: str) -> dict[str, Any]:
    if text == _EMPTY_OBJECT or text is None:
        return {}
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise _refuse(table, row, field, "không phải một đối tượng JSON")
    return data


def _text(value: object, *, table: str, row: str, field: str) -> str:
    if type(value) is not str:
        raise _refuse(table, row, field, f"cần văn bản, không phải {type(value).__name__}")
    return value


def _flag(value: object, *, table: str, row: str, field: str) -> None:
    if type(value) is not int or value not in _FLAGS:
        raise _refuse(table, row, field, f"cần 0 hoặc 1, không phải “{value}”")


def record_from_row(row: tuple[Any, ...], rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A ``nodes`` row (``NODE_COLUMNS``) as a ``build_tree`` record; ``rules`` caches parsed rule texts
    (most nodes share a handful of rules)."""
    key, parent_key, code, title, maximum, rule_text, lead, mode, group, legal_basis, inputs, is_part, implied = row
    texts = (key, code, title, lead, mode, group, legal_basis)
    if not (
        all(type(t) is str for t in texts)
        and (parent_key is None or type(parent_key) is str)
        and type(maximum) is str
        and _CANONICAL.fullmatch(maximum)
        and type(is_part) is int
        and is_part in _FLAGS
        and type(implied) is int
        and implied in _FLAGS
    ):
        _refuse_node_row(row)
    rule = rules.get(rule_text) if type(rule_text) is str else None
    if rule is None:
        rule = rules[rule_text] = _json_object(rule_text, table="nodes", row=key, field="rule")
    return {
        "key": key,
        "parent_key": parent_key,
        "code": code,
        "title": title,
        "max": Decimal(maximum),
        "rule": dict(rule),
        "lead": lead,
        "mode": mode,
        "group": group,
        "legal_basis": legal_basis,
        "inputs": _json_object(inputs, table="nodes", row=key, field="inputs"),
        "is_part": is_part == 1,
        "implied": implied == 1,
    }


def _refuse_node_row(row: tuple[Any, ...]) -> NoReturn:
    """Name the first malformed field of a ``nodes`` row (only reached when there is one)."""
    where = {"table": "nodes", "row": str(row[0])}
    for name, value in zip(NODE_COLUMNS.split(", "), row, strict=True):
        if name == "max":
            stored_number(value, field=name, **where)
        elif name in ("is_part", "implied"):
            _flag(value, field=name, **where)
        elif name not in ("rule", "inputs") and not (name == "parent_key" and value is None):
            _text(value, field=name, **where)
    raise _refuse("nodes", str(row[0]), "?", "dòng không đọc được")


def entries_from_rows(rows: Iterator[tuple[Any, ...]], known: set[str] | Any) -> dict[Scenario, dict[str, Entry]]:
    """``entries`` rows (``ENTRY_COLUMNS``) by scenario and key; rows of keys not ``known`` are skipped."""
    entries: dict[Scenario, dict[str, Entry]] = {s: {} for s in Scenario}
    canonical = _CANONICAL.fullmatch
    for row in rows:
        key, scenario_text, value, inputs = row
        if key not in known:
            continue
        scenario = _SCENARIOS.get(scenario_text)
        # the common row, a typed value and no inputs, without building any message
        if scenario is not None and inputs == _EMPTY_OBJECT and type(value) is str and canonical(value):
            entries[scenario][key] = Entry(Decimal(value), _NO_INPUTS)
        else:
            scenario, entry = _entry_from_row(row)
            entries[scenario][key] = entry
    return entries


def _entry_from_row(row: tuple[Any, ...]) -> tuple[Scenario, Entry]:
    key, scenario_text, value, inputs = row
    where = {"table": "entries", "row": f"{key} ({scenario_text})"}
    scenario = _SCENARIOS.get(scenario_text)
    if scenario is None:
        raise _refuse(field="scenario", problem=f"“{scenario_text}” không phải là một kịch bản", **where)
    number = None if value is None else stored_number(value, field="value", **where)
    raw = _json_object(inputs, field="inputs", **where)
    named = {str(name): stored_number(v, field=f"inputs.{name}", **where) for name, v in raw.items()}
    return scenario, Entry(number, named)

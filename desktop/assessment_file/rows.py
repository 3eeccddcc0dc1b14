"""The one boundary: every value read from an assessment file becomes a model type here, or a
``FileRefused`` naming the table, the row and the field.

What we write is canonical (``str(Decimal)`` such as ``0.75`` or ``-0.5``, JSON objects of such
strings, ISO dates), so reading needs no forgiving input parser. Texts must be valid UTF-8 (a
``BadText`` from the text factory is refused), of the right type (never NULL or a blob where a
text belongs) and within ``scoring.limits``; control characters other than tab and line breaks
(which Excel and PDFs cannot hold) are removed, line-feed-like ones become a line break. Numbers
have at most 12 digits before the point and 4 after it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NoReturn

from scoring import Entry, Scenario, format_number
from scoring.limits import MAX_CODE, MAX_INTEGER_DIGITS, MAX_NAME, MAX_PLACES, MAX_TEXT, MAX_TITLE

from ..errors import FileRefused
from .check import BadText

__all__ = [
    "AUDIT_COLUMNS",
    "DOCUMENT_COLUMNS",
    "ENTRY_COLUMNS",
    "NODE_COLUMNS",
    "attachment_name",
    "audit_from_row",
    "comment_from_row",
    "document_from_row",
    "meta_from_rows",
    "settings_from_rows",
    "texts_from_rows",
    "criteria_set_head",
    "entries_from_rows",
    "record_from_row",
    "stored_number",
    "stored_text",
]

# str(Decimal) of a value within the limits, as the file keeps them; never 1E+25, 0,5 or NaN
_CANONICAL = re.compile(rf"-?[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:\.[0-9]{{1,{MAX_PLACES}}})?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_LIKE = {"\x0b": "\n", "\x0c": "\n"}  # Word's manual line break and a page break
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,30}")  # an input's name: a, b, option, n, q1 …
_EMPTY_OBJECT = "{}"
_FLAGS = (0, 1)
_SCENARIOS = {s.value: s for s in Scenario}
_YEARS = range(1900, 2201)

NODE_COLUMNS = "key, parent_key, code, title, max, rule, lead, mode, grp, legal_basis, inputs, is_part, implied"
ENTRY_COLUMNS = "node_key, scenario, value, inputs"
# nodes' text columns and their limits
_NODE_LIMITS = {
    "key": MAX_CODE,
    "parent_key": MAX_CODE,
    "code": MAX_CODE,
    "title": MAX_TITLE,
    "lead": MAX_NAME,
    "mode": MAX_CODE,
    "grp": MAX_CODE,
    "legal_basis": MAX_TEXT,
}


def refuse_at(table: str, where: str, field: str, problem: str) -> FileRefused:
    return FileRefused(f"bảng {table}, {where}, trường {field}: {problem}")


def _refuse(table: str, row: str, field: str, problem: str) -> FileRefused:
    return refuse_at(table, f"dòng của tiêu chí {row}", field, problem)


def _kind(value: object) -> str:
    if isinstance(value, BadText):
        return "văn bản hỏng (có byte không phải mã UTF-8)"
    if value is None:
        return "NULL"
    names = {"bytes": "dữ liệu nhị phân", "int": "số nguyên", "float": "số thực", "str": "văn bản"}
    name = type(value).__name__
    return f"kiểu {name} ({names[name]})" if name in names else f"kiểu {name}"


def stored_number(value: object, *, table: str, row: str, field: str) -> Decimal:
    """A number as the file stores it (``0.75``, ``-2``), else ``FileRefused`` naming where it is."""
    if type(value) is str and _CANONICAL.fullmatch(value):
        return Decimal(value)
    shown = f"“{value[:40]}”" if type(value) is str else f"giá trị {_kind(value)}"
    raise _refuse(table, row, field, f"{shown} không phải là số lưu đúng dạng (ví dụ 0.75, tối đa 12 chữ số)")


def stored_text(value: object, limit: int, *, table: str, where: str, field: str) -> str:
    """A text within ``limit`` characters, control characters cleaned; else ``FileRefused``."""
    if type(value) is not str:
        problem = _kind(value) if isinstance(value, BadText) else f"cần văn bản, không phải {_kind(value)}"
        raise refuse_at(table, where, field, problem)
    if len(value) > limit:
        raise refuse_at(table, where, field, f"dài {_grouped(len(value))} ký tự, quá giới hạn {_grouped(limit)}")
    return clean_text(value) if _CONTROL.search(value) else value


def _grouped(number: int) -> str:
    return format_number(number, places=0)


def clean_text(value: str) -> str:
    return _CONTROL.sub(lambda m: _LINE_LIKE.get(m.group(), ""), value)


def _json_object(text: object, *, table: str, row: str, field: str) -> dict[str, Any]:
    if text == _EMPTY_OBJECT or text is None:
        return {}
    data = None
    if type(text) is str and len(text) <= MAX_TEXT:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, an integer of 4 300+ digits, nested too deep
            data = None
    if not isinstance(data, dict):
        raise _refuse(table, row, field, "không phải một đối tượng JSON")
    return data


def _flag(value: object, *, table: str, row: str, field: str) -> None:
    if type(value) is not int or value not in _FLAGS:
        raise _refuse(table, row, field, f"cần 0 hoặc 1, không phải “{str(value)[:40]}”")


def record_from_row(row: tuple[Any, ...], rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A ``nodes`` row (``NODE_COLUMNS``) as a ``build_tree`` record; ``rules`` caches parsed rule texts
    (most nodes share a handful of rules)."""
    key, parent_key, code, title, maximum, rule_text, lead, mode, group, legal_basis, inputs, is_part, implied = row
    texts = (key, code, title, lead, mode, group, legal_basis)
    if not (
        all(type(t) is str for t in texts)
        and len(key) <= MAX_CODE
        and len(code) <= MAX_CODE
        and len(title) <= MAX_TITLE
        and len(lead) <= MAX_NAME
        and len(legal_basis) <= MAX_TEXT
        and len(mode) <= MAX_CODE
        and len(group) <= MAX_CODE
        and (parent_key is None or (type(parent_key) is str and len(parent_key) <= MAX_CODE))
        and type(maximum) is str
        and _CANONICAL.fullmatch(maximum)
        and type(is_part) is int
        and is_part in _FLAGS
        and type(implied) is int
        and implied in _FLAGS
    ):
        _refuse_node_row(row)
    if _CONTROL.search("".join(texts)):
        if _CONTROL.search(key + code + mode + group + (parent_key or "")):
            raise _refuse("nodes", repr(key)[1:-1], "key/code", "có ký tự điều khiển")
        title, lead, legal_basis = clean_text(title), clean_text(lead), clean_text(legal_basis)
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
        "inputs": _input_labels(inputs, key),
        "is_part": is_part == 1,
        "implied": implied == 1,
    }


def _input_labels(text: object, key: str) -> dict[str, str]:
    """A node's declared inputs: name → label (``{"a": "Tổng số hồ sơ"}``)."""
    data = _json_object(text, table="nodes", row=key, field="inputs")
    for name, label in data.items():
        if not _NAME.fullmatch(name) or type(label) is not str or len(label) > MAX_TITLE:
            raise _refuse("nodes", key, "inputs", f"số liệu “{name[:40]}” không đúng dạng tên → nhãn")
    return {name: clean_text(label) for name, label in data.items()}


def _refuse_node_row(row: tuple[Any, ...]) -> NoReturn:
    """Name the first malformed field of a ``nodes`` row (only reached when there is one)."""
    label = str(row[0])[:MAX_CODE]
    where = {"table": "nodes", "where": f"dòng của tiêu chí {label}"}
    for name, value in zip(NODE_COLUMNS.split(", "), row, strict=True):
        if name == "max":
            stored_number(value, table="nodes", row=label, field=name)
        elif name in ("is_part", "implied"):
            _flag(value, table="nodes", row=label, field=name)
        elif name in _NODE_LIMITS and not (name == "parent_key" and value is None):
            stored_text(value, _NODE_LIMITS[name], field=name, **where)
    raise refuse_at("nodes", where["where"], "?", "dòng không đọc được")


def entries_from_rows(rows: Iterable[tuple[Any, ...]], known: set[str] | Any) -> dict[Scenario, dict[str, Entry]]:
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
            entries[scenario][key] = Entry(Decimal(value))
        else:
            scenario, entry = _entry_from_row(row)
            entries[scenario][key] = entry
    return entries


def _entry_from_row(row: tuple[Any, ...]) -> tuple[Scenario, Entry]:
    key, scenario_text, value, inputs = row
    where = {"table": "entries", "row": f"{key} ({str(scenario_text)[:40]})"}
    scenario = _SCENARIOS.get(scenario_text) if type(scenario_text) is str else None
    if scenario is None:
        raise _refuse(field="scenario", problem=f"“{str(scenario_text)[:40]}” không phải là một kịch bản", **where)
    number = None if value is None else stored_number(value, field="value", **where)
    raw = _json_object(inputs, field="inputs", **where)
    named = {str(name)[:40]: stored_number(v, field=f"inputs.{str(name)[:40]}", **where) for name, v in raw.items()}
    return scenario, Entry(number, named)


# ---------------------------------------------------------------- meta, settings, texts


def meta_from_rows(rows: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """The ``meta`` table: texts only; ``year`` a year, ``template`` checked by ``criteria_set_head``."""
    meta = {}
    for key, value in rows:
        name = stored_text(key, MAX_CODE, table="meta", where="một dòng", field="key")
        meta[name] = stored_text(value, MAX_TEXT, table="meta", where=f"khóa {name}", field="value")
    year = meta.get("year", "")
    if year and not (year.isascii() and year.isdigit() and int(year) in _YEARS):
        raise refuse_at("meta", "khóa year", "value", f"“{year[:40]}” không phải là một năm")
    return meta


def criteria_set_head(meta: dict[str, str]) -> dict[str, Any]:
    """The criteria set's description kept in ``meta.template``: level, years and texts."""
    where = {"table": "meta", "where": "khóa template", "field": "value"}
    text = meta.get("template") or _EMPTY_OBJECT
    try:
        head = json.loads(text)
    except (ValueError, RecursionError):
        head = None
    if not isinstance(head, dict):
        raise refuse_at(problem="không phải một đối tượng JSON", **where)
    years = head.get("years", [])
    if not isinstance(years, list) or not all(type(y) is int and y in _YEARS for y in years) or len(years) > 200:
        raise refuse_at(problem="“years” không phải danh sách các năm", **where)
    clean: dict[str, Any] = {"years": tuple(years)}
    for name, default in (("level", "tinh"), ("legal_basis", ""), ("source", ""), ("notes", "")):
        value = head.get(name, default)
        clean[name] = stored_text(value, MAX_TEXT, table="meta", where="khóa template", field=f"value.{name}")
    return clean


def settings_from_rows(rows: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """Document header settings: texts; dates ISO (``2026-02-05``), numbers digits, as saved."""
    settings = {}
    for key, value in rows:
        name = stored_text(key, MAX_CODE, table="settings", where="một dòng", field="key")
        text = stored_text(value, MAX_TEXT, table="settings", where=f"khóa {name}", field="value")
        if text and name.endswith("_date") and stored_date(text) is None:
            raise refuse_at("settings", f"khóa {name}", "value", f"“{text[:40]}” không phải ngày (năm-tháng-ngày)")
        if text and name.endswith("_number") and not (text.isascii() and text.isdigit() and len(text) <= 10):
            raise refuse_at("settings", f"khóa {name}", "value", f"“{text[:40]}” không phải số văn bản")
        settings[name] = text
    return settings


def stored_date(text: str) -> dt.date | None:
    """An ISO date as saved (``2026-02-05``), or None."""
    if len(text) != 10 or not text.isascii():
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:  # a date that does not exist, such as 2026-02-30
        return None
    return date if date.year in _YEARS else None


def texts_from_rows(rows: Iterable[tuple[Any, ...]], field: str = "") -> dict[tuple[str, str], str]:
    """Free texts of one ``field`` by (node key, scenario); rows may carry their field as a fourth
    value (every text at once, as ``AssessmentFile.check_values`` reads them)."""
    found = {}
    for key, scenario, text, *named in rows:
        kind_of = stored_text(named[0], MAX_CODE, table="texts", where="một dòng", field="field") if named else field
        where = f"dòng {str(key)[:MAX_CODE]} ({kind_of})"
        node = stored_text(key, MAX_CODE, table="texts", where=where, field="node_key")
        kind = stored_text(scenario, MAX_CODE, table="texts", where=where, field="scenario")
        found[(node, kind)] = stored_text(text, MAX_TEXT, table="texts", where=where, field="text")
    return found


# ---------------------------------------------------------------- evidence, comments, history

# the last: whether the attachment's bytes are in this file (packing may leave them out, data NULL);
# typeof() reads the record header only (``IS NOT NULL`` would read a 50 MB blob whole: measured)
DOCUMENT_COLUMNS = (
    "d.id, d.number, d.date, d.issuer, d.title, d.cited, d.blob_sha256, b.name, b.size, typeof(b.data) = 'blob'"
)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FILE_NAME_BAD = re.compile(r'[\x00-\x1f<>:"/\\|?*]')  # what no Windows file name may hold


def document_from_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """A ``documents`` row joined with its attachment (``DOCUMENT_COLUMNS``), checked field by field."""
    doc_id, number, date, issuer, title, cited, sha, name, size, included = row
    where = {"table": "documents", "where": f"tài liệu số thứ tự {str(doc_id)[:20]}"}
    if type(doc_id) is not int:
        raise refuse_at(field="id", problem=f"cần số nguyên, không phải {_kind(doc_id)}", **where)
    texts = [
        stored_text(value, MAX_TITLE if field == "title" else MAX_NAME, field=field, **where)
        for field, value in (("number", number), ("issuer", issuer), ("title", title), ("cited", cited))
    ]
    if date is not None and (type(date) is not str or stored_date(date) is None):
        raise refuse_at(field="date", problem=f"“{str(date)[:40]}” không phải ngày (năm-tháng-ngày)", **where)
    if sha is not None:
        if type(sha) is not str or not _SHA256.fullmatch(sha):
            raise refuse_at(field="blob_sha256", problem="không phải mã SHA-256", **where)
        if name is not None:  # a document may name a blob the file does not hold: no attachment then
            name = attachment_name(name, size, where=f"tệp đính kèm {sha[:8]}")
    number, issuer, title, cited = texts
    return {
        "id": doc_id,
        "number": number,
        "date": date,
        "issuer": issuer,
        "title": title,
        "cited": cited,
        "blob_sha256": sha,
        "file_name": name,
        "file_size": size if name is not None else None,
        "file_included": name is not None and included == 1,
    }


def attachment_name(name: object, size: object, *, where: str) -> str:
    """An attached file's name, safe to write out under its own name (no folder, no device)."""
    text = stored_text(name, 255, table="blobs", where=where, field="name")
    if not text.strip() or _FILE_NAME_BAD.search(text) or text.strip(". ") != text.strip():
        raise refuse_at("blobs", where, "name", f"“{text[:40]}” không phải tên tệp hợp lệ")
    if type(size) is not int or size < 0:
        raise refuse_at("blobs", where, "size", f"cần số byte, không phải {_kind(size)}")
    return text


def safe_file_name(name: str) -> str:
    """The name an attachment is stored under: what ``attachment_name`` accepts, from any name."""
    text = _FILE_NAME_BAD.sub("_", name).strip(". ")[:255]
    return text or "tep-dinh-kem"


def comment_from_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A ``comments`` row (id, node_key, author, created, text)."""
    comment_id, node_key, author, created, text = row
    where = {"table": "comments", "where": f"nhận xét số {str(comment_id)[:20]}"}
    if type(comment_id) is not int:
        raise refuse_at(field="id", problem=f"cần số nguyên, không phải {_kind(comment_id)}", **where)
    return (
        comment_id,
        stored_text(node_key, MAX_CODE, field="node_key", **where),
        stored_text(author, MAX_NAME, field="author", **where),
        stored_text(created, MAX_CODE, field="created", **where),
        stored_text(text, MAX_TEXT, field="text", **where),
    )


UNREADABLE = "⟨không đọc được⟩"
AUDIT_COLUMNS = ("id", "ts", "user", "node_key", "field", "scenario", "old", "new")


def audit_from_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """One line of the audit log; ``old`` and ``new`` may be NULL (nothing before, nothing after).

    The history only informs, nothing is computed from it, and reading all of it at every open
    would cost most of a second on a large file: a value it cannot show is shown as ``UNREADABLE``
    instead of refusing the file."""
    line_id, *values = row
    found: dict[str, Any] = {"id": line_id if type(line_id) is int else 0}
    for name, value in zip(AUDIT_COLUMNS[1:], values, strict=True):
        if name in ("old", "new") and value is None:
            found[name] = None
        elif type(value) is str and len(value) <= MAX_TEXT:
            found[name] = clean_text(value) if _CONTROL.search(value) else value
        else:
            found[name] = UNREADABLE
    return found

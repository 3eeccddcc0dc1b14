"""Criteria sets: read the TOML template format, validate it, and rebuild trees from stored rows.

The format is described in ``docs/criteria-sets.md``. Every error names the node it is about.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import Refusal
from .expression import ExpressionError, Formula
from .limits import MAX_DEPTH, MAX_NODES
from .model import CriteriaTree, Group, Mode, Node, Option, Rule, RuleKind
from .numbers import NumberError, to_decimal

__all__ = [
    "CriteriaSet",
    "CriteriaSetError",
    "build_tree",
    "load_criteria_set",
    "node_records",
    "parse_rule",
]

_ROMAN = re.compile(r"^[IVXLC]+$")
_BAD_CODE = re.compile(r"[#/\s]")
LEVELS = ("tinh", "so", "xa")


class CriteriaSetError(Refusal):
    """A criteria set that cannot be used; the message is Vietnamese and names the node."""


@dataclass
class CriteriaSet:
    """A criteria set: its identity, legal basis and tree. ``content_hash`` covers the tree."""

    id: str
    title: str
    tree: CriteriaTree
    version: str = "1"
    level: str = "tinh"
    years: tuple[int, ...] = ()
    legal_basis: str = ""
    source: str = ""
    notes: str = ""
    content_hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = tree_hash(self.tree)

    def metadata(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "level": self.level,
            "years": list(self.years),
            "legal_basis": self.legal_basis,
            "source": self.source,
            "notes": self.notes,
            "content_hash": self.content_hash,
        }


# ---------------------------------------------------------------- TOML


def load_criteria_set(text: str, *, origin: str = "") -> CriteriaSet:
    """Parse and validate a TOML criteria set; ``origin`` names the file in messages."""
    import tomllib  # only templates are TOML; files carry their set as rows

    where = f" ({origin})" if origin else ""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaSetError(f"Bộ tiêu chí{where} viết sai định dạng TOML: {exc}.") from None
    head = data.get("criteria_set")
    if not isinstance(head, dict):
        raise CriteriaSetError(f"Bộ tiêu chí{where} thiếu phần [criteria_set].")
    for name in ("id", "title"):
        if not str(head.get(name, "")).strip():
            raise CriteriaSetError(f"Bộ tiêu chí{where} thiếu “{name}” trong [criteria_set].")
    level = str(head.get("level", "tinh"))
    if level not in LEVELS:
        raise CriteriaSetError(f"Bộ tiêu chí{where}: cấp “{level}” không hợp lệ (tinh, so, xa).")
    specs = data.get("node")
    if not isinstance(specs, list) or not specs:
        raise CriteriaSetError(f"Bộ tiêu chí{where} không có tiêu chí nào ([[node]]).")
    records = records_from_specs(specs)
    return CriteriaSet(
        id=str(head["id"]).strip(),
        title=str(head["title"]).strip(),
        tree=build_tree(records),
        version=str(head.get("version", "1")),
        level=level,
        years=tuple(int(y) for y in head.get("years", ())),
        legal_basis=str(head.get("legal_basis", "")),
        source=str(head.get("source", "")),
        notes=str(head.get("notes", "")),
    )


def records_from_specs(specs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Turn coded node specs (document order) into flat records with keys and parent keys.

    Parents come from the codes (``1.2`` under ``1``; ``1`` under the Roman code above it);
    a parent code with no row of its own becomes an implied node.
    """
    records: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    last_roman: str | None = None
    for index, spec in enumerate(specs, start=1):
        code = str(spec.get("code", "")).strip().rstrip(".")
        if not code:
            raise CriteriaSetError(f"Tiêu chí thứ {index} không có mã (code).")
        if _BAD_CODE.search(code):
            raise CriteriaSetError(f"Mã tiêu chí “{code}” không được chứa dấu cách, “#” hay “/”.")
        if code in seen:
            raise CriteriaSetError(f"Mã tiêu chí “{code}” bị trùng (dòng thứ {index}).")
        parent = spec.get("parent")
        if parent:
            parent_code: str | None = str(parent).strip()
        elif spec.get("group") in ("bonus", "penalty"):
            parent_code = None  # bonus and penalty groups stand beside the lĩnh vực
        else:
            parent_code = _parent_code(code, last_roman)
        if _ROMAN.match(code):
            last_roman = code
        if parent_code and parent_code not in seen:
            _add_implied(parent_code, last_roman if parent_code != last_roman else None, seen, records)
        record = _record(spec, key=code, code=code, parent_key=parent_code or None)
        seen[code] = record
        records.append(record)
        for position, part in enumerate(spec.get("part", ()) or (), start=1):
            part_record = _record(part, key=f"{code}#{position}", code="", parent_key=code)
            part_record["is_part"] = True
            records.append(part_record)
    return records


def _parent_code(code: str, last_roman: str | None) -> str | None:
    if "." in code:
        return code.rsplit(".", 1)[0]
    return last_roman if code.isdigit() else None


def _add_implied(code: str, roman: str | None, seen: dict[str, dict[str, Any]], records: list[dict[str, Any]]) -> None:
    parent_code = _parent_code(code, roman)
    if parent_code and parent_code not in seen:
        _add_implied(parent_code, roman, seen, records)
    record = {
        "key": code,
        "code": code,
        "parent_key": parent_code,
        "title": f"Mục {code}",
        "max": None,
        "rule": {"kind": "sum"},
        "implied": True,
    }
    seen[code] = record
    records.append(record)


def _record(spec: Mapping[str, Any], *, key: str, code: str, parent_key: str | None) -> dict[str, Any]:
    label = code or f"{parent_key} (nội dung)"
    title = str(spec.get("title", "")).strip()
    if not title:
        raise CriteriaSetError(f"Tiêu chí {label} không có tên (title).")
    raw_rule = spec.get("rule")
    rule = {"kind": raw_rule} if isinstance(raw_rule, str) else dict(raw_rule or {})
    if spec.get("part"):
        rule.setdefault("kind", "parts")
    return {
        "key": key,
        "code": code,
        "parent_key": parent_key,
        "title": title,
        "max": spec.get("max"),
        "rule": rule,
        "lead": str(spec.get("lead", "")).strip(),
        "mode": spec.get("mode"),
        "group": spec.get("group"),
        "legal_basis": str(spec.get("legal_basis", "")).strip(),
        "inputs": {str(k): str(v) for k, v in (spec.get("inputs") or {}).items()},
        "is_part": False,
        "implied": False,
    }


# ---------------------------------------------------------------- tree building


def build_tree(records: Iterable[Mapping[str, Any]]) -> CriteriaTree:
    """Build and validate a tree from flat records (as stored in a file or made from a table).

    Its shape is checked before anything walks it: at most ``MAX_NODES`` nodes and ``MAX_DEPTH``
    levels, every node reachable from a root (a parent cycle is refused, naming a node in it).
    """
    nodes: dict[str, Node] = {}
    parents: list[tuple[Node, str | None]] = []
    for record in records:
        if len(nodes) >= MAX_NODES:
            raise CriteriaSetError(f"Bộ tiêu chí có hơn {MAX_NODES} tiêu chí, quá giới hạn của PAR Desk.")
        node = _node(record)
        if node.key in nodes:
            raise CriteriaSetError(f"Mã tiêu chí “{node.label}” bị trùng.")
        nodes[node.key] = node
        parents.append((node, record.get("parent_key")))
    roots: list[Node] = []
    for node, parent_key in parents:
        if parent_key is None:
            roots.append(node)
            continue
        parent = nodes.get(parent_key)
        if parent is None:
            raise CriteriaSetError(f"Tiêu chí {node.code} thuộc mục “{parent_key}” không có trong bộ.")
        parent.children.append(node)
        node.parent = parent
    _check_shape(roots, nodes)
    _settle(nodes.values())
    tree = CriteriaTree(roots)
    _check_rules(tree)
    return tree


def _check_shape(roots: list[Node], nodes: Mapping[str, Node]) -> None:
    """Depth within ``MAX_DEPTH`` and no cycles, without recursion (a hostile tree may be deep)."""
    reached: set[str] = set()
    stack = [(root, 1) for root in roots]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CriteriaSetError(
                f"Tiêu chí {node.label} nằm ở cấp thứ {depth} của cây; PAR Desk nhận tối đa {MAX_DEPTH} cấp."
            )
        reached.add(node.key)
        stack.extend((child, depth + 1) for child in node.children)
    if len(reached) != len(nodes):  # a node no root leads to: its parents go round in a circle
        stray = next(n for key, n in nodes.items() if key not in reached)
        raise CriteriaSetError(
            f"Tiêu chí {stray.code or stray.key} thuộc một vòng lặp cha – con (tự là cấp trên của mình)."
        )


_PENDING = Rule(RuleKind.SUM)  # until _settle knows the children; immutable, so shared


def _node(record: Mapping[str, Any]) -> Node:
    key = str(record["key"])
    label = record.get("code") or key
    is_part = bool(record.get("is_part"))
    maximum = record.get("max")
    try:
        max_value = to_decimal(maximum) if maximum not in (None, "") else None
    except NumberError:
        raise CriteriaSetError(f"Tiêu chí {label}: điểm tối đa “{maximum}” không phải là số.") from None
    rule_data = dict(record.get("rule") or {})
    group_name, mode_name = record.get("group") or "regular", record.get("mode") or "self"
    group = _member(_GROUPS, group_name) or _enum(Group, group_name, label, "nhóm (group)")
    mode = _member(_MODES, mode_name) or _enum(Mode, mode_name, label, "hình thức đánh giá (mode)")
    node = Node(
        key=key,
        code=str(record.get("code") or ""),
        title=str(record.get("title") or ""),
        max=max_value if max_value is not None else Decimal(0),
        rule=_PENDING,
        lead=str(record.get("lead") or ""),
        mode=mode,
        group=group,
        legal_basis=str(record.get("legal_basis") or ""),
        inputs=dict(record.get("inputs") or {}),
        is_part=is_part,
        implied=bool(record.get("implied")),
    )
    node.rule_data = rule_data  # type: ignore[attr-defined]  # parsed once children are known
    node.max_given = max_value is not None  # type: ignore[attr-defined]
    return node


def _settle(nodes: Iterable[Node]) -> None:
    """Give every node its rule now that children are known; implied parents sum their children."""
    shared: dict[str, Rule] = {}  # rules that depend on nothing but their data, parsed once each
    for node in sorted(nodes, key=_heights(nodes).__getitem__):
        data: dict[str, Any] = node.__dict__.pop("rule_data")
        max_given: bool = node.__dict__.pop("max_given")
        if node.children:
            kind = "parts" if all(c.is_part for c in node.children) else "sum"
            if data.get("kind") not in (None, "sum", "parts"):
                raise CriteriaSetError(
                    f"Tiêu chí {node.label} có tiêu chí con nên được tính bằng tổng, "
                    f"không theo quy tắc “{data['kind']}”."
                )
            data = {"kind": kind}
            if not max_given:
                node.max = sum((c.max for c in node.children), Decimal(0))
        elif not max_given:
            raise CriteriaSetError(f"Tiêu chí {node.label} thiếu điểm tối đa (max).")
        node.rule = _shared_rule(data, node, shared)
        if node.rule.kind is RuleKind.SURVEY:
            node.mode = Mode.SURVEY


def _shared_rule(data: dict[str, Any], node: Node, shared: dict[str, Rule]) -> Rule:
    """``parse_rule``, reusing the Rule of equal data: a formula depends on the node's inputs, and
    a refusal must name its node, so only rules already parsed without error are reused."""
    if data.get("kind") in ("formula", "bands"):
        return parse_rule(data, node)
    text = repr(data)
    rule = shared.get(text)
    if rule is None:
        rule = shared[text] = parse_rule(data, node)
    return rule


def _heights(nodes: Iterable[Node]) -> dict[Node, int]:
    """Each node's height (0 for a leaf), children before parents; one pass over the tree."""
    heights: dict[Node, int] = {}
    stack = [(n, False) for n in nodes if n.parent is None]
    while stack:
        node, done = stack.pop()
        if done:
            heights[node] = 1 + max(heights[c] for c in node.children) if node.children else 0
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in node.children)
    return heights


_GROUPS = {g.value: g for g in Group}
_MODES = {m.value: m for m in Mode}


def _member(members: Mapping[str, Any], value: object) -> Any:
    """The enum member named by a plain string (the common case, without building a message)."""
    return members.get(value) if isinstance(value, str) else None


def _enum(kind: type[Any], value: object, label: str, what: str) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise CriteriaSetError(f"Tiêu chí {label}: {what} “{value}” không hợp lệ ({allowed}).") from None


def parse_rule(data: Mapping[str, Any], node: Node) -> Rule:
    """Validate a rule description against its node; messages name the node."""
    label = node.label
    kind = _enum(RuleKind, data.get("kind") or "direct", label, "quy tắc (rule)")

    def number(name: str) -> Decimal | None:
        value = data.get(name)
        if value in (None, ""):
            return None
        try:
            return to_decimal(value)
        except NumberError:
            raise CriteriaSetError(f"Tiêu chí {label}: “{name}” = “{value}” không phải là số.") from None

    options = tuple(_option(o, label) for o in _listed(data, "options", label))
    if kind is RuleKind.OPTIONS and len(options) < 2:
        raise CriteriaSetError(f"Tiêu chí {label}: quy tắc chọn mức điểm cần ít nhất hai mức.")
    formula = None
    expr = data.get("expr")
    if kind in (RuleKind.FORMULA, RuleKind.BANDS):
        if not expr:
            raise CriteriaSetError(f"Tiêu chí {label}: thiếu công thức (expr).")
        allowed = frozenset(node.inputs) if node.inputs else None
        try:
            formula = Formula.parse(str(expr), allowed)
        except ExpressionError as exc:
            raise CriteriaSetError(f"Tiêu chí {label}: {exc}") from None
    bands = tuple(sorted(_band(b, label) for b in _listed(data, "bands", label)))
    if kind is RuleKind.BANDS and not bands:
        raise CriteriaSetError(f"Tiêu chí {label}: quy tắc theo ngưỡng cần ít nhất một ngưỡng (bands).")
    rule = Rule(
        kind=kind,
        options=options,
        gate=number("gate"),
        cap=number("cap"),
        formula=formula,
        bands=bands,
        points=number("points"),
        per=bool(data.get("per", False)),
        floor=number("floor"),
    )
    if kind is RuleKind.PENALTY and (rule.points is None or rule.points > 0):
        raise CriteriaSetError(f"Tiêu chí {label}: điểm trừ cần “points” là số âm.")
    return rule


def _listed(data: Mapping[str, Any], name: str, label: str) -> list[Any]:
    """A rule's list setting (``options``, ``bands``); anything else is refused, naming the node."""
    value = data.get(name) or []
    if not isinstance(value, list | tuple):
        raise CriteriaSetError(f"Tiêu chí {label}: “{name}” phải là một danh sách.")
    return list(value)


def _option(data: Any, label: str) -> Option:
    if not isinstance(data, Mapping) or not str(data.get("label", "")).strip():
        raise CriteriaSetError(f"Tiêu chí {label}: mỗi mức điểm cần có “label”.")
    try:
        points = to_decimal(data["points"]) if "points" in data else None
        fraction = to_decimal(data["fraction"]) if "fraction" in data else None
    except NumberError:
        raise CriteriaSetError(f"Tiêu chí {label}: mức “{data['label']}” có điểm không phải là số.") from None
    if (points is None) == (fraction is None):
        raise CriteriaSetError(f"Tiêu chí {label}: mức “{data['label']}” cần đúng một trong “points” hoặc “fraction”.")
    return Option(str(data["label"]).strip(), points, fraction)


def _band(data: Any, label: str) -> tuple[Decimal, Decimal]:
    if not isinstance(data, list | tuple) or len(data) != 2:
        raise CriteriaSetError(f"Tiêu chí {label}: mỗi ngưỡng viết là [ngưỡng, điểm].")
    try:
        return to_decimal(data[0]), to_decimal(data[1])
    except NumberError:
        raise CriteriaSetError(f"Tiêu chí {label}: mỗi ngưỡng viết là [ngưỡng, điểm] bằng số.") from None


def _check_rules(tree: CriteriaTree) -> None:
    for node in tree:
        label = node.label
        if node.group is not Group.REGULAR and node.depth != 0:
            raise CriteriaSetError(f"Nhóm điểm thưởng/điểm trừ {label} phải là mục cấp cao nhất.")
        if node.group is Group.PENALTY:
            if node.max > 0:
                raise CriteriaSetError(f"Nhóm điểm trừ {label}: điểm tối đa phải âm hoặc bằng 0.")
        elif node.rule.kind is not RuleKind.PENALTY and node.max < 0 and not _in_penalty(node):
            raise CriteriaSetError(f"Tiêu chí {label}: điểm tối đa âm chỉ dùng cho điểm trừ.")
        for option in node.rule.options:
            value = option.value(node.max)
            if value < 0 or value > node.max:
                raise CriteriaSetError(
                    f"Tiêu chí {label}: mức “{option.label}” cho {value} điểm, ngoài khoảng 0–{node.max}."
                )


def _in_penalty(node: Node) -> bool:
    return any(a.group is Group.PENALTY for a in node.ancestors()) or node.group is Group.PENALTY


# ---------------------------------------------------------------- storage form


def node_records(tree: CriteriaTree) -> list[dict[str, Any]]:
    """Flat, JSON-ready rows of a tree (document order); ``build_tree`` reads them back."""
    rows = []
    for position, node in enumerate(tree.nodes):
        rows.append(
            {
                "key": node.key,
                "parent_key": node.parent.key if node.parent else None,
                "position": position,
                "code": node.code,
                "title": node.title,
                "max": str(node.max),
                "rule": node.rule.to_dict(),
                "lead": node.lead,
                "mode": node.mode.value,
                "group": node.group.value,
                "legal_basis": node.legal_basis,
                "inputs": node.inputs,
                "is_part": node.is_part,
                "implied": node.implied,
            }
        )
    return rows


def tree_hash(tree: CriteriaTree) -> str:
    """SHA-256 of the tree's canonical JSON: two files share a set only if this matches."""
    rows = [{k: v for k, v in row.items() if k not in ("lead", "position")} for row in node_records(tree)]
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()

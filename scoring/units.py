"""Text folding and the lead-unit matcher: which criteria a unit (đơn vị chủ trì) answers for.

One home for both, so the window's unit filter, the print dialog, the documents, packing and the
province's assembly and comparison always agree. The rules, in full:

- **Folding** (``fold``): Unicode NFD, combining marks dropped, ``đ``/``Đ`` → ``d``, case folded,
  runs of white space made one space. Punctuation is kept (a code such as ``1.3`` stays itself).
- **Several units in one cell**: a lead cell is split at ``;`` and at line breaks always, and at a
  ``,`` only when what follows starts a new unit's name (``Sở``, ``UBND``, ``Văn phòng``…), so
  "Sở Nội vụ, UBND cấp huyện" is two units while "Sở Văn hóa, Thể thao và Du lịch" stays one.
- **Same name** (``unit_key``): two names are the same when they are equal once folded, with the
  usual abbreviations spelled out (``UBND`` → ủy ban nhân dân, ``VP`` → văn phòng, ``TP.`` →
  thành phố) and punctuation ignored.
- **The unit's own province** (``same_unit``, ``home_key``): a unit's name may end with its
  province — "Sở Tư pháp tỉnh Đắk Nông", "Văn phòng UBND tỉnh Đắk Nông", "Sở Nội vụ TP. Hà Nội" —
  while the lead cells of that province's criteria set write "Sở Tư pháp", "Văn phòng UBND tỉnh",
  "Công an tỉnh". So a trailing "tỉnh X", "thành phố X" or "TP. X" is the *province part* when X
  is the province (the file's ``province`` setting; with no setting, any X after "tỉnh", never
  after "thành phố", since "UBND thành phố Gia Nghĩa" was a city *of* a province). Two names are
  the same unit when they are the same name, or are the same once the province part is dropped
  ("Sở Tư pháp"), or once only X is dropped ("Công an tỉnh", "Công an Thành phố"). A trailing
  bare "tỉnh" counts as the province part too ("Ban Dân tộc tỉnh" is "Ban Dân tộc"), except after
  the government itself: "UBND tỉnh" and "Văn phòng UBND tỉnh" keep their "tỉnh", so they never
  become a bare "UBND". Nothing else is dropped: a unit is never matched by a part of its name,
  "Sở Nội vụ" does not lead what "Phòng Nội vụ" leads, nor "Sở Văn hóa" what "Sở Văn hóa, Thể
  thao và Du lịch" leads, and "Sở Tư pháp tỉnh Quảng Ninh" is not Đắk Nông's "Sở Tư pháp".
- **Ranking block** (``unit_block``): a commune-level government (UBND xã, phường, thị trấn,
  đặc khu) is ranked with the communes (``"xa"``), any other unit with the sở, ban, ngành (``"so"``).
- **Who answers for a node** (``lead_of``): the node's own lead cell, else its nearest ancestor's —
  a TCTP with no unit of its own is answered for by the unit leading its criterion (assembly).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .model import CriteriaTree, Node

__all__ = [
    "fold",
    "home_key",
    "lead_of",
    "lead_units",
    "leads",
    "leaves_led_by",
    "nodes_led_by",
    "same_unit",
    "unit_block",
    "unit_key",
    "units_of",
]

_SPACES = re.compile(r"\s+")
_HARD_SEPARATORS = re.compile(r"[;\n\r]+")
_NOT_WORD = re.compile(r"[^0-9a-z%]+")
# A "," followed by one of these (folded) starts another unit's name.
_UNIT_HEADS = (
    "so ",
    "ubnd",
    "uy ban",
    "van phong",
    "vp ",
    "ban ",
    "cong an",
    "bo ",
    "cuc ",
    "chi cuc",
    "trung tam",
    "tthcc",
    "phong ",
    "thanh tra",
    "kho bac",
    "bao hiem",
    "ngan hang",
    "dai ",
    "bao ",
    "cac ",
    "hoi dong",
    "bch ",
    "bo chi huy",
    "quan ",
    "huyen ",
    "thi xa",
    "thanh pho",
    "tp ",
    "tp.",
    "xa ",
    "phuong ",
    "dac khu",
)
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "vp": "van phong", "tp": "thanh pho", "hdnd": "hoi dong nhan dan"}


def fold(text: object) -> str:
    """Text as compared by search and matching: no accents, ``đ`` → ``d``, case folded, one space."""
    raw = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in raw if not unicodedata.combining(ch)).casefold()
    return _SPACES.sub(" ", bare).strip()


def lead_units(cell: str) -> list[str]:
    """The unit names a lead cell holds, in order, as written (see the module's rules)."""
    units: list[str] = []
    for chunk in _HARD_SEPARATORS.split(cell or ""):
        current = ""
        for piece in chunk.split(","):
            if current and fold(piece).startswith(_UNIT_HEADS):
                units.append(current.strip())
                current = piece
            else:
                current = f"{current},{piece}" if current else piece
        if current.strip():
            units.append(current.strip())
    return [u.strip(" .") for u in units if u.strip(" .")]


def unit_key(name: str) -> str:
    """What two names of one unit share: folded, abbreviations spelled out, punctuation ignored."""
    words = _NOT_WORD.sub(" ", fold(name)).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


# where a province part may start: its level word ("tỉnh X", "thành phố X", "TP. X"), matched on
# the written text, where "tỉnh" is not "tính" or the "Tĩnh" of Hà Tĩnh
_LEVEL = re.compile(r"\s(tỉnh\s+|thành\s+phố\s+|tp\.\s*|tp\s+)(?=\S)", re.IGNORECASE)
_BARE_PROVINCE = " tỉnh"  # "Công an tỉnh": the province, unnamed
_GOVERNMENT = ("uy ban nhan dan", "hoi dong nhan dan")


def _province(province: str) -> str:
    """The province as its name alone: "tỉnh Đắk Nông" and "Đắk Nông" are both "dak nong"."""
    key = unit_key(province)
    for level in ("tinh ", "thanh pho "):
        key = key.removeprefix(level)
    return key


def _split(text: str, province: str) -> tuple[str, str] | None:
    """(what comes before the province part, its level word), or None when the name has none."""
    wanted = _province(province)
    for found in _LEVEL.finditer(text):
        level = unit_key(found.group(1))
        place = unit_key(text[found.end() :])
        if (place == wanted) if wanted else (level == "tinh" and bool(place)):
            return text[: found.start()], level
    if text.casefold().endswith(_BARE_PROVINCE):
        return text[: -len(_BARE_PROVINCE)], "tinh"
    return None


def _forms(name: str, province: str) -> tuple[str, str, str]:
    """(the name's key, its key without the province part, its key without the province's name)."""
    whole = unit_key(name)
    parts = _split(unicodedata.normalize("NFC", name or "").strip(), province)
    if parts is None:
        return whole, whole, whole
    before = unit_key(parts[0])
    with_level = f"{before} {parts[1]}".strip()
    governed = not before or before.endswith(_GOVERNMENT)  # the province's UBND, its office: "tỉnh" is theirs
    return whole, with_level if governed else before, with_level


def home_key(name: str, province: str = "") -> str:
    """A unit's key without its province part (see the module's rules): one key per unit of a province."""
    return _forms(name, province)[1]


def same_unit(a: str, b: str, *, province: str = "") -> bool:
    """True when ``a`` and ``b`` name one unit of ``province`` (see the module's rules)."""
    first, second = _forms(a, province), _forms(b, province)
    return bool(first[0]) and any(x == y for x, y in zip(first, second, strict=True))


def leads(cell: str, unit: str, *, province: str = "") -> bool:
    """True when the lead cell names ``unit`` as one of its units (``province``: the unit's own)."""
    if not unit_key(unit):
        return False
    return any(same_unit(u, unit, province=province) for u in lead_units(cell))


_COMMUNE_LEVEL = ("xa ", "phuong ", "thi tran ", "dac khu ")


def unit_block(name: str) -> str:
    """ "xa" for a commune-level government (UBND xã Tân Lập, Phường 3, Đặc khu Vân Đồn), else "so"."""
    key = unit_key(name) + " "
    key = key.removeprefix("uy ban nhan dan ")
    return "xa" if key.startswith(_COMMUNE_LEVEL) else "so"


def lead_of(node: Node) -> str:
    """The lead cell that answers for ``node``: its own, else its nearest ancestor's ("" if none)."""
    current: Node | None = node
    while current is not None:
        if current.lead.strip():
            return current.lead
        current = current.parent
    return ""


def units_of(nodes: Iterable[Node]) -> list[str]:
    """Every unit named as a lead, once each (first spelling met), sorted as Vietnamese readers expect."""
    seen: dict[str, str] = {}
    cells: set[str] = set()  # a lead cell repeats on many rows: read each text once
    for node in nodes:
        if node.lead in cells:
            continue
        cells.add(node.lead)
        for name in lead_units(node.lead):
            seen.setdefault(unit_key(name), name)
    return sorted(seen.values(), key=fold)


def leaves_led_by(tree: CriteriaTree, unit: str, *, province: str = "") -> set[str]:
    """Keys of the leaves ``unit`` answers for (``lead_of`` names it): what a sở filling the
    province's set scores, packs and reports on; empty for a unit named in no cell, or no unit."""
    if not unit_key(unit):
        return set()
    answers: dict[str, bool] = {}  # a lead cell repeats on many rows: match each text once
    keys = set()
    for node in tree.leaves():
        cell = lead_of(node)
        led = answers.get(cell)
        if led is None:
            led = answers[cell] = leads(cell, unit, province=province)
        if led:
            keys.add(node.key)
    return keys


def nodes_led_by(tree: CriteriaTree, unit: str, *, province: str = "") -> set[str]:
    """Keys of the nodes ``unit`` leads, with their ancestors (for context) and their uncoded parts."""
    keys: set[str] = set()
    answers: dict[str, bool] = {}  # a lead cell repeats on many rows: match each text once
    for node in tree:
        led = answers.get(node.lead)
        if led is None:
            led = answers[node.lead] = leads(node.lead, unit, province=province)
        if led:
            keys.add(node.key)
            keys.update(a.key for a in node.ancestors())
            keys.update(c.key for c in node.children if c.is_part)
    return keys

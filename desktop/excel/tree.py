"""From table rows to criteria-set specs: codes in order, sections and groups, parts versus option lines.

Uncoded rows under a criterion (the rule used everywhere, documented in docs/excel.md):

* A row is a *scoring line* when it has its own max in the max column, or its text states points
  right after a colon (``…: 0,5``, ``…: 1,00 (nếu …)``, ``…: trừ 0,5 điểm``); any other uncoded
  row (``Tính điểm theo công thức: (b/a)…``) describes the rule and is kept as a note.
* Scoring lines are the criterion's **parts** (independent, summed) when every line has its max in
  the max column and all are > 0; or, for text-stated points, when none is 0 and there are at least
  two of them whose points add up to the criterion's max; or (at least two, none 0) when no single
  line carries the whole max, and the max that disagrees is then reported.
* Otherwise they are **option lines** (pick one): a line worth 0 (``Không …: 0``), or levels of
  which the highest is the whole max (``1,0`` / ``0,5``). A lone text-stated line is a note.
* Under a bonus or penalty group every scoring line is a part; a criterion with coded children
  keeps its uncoded rows as notes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring import Group, Node, NumberError

from ..errors import ExcelRefused
from .cells import (
    Role,
    cell_number,
    cell_text,
    code_kind,
    is_roman,
    lead_text,
    parse_code,
    plain_words,
    roman_value,
    stated_points,
)
from .read import SheetRow, SheetTable, missing_column_message

__all__ = ["Criterion", "Layout", "group_suffix", "lay_out", "strip_group_suffix"]

_GROUP = re.compile(
    r"^(?:[a-zđ]{1,3}\d?[.)]\s*|phần\s+\S+\s*[.:-]?\s*)?(?:các\s+)?(?:tiêu chí\s+)?điểm\s+(thưởng|cộng|trừ)\b"
)
_TOTAL_STARTS = ("tong cong", "tong diem", "tong so diem")
_TOTAL_WORDS = {"tong", "cong", "tong so", "tong cong"}
_GROUP_SUFFIX = {"bonus": " (điểm thưởng)", "penalty": " (điểm trừ)"}
_SYNTHETIC = {"bonus": "ĐT", "penalty": "ĐTR"}


@dataclass
class Line:
    """One table row as read: final code (None for an uncoded row), title, max."""

    row: SheetRow
    code: str | None
    title: str
    max: Decimal | None
    explicit_max: bool
    group: str | None = None


@dataclass
class Criterion:
    line: Line
    extra: list[Line] = field(default_factory=list)
    parts: list[Line] = field(default_factory=list)
    options: list[tuple[str, Decimal]] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    in_penalty: bool = False
    group: str | None = None  # the group this criterion belongs to (or is)


@dataclass
class Layout:
    """What a sheet describes: specs for ``records_from_specs`` and where each key came from."""

    table: SheetTable
    criteria: list[Criterion]
    rows: dict[str, SheetRow]  # node key → its row (parts: ``1.2#1``)
    total: SheetRow | None
    penalty_keys: set[str]
    notes: list[tuple[int, str]]  # (row, Vietnamese note) about how the table was read

    def specs(self) -> list[dict[str, Any]]:
        return [_spec(c, self.table) for c in self.criteria]


def lay_out(table: SheetTable) -> Layout:
    """Read a sheet's rows into criteria; refuses codes out of order or duplicated, naming the row."""
    walker = _walk(_Walker(table))
    if walker.restarted:  # a later section numbers from 1 again: every section's codes carry it
        walker = _walk(_Walker(table, restarted=walker.restarted))
    return walker.finish()


def _walk(walker: _Walker) -> _Walker:
    for row in walker.table.rows:
        walker.feed(row)
    return walker


def _restart_note(section: str) -> str:
    return f"các mã dưới mục {section} được đánh số lại từ đầu: mã của mỗi mục mang số của mục (I.1, {section}.1…)."


class _Walker:
    def __init__(self, table: SheetTable, restarted: Sequence[tuple[int, str]] = ()) -> None:
        """``restarted``: (row, section) where a first reading found numbering restart; given, the
        codes under every section are written I.1, II.1… (not "1" under I and "II.1" under II)."""
        self.table = table
        self.qualify_all = bool(restarted)
        self.restarted: list[tuple[int, str]] = list(restarted)
        for role in (Role.CODE, Role.TITLE):
            if table.column(role) is None:
                raise ExcelRefused(missing_column_message(table, role))
        self.code_col = table.column(Role.CODE)
        self.title_col = table.column(Role.TITLE)
        self.max_col = table.column(Role.MAX)
        self.criteria: list[Criterion] = []
        self.row_of: dict[str, int] = {}
        self.path: list[str] = []
        self.last_child: dict[str | None, tuple[str, int, int]] = {}
        self.section: str | None = None
        self.section_group: str | None = None
        self.qualify: bool | None = None
        self.total: SheetRow | None = None
        self.ended = False
        self.notes: list[tuple[int, str]] = []
        self.has_children: set[str] = set()
        self.implied: dict[str, int] = {}  # parent codes with no row of their own → first child's row
        self.penalty_noted = False
        self.notes.extend((row, _restart_note(section)) for row, section in restarted)

    # ------------------------------------------------------------ rows

    def feed(self, row: SheetRow) -> None:
        assert self.code_col and self.title_col
        raw_code = row.cells.get(self.code_col.index)
        if isinstance(raw_code, dt.date | dt.time):
            raise ExcelRefused(
                f"{self.table.where(row.number, self.code_col)}: ô STT là ngày tháng (Excel tự đổi mã như “1.10” "
                "thành ngày). Hãy định dạng cột STT là Văn bản và gõ lại mã."
            )
        title = " ".join(cell_text(row.cells.get(self.title_col.index)).split())
        code = parse_code(raw_code)
        if not title and code is None and _group_of(cell_text(raw_code), None):
            title = " ".join(cell_text(raw_code).split())  # "ĐIỂM THƯỞNG" merged across STT and title
        group = _group_of(title, code) if title else None
        if code is None and (_is_total(cell_text(raw_code)) or _is_total(title)):
            self._total(row)
            return
        if self.ended and code is None and group is None:
            self._after_total(row)
            return
        self.ended = False  # a section after a subtotal ("III. ĐIỂM THƯỞNG" after "TỔNG (I+II)")
        maximum = self._max(row)
        if not title:
            self._untitled(row, code)
            return
        explicit = self.max_col is not None and self.max_col.index in row.cells
        line = Line(row, code, title, maximum, explicit, group)
        if line.group or code is not None:
            self._coded(line, raw_code)
        elif not self.criteria:
            self.notes.append((row.number, f"dòng “{title[:60]}” nằm trước tiêu chí đầu tiên, không có mã: bỏ qua."))
        else:
            if self.section_group == "penalty" and line.max is not None and line.max > 0:
                line.max = -line.max
                self._note_penalty(line)
            self.criteria[-1].extra.append(line)

    def _note_penalty(self, line: Line) -> None:
        if not self.penalty_noted:
            self.penalty_noted = True
            self.notes.append((line.row.number, "nhóm điểm trừ ghi số dương: hiểu là số điểm bị trừ (số âm)."))

    def _max(self, row: SheetRow) -> Decimal | None:
        if self.max_col is None or self.max_col.index not in row.cells:
            return None
        try:
            value, _note = cell_number(row.cells[self.max_col.index])
        except NumberError as exc:
            raise ExcelRefused(f"{self.table.where(row.number, self.max_col)}: {exc}") from None
        return value

    def _untitled(self, row: SheetRow, code: str | None) -> None:
        if code is not None:
            raise ExcelRefused(f"{self.table.where(row.number, self.title_col)}: tiêu chí “{code}” không có tên.")
        columns = {c.index: c for c in self.table.columns}
        if any(columns[i].role in (Role.VALUE, Role.MAX) for i in row.cells if i in columns):
            raise ExcelRefused(f"{self.table.where(row.number, self.title_col)}: dòng có điểm nhưng không có tên.")
        self.notes.append((row.number, "dòng không có mã và tên tiêu chí: bỏ qua."))

    def _total(self, row: SheetRow) -> None:
        """The last total row is the table's total; an earlier one is a subtotal, not compared."""
        if self.total is not None:
            self.notes.append(
                (self.total.number, "dòng tổng phụ: không so sánh (dòng tổng cuối bảng mới là tổng điểm).")
            )
        self.total, self.ended = row, True

    def _after_total(self, row: SheetRow) -> None:
        if not any("sau dòng tổng" in n for _, n in self.notes):
            self.notes.append((row.number, "các dòng không có mã sau dòng tổng điểm (chữ ký, ghi chú) được bỏ qua."))

    # ------------------------------------------------------------ codes

    def _coded(self, line: Line, raw_code: object) -> None:
        code = line.code
        if code is None:  # an uncoded "Điểm thưởng"/"Điểm trừ" row gets a code of its own
            assert line.group is not None
            code = _SYNTHETIC[line.group]
            if code in self.row_of:
                code += str(1 + sum(1 for c in self.row_of if c.startswith(code)))
            self.notes.append((line.row.number, f"nhóm “{line.title[:40]}” không có mã: đặt mã “{code}”."))
        kind = code_kind(code)
        if line.group or kind in ("roman", "section"):
            self.section, self.section_group, self.qualify = code, line.group, None
        elif kind == "arabic" and self.section is not None:
            code = self._qualified(code, line)
        self._check_order(code, line, raw_code)
        line.code = code
        in_penalty = self.section_group == "penalty"
        if in_penalty and line.max is not None and line.max > 0:
            line.max = -line.max
            self._note_penalty(line)
        self.criteria.append(Criterion(line, in_penalty=in_penalty, group=self.section_group))

    def _qualified(self, code: str, line: Line) -> str:
        """Arabic codes restarting under a new section become ``II.1``/``B.1`` (unique, parent in the code)."""
        section = self.section
        assert section is not None
        top = code.split(".", maxsplit=1)[0]
        if is_roman(section) and not self.section_group:
            if self.qualify_all:
                return code if top == section else f"{section}.{code}"
            if self.qualify is None:
                self.qualify = code in self.row_of or top in self.row_of
                if self.qualify:
                    self.restarted.append((line.row.number, section))
            return f"{section}.{code}" if self.qualify else code
        return code if top == section else f"{section}.{code}"

    def _parent(self, code: str) -> str | None:
        if "." in code:
            return code.rsplit(".", 1)[0]
        if code_kind(code) == "arabic" and self.section is not None and is_roman(self.section):
            return self.section
        return None

    def _check_order(self, code: str, line: Line, raw_code: object) -> None:
        where = self.table.where(line.row.number, self.code_col)
        if code in self.row_of:
            hint = ""
            if isinstance(raw_code, float):
                hint = " (ô STT đang ở dạng số nên “1.10” thành “1.1”: hãy định dạng cột STT là Văn bản)"
            raise ExcelRefused(f"{where}: mã “{code}” bị trùng với dòng {self.row_of[code]}{hint}.")
        if code in self.implied:
            raise ExcelRefused(f"{where}: mã “{code}” đứng sau các mục con của nó (dòng {self.implied[code]}).")
        parent = None if line.group else self._parent(code)
        chain = []
        known = parent
        while known is not None and known not in self.row_of and known not in self.implied:
            chain.append(known)
            known = self._parent(known)
        if known is not None and known not in self.path:
            at = self.row_of.get(known) or self.implied[known]
            raise ExcelRefused(f"{where}: mã “{code}” đứng sai thứ tự: mục {known} (dòng {at}) đã kết thúc ở trên.")
        self.implied.update({c: line.row.number for c in chain})
        for item, above in zip([*reversed(chain), code], [known, *reversed(chain)], strict=True):
            self._check_sibling(item, above, where, line.row.number)
        self.path = ([*self.path[: self.path.index(known) + 1]] if known else []) + [*reversed(chain), code]
        self.row_of[code] = line.row.number
        self.has_children.update(c for c in (known, *chain) if c is not None)

    def _check_sibling(self, code: str, parent: str | None, where: str, row: int) -> None:
        kind, order = _order(code)
        last = self.last_child.get(parent)
        if last is not None and last[1] == kind and order <= last[2] and kind >= 0:
            raise ExcelRefused(
                f"{where}: mã “{code}” đứng sau mã “{last[0]}” (số thứ tự phải tăng dần trong cùng một mục)."
            )
        self.last_child[parent] = (code, kind, order)

    # ------------------------------------------------------------ the end

    def finish(self) -> Layout:
        rows: dict[str, SheetRow] = {}
        penalty: set[str] = set()
        for criterion in self.criteria:
            code = criterion.line.code
            assert code is not None
            rows[code] = criterion.line.row
            _classify(criterion, has_children=code in self.has_children, notes=self.notes)
            for position, part in enumerate(criterion.parts, start=1):
                rows[f"{code}#{position}"] = part.row
                if criterion.in_penalty:
                    penalty.add(f"{code}#{position}")
            if criterion.in_penalty:
                penalty.add(code)
        return Layout(self.table, self.criteria, rows, self.total, penalty, self.notes)


def _order(code: str) -> tuple[int, int]:
    last = code.rsplit(".", 1)[-1]
    if last.isdigit():
        return 0, int(last)
    if is_roman(last):
        return 1, roman_value(last)
    if len(last) == 1:
        return 2, ord(last)
    return -1, 0  # a synthetic group code: never compared


def _is_total(text: str) -> bool:
    folded = plain_words(text)
    return folded in _TOTAL_WORDS or folded.startswith(_TOTAL_STARTS) or bool(re.match(r"^tổng\s*\(", text.lower()))


def _group_of(title: str, code: str | None) -> str | None:
    """Bonus or penalty group, from a root row's title (``Điểm thưởng``, ``Điểm cộng``, ``Điểm trừ``)."""
    if code is not None and "." in code:
        return None
    for kind, suffix in _GROUP_SUFFIX.items():
        if title.endswith(suffix):
            return kind
    text = " ".join(title.lower().split())
    match = _GROUP.match(text)
    if not match or (code is None and stated_points(title) is not None):
        return None
    return "penalty" if match.group(1) == "trừ" else "bonus"


def group_suffix(node: Node) -> str:
    """What the export adds to a group's title when the title alone would not say it is one."""
    if node.group is Group.REGULAR or node.parent is not None:
        return ""
    kind = node.group.value
    return "" if _group_of(node.title, node.code or None) == kind else _GROUP_SUFFIX[kind]


def strip_group_suffix(title: str) -> str:
    for suffix in _GROUP_SUFFIX.values():
        if title.endswith(suffix):
            return title[: -len(suffix)]
    return title


# ---------------------------------------------------------------- uncoded lines


def _classify(criterion: Criterion, *, has_children: bool, notes: list[tuple[int, str]]) -> None:
    """Sort a criterion's uncoded rows into parts, options and notes (the rule in the module docstring)."""
    lines = criterion.extra
    if not lines:
        return
    code = criterion.line.code
    if has_children:
        criterion.notes = lines
        return
    scored = [(line, line.max if line.explicit_max else stated_points(line.title)) for line in lines]
    if criterion.in_penalty:
        scored = [(line, None if m is None else -abs(m)) for line, m in scored]
    scoring = [(line, m) for line, m in scored if m is not None]
    criterion.notes = [line for line, m in scored if m is None]
    if not scoring:
        return
    kind = _kind(criterion, scoring)
    if kind == "parts":
        for line, maximum in scoring:
            line.max = maximum
        criterion.parts = [line for line, _ in scoring]
    elif kind == "options" and _valid_options(criterion, scoring):
        criterion.options = [(_label(line.title), m) for line, m in scoring]
    else:
        criterion.notes = lines
        if kind == "options":
            text = f"các dòng mức điểm của tiêu chí {code} không hợp lệ: giữ làm ghi chú."
            notes.append((criterion.line.row.number, text))


def _kind(criterion: Criterion, scoring: list[tuple[Line, Decimal]]) -> str:
    maxima = [m for _, m in scoring]
    if criterion.group:
        return "parts"
    if all(line.explicit_max for line, _ in scoring):
        return "parts" if all(m > 0 for m in maxima) else "options"
    if any(m == 0 for m in maxima):
        return "options"
    if len(scoring) < 2:
        return "note"
    if criterion.line.max is not None and sum(maxima, Decimal(0)) == criterion.line.max:
        return "parts"
    if max(maxima) == criterion.line.max:
        return "options"
    return "parts"


def _valid_options(criterion: Criterion, scoring: list[tuple[Line, Decimal]]) -> bool:
    maximum = criterion.line.max
    return maximum is not None and len(scoring) >= 2 and all(0 <= m <= maximum for _, m in scoring)


def _label(title: str) -> str:
    head = title.split(":", maxsplit=1)[0].strip()
    return head or title


def _spec(criterion: Criterion, table: SheetTable) -> dict[str, Any]:
    line = criterion.line
    spec: dict[str, Any] = {
        "code": line.code,
        "title": strip_group_suffix(line.title),
        "max": line.max,
        "lead": _text(line.row, table, Role.LEAD),
    }
    if line.group:
        spec["group"] = line.group
    if criterion.options:
        spec["rule"] = {"kind": "options", "options": [{"label": t, "points": m} for t, m in criterion.options]}
    elif criterion.in_penalty and not line.group and line.max is not None and line.max < 0:
        spec["rule"] = {"kind": "penalty", "points": line.max}
    parts = []
    for part in criterion.parts:
        item: dict[str, Any] = {"title": part.title, "max": part.max, "lead": _text(part.row, table, Role.LEAD)}
        if criterion.in_penalty and part.max is not None and part.max < 0:
            item["rule"] = {"kind": "penalty", "points": part.max}
        parts.append(item)
    if parts:
        spec["part"] = parts
    return spec


def _text(row: SheetRow, table: SheetTable, role: Role) -> str:
    column = table.column(role)
    if not column:
        return ""
    value = row.cells.get(column.index)
    return lead_text(value) if role is Role.LEAD else " ".join(cell_text(value).split())

"""An imported Excel table: its columns and scenario mapping, and the criteria set and values it holds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from scoring import (
    SCENARIO_LABELS,
    TOTAL_KEY,
    Assessment,
    CriteriaSet,
    CriteriaSetError,
    CriteriaTree,
    Entry,
    Finding,
    Group,
    Kind,
    NumberError,
    Scenario,
    Severity,
    build_tree,
    format_number,
    value_problem,
)
from scoring.criteria_set import records_from_specs

from ..errors import ExcelRefused
from .cells import Role, cell_number, cell_text, lead_text, plain_words
from .read import Column, SheetRow, SheetTable, missing_column_message, open_workbook, read_sheets
from .tree import Layout, lay_out

__all__ = ["BuiltTable", "ImportFinding", "ImportedTable", "TableReader", "layout_notes", "locate", "read_table"]

Entries = dict[Scenario, dict[str, Entry]]
TextItem = tuple[str, str, str, str]  # (key, field, scenario, text) as AssessmentFile.write_texts takes
TEXT_FIELDS = {
    Role.TASKS: ("tasks", ""),
    Role.DEADLINE: ("deadline", ""),
    Role.EXPLANATION: ("explanation", "actual"),
    Role.NOTE: ("note", ""),
}


@dataclass(frozen=True)
class ImportFinding:
    """A finding or a note about the import, located in the workbook (``row`` None: not on a row)."""

    severity: Severity
    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    kind: Kind | None = None  # None for a note on how the table was read
    scenario: Scenario | None = None


class BuiltTable(NamedTuple):
    """What a table holds: ``criteria_set``, ``entries`` by scenario, ``texts``, ``findings`` (with notes)."""

    criteria_set: CriteriaSet
    entries: Entries
    texts: list[TextItem]
    findings: list[ImportFinding]

    @property
    def problems(self) -> list[ImportFinding]:
        """Disagreements found by recalculating (stated sums and maxima, …), each naming its row."""
        return [f for f in self.findings if f.kind is not None]

    @property
    def notes(self) -> list[ImportFinding]:
        return [f for f in self.findings if f.kind is None]


def read_table(path: Path, *, year: int | None = None) -> ImportedTable:
    """Open an .xlsx table and recognise its header(s); ``year`` (of the plan) dates result columns."""
    path = Path(path)
    workbook = open_workbook(path)
    try:
        sheets = read_sheets(workbook, path.name, reference_year=year)
    finally:
        workbook.close()
    return ImportedTable(path, sheets, year)


class ImportedTable:
    """The tables found in one workbook; the first is the main one, later sheets add columns.

    ``columns`` lists every recognised column; ``mapping`` is the proposed scenario of each value
    column (``None``: not imported), for the officer to confirm or change before ``build``.
    """

    def __init__(self, path: Path, sheets: list[SheetTable], year: int | None = None) -> None:
        self.path = path
        self.sheets = sheets
        self.year = year
        self.mapping: dict[str, Scenario | None] = _default_mapping(self.columns)

    @property
    def main(self) -> SheetTable:
        return self.sheets[0]

    @property
    def columns(self) -> list[Column]:
        return [c for sheet in self.sheets for c in sheet.columns]

    @property
    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role is Role.VALUE]

    @property
    def caption(self) -> str:
        """The table's title as printed above it (for naming an imported criteria set)."""
        for line in self.main.caption:
            folded = plain_words(line)
            if folded and not folded.startswith(("phu luc", "kem theo", "ban hanh kem")) and line[:1] != "(":
                return line
        return self.path.stem

    def resolve(self, mapping: Mapping[str, Scenario | str | None] | None) -> dict[str, Scenario | None]:
        """The proposed mapping with the officer's changes; refuses unknown columns and doubles.

        Columns are named by id (``"Phụ lục!D"``) or, on the main sheet, by letter (``"D"``).
        """
        resolved = dict(self.mapping)
        labels = {c.id: c for c in self.value_columns}
        for name, scenario in (mapping or {}).items():
            column_id = name if "!" in name else f"{self.main.sheet}!{name.strip().upper()}"
            if column_id not in labels:
                raise ExcelRefused(f"Không có cột điểm “{column_id}” trong bảng.")
            try:
                resolved[column_id] = Scenario(scenario) if scenario else None
            except ValueError:
                known = ", ".join(s.value for s in Scenario)
                raise ExcelRefused(f"Kịch bản “{scenario}” không hợp lệ (chọn: {known}).") from None
        seen: dict[Scenario, str] = {}
        for column_id, scenario in resolved.items():
            if scenario is None:
                continue
            if scenario in seen:
                first, second = labels[seen[scenario]], labels[column_id]
                raise ExcelRefused(
                    f"Hai cột cùng được nhập làm “{SCENARIO_LABELS[scenario]}”: "
                    f"{first.label} và {second.label} (trang “{second.sheet}”). Hãy chọn một cột."
                )
            seen[scenario] = column_id
        return resolved

    def layouts(self) -> list[Layout]:
        """Each sheet's rows as criteria (the main sheet refuses; a later sheet without codes is skipped)."""
        found = [lay_out(self.main)]
        for sheet in self.sheets[1:]:
            if sheet.column(Role.CODE) is not None:
                found.append(lay_out(sheet))
        return found

    def build(
        self,
        mapping: Mapping[str, Scenario | str | None] | None = None,
        *,
        set_id: str | None = None,
        title: str | None = None,
        year: int | None = None,
    ) -> BuiltTable:
        """The criteria set, values and texts of the table; refuses bad input naming sheet, row and column."""
        resolved = self.resolve(mapping)
        if self.main.column(Role.MAX) is None:
            raise ExcelRefused(missing_column_message(self.main, Role.MAX))
        layouts = self.layouts()
        if not layouts[0].criteria:
            raise ExcelRefused(
                f"Trang “{self.main.sheet}”: không có tiêu chí nào (dòng có mã STT) dưới dòng tiêu đề "
                f"{self.main.header_row}."
            )
        tree = _tree(layouts[0])
        year = year or self.year
        criteria_set = CriteriaSet(
            id=set_id or _slug(self.path.stem),
            title=title or self.caption,
            tree=tree,
            years=(year,) if year else (),
            source=f"Nhập từ bảng Excel “{self.path.name}”, trang “{self.main.sheet}”",
        )
        reader = TableReader(tree, resolved)
        for layout in layouts:
            reader.read(layout, main=layout is layouts[0])
        for key, lead in reader.leads.items():
            if key in tree.by_key and not tree.by_key[key].lead:
                tree.by_key[key].lead = lead
        findings = [note for layout in layouts for note in layout_notes(layout)] + reader.notes
        findings += locate(Assessment(tree, reader.entries).findings(), layouts[0], tree)
        findings += _total_max(layouts[0], tree)
        return BuiltTable(criteria_set, reader.entries, reader.text_items(), findings)


def _default_mapping(columns: Iterable[Column]) -> dict[str, Scenario | None]:
    mapping: dict[str, Scenario | None] = {}
    taken: set[Scenario] = set()
    for column in columns:
        if column.role is not Role.VALUE:
            continue
        scenario = column.scenario if column.scenario not in taken else None
        mapping[column.id] = scenario
        if scenario is not None:
            taken.add(scenario)
    return mapping


def _slug(stem: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", plain_words(stem)).strip("-")
    return f"excel-{text or 'bang'}"


def _tree(layout: Layout) -> CriteriaTree:
    try:
        return build_tree(records_from_specs(layout.specs()))
    except CriteriaSetError as exc:
        row = _row_named_in(str(exc), layout)
        where = layout.table.where(row) if row else f"Trang “{layout.table.sheet}”"
        raise ExcelRefused(f"{where}: {exc}") from None


def _row_named_in(message: str, layout: Layout) -> int | None:
    """The row of the node a scoring-core message names (“Tiêu chí 1.2 – nội dung 1 …”)."""
    part = re.search(r"(\S+) – nội dung (\d+)", message)
    if part and f"{part.group(1)}#{part.group(2)}" in layout.rows:
        return layout.rows[f"{part.group(1)}#{part.group(2)}"].number
    for key in sorted(layout.rows, key=len, reverse=True):
        if "#" not in key and re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", message):
            return layout.rows[key].number
    return None


class TableReader:
    """Collects values and texts from the layouts, checking each value against its node."""

    def __init__(self, tree: CriteriaTree, mapping: Mapping[str, Scenario | None]) -> None:
        self.tree = tree
        self.mapping = mapping
        self.entries: Entries = {s: {} for s in Scenario}
        self.texts: dict[tuple[str, str, str], str] = {}
        self.leads: dict[str, str] = {}
        self.notes: list[ImportFinding] = []
        self.unmatched: list[str] = []

    def read(self, layout: Layout, *, main: bool) -> None:
        table = layout.table
        for key, row in layout.rows.items():
            if key not in self.tree.by_key:
                self.unmatched.append(f"{key} (trang “{table.sheet}”, dòng {row.number})")
                self._note(table, row.number, f"mã {key} không có trong bộ tiêu chí: bỏ qua.", Severity.WARNING)
                continue
            self._values(table, key, row, key in layout.penalty_keys)
            self._texts(table, key, row, main=main)
        for criterion in layout.criteria:
            code = criterion.line.code or ""
            lines = [line.title for line in criterion.notes]
            if main and lines and code in self.tree.by_key:
                self._add_text(code, "note", "", "Cách tính điểm (theo bảng Excel):\n" + "\n".join(lines))
        if layout.total is not None and main:
            self._values(table, TOTAL_KEY, layout.total, False)

    def _values(self, table: SheetTable, key: str, row: SheetRow, penalty: bool) -> None:
        for column in table.columns:
            scenario = self.mapping.get(column.id) if column.role is Role.VALUE else None
            if scenario is None or column.index not in row.cells:
                continue
            value = self._number(table, row, column, key, scenario)
            if value is None:
                continue
            if penalty and value > 0:
                value = -value
            node = self.tree.by_key.get(key)
            if node is not None and not node.children:
                problem = value_problem(node, value)
                if problem:
                    raise ExcelRefused(f"{table.where(row.number, column)}: tiêu chí {node.label}: {problem}")
            self.entries[scenario][key] = Entry(value)

    def _number(self, table: SheetTable, row: SheetRow, column: Column, key: str, scenario: Scenario) -> Decimal | None:
        try:
            value, note = cell_number(row.cells[column.index])
        except NumberError as exc:
            raise ExcelRefused(f"{table.where(row.number, column)}: {exc}") from None
        if note and key != TOTAL_KEY:
            shown = format_number(value, places=4, trim=True)
            self._add_text(key, "note", "", f"{SCENARIO_LABELS[scenario]}: {shown} ({note})", replace=False)
            self._note(table, row.number, f"{column.label}: ghi chú “{note}” bên cạnh số {shown}: giữ trong ghi chú.")
        return value

    def _texts(self, table: SheetTable, key: str, row: SheetRow, *, main: bool) -> None:
        for role, (field, scenario) in TEXT_FIELDS.items():
            column = table.column(role)
            text = _cell_block(row.cells.get(column.index)) if column else ""
            if text:
                self._add_text(key, field, scenario, text, replace=main)
        lead = table.column(Role.LEAD)
        text = lead_text(row.cells.get(lead.index)) if lead else ""
        if text and (main or key not in self.leads):
            self.leads[key] = text

    def _add_text(self, key: str, field: str, scenario: str, text: str, *, replace: bool = True) -> None:
        """Set a text; notes collect every line given (rule texts, remarks beside numbers)."""
        slot = (key, field, scenario)
        if field == "note" and slot in self.texts:
            self.texts[slot] = f"{self.texts[slot]}\n{text}"
        elif replace or slot not in self.texts:
            self.texts[slot] = text

    def _note(self, table: SheetTable, row: int, text: str, severity: Severity = Severity.INFO) -> None:
        where = table.where(row)
        self.notes.append(ImportFinding(severity, "", f"{where}: {text}", table.sheet, row))

    def text_items(self) -> list[TextItem]:
        return [(key, field, scenario, text) for (key, field, scenario), text in self.texts.items()]


def _cell_block(value: object) -> str:
    """A free text cell: lines kept, spaces at line ends removed; a date as officers write it."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")  # a deadline typed as a date: 31/12/2026, not 2026-12-31 00:00:00
    lines = [line.rstrip() for line in cell_text(value).replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def layout_notes(layout: Layout) -> list[ImportFinding]:
    table = layout.table
    return [
        ImportFinding(Severity.INFO, "", f"{table.where(row)}: {text}", table.sheet, row) for row, text in layout.notes
    ]


def locate(findings: Iterable[Finding], layout: Layout, tree: CriteriaTree) -> list[ImportFinding]:
    """Scoring findings with the Excel row of their node (an implied parent: its first row below)."""
    table = layout.table
    located = []
    for finding in findings:
        row = _row_of(finding.key, layout, tree)
        where = table.where(row) if row else f"Trang “{table.sheet}”"
        located.append(
            ImportFinding(
                finding.severity,
                finding.code,
                f"{where}: {finding.message}",
                table.sheet,
                row,
                finding.kind,
                finding.scenario,
            )
        )
    return located


def _row_of(key: str, layout: Layout, tree: CriteriaTree) -> int | None:
    if key == TOTAL_KEY:
        return layout.total.number if layout.total else None
    if key in layout.rows:
        return layout.rows[key].number
    node = tree.by_key.get(key)
    below = [layout.rows[n.key].number for n in (node.children if node else []) if n.key in layout.rows]
    return min(below) if below else None


def _total_max(layout: Layout, tree: CriteriaTree) -> list[ImportFinding]:
    """The total row's max against the regular lĩnh vực (bonus and penalty groups stand outside)."""
    table, total = layout.table, layout.total
    column = table.column(Role.MAX)
    if total is None or column is None or column.index not in total.cells:
        return []
    try:
        stated, _note = cell_number(total.cells[column.index])
    except NumberError as exc:
        raise ExcelRefused(f"{table.where(total.number, column)}: {exc}") from None
    computed = sum((r.max for r in tree.roots if r.group is Group.REGULAR), Decimal(0))
    if stated is None or abs(stated - computed) <= Decimal("0.005"):
        return []
    text = (
        f"{table.where(total.number, column)}: tổng điểm tối đa ghi {format_number(stated)} "
        f"khác tổng điểm tối đa các lĩnh vực {format_number(computed)}."
    )
    return [ImportFinding(Severity.WARNING, TOTAL_KEY, text, table.sheet, total.number, Kind.MAX_SUM)]

"""Excel import: a new assessment file from a province's table, or a table's values into an open one.

Both are all-or-nothing: a new file appears only when everything was written; values go into an
open file in one transaction. openpyxl is imported only when a table is read.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scoring import (
    SCENARIO_LABELS,
    TOTAL_KEY,
    Assessment,
    CriteriaSet,
    CriteriaTree,
    Entry,
    Finding,
    Kind,
    Node,
    Refusal,
    RuleKind,
    Scenario,
    Severity,
    format_number,
)

from ..assessment_file.store import AssessmentFile, default_user
from ..errors import ExcelRefused, FileRefused
from ..outputs import discard, os_problem
from .cells import is_roman, plain_words
from .read import Column
from .table import (
    BuiltTable,
    ImportedTable,
    ImportFinding,
    TableReader,
    layout_notes,
    locate,
    read_table,
)
from .tree import Layout

if TYPE_CHECKING:
    from ..session import Batch, Session

__all__ = [
    "BuiltTable",
    "ExcelRefused",
    "ImportFinding",
    "ImportReport",
    "ImportedTable",
    "create_from_table",
    "import_values",
    "read_table",
    "save_built",
]

AUDIT_FIELD = "import-xlsx"
ScenarioMapping = Mapping[str, Scenario | str | None]


@dataclass
class ImportReport:
    """What an import did: the file written, the columns used, counts, findings and unmatched codes."""

    source: Path
    criteria_set: CriteriaSet
    columns: list[Column]
    mapping: dict[str, Scenario | None]
    values: int
    texts: int
    findings: list[ImportFinding]
    path: Path | None = None
    unmatched: list[str] = field(default_factory=list)
    batch: Batch | None = None  # what an import into an open file changed: one undo step
    dry_run: bool = False  # a preview: nothing was written yet

    @property
    def problems(self) -> list[ImportFinding]:
        """Stated sums, totals and maxima that disagree with the recalculation (each naming its row)."""
        return [f for f in self.findings if f.kind is not None]

    def lines(self) -> list[str]:
        """The report as Vietnamese lines, for the command line and the app's summary."""
        nodes = len(self.criteria_set.tree)
        done = "Sẽ nhập" if self.dry_run else "Đã nhập"
        lines = [f"{done} {self.values} điểm và {self.texts} nội dung từ “{self.source.name}” ({nodes} tiêu chí)."]
        by_id = {c.id: c for c in self.columns}
        for column_id, scenario in self.mapping.items():
            target = SCENARIO_LABELS[scenario] if scenario else "không nhập"
            lines.append(f"  {by_id[column_id].label}, trang “{by_id[column_id].sheet}” → {target}")
        if self.unmatched:
            lines.append("Mã không khớp với bộ tiêu chí: " + "; ".join(self.unmatched))
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for finding in sorted(self.findings, key=lambda f: order[f.severity]):
            lines.append(finding.message)
        return lines


# ---------------------------------------------------------------- a new file from a table


def create_from_table(
    table_path: Path,
    out_path: Path,
    *,
    unit: str,
    year: int,
    set_id: str | None = None,
    title: str | None = None,
    province: str = "",
    mapping: ScenarioMapping | None = None,
    user: str = "",
) -> ImportReport:
    """Build a criteria set and its values from ``table_path`` and write them to a new ``out_path``."""
    out_path = Path(out_path)
    if out_path.exists():
        raise FileRefused(f"Tệp “{out_path}” đã tồn tại; hãy chọn tên khác.")
    table = read_table(table_path, year=year)
    built = table.build(mapping, set_id=set_id, title=title, year=year)
    save_built(built, out_path, unit=unit, year=year, province=province, user=user, source=table.path.name)
    counted = sum(len(items) for items in built.entries.values())
    return ImportReport(
        table.path,
        built.criteria_set,
        table.columns,
        table.resolve(mapping),
        counted,
        len(built.texts),
        built.findings,
        path=out_path,
    )


def save_built(
    built: BuiltTable, out_path: Path, *, unit: str, year: int, province: str = "", user: str = "", source: str = ""
) -> Path:
    """Write an imported table as a new assessment file; the file appears only when complete."""
    out_path = Path(out_path)
    if out_path.exists():
        raise FileRefused(f"Tệp “{out_path}” đã tồn tại; hãy chọn tên khác.")
    folder = out_path.parent if str(out_path.parent) else Path(".")
    temp = folder / f".pardesk-import-{secrets.token_hex(8)}.sqlite"
    user = user or default_user()
    try:
        store = AssessmentFile.create(temp, built.criteria_set, unit=unit, year=year, province=province, user=user)
        try:
            items = [(k, s, e) for s, entries in built.entries.items() for k, e in entries.items()]
            with store.transaction():
                store.write_entries(items, user=user, field=AUDIT_FIELD)
                store.write_texts(built.texts, user=user)
                store.write_meta({"imported_from": source})
                if province:
                    store.write_settings({"province": province}, user=user)
        finally:
            store.close()
        if out_path.exists():
            raise FileRefused(f"Tệp “{out_path}” đã tồn tại; hãy chọn tên khác.")
        os.replace(temp, out_path)
    except FileRefused as exc:  # a full disk while writing: name the officer's file, not ours
        raise FileRefused(str(exc).replace(temp.name, out_path.name)) from None
    except OSError as exc:
        raise FileRefused(f"Không ghi được tệp “{out_path}”: {os_problem(exc)}.") from None
    finally:
        discard(temp)  # and its journal; never raises on a read-only or removed drive
    return out_path


# ---------------------------------------------------------------- values into an open file


def import_values(
    session: Session, table_path: Path, *, mapping: ScenarioMapping | None = None, dry_run: bool = False
) -> ImportReport:
    """Values, tasks and lead units of a table into the open assessment, matched by code.

    Leaf values are written; a parent's or the total row's stated value is compared with the
    recalculation and reported, not stored (it would go stale at the next edit). Codes the assessment
    lacks are reported; a value its node refuses (above the max, not an option…) refuses the whole
    import, naming the row. One transaction: all or nothing. ``dry_run`` reports without writing.
    """
    year_text = session.meta.get("year", "")
    table = read_table(table_path, year=int(year_text) if year_text.isdigit() else None)
    resolved = table.resolve(mapping)
    reader = TableReader(session.tree, resolved)
    layouts = table.layouts()
    foreign = _foreign(layouts[0], session.tree, table.path.name) if layouts else None
    if foreign:
        raise ExcelRefused(foreign)
    notes = [note for layout in layouts for note in layout_notes(layout)]
    for layout in layouts:
        reader.read(_matched(layout, session.tree, reader), main=layout is layouts[0])
    notes += _left_columns(table, resolved, layouts, session.tree, reader)
    stated = _stated(session, reader)
    changes = _changes(session, reader)
    texts = _changed_texts(session, reader)
    leads = {k: v for k, v in reader.leads.items() if k in session.tree.by_key and session.tree.by_key[k].lead != v}
    batch = None if dry_run else _write(session, changes, texts, leads)
    findings = _findings(session, changes, stated)
    return ImportReport(
        table.path,
        session.criteria_set,
        table.columns,
        resolved,
        len(changes),
        len(texts) + len(leads),
        notes + reader.notes + locate(findings, _matched(layouts[0], session.tree, None), session.tree),
        path=session.store.path,
        unmatched=reader.unmatched,
        batch=batch,
        dry_run=dry_run,
    )


def _stated(session: Session, reader: TableReader) -> dict[Scenario, dict[str, Entry]]:
    """Take the parents' and the total's stated values out of the entries to write."""
    stated: dict[Scenario, dict[str, Entry]] = {}
    for scenario, items in reader.entries.items():
        keys = [k for k in items if k == TOTAL_KEY or session.tree.by_key[k].children]
        stated[scenario] = {k: items.pop(k) for k in keys}
    return stated


def _findings(session: Session, changes: list[Change], stated: dict[Scenario, dict[str, Entry]]) -> list[Finding]:
    """The assessment's findings after the import, the table's stated sums checked against its scores."""
    current = session.assessment
    entries = {s: dict(current.entries[s]) for s in Scenario}
    for key, scenario, _old, new in changes:
        entries[scenario][key] = new
    for scenario in Scenario:
        entries[scenario].update(stated[scenario])
    check = Assessment(session.tree, entries, current.not_applicable)
    return [f for f in check.findings() if f.kind is not Kind.NO_EVIDENCE]


def _matched(layout: Layout, tree: CriteriaTree, reader: TableReader | None) -> Layout:
    """The layout with its codes as the assessment spells them; parts only when their count agrees."""
    rows = {}
    penalty = set()
    for key, row in layout.rows.items():
        code, _, position = key.partition("#")
        node = _find(tree, code)
        if node is None:
            rows[key] = row  # reported as unmatched by the reader
            continue
        if position:
            parts = [c for c in node.children if c.is_part]
            table_parts = sum(1 for k in layout.rows if k.startswith(f"{code}#"))
            if len(parts) != table_parts:
                if position == "1" and reader is not None:
                    reader.unmatched.append(
                        f"{node.label}: bảng có {table_parts} nội dung, bộ tiêu chí có {len(parts)} "
                        f"(trang “{layout.table.sheet}”, dòng {row.number})"
                    )
                continue
            new_key = f"{node.key}#{position}"
        else:
            new_key = node.key
        rows[new_key] = row
        if key in layout.penalty_keys:
            penalty.add(new_key)
    return dataclasses.replace(layout, rows=rows, penalty_keys=penalty)


def _left_columns(
    table: ImportedTable,
    resolved: Mapping[str, Scenario | None],
    layouts: list[Layout],
    tree: CriteriaTree,
    reader: TableReader,
) -> list[ImportFinding]:
    """A score column left out (its scenario is taken from another) that says other scores than the
    one imported: the officer typed on that sheet, and the import would drop it without a word."""
    found = []
    for column in table.value_columns:
        if resolved.get(column.id) is not None or column.scenario is None:
            continue
        imported = reader.entries.get(column.scenario, {})
        other = TableReader(tree, {column.id: column.scenario})
        try:
            for layout in layouts:
                if layout.table.sheet == column.sheet:
                    other.read(_matched(layout, tree, None), main=False)
        except Refusal:
            continue  # a column that does not even read is no score the officer meant
        said = other.entries.get(column.scenario, {})
        differ = [
            key
            for key, entry in said.items()
            if key in tree.by_key and not tree.by_key[key].children and imported.get(key, Entry()).value != entry.value
        ]
        if differ:
            shown = ", ".join(
                f"{tree.by_key[k].label}: {format_number(said[k].value, empty='trống')} "
                f"(cột đang nhập ghi {format_number(imported.get(k, Entry()).value, empty='trống')})"
                for k in differ[:5]
            )
            more = f", … ({len(differ)} tiêu chí)" if len(differ) > 5 else ""
            message = (
                f"Trang “{column.sheet}”, {column.label} không được nhập nhưng ghi điểm khác cột đang nhập "
                f"({SCENARIO_LABELS[column.scenario]}) ở {shown}{more}. Nếu điểm đã sửa ở trang này, hãy chọn "
                "cột này để nhập."
            )
            found.append(ImportFinding(Severity.WARNING, "", message, column.sheet))
    return found


def _foreign(layout: Layout, tree: CriteriaTree, name: str) -> str | None:
    """Why a table is of another criteria set than the file, when it is: values go in by code, and
    a code names another criterion in another set (1.1 of one set is not 1.1 of the next year's).
    A table whose titles disagree with the file's for more than half of the codes both have."""
    pairs = []
    for criterion in layout.criteria:
        line = criterion.line
        node = _find(tree, line.code) if line.code else None
        if node is not None and plain_words(line.title):
            pairs.append((node, line))
    differ = [(node, line) for node, line in pairs if not _same_title(node.title, line.title)]
    if not pairs or len(differ) * 2 <= len(pairs):
        return None
    node, line = differ[0]
    return (
        f"Bảng “{name}” không cùng bộ tiêu chí với tệp: {len(differ)}/{len(pairs)} mã có tên khác, ví dụ mã "
        f"{node.label} trong bảng là “{_short(line.title)}” (trang “{layout.table.sheet}”, dòng {line.row.number}), "
        f"trong tệp là “{_short(node.title)}”. Điểm nhập theo mã sẽ vào nhầm tiêu chí: hãy nhập bảng này vào "
        "tệp của đúng bộ tiêu chí, hoặc tạo tệp mới từ bảng (pardesk import-xlsx BẢNG TỆP_MỚI)."
    )


def _same_title(ours: str, theirs: str) -> bool:
    """The same criterion's title as two tables word it (case, marks, punctuation, a word or two)."""
    from difflib import SequenceMatcher

    a, b = plain_words(ours), plain_words(theirs)
    return a == b or a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.6


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _find(tree: CriteriaTree, code: str) -> Node | None:
    """A table's code in the assessment: "I.1.1" is also "1.1" in a file without sections, and the
    "1.1" under lĩnh vực I of a file read before every section's codes carried its number."""
    node = tree.find(code)
    section, _, rest = code.partition(".")
    if node is not None or not rest or not is_roman(section):
        return node
    node = tree.find(rest)
    top = node
    while top is not None and top.parent is not None:
        top = top.parent
    if top is None or (tree.find(section) is not None and top.code.rstrip(".") != section):
        return None
    return node


Change = tuple[str, Scenario, Entry, Entry]


def _changes(session: Session, reader: TableReader) -> list[Change]:
    changes = []
    for scenario, items in reader.entries.items():
        for key, entry in items.items():
            old = session.assessment.entry(key, scenario)
            node = session.tree.by_key.get(key)
            inputs = {} if key == TOTAL_KEY or (node and node.rule.kind is RuleKind.OPTIONS) else dict(old.inputs)
            new = Entry(entry.value, inputs)
            if new != old:
                changes.append((key, scenario, old, new))
    return changes


def _changed_texts(session: Session, reader: TableReader) -> list[tuple[str, str, str, str]]:
    current: dict[str, dict[tuple[str, str], str]] = {}
    changed = []
    for key, text_field, scenario, text in reader.text_items():
        if text_field not in current:
            current[text_field] = session.texts(text_field)
        if current[text_field].get((key, scenario)) != text:
            changed.append((key, text_field, scenario, text))
    return changed


def _write(
    session: Session, changes: list[Change], texts: list[tuple[str, str, str, str]], leads: dict[str, str]
) -> Batch:
    entries = [(key, scenario, new) for key, scenario, _old, new in changes]
    return session.apply_import(entries, texts, leads, field=AUDIT_FIELD)

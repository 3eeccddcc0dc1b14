"""An open assessment: the file and its scores kept in step, one validated edit at a time.

Both the app and the command line edit through this class, so a value is checked the same way
everywhere, written in its own transaction, and only then applied to the in-memory scores.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import (
    SCENARIO_LABELS,
    Assessment,
    CriteriaSet,
    CriteriaTree,
    Entry,
    Node,
    NumberError,
    RuleKind,
    Scenario,
    Severity,
    parse_number,
    value_problem,
)
from scoring.rounds import RECEIVED, ROUND_LABELS, Desk, edit_of_scenario, edit_of_text
from scoring.rounds import Edit as EditKind
from scoring.rules import evaluate_leaf

from .assessment_file.attachments import Attachment, export_attachment, store_attachment
from .assessment_file.evidence import EvidenceBook
from .assessment_file.rounds import REASON, RESPONSE
from .assessment_file.store import AssessmentFile, NotWritable, default_user, is_packed
from .errors import InputRefused
from .exchange.workflow import Workflow

__all__ = ["DEADLINE", "Batch", "Edit", "Session", "packed_reason"]

DEADLINE = "deadline"  # the ``texts`` field of a criterion's "Thời gian hoàn thành"

_REFUSING = Severity.ERROR


@dataclass(frozen=True)
class Edit:
    """One applied change: enough to undo it (apply ``old``) and to refresh what ``changed``."""

    key: str
    scenario: Scenario
    old: Entry
    new: Entry
    changed: tuple[str, ...]
    findings: tuple[str, ...] = ()  # keys whose findings changed (a findings list replaces only these)
    totals: tuple[Scenario, ...] = ()  # scenarios whose totals changed (a summary redraws only these)


EntryChange = tuple[str, Scenario, Entry, Entry]  # key, scenario, old, new
TextChange = tuple[str, str, str, str, str]  # key, field, scenario, old, new ("" = none)
LeadChange = tuple[str, str, str]  # key, old, new


@dataclass(frozen=True)
class Batch:
    """Entries, texts and lead units changed together; ``inverse`` puts every old value back."""

    entries: tuple[EntryChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    leads: tuple[LeadChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.entries or self.texts or self.leads)

    def inverse(self) -> Batch:
        return Batch(
            tuple((k, s, new, old) for k, s, old, new in self.entries),
            tuple((k, f, s, new, old) for k, f, s, old, new in self.texts),
            tuple((k, new, old) for k, old, new in self.leads),
        )


class Session:
    """The file, the criteria set and the computed assessment of one open assessment file."""

    def __init__(self, store: AssessmentFile, *, user: str = "") -> None:
        self.store = store
        stored = store.read()
        store.check_values()
        self.meta = stored.meta
        self.criteria_set: CriteriaSet = stored.criteria_set
        self.user = user or store.settings().get("user", "") or default_user()
        self.workflow = Workflow(store)  # the round gate: every edit below asks it first
        self.evidence = EvidenceBook(store, self.user, guard=self._evidence_guard)
        self.assessment = Assessment(
            stored.criteria_set.tree, stored.entries, stored.not_applicable, self.evidence.supported()
        )

    @classmethod
    def open(cls, path: Path, *, user: str = "", or_read_only: bool = False) -> Session:
        """The working file, open for editing; with ``or_read_only`` a file that cannot be edited
        here (read-only, in a read-only folder, open in another window, or a packed file: what was
        sent, see ``packed_reason``) opens read-only instead, ``read_only`` saying why. Otherwise
        that is refused (``NotWritable``).

        Every window, the welcome screen's and the recent list's files, and every command that
        writes open through here, so a packed file is never edited in place: it is read as
        ``open_readonly`` reads it (no byte changed, no lock, no WAL beside it)."""
        if is_packed(path):
            session = cls.open_readonly(path, user=user)
            session.store.read_only_reason = packed_reason(Path(path), session)
            if or_read_only:
                return session
            reason = session.read_only
            session.close()
            raise NotWritable(reason)
        try:
            store = AssessmentFile.open(path)
        except NotWritable as exc:
            if not or_read_only:
                raise
            return cls.open_readonly(path, user=user, reason=str(exc))
        try:
            return cls(store, user=user)
        except BaseException:
            store.close()
            raise

    @classmethod
    def open_readonly(cls, path: Path, *, user: str = "", reason: str = "") -> Session:
        """A file read without any possibility of writing to it (printing, exporting, scoring a
        received file); every edit is refused with ``reason``."""
        store = AssessmentFile.open_readonly(path)
        if reason:
            store.read_only_reason = reason
        try:
            return cls(store, user=user)
        except BaseException:
            store.close()
            raise

    @property
    def read_only(self) -> str:
        """Why this assessment cannot be edited here, in Vietnamese; "" when it can."""
        return "" if self.store.writable else self.store.read_only_reason

    def close(self) -> None:
        self.store.close()

    @property
    def tree(self) -> CriteriaTree:
        return self.assessment.tree

    # ------------------------------------------------------------ lookups

    def node(self, code: str) -> Node:
        node = self.tree.find(code)
        if node is None:
            raise InputRefused(f"Không có tiêu chí mã “{code}” trong bộ tiêu chí {self.criteria_set.id}.")
        return node

    # ------------------------------------------------------------ edits

    def set_value(self, code: str, scenario: Scenario, text: str | Decimal | None) -> Edit:
        """Set (or clear, with empty text) the typed score of a leaf; refuses what the rule forbids."""
        node, entry = self.prepare_value(code, scenario, text)
        return self.apply(node, scenario, entry, "value")

    def set_inputs(self, code: str, scenario: Scenario, values: Mapping[str, str | Decimal | None]) -> Edit:
        """Set raw inputs (a, b, c…, ``option``, ``n``); the result must be computable or incomplete."""
        node, entry = self.prepare_inputs(code, scenario, values)
        return self.apply(node, scenario, entry, "inputs")

    def prepare_value(self, code: str, scenario: Scenario, text: str | Decimal | None) -> tuple[Node, Entry]:
        """Check a typed score without writing it; returns the entry it would become."""
        self._check_writable()
        node = self.node(code)
        where = f"Tiêu chí {node.label} ({SCENARIO_LABELS[scenario]})"
        self._check_editable(node, where)
        self.workflow.permit(edit_of_scenario(scenario), self.assessment, node, where)
        value = self._parse(text, where)
        old = self.assessment.entry(node.key, scenario)
        if value is not None:
            problem = value_problem(node, value)
            if problem:
                raise InputRefused(f"{where}: {problem}")
        inputs = {} if node.rule.kind is RuleKind.OPTIONS else dict(old.inputs)
        return node, Entry(value, inputs)

    def prepare_inputs(
        self, code: str, scenario: Scenario, values: Mapping[str, str | Decimal | None]
    ) -> tuple[Node, Entry]:
        """Check raw inputs without writing them; returns the entry they would make."""
        self._check_writable()
        node = self.node(code)
        where = f"Tiêu chí {node.label} ({SCENARIO_LABELS[scenario]})"
        self._check_editable(node, where)
        self.workflow.permit(edit_of_scenario(scenario), self.assessment, node, where)
        names = node.rule.input_names
        old = self.assessment.entry(node.key, scenario)
        inputs = dict(old.inputs)
        for name, text in values.items():
            if name not in names:
                known = ", ".join(names) if names else "không có số liệu nào"
                raise InputRefused(f"{where}: không có số liệu “{name}” (số liệu của tiêu chí: {known}).")
            value = self._parse(text, f"{where}, số liệu {name}")
            if value is None:
                inputs.pop(name, None)
            else:
                inputs[name] = value
        keep_value = None if node.rule.kind is RuleKind.OPTIONS and inputs else old.value
        new = Entry(keep_value, inputs)
        problems = [f for f in evaluate_leaf(node, scenario, new).findings if f.severity is _REFUSING]
        if problems:
            raise InputRefused(problems[0].message)
        return node, new

    def apply(self, node: Node, scenario: Scenario, new: Entry, field: str) -> Edit:
        """Write a prepared entry (committed before returning), then recalculate its path."""
        old = self.assessment.entry(node.key, scenario)
        self.store.write_entry(node.key, scenario, old, new, user=self.user, field=field)
        changed = self.assessment.set_entry(node.key, scenario, new)
        return Edit(node.key, scenario, old, new, tuple(changed), changed.findings, changed.totals)

    def apply_all(self, edits: list[tuple[Node, Scenario, Entry, str]]) -> list[Edit]:
        """Several prepared entries as one transaction: all are written or none."""
        with self.store.transaction():
            for node, scenario, entry, field in edits:
                old = self.assessment.entry(node.key, scenario)
                self.store.write_entry(node.key, scenario, old, entry, user=self.user, field=field)
        done = []
        for node, scenario, entry, _field in edits:
            old = self.assessment.entry(node.key, scenario)
            changed = self.assessment.set_entry(node.key, scenario, entry)
            done.append(Edit(node.key, scenario, old, entry, tuple(changed), changed.findings, changed.totals))
        return done

    def apply_import(
        self,
        entries: Sequence[tuple[str, Scenario, Entry]],
        texts: Sequence[tuple[str, str, str, str]] = (),
        leads: Mapping[str, str] | None = None,
        *,
        field: str,
    ) -> Batch:
        """An import's entries, texts (key, field, scenario, text) and lead units as one
        transaction, audited under ``field``: all are written or none. Returns what changed, for
        one undo step (``apply_batch(batch.inverse(), "undo")``)."""
        stored = {name: self.store.texts(name) for name in {t[1] for t in texts}}
        batch = Batch(
            tuple((k, s, self.assessment.entry(k, s), new) for k, s, new in entries),
            tuple((k, f, s, stored[f].get((k, s), ""), text) for k, f, s, text in texts),
            tuple((k, self.tree.by_key[k].lead, lead) for k, lead in (leads or {}).items()),
        )
        self.apply_batch(batch, field)
        return batch

    def apply_batch(self, batch: Batch, field: str) -> None:
        """Write a batch's new side in one transaction (``field`` audits its entries: the import's
        name, "undo", "redo"), refused whole when the round allows a part of it not; the scores
        are then recalculated once (a batch may touch every node)."""
        self.permit_import({c[1] for c in batch.entries}, {t[1] for t in batch.texts}, leads=bool(batch.leads))
        store = self.store
        with store.transaction():
            for key, scenario, old, new in batch.entries:
                store.write_entry(key, scenario, old, new, user=self.user, field=field)
            store.write_texts([(k, f, s, new) for k, f, s, _old, new in batch.texts if new], user=self.user)
            for text in batch.texts:
                if not text[4]:  # an undone import's new text: the criterion had none
                    store.write_text(text[0], text[1], text[2], "", user=self.user)
            for key, old_lead, lead in batch.leads:
                store.write_lead(key, old_lead, lead, user=self.user)
        for key, scenario, _old, new in batch.entries:
            if new.empty:
                self.assessment.entries[scenario].pop(key, None)
            else:
                self.assessment.entries[scenario][key] = new
        for key, _old_lead, lead in batch.leads:
            self.tree.by_key[key].lead = lead
        self.assessment.recalculate()
        if any(text_field == "explanation" for _k, text_field, *_rest in batch.texts):
            self.refresh_support()

    def restore(self, key: str, scenario: Scenario, entry: Entry, field: str = "undo") -> Edit:
        """Put back an earlier entry as it was (``field`` "undo" or "redo"); audited like any edit,
        and refused like any edit once the round no longer allows it."""
        node = self.tree.by_key[key]
        where = f"Tiêu chí {node.label} ({SCENARIO_LABELS[scenario]})"
        self.workflow.permit(edit_of_scenario(scenario), self.assessment, node, where)
        return self.apply(node, scenario, entry, field)

    def set_text(self, code: str, field: str, text: str, scenario: str = "") -> list[str]:
        """Save a free text (tasks, explanation, note); returns keys whose findings may change."""
        node = self.node(code)
        self.workflow.permit(edit_of_text(field), self.assessment, node, f"Tiêu chí {node.label}")
        self.store.write_text(node.key, field, scenario, text.strip(), user=self.user)
        return self.refresh_support() if field == "explanation" else []

    def set_reason(self, code: str, text: str) -> None:
        """The council's reason for its appraisal of a criterion (required for every deduction)."""
        self.set_text(code, REASON, text, "appraised")

    def set_response(self, code: str, text: str) -> None:
        """The unit's giải trình of a deducted criterion (vòng giải trình only)."""
        self.set_text(code, RESPONSE, text)

    def set_deadline(self, code: str, text: str) -> None:
        """Save when a criterion's tasks are due ("Quý III/2026", "Thường xuyên"): the appendix's
        "Thời gian hoàn thành" column. Free text, as plans write it; empty clears it."""
        self.set_text(code, DEADLINE, text)

    def refresh_support(self) -> list[str]:
        """Re-read which criteria have evidence or an explanation; returns keys that changed."""
        return self.assessment.set_supported(self.evidence.supported())

    def texts(self, field: str) -> dict[tuple[str, str], str]:
        """Free texts of one field (tasks, explanation, note) by (key, scenario)."""
        return self.store.texts(field)

    def set_lead(self, code: str, lead: str) -> None:
        """Change a node's đơn vị chủ trì for this assessment (unit names change; never hard-coded)."""
        node = self.node(code)
        self.workflow.permit(EditKind.SELF, self.assessment, node, f"Tiêu chí {node.label}")
        self.store.write_lead(node.key, node.lead, lead.strip(), user=self.user)
        node.lead = lead.strip()

    def evidence_counts(self) -> dict[str, int]:
        return self.store.evidence_counts()

    def attach_file(
        self, source: Path, progress: Callable[[int, int], None] | None = None, *, for_key: str | None = None
    ) -> Attachment:
        """Store a file inside the assessment (safe from a worker thread: own connection). With
        ``for_key``, the document it goes with is asked for first: in giải trình a criterion that was
        not cut refuses it before its bytes are written (they stayed in the file, linked to nothing)."""
        self._check_writable()
        if for_key is None:
            self.workflow.permit(self.workflow.evidence_edit(), self.assessment)
        else:
            self._evidence_guard("add", for_key)
        return store_attachment(self.store.path, source, progress=progress)

    def attachment_copy(self, sha256: str) -> Path:
        """Write an attached file to a temporary folder, to open it with the system viewer."""
        folder = Path(tempfile.gettempdir()) / "PAR Desk" / "tep-dinh-kem"
        return export_attachment(self.store.conn, sha256, folder)

    def audit(self, node_key: str | None = None) -> list[dict[str, Any]]:
        return self.store.audit(node_key)

    def header_fields(self) -> dict[str, tuple[str, str]]:
        from .documents.header import HEADER_KEYS

        return dict(HEADER_KEYS)

    def settings(self) -> dict[str, str]:
        return self.store.settings()

    def save_settings(self, values: Mapping[str, str]) -> None:
        from .documents.header import check_settings

        self.workflow.permit(EditKind.PLAN, self.assessment, where="Thiết lập văn bản")
        self.store.write_settings(check_settings(values), user=self.user)
        self.user = self.store.settings().get("user", "") or self.user
        self.evidence.user = self.user

    def set_not_applicable(self, code: str, flag: bool) -> list[str]:
        node = self.node(code)
        self.workflow.permit(EditKind.SELF, self.assessment, node, f"Tiêu chí {node.label}")
        self.store.write_not_applicable(node.key, flag, user=self.user)
        return self.assessment.set_not_applicable(node.key, flag)

    def permit_import(self, scenarios: set[Scenario], fields: set[str], *, leads: bool = False) -> None:
        """Refuse an import whose values, texts or lead units this round does not allow (before writing)."""
        where = "Nhập từ bảng"
        for scenario in sorted(scenarios):
            self.workflow.permit(
                edit_of_scenario(scenario), self.assessment, where=f"{where} ({SCENARIO_LABELS[scenario]})"
            )
        for field in sorted(fields):
            self.workflow.permit(edit_of_text(field), self.assessment, where=where)
        if leads:
            self.workflow.permit(EditKind.SELF, self.assessment, where=f"{where} (đơn vị chủ trì)")

    def _evidence_guard(self, action: str, key: str | None) -> None:
        """Evidence is the self-assessment's; in giải trình it may only be added to deducted criteria."""
        if action.startswith("comment"):
            self.workflow.permit(EditKind.COMMENT, self.assessment)
            return
        edit = self.workflow.evidence_edit() if action in ("add", "link") else EditKind.SELF
        node = self.tree.by_key.get(key) if key else None
        self.workflow.permit(edit, self.assessment, node, "Tài liệu kiểm chứng")

    def _check_writable(self) -> None:
        if not self.store.writable:
            raise NotWritable(self.store.read_only_reason)

    @staticmethod
    def _check_editable(node: Node, where: str) -> None:
        if node.children:
            raise InputRefused(f"{where}: điểm được cộng tự động từ các tiêu chí con, không nhập trực tiếp.")

    @staticmethod
    def _parse(text: str | Decimal | None, where: str) -> Decimal | None:
        if text is None or isinstance(text, Decimal):
            return text
        if not text.strip():
            return None
        try:
            return parse_number(text)
        except NumberError as exc:
            raise InputRefused(f"{where}: {exc}") from None


# Where the side a packed file was sent to takes it (the menus of ui/exchange_menu.py), and where
# the side that sent it goes on: its own working file, which the packed copy was made from.
_TAKEN_BY = {
    Desk.COUNCIL: (
        "Sở Nội vụ: mở để thẩm định qua Trao đổi › Sở Nội vụ: hộp thư nhận tệp… (hoặc lệnh pardesk receive); "
        "đơn vị: tiếp tục trên tệp làm việc của mình."
    ),
    Desk.UNIT: (
        "Đơn vị: mở qua Trao đổi › Mở tệp Sở Nội vụ gửi lại… (hoặc lệnh pardesk receive); "
        "Sở Nội vụ: tiếp tục trên bản thẩm định của mình."
    ),
}


def packed_reason(path: Path, session: Session) -> str:
    """Why a packed file (``is_packed``), open read-only in ``session``, is not edited: naming
    the file, its unit, year and round, and where each side works on instead."""
    round_ = session.workflow.round
    unit = session.meta.get("unit", "") or "không rõ đơn vị"
    year = session.meta.get("year", "")
    what = f"{unit}, năm {year}" if year else unit
    receiver = RECEIVED.get(round_)
    then = _TAKEN_BY[receiver[0]] if receiver else "Hãy tiếp tục trên tệp làm việc của mình."
    return (
        f"Tệp “{path.name}” là tệp đã đóng gói để gửi ({what}, vòng “{ROUND_LABELS[round_]}”): chỉ mở để xem; "
        f"sửa vào tệp này thì tệp không còn hợp lệ khi kiểm tra. {then}"
    )

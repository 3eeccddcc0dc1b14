"""The detail panel of the selected node: its rule, raw inputs per scenario, explanation and texts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scoring import SCENARIO_LABELS, Node, Refusal, RuleKind, Scenario, format_number
from scoring.model import RULE_LABELS

from .rich import esc, plain
from .tree_model import CriteriaModel

__all__ = ["DetailPanel"]

TEXT_FIELDS = (
    ("tasks", "Nhiệm vụ, giải pháp", ""),
    ("deadline", "Thời gian hoàn thành (nhiệm vụ, giải pháp)", ""),
    ("explanation", "Giải trình (tự đánh giá)", "actual"),
    ("note", "Ghi chú", ""),
)


def _wrapping(text: str = "", *, bold: bool = False, rich: bool = False) -> QLabel:
    """A wrapping label; plain text unless ``rich`` (whose callers escape what they put in)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def _rule_text(node: Node) -> str:
    """How the score is obtained, with the rule's gate and cap: "… tỷ lệ dưới 0,9 được 0 điểm"."""
    rule = node.rule
    how = RULE_LABELS[rule.kind]
    if rule.kind in (RuleKind.DIRECT, RuleKind.SURVEY):
        how += " (gõ điểm vào bảng)"
    elif rule.formula is not None:
        how += f": {rule.formula.shown}"
    if rule.kind is RuleKind.RATIO and rule.gate is not None:
        how += f"; tỷ lệ dưới {format_number(rule.gate, places=4, trim=True)} được 0 điểm"
    if rule.kind is RuleKind.RATIO and rule.cap is not None:
        how += f"; không quá {format_number(rule.cap)} điểm"
    return f"{how} — điểm tối đa {format_number(node.max)}"


class DetailPanel(QScrollArea):
    """Shows and edits one node. Inputs are committed when a field is left (one edit each).

    ``text_saved(key, field, old, new)`` after a text is saved (one undo step each)."""

    text_saved = Signal(str, str, str, str)

    def __init__(self, model: CriteriaModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self.node: Node | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(340)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.title = _wrapping(bold=True)
        self.rule = _wrapping()
        self.basis = _wrapping()
        self.basis.setStyleSheet("color: #555;")
        self.lead = QLineEdit()
        self.lead.setPlaceholderText("Đơn vị chủ trì")
        self.lead.editingFinished.connect(self._save_lead)
        self.inputs_box = QGroupBox("Số liệu và điểm")
        self.inputs_grid = QGridLayout(self.inputs_box)
        self.explain_box = QGroupBox("Cách tính điểm")
        self.explain_label = _wrapping(rich=True)
        QVBoxLayout(self.explain_box).addWidget(self.explain_label)
        self.texts: dict[str, QPlainTextEdit] = {}
        texts_box = QGroupBox("Nội dung")
        form = QFormLayout(texts_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._timers: dict[str, QTimer] = {}
        for field, label, _scenario in TEXT_FIELDS:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(84)
            timer = QTimer(self, singleShot=True, interval=700)
            timer.timeout.connect(lambda f=field: self._save_text(f))
            edit.textChanged.connect(timer.start)
            self._timers[field] = timer
            self.texts[field] = edit
            form.addRow(label, edit)
        for widget in (self.title, self.rule, self.basis, self.lead, self.inputs_box, self.explain_box, texts_box):
            self.layout_.addWidget(widget)
        self.read_only = bool(model.service.read_only)  # a file open only for reading (its banner says why)
        self.lead.setReadOnly(self.read_only)
        for edit in self.texts.values():
            edit.setReadOnly(self.read_only)
        self.layout_.addStretch(1)
        self.setWidget(body)
        self._loading = False
        self._text_cache: dict[str, dict[tuple[str, str], str]] = {}
        self.show_node(None)

    # ------------------------------------------------------------ showing

    def show_node(self, node: Node | None) -> None:
        self.flush()
        self.node = node
        self._loading = True
        try:
            self._fill(node)
        finally:
            self._loading = False

    def _fill(self, node: Node | None) -> None:
        enabled = node is not None
        for widget in (self.lead, self.inputs_box, self.explain_box, *self.texts.values()):
            widget.setEnabled(enabled)
        if node is None:
            self.title.setText("Chọn một tiêu chí trong cây để xem chi tiết.")
            for label in (self.rule, self.basis):
                label.setText("")
            self._clear_grid()
            self.explain_label.setText("")
            self.lead.clear()  # nothing of the criterion shown before may stay
            for edit in self.texts.values():
                edit.clear()
            return
        self.title.setText(f"{node.label}. {node.title}")
        self.rule.setText(_rule_text(node))
        self.basis.setText(node.legal_basis)
        self.basis.setVisible(bool(node.legal_basis))
        self.lead.setText(node.lead)
        self.lead.setEnabled(not node.is_part)
        self._build_inputs(node)
        self.refresh_scores()
        key = node.key
        for field, _label, scenario in TEXT_FIELDS:
            self.texts[field].setPlainText(self._stored_text(field).get((key, scenario), ""))

    def _stored_text(self, field: str) -> dict[tuple[str, str], str]:
        """One field's texts, read from the file once (a whole-table read, 20 ms at 20 000 nodes) and
        kept in step by ``_save_text``, the only writer while the window is open (an import resets)."""
        if field not in self._text_cache:
            self._text_cache[field] = dict(self.model.service.texts(field))
        return self._text_cache[field]

    def forget_texts(self) -> None:
        """Texts were written behind the panel (an import): read them again when next shown."""
        self._text_cache.clear()

    def refresh_scores(self) -> None:
        """Update explanations and the input fields' values after any edit."""
        node = self.node
        if node is None:
            return
        assessment = self.model.assessment
        lines = []
        for scenario in Scenario:
            if assessment.score(node.key, scenario) is None and not assessment.entry(node.key, scenario).inputs:
                continue
            lines.append(f"<b>{SCENARIO_LABELS[scenario]}:</b> {esc(assessment.explain(node.key, scenario))}")
        for finding in self.model.findings_of(node.key):
            colour = "#b3261e" if finding.severity == "error" else "#8a5a00"
            lines.append(f"<span style='color:{colour}'>⚠ {esc(finding.message)}</span>")
        self.explain_label.setText("<br>".join(lines) or "Chưa có điểm.")
        self._load_input_values(node)

    # ------------------------------------------------------------ inputs grid

    def _clear_grid(self) -> None:
        while self.inputs_grid.count():
            item = self.inputs_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._input_fields: dict[tuple[Scenario, str], QLineEdit | QComboBox] = {}

    def _build_inputs(self, node: Node) -> None:
        self._clear_grid()
        kind = node.rule.kind
        from_inputs = node.rule.from_inputs
        if node.children or not (from_inputs or kind is RuleKind.OPTIONS):
            self.inputs_box.setVisible(False)  # sums are computed; typed scores are edited in the table
            return
        self.inputs_box.setVisible(True)
        names = node.rule.input_names
        row = 0
        for name in names if from_inputs else ():
            text = node.inputs.get(name, "")
            label = _wrapping(f"<b>{esc(name)}</b>: {esc(text)}" if text else f"<b>{esc(name)}</b>", rich=True)
            self.inputs_grid.addWidget(label, row, 0, 1, 5)
            row += 1
        for column, name in enumerate(names if from_inputs else (), start=1):
            self.inputs_grid.addWidget(QLabel(f"<b>{esc(name)}</b>"), row, column, Qt.AlignmentFlag.AlignCenter)
        row += 1
        for scenario in Scenario:
            self.inputs_grid.addWidget(plain(QLabel(SCENARIO_LABELS[scenario])), row, 0)
            if kind is RuleKind.OPTIONS:
                combo = QComboBox()
                combo.addItem("(chưa chấm)", "")
                for number, option in enumerate(node.rule.options, start=1):
                    combo.addItem(f"{format_number(option.value(node.max))} — {option.label}", str(number))
                combo.activated.connect(lambda _i, s=scenario, c=combo: self._save_option(s, c))
                combo.setEnabled(not self.read_only)
                self.inputs_grid.addWidget(combo, row, 1, 1, 4)
                self._input_fields[(scenario, "option")] = combo
            elif from_inputs:
                for column, name in enumerate(names, start=1):
                    field = QLineEdit()
                    field.setAlignment(Qt.AlignmentFlag.AlignRight)
                    field.setMinimumWidth(60)
                    field.editingFinished.connect(lambda s=scenario, n=name, f=field: self._save_input(s, n, f))
                    field.setReadOnly(self.read_only)
                    self.inputs_grid.addWidget(field, row, column)
                    self._input_fields[(scenario, name)] = field
            row += 1

    def focus_input(self, scenario: Scenario) -> bool:
        """Put the cursor in the first input of ``scenario`` (typing on a score computed from inputs)."""
        field = next((f for (s, _name), f in self._input_fields.items() if s is scenario), None)
        if field is None:
            return False
        self.ensureWidgetVisible(field)
        field.setFocus()
        return True

    def _load_input_values(self, node: Node) -> None:
        assessment = self.model.assessment
        for (scenario, name), field in self._input_fields.items():
            value = assessment.entry(node.key, scenario).inputs.get(name)
            if isinstance(field, QComboBox):
                field.setCurrentIndex(int(value) if value is not None else 0)
            elif not field.hasFocus():
                field.setText(format_number(value, places=4, trim=True))

    def _save_input(self, scenario: Scenario, name: str, field: QLineEdit) -> None:
        node = self.node
        if node is None or self._loading:
            return
        current = self.model.assessment.entry(node.key, scenario).inputs.get(name)
        if field.text().strip() == format_number(current, places=4, trim=True):
            return
        self.model.apply(lambda: self.model.service.set_inputs(node.key, scenario, {name: field.text()}))
        self.refresh_scores()

    def _save_option(self, scenario: Scenario, combo: QComboBox) -> None:
        node = self.node
        if node is None or self._loading:
            return
        choice = combo.currentData() or None
        self.model.apply(lambda: self.model.service.set_inputs(node.key, scenario, {"option": choice}))
        self.refresh_scores()

    # ------------------------------------------------------------ texts

    def _save_text(self, field: str) -> None:
        node = self.node
        if node is None or self._loading:
            return
        scenario = next(s for f, _label, s in TEXT_FIELDS if f == field)
        text = self.texts[field].toPlainText()
        stored = self._stored_text(field)
        old = stored.get((node.key, scenario), "")
        if old != text.strip():
            try:
                changed = self.model.service.set_text(node.key, field, text, scenario)
            except Refusal as exc:  # the round, or a file open only for reading: said, nothing written
                self.model.refused.emit(str(exc))
                return
            stored[(node.key, scenario)] = text.strip()
            if field == "explanation":
                self.model.evidence_changed(changed)
            self.text_saved.emit(node.key, field, old, text.strip())

    def restore_text(self, key: str, field: str, text: str) -> None:
        """Undo or redo of a saved text: written back, shown if its criterion is the one shown."""
        scenario = next(s for f, _label, s in TEXT_FIELDS if f == field)
        changed = self.model.service.set_text(key, field, text, scenario)
        self._stored_text(field)[(key, scenario)] = text
        if field == "explanation":
            self.model.evidence_changed(changed)
        if self.node is not None and self.node.key == key:
            self._loading = True
            try:
                self._timers[field].stop()
                self.texts[field].setPlainText(text)
            finally:
                self._loading = False

    def _save_lead(self) -> None:
        node = self.node
        if node is None or self._loading or self.lead.text().strip() == node.lead:
            return
        try:
            self.model.service.set_lead(node.key, self.lead.text())
        except Refusal as exc:
            self.model.refused.emit(str(exc))
            return
        self.model.refresh([node.key])

    def flush(self) -> None:
        """Save any text still waiting for its debounce timer (before switching nodes or closing)."""
        for field, timer in self._timers.items():
            if timer.isActive():
                timer.stop()
                self._save_text(field)

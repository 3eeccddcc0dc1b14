"""The criteria tree as a Qt item model: one row per node, editable score cells, computed totals.

Edits go through the ``EditService``; after each one only the changed cells and their ancestors
emit ``dataChanged`` (never a reset), so expansion and selection survive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import IntEnum
from typing import Any, TypeAlias, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from scoring import Node, Refusal, RuleKind, Scenario, Severity, format_number
from scoring.gaps import target_gap

from .ports import EditRecord, EditService
from .rich import tip

__all__ = ["Column", "CriteriaModel"]

Index: TypeAlias = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CODE = 0
    TITLE = 1
    MAX = 2
    PREVIOUS = 3
    ACTUAL = 4
    TARGET = 5
    GAP = 6
    APPRAISED = 7
    LEAD = 8
    EVIDENCE = 9


HEADERS = {
    Column.CODE: "STT",
    Column.TITLE: "Lĩnh vực / Tiêu chí / Tiêu chí thành phần",
    Column.MAX: "Điểm tối đa",
    Column.PREVIOUS: "Năm trước",
    Column.ACTUAL: "Tự đánh giá",
    Column.TARGET: "Mục tiêu",
    Column.GAP: "Chênh lệch",
    Column.APPRAISED: "Thẩm định",
    Column.LEAD: "Đơn vị chủ trì",
    Column.EVIDENCE: "Minh chứng",
}
HEADER_TIPS = {
    Column.GAP: "Mục tiêu − Tự đánh giá: số điểm còn phải phấn đấu",
    Column.EVIDENCE: "Số tài liệu kiểm chứng",
    Column.APPRAISED: "Điểm thẩm định của Sở Nội vụ / Hội đồng thẩm định",
}
SCENARIO_OF = {
    Column.PREVIOUS: Scenario.PREVIOUS,
    Column.ACTUAL: Scenario.ACTUAL,
    Column.TARGET: Scenario.TARGET,
    Column.APPRAISED: Scenario.APPRAISED,
}
COLUMN_OF = {scenario: column for column, scenario in SCENARIO_OF.items()}
# what one edit of a scenario can change on a row: its cell, the gap, the findings' icon and colour
EDITED_COLUMNS = {
    scenario: (Column.CODE, column, *((Column.GAP,) if scenario in (Scenario.ACTUAL, Scenario.TARGET) else ()))
    for scenario, column in COLUMN_OF.items()
}
COLUMNS = tuple(Column)  # Column(n) costs an enum call; COLUMNS[n] a tuple lookup
COLUMN_COUNT = len(COLUMNS)
NUMERIC = frozenset({Column.MAX, Column.PREVIOUS, Column.ACTUAL, Column.TARGET, Column.GAP, Column.APPRAISED})

# Qt enum values used on every paint, looked up once (measured: 7–15 µs per inline lookup)
DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FONT = Qt.ItemDataRole.FontRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
DECORATION = Qt.ItemDataRole.DecorationRole
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
HANDLED_ROLES = frozenset(
    {int(r) for r in (DISPLAY, EDIT, TOOLTIP, FONT, ALIGN, FOREGROUND, BACKGROUND, DECORATION, NODE_ROLE, KEY_ROLE)}
)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
FLAGS_READ = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
FLAGS_EDIT = FLAGS_READ | Qt.ItemFlag.ItemIsEditable
NO_FLAGS = Qt.ItemFlag.NoItemFlags
HORIZONTAL = Qt.Orientation.Horizontal
BOLD = QFont()
BOLD.setBold(True)
ITALIC = QFont()
ITALIC.setItalic(True)
ERROR_BG = QBrush(QColor("#fde2e1"))
WARNING_BG = QBrush(QColor("#fff4d6"))
COMPUTED_FG = QBrush(QColor("#1f3a68"))
MUTED_FG = QBrush(QColor("#777777"))
GAP_FG = QBrush(QColor("#a4420a"))


_ICONS: dict[Severity, QIcon] = {}


def _icons() -> dict[Severity, QIcon]:
    """The style's warning and error icons, fetched once (after the application exists)."""
    if not _ICONS:
        style = QApplication.style()
        _ICONS[Severity.ERROR] = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        _ICONS[Severity.WARNING] = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return _ICONS


class CriteriaModel(QAbstractItemModel):
    """Rows are ``scoring.Node`` objects (``internalPointer``); columns are ``Column``.

    Signals: ``edited(object)`` after every applied edit (an ``EditRecord``), ``refused(str)`` with
    the Vietnamese reason when an edit is refused, ``support_changed(keys)`` when evidence or an
    explanation was added or removed.
    """

    edited = Signal(object)
    refused = Signal(str)
    support_changed = Signal(object)  # the keys whose findings changed

    def __init__(self, service: EditService, parent: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.assessment = service.assessment
        self.tree = service.assessment.tree
        self.evidence = service.evidence_counts()
        self.replaying = False  # True while undo/redo re-applies an edit (not a new undo step)
        self.last_refusal = ""  # the reason the latest edit was refused ("" once one is accepted)

    # ------------------------------------------------------------ helpers

    def node(self, index: Index) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        return self.createIndex(node.row, column, node)

    def index_for_key(self, key: str, column: int = 0) -> QModelIndex:
        node = self.tree.by_key.get(key)
        return self.index_of(node, column) if node else QModelIndex()

    def is_editable(self, node: Node, scenario: Scenario) -> bool:
        """Typed cells: applicable leaves whose rule takes a typed score (``Rule.accepts_typed_score``)."""
        if node.children or self.assessment.is_excluded(node):
            return False
        return node.rule.accepts_typed_score(has_inputs=bool(self.assessment.entry(node.key, scenario).inputs))

    def findings_of(self, key: str) -> list[Any]:
        """The row's findings: the assessment keeps them per node (O(1), no copy of ours to go stale)."""
        return self.assessment.node_findings(key)

    # ------------------------------------------------------------ editing

    def apply(self, action: Callable[[], EditRecord]) -> EditRecord | None:
        """Run one service edit; refresh the changed rows, or report why it was refused."""
        try:
            record = action()
        except Refusal as exc:
            self.last_refusal = str(exc)
            self.refused.emit(self.last_refusal)
            return None
        self.last_refusal = ""
        self.refresh(record.changed or (record.key,), EDITED_COLUMNS.get(record.scenario, COLUMNS))
        self.edited.emit(record)
        return record

    def refresh(self, keys: tuple[str, ...] | list[str], columns: tuple[Column, ...] = COLUMNS) -> None:
        """Repaint ``columns`` of the rows of ``keys``, never resetting the model.

        One signal per cell: Qt's item views repaint their whole viewport for a ``dataChanged``
        wider than one cell (QAbstractItemView::dataChanged), 20 ms a keystroke here, measured.
        """
        for key in keys:
            node = self.tree.by_key.get(key)
            if node is not None:
                for column in columns:
                    cell = self.index_of(node, column)
                    self.dataChanged.emit(cell, cell)

    def evidence_changed(self, keys: list[str] | tuple[str, ...] = ()) -> None:
        """Documents or explanations changed: recount evidence and repaint what it affects."""
        self.evidence = self.service.evidence_counts()
        changed = sorted(set(keys) | set(self.service.refresh_support()))
        self.refresh(changed)
        self.support_changed.emit(changed)

    def reload(self) -> None:
        """After an import changed many values (and lead units): a reset, the one structural refresh."""
        self.beginResetModel()
        self.evidence = self.service.evidence_counts()
        self.endResetModel()

    def set_value(self, node: Node, scenario: Scenario, text: str) -> bool:
        if node.rule.kind is RuleKind.OPTIONS and text.strip().startswith("#"):
            choice = text.strip()[1:]
            return self.apply(lambda: self.service.set_inputs(node.key, scenario, {"option": choice})) is not None
        return self.apply(lambda: self.service.set_value(node.key, scenario, text)) is not None

    # ------------------------------------------------------------ display

    def _number(self, node: Node, column: Column) -> Decimal | None:
        if column is Column.MAX:
            return self.assessment.applicable_max.get(node.key, node.max)
        if column is Column.GAP:
            return target_gap(self.assessment, node.key)
        return self.assessment.score(node.key, SCENARIO_OF[column])

    def _display(self, node: Node, column: Column) -> str:
        if column is Column.CODE:
            return node.code or "–"
        if column is Column.TITLE:
            return node.title
        if column is Column.LEAD:
            return node.lead
        if column is Column.EVIDENCE:
            count = self.evidence.get(node.key, 0)
            return str(count) if count else ""
        if node.key in self.assessment.excluded and column is not Column.MAX:
            return "KAD" if column is Column.ACTUAL else ""
        value = self._number(node, column)
        if column is Column.GAP and value is not None:
            return ("+" if value > 0 else "") + format_number(value)
        return format_number(value)

    def _tooltip(self, node: Node, column: Column) -> str | None:
        findings = self.findings_of(node.key)
        if column in SCENARIO_OF:
            scenario = SCENARIO_OF[column]
            lines = [f.message for f in findings if f.scenario in (scenario, None)]
            lines.append(self.assessment.explain(node.key, scenario))
            return tip("\n".join(lines))
        if column is Column.TITLE:
            return tip(node.title)
        return None

    def _icon(self, node: Node) -> QIcon | None:
        findings = self.findings_of(node.key)
        if any(f.severity is Severity.ERROR for f in findings):
            return _icons()[Severity.ERROR]
        if any(f.severity is Severity.WARNING for f in findings):
            return _icons()[Severity.WARNING]
        return None

    def _background(self, node: Node, column: Column) -> QBrush | None:
        findings = self.findings_of(node.key)
        if not findings:
            return None
        scenario = SCENARIO_OF.get(column)
        relevant = [f for f in findings if scenario is None or f.scenario in (scenario, None)]
        if any(f.severity is Severity.ERROR for f in relevant):
            return ERROR_BG
        if relevant and column is not Column.TITLE:
            return WARNING_BG if scenario is not None or column is Column.CODE else None
        return None

    # ------------------------------------------------------------ Qt overrides

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt override: the index of a child row."""
        if not 0 <= column < COLUMN_COUNT:
            return QModelIndex()
        children = parent.internalPointer().children if parent.isValid() else self.tree.roots
        if 0 <= row < len(children):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Qt override: the parent of a row (column 0)."""
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Qt override: children of a node (only column 0 has children)."""
        if not parent.isValid():
            return len(self.tree.roots)
        if parent.column() != 0:
            return 0
        return len(parent.internalPointer().children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Qt override."""
        return COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        """Qt override: Vietnamese column titles and their tooltips."""
        if orientation != HORIZONTAL:
            return None
        column = Column(section)
        if role == DISPLAY:
            return HEADERS[column]
        if role == TOOLTIP:
            return HEADER_TIPS.get(column)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Qt override: score cells of typed leaves are editable."""
        if not index.isValid():
            return NO_FLAGS
        scenario = SCENARIO_OF.get(COLUMNS[index.column()])
        if scenario is not None and self.is_editable(index.internalPointer(), scenario):
            return FLAGS_EDIT
        return FLAGS_READ

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Qt override: Vietnamese text for display, raw Decimal for editing."""
        if role not in HANDLED_ROLES or not index.isValid():
            return None
        return self._data(index.internalPointer(), COLUMNS[index.column()], role)

    def multiData(self, index: Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N802
        """Qt override: the seven roles a painted cell asks for, in one call (Qt's default calls
        ``data`` once a role: seven calls into Python a cell)."""
        if not index.isValid():
            return
        node: Node = index.internalPointer()
        column = COLUMNS[index.column()]
        span = [roles] if isinstance(roles, QModelRoleData) else cast(Iterable[QModelRoleData], roles)
        for role_data in span:
            role = role_data.role()
            role_data.setData(self._data(node, column, role) if role in HANDLED_ROLES else None)

    def _data(self, node: Node, column: Column, role: int) -> Any:
        if role == DISPLAY:
            return self._display(node, column)
        if role == EDIT:
            value = self._number(node, column) if column in SCENARIO_OF else None
            return "" if value is None else format_number(value, places=4, trim=True)
        if role == ALIGN:
            return RIGHT if column in NUMERIC else None
        if role == FONT:
            if node.depth == 0:
                return BOLD
            return ITALIC if node.is_part else None
        if role == FOREGROUND:
            if column is Column.GAP:
                return GAP_FG
            if column in SCENARIO_OF and node.children:
                return COMPUTED_FG
            return MUTED_FG if node.key in self.assessment.excluded else None
        if role == BACKGROUND:
            return self._background(node, column)
        if role == DECORATION and column is Column.CODE:
            return self._icon(node)
        if role == TOOLTIP:
            return self._tooltip(node, column)
        if role == NODE_ROLE:
            return node
        if role == KEY_ROLE:
            return node.key
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:  # noqa: N802
        """Qt override: validate and store through the service; False (and ``refused``) if refused."""
        if role != EDIT or not index.isValid():
            return False
        scenario = SCENARIO_OF.get(COLUMNS[index.column()])
        if scenario is None:
            return False
        return self.set_value(index.internalPointer(), scenario, "" if value is None else str(value))

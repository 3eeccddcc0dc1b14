"""The main window: criteria tree with its summary bar, dashboard, detail panel and findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTime, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal, units_of

from .banner import read_only_banner
from .detail_panel import DetailPanel
from .findings_panel import FindingsList
from .ports import DocumentService, EditRecord, EditService
from .summary import SummaryBar
from .tree_filter import CriteriaFilter
from .tree_model import KEY_ROLE, Column, CriteriaModel
from .tree_view import CriteriaView
from .undo import BatchCommand, EditCommand, StepTips, TextCommand, UndoStack

__all__ = ["MainWindow"]

ALL_UNITS = "Tất cả đơn vị"


class MainWindow(QMainWindow):
    """One open assessment. ``actions`` (open/new/…) are callables supplied by the start-up module."""

    def __init__(
        self,
        service: EditService,
        path: Path,
        *,
        header_fields: Mapping[str, tuple[str, str]],
        open_other: Callable[[], None] | None = None,
        excel: Any = None,
        documents: DocumentService | None = None,
        sample: bool = False,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.sample = sample  # the bundled demo: said in the title and on a banner
        self.service = service
        self.path = Path(path)
        self.header_fields = header_fields
        self.open_other = open_other
        self.launcher: Any = None  # the start-up module's file opener, set by desktop.app
        # set by the start-up module: Thoát quits the app (its other windows too, every file closed),
        # and the window, once closed, says so (the app quits when its last main window closes)
        self.quit_app: Callable[[], None] | None = None
        self.when_closed: Callable[[MainWindow], None] | None = None
        self.before_close: list[Callable[[], object]] = []  # texts typed elsewhere (the appraisal tab)
        self.excel = excel  # columns(path), preview(path, mapping), apply(path, mapping), export(path)
        self.documents = documents
        self.undo_stack = UndoStack(self)  # a step the file refuses is said, and stays where it is
        self.model = CriteriaModel(service, self)
        self.tree_filter = CriteriaFilter(self.model.tree)
        self.view = CriteriaView(self.model, self.tree_filter)
        self.summary = SummaryBar(service.assessment)
        self.dashboard: Any = None  # built the first time its tab is opened (keeps start-up fast)
        self.detail = DetailPanel(self.model)
        self.evidence_panel: Any = None  # the evidence and history tabs are built on first use
        self.node_history: Any = None
        self.findings = FindingsList(service.assessment)
        # the side tabs follow the cursor and the values one event-loop turn behind the table, so
        # a typed value is on screen before the panel refills (and held keys refill it once)
        self._side_due = QTimer(self, singleShot=True, interval=0)
        self._side_due.timeout.connect(self._side_catch_up)
        self._build()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # a click or Tab into the side tabs finds them caught up
            app.focusChanged.connect(self._focus_changed)
        self.model.edited.connect(self._edited)
        self.model.refused.connect(self._refused)
        self.undo_stack.refused.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.findings.node_chosen.connect(self.select_key)
        self.view.told.connect(self._told)
        self.view.informed.connect(lambda message: self.statusBar().showMessage(message, 5000))
        self.view.inputs_wanted.connect(self._inputs_wanted)
        self.view.withdrawn.connect(self._withdrawn)
        self.detail.text_saved.connect(self._text_saved)
        self.model.support_changed.connect(self._support_changed)  # with the keys whose findings changed
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.expandToDepth(0)
        # the cursor starts in the table, on the first row's self-assessment, as a spreadsheet opens
        self.view.setCurrentIndex(self.view.model().index(0, Column.ACTUAL))
        self.view.setFocus()
        self._saved_at = ""
        self.attachments = QLabel()
        self.statusBar().addPermanentWidget(self.attachments)
        self._show_attachments()  # the summary and the findings were computed once, when built
        self._update_title()
        self._fit_screen()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo mã hoặc tên tiêu chí (không cần dấu)…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.search.textChanged.connect(self._search)
        self.unit_filter = QComboBox()
        self.unit_filter.addItem(ALL_UNITS, "")
        for unit in units_of(self.model.tree):  # the print dialog lists the same units
            self.unit_filter.addItem(unit, unit)
        self.unit_filter.setToolTip("Chỉ hiện các tiêu chí do đơn vị này chủ trì")
        self.unit_filter.setMaximumWidth(280)
        self.unit_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_filter.setMinimumContentsLength(14)
        self.unit_filter.currentIndexChanged.connect(self._filter_unit)

        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        if self.sample:
            banner = QLabel(
                "<b>BẢN MẪU</b> — dữ liệu minh họa (kế hoạch Đắk Nông 2022), không phải tệp của đơn vị. "
                "Để làm việc thật: Tệp → Mở hoặc tạo tệp khác…"
            )
            banner.setWordWrap(True)
            banner.setStyleSheet("background: #fff4d6; color: #5c3d00; padding: 4px; border: 1px solid #e0b44c;")
            table_layout.addWidget(banner)
            self.banner = banner
        if self.service.read_only:  # a read-only file, or another window edits it: said, with why
            self.read_only_banner = read_only_banner(self.service.read_only)
            table_layout.addWidget(self.read_only_banner)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.addTab(table_page, "Bảng tiêu chí")
        self.tabs.addTab(QWidget(), "Tổng quan")
        self.tabs.currentChanged.connect(self._tab_changed)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.side = QTabWidget()
        self.side.addTab(self.detail, "Chi tiết")
        self.side.addTab(QWidget(), "Minh chứng, nhận xét")
        self.side.addTab(QWidget(), "Lịch sử")
        self.side.currentChanged.connect(lambda _i: self._show_side(self._current_node()))
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        self.setCentralWidget(splitter)

        dock = QDockWidget("Phát hiện", self)
        dock.setObjectName("findings")
        dock.setWidget(self.findings)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.findings_dock = dock
        self._build_actions(dock)
        self._disable_edits(self.service.read_only)

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())  # triggered(bool) is no argument of ours
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self, dock: QDockWidget) -> None:
        # our own actions, not createUndoAction: Qt appends the step's name to that one's text,
        # which widened the toolbar and the window; the step is named in the tooltip instead
        stack = self.undo_stack
        undo = self._action("Hoàn tác", stack.undo, QKeySequence.StandardKey.Undo)
        redo = self._action("Làm lại", stack.redo)
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        for action, can in ((undo, stack.canUndoChanged), (redo, stack.canRedoChanged)):
            action.setEnabled(False)
            can.connect(action.setEnabled)
        expand = self._action("Mở rộng tất cả", self.view.expandAll)
        collapse = self._action("Thu gọn tất cả", self.view.collapseAll)
        find = self._action("Tìm kiếm", self.search.setFocus, QKeySequence.StandardKey.Find)
        settings = self._action("Thiết lập văn bản…", self.edit_settings)
        documents = self._action("Tài liệu kiểm chứng…", self.show_documents)
        history = self._action("Lịch sử thay đổi…", self.show_history)
        appraised = QAction("Hiện cột Thẩm định", self)
        appraised.setCheckable(True)
        appraised.toggled.connect(self._toggle_appraised)
        side = QAction("Khung chi tiết", self)
        side.setCheckable(True)
        side.setChecked(True)
        side.setShortcut(QKeySequence(Qt.Key.Key_F9))
        side.setToolTip("Ẩn hoặc hiện khung Chi tiết / Minh chứng / Lịch sử bên phải (F9)")
        side.toggled.connect(self.side.setVisible)
        self.actions_ = {"undo": undo, "redo": redo, "expand": expand, "collapse": collapse, "settings": settings}
        self.actions_["side"] = side

        menu = self.menuBar()
        print_pdf = self._build_file_menu(menu.addMenu("&Tệp"), [settings, documents, history])
        edit_menu = menu.addMenu("&Sửa")
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        edit_menu.addActions(self._cell_actions())
        edit_menu.addSeparator()
        edit_menu.addAction(find)
        view_menu = menu.addMenu("&Xem")
        view_menu.addActions([expand, collapse, appraised, side, dock.toggleViewAction()])

        bar = QToolBar("Công cụ")
        bar.setObjectName("tools")
        bar.setMovable(False)
        bar.addActions([undo, redo])
        bar.addSeparator()
        bar.addActions([expand, collapse, side])
        bar.addSeparator()
        bar.addWidget(self.search)
        bar.addWidget(QLabel("  Đơn vị chủ trì: "))
        bar.addWidget(self.unit_filter)
        bar.addSeparator()
        bar.addAction(settings)
        if print_pdf is not None:
            bar.addAction(print_pdf)
        self.addToolBar(bar)
        tips = {bar.widgetForAction(undo): stack.undoText, bar.widgetForAction(redo): stack.redoText}
        self._step_tips = StepTips(tips, self)

    def _disable_edits(self, reason: str) -> None:
        """A file open only for reading: every action that would change it is disabled, saying why
        (the banner says it too); typing in a cell is refused with the same reason."""
        for name in ("paste", "clear", "edit_cell", "settings", "import") if reason else ():
            if name in self.actions_:
                self.actions_[name].setEnabled(False)
                self.actions_[name].setToolTip(reason)

    def _cell_actions(self) -> list[QAction]:
        """Copy, paste and clear: in the Sửa menu and the table's context menu, keys active in the table."""
        from PySide6.QtGui import QGuiApplication

        copy = self._action("Sao chép ô", lambda: QGuiApplication.clipboard().setText(self.view.copy_text()))
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        paste = self._action("Dán (cột hoặc bảng số từ Excel)", self._paste, QKeySequence.StandardKey.Paste)
        clear = self._action("Xóa điểm các ô đã chọn", self.view.clear_selected, QKeySequence(Qt.Key.Key_Delete))
        edit = self._action("Sửa ô", lambda: self.view.edit(self.view.currentIndex()), QKeySequence(Qt.Key.Key_F2))
        actions = [edit, copy, paste, clear]
        for action in actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the search box keeps its own keys
            self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.actions_.update(copy=copy, paste=paste, clear=clear, edit_cell=edit)
        return actions

    def _build_file_menu(self, file_menu: Any, records: list[QAction]) -> QAction | None:
        """Open, settings and records, Excel, PDF, quit; returns the PDF action for the toolbar."""
        if self.open_other is not None:
            file_menu.addAction(self._action("Mở hoặc tạo tệp khác…", self.open_other, QKeySequence.StandardKey.Open))
        file_menu.addActions(records)
        if self.excel is not None:
            file_menu.addSeparator()
            self.actions_["import"] = self._action("Nhập điểm từ Excel…", self.import_excel)
            file_menu.addAction(self.actions_["import"])
            file_menu.addAction(self._action("Xuất Excel…", self.export_excel))
        print_pdf = None
        if self.documents is not None:
            print_pdf = self._action("In / Xuất PDF…", self.print_documents, QKeySequence.StandardKey.Print)
            self.actions_["print"] = print_pdf
            file_menu.addSeparator()
            file_menu.addAction(print_pdf)
        file_menu.addSeparator()
        quit_app = self._action("Thoát", self.quit)
        # Ctrl+Q on every system: Qt binds its standard Quit key on Linux and macOS only (none on
        # Windows, and none on the offscreen platform the tests run on)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        quit_app.setShortcuts(keys if QKeySequence("Ctrl+Q") in keys else [*keys, QKeySequence("Ctrl+Q")])
        self.actions_["quit"] = quit_app
        file_menu.addAction(quit_app)
        return print_pdf

    # ------------------------------------------------------------ reacting to edits

    def _edited(self, record: EditRecord) -> None:
        """One applied edit: every part follows from what it changed, nothing is recomputed whole."""
        if not self.model.replaying:
            self.undo_stack.push(EditCommand(self.model, record))
        self.summary.edited(record.scenario, record.changed, record.totals)
        self.findings.update_keys(record.findings)
        if self.dashboard is not None:
            self.dashboard.refresh_if_visible()
        self._side_due.start()
        self._saved_at = QTime.currentTime().toString("HH:mm:ss")
        self._update_title()
        self.statusBar().showMessage("Đã lưu vào tệp.", 3000)

    def _text_saved(self, key: str, field: str, old: str, new: str) -> None:
        from .detail_panel import TEXT_FIELDS

        label = next(text for name, text, _scenario in TEXT_FIELDS if name == field)
        write = lambda text: self.detail.restore_text(key, field, text)  # noqa: E731
        self.undo_stack.push(TextCommand(f"Sửa {label.lower()} {self.model.tree.by_key[key].label}", write, old, new))

    def record_text(self, text: str, write: Any, old: str, new: str) -> None:
        """A text saved elsewhere (the appraisal tab's giải trình): one undo step."""
        self.undo_stack.push(TextCommand(text, write, old, new))

    def _support_changed(self, keys: Any = None) -> None:
        """Evidence or an explanation changed (``keys`` whose findings follow), or everything (None)."""
        if keys is None:
            self.summary.refresh()
            self.findings.refresh()
        else:
            self.summary.refresh(())
            self.findings.update_keys(keys)
        self.detail.refresh_scores()
        self._show_attachments()

    def _show_attachments(self) -> None:
        from .evidence_list import LARGE_BYTES, size_text

        size = self.service.evidence.attachments_size()
        warn = " — lớn, khó gửi qua thư điện tử" if size > LARGE_BYTES else ""
        self.attachments.setText(f"Tệp đính kèm: {size_text(size) if size else 'chưa có'}{warn}")

    def _refused(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.view.show_refusal(message)

    def _update_title(self) -> None:
        saved = f"đã lưu lúc {self._saved_at}" if self._saved_at else "đã lưu"
        saved = "chỉ xem" if self.service.read_only else saved  # the banner says why
        unit = self.service.meta.get("unit", "")
        prefix = "BẢN MẪU — " if self.sample else ""
        # ending with the product's name: Qt appends the application's display name to a title
        # that does not end with it ("… (đã lưu) — PAR Desk" read "… — PAR Desk (đã lưu) — PAR Desk")
        self.setWindowTitle(f"{prefix}{self.path.name} ({saved}) — {unit} — PAR Desk")

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.dashboard is None:
            from .dashboard import Dashboard

            self.dashboard = Dashboard(self.service.assessment)
            # scrolled when the window is shorter than the bars and both tables need: its minimum
            # height (731 px with the window around it) grew the window past a 720 px screen
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(self.dashboard)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(1)
            self.tabs.insertTab(1, page, "Tổng quan")
            self.tabs.setCurrentIndex(1)
            self.tabs.blockSignals(False)

    def _current_node(self) -> Any:
        current = self.view.currentIndex()
        return self.model.node(self.view.source_index(current)) if current.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._side_due.start()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self._side_due.isActive() and self.side.isAncestorOf(new):
            self._side_catch_up()

    def _side_catch_up(self) -> None:
        """The side tabs show the current row with its latest values (see ``_side_due``)."""
        self._side_due.stop()
        node = self._current_node()
        if node is self.detail.node:
            self.detail.refresh_scores()
        else:
            self._show_side(node)

    def _side_tab(self, index: int, widget: QWidget) -> Any:
        """Put a side tab built on first use in its placeholder's place."""
        self.side.blockSignals(True)
        text = self.side.tabText(index)
        self.side.removeTab(index)
        self.side.insertTab(index, widget, text)
        self.side.setCurrentIndex(index)
        self.side.blockSignals(False)
        return widget

    def _show_side(self, node: Any) -> None:
        """Fill only the visible side tab: history and evidence are read when looked at."""
        self.detail.show_node(node)
        index = self.side.currentIndex()
        if index == 1:
            if self.evidence_panel is None:
                from .evidence_panel import EvidencePanel

                self.evidence_panel = self._side_tab(1, EvidencePanel(self.model))
            self.evidence_panel.show_node(node)
        elif index == 2:
            if self.node_history is None:
                from .history import HistoryTable

                self.node_history = self._side_tab(2, HistoryTable(compact=True, settings=self._setting_labels()))
            keys = [node.key, *(c.key for c in node.children if c.is_part)] if node else []
            rows = [r for key in keys for r in self.service.audit(key)]
            self.node_history.show_rows(sorted(rows, key=lambda r: int(r["id"])), self._document_names())

    def import_excel(self, path: str | Path | None = None) -> bool:
        from . import dialogs
        from .import_dialog import ImportDialog

        if path is None:
            path = dialogs.open_path(self, "Chọn bảng Excel", "Bảng Excel (*.xlsx *.xlsm)")
            if path is None:
                return False
        try:
            columns, mapping = self.excel.columns(Path(path))
        except Refusal as exc:
            dialogs.warn(self, "Không đọc được bảng", str(exc))
            return False
        steps: list[Any] = []

        def apply(mapping: Any) -> list[str]:
            lines, batch = self.excel.apply(Path(path), mapping)
            steps.append(batch)
            return list(lines)

        dialog = ImportDialog(columns, mapping, lambda m: self.excel.preview(Path(path), m), apply, self)
        if not dialog.exec():
            return False
        if steps and steps[-1] is not None and not steps[-1].empty:
            self.undo_stack.push(BatchCommand(f"Nhập điểm từ {Path(path).name}", steps[-1], self._replay_batch))
        self._many_changed()
        self.statusBar().showMessage(dialog.result_lines[0] if dialog.result_lines else "Đã nhập.", 10000)
        return True

    def _replay_batch(self, batch: Any, field: str) -> None:
        """Undo or redo an import: its changes written back as one step, the window refreshed; a
        ``Refusal`` goes to the undo stack, which says it and keeps the step where it was."""
        self.service.apply_batch(batch, field)
        self._many_changed()
        self.statusBar().showMessage("Đã hoàn tác lần nhập." if field == "undo" else "Đã nhập lại.", 5000)

    def _many_changed(self) -> None:
        """Values, texts and lead units changed at once: the table reset, the officer's tree (the rows
        she had expanded, her cursor) kept, every summary recomputed."""
        expanded = self.view.expanded_keys()
        current = self.view.currentIndex()
        key, column = (current.data(KEY_ROLE), current.column()) if current.isValid() else (None, 0)
        self.model.reload()
        self.detail.forget_texts()
        for node_key in expanded:
            self.view.setExpanded(self.view.view_index(self.model.index_for_key(node_key)), True)
        if key is not None:
            self.view.setCurrentIndex(self.view.view_index(self.model.index_for_key(key, column)))
        self._filter(lambda: self.tree_filter.set_unit(self.unit_filter.currentData() or ""))  # leads may be new
        self._support_changed()
        if self.dashboard is not None:
            self.dashboard.refresh_if_visible()
        self._saved_at = QTime.currentTime().toString("HH:mm:ss")
        self._update_title()

    def export_excel(self, path: str | Path | None = None) -> bool:
        from . import dialogs

        if path is None:
            path = dialogs.save_path(self, "Xuất Excel", "Bảng Excel (*.xlsx)", f"{self.path.stem}.xlsx")
            if path is None:
                return False
        try:
            self.excel.export(Path(path))
        except (Refusal, OSError) as exc:
            dialogs.warn(self, "Không xuất được", str(exc))
            return False
        self.statusBar().showMessage(f"Đã xuất {path}.", 10000)
        return True

    def print_documents(self) -> Any:
        """Open "In / Xuất PDF" (returns the dialog, shown modal unless under test)."""
        from .print_dialog import PrintDialog

        assert self.documents is not None
        from .dialogs import documents_folder

        dialog = PrintDialog(self.documents, documents_folder(), self.edit_settings, self, self.service.read_only)
        dialog.open()
        return dialog

    def show_documents(self) -> None:
        from .evidence_list import EvidenceListDialog

        labels = {n.key: n.label for n in self.model.tree}
        book = self.service.evidence
        EvidenceListDialog(book.documents(), book.attachments_size(), labels, self).exec()

    def show_history(self) -> None:
        from .history import HistoryDialog

        rows = self.service.audit()
        HistoryDialog(rows, self, settings=self._setting_labels(), documents=self._document_names()).exec()

    def _document_names(self) -> dict[str, str]:
        """Documents by id as the history names them: their number ("12/KH-STP")."""
        return {str(doc.id): doc.number or doc.title for doc in self.service.evidence.documents()}

    def _setting_labels(self) -> dict[str, str]:
        return {key: label for key, (label, _example) in self.header_fields.items()}

    # ------------------------------------------------------------ commands

    def select_key(self, key: str) -> None:
        """Show a node: clear filters hiding it, expand its ancestors, select its self-assessment cell."""
        index = self.model.index_for_key(key, Column.ACTUAL)
        if not self.view.is_key_shown(key):
            self.search.clear()
            self.unit_filter.setCurrentIndex(0)
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.tabs.setCurrentIndex(0)
        self._side_catch_up()  # a jump (a finding chosen): the panel shows it at once

    def _search(self, text: str) -> None:
        self._filter(lambda: self.tree_filter.set_search(text))

    def _filter_unit(self) -> None:
        unit = self.unit_filter.currentData() or ""
        self._filter(lambda: self.tree_filter.set_unit(unit))
        QSettings().setValue("filter/unit", unit)

    def _filter(self, change: Callable[[], None]) -> None:
        """Filter keeping the officer's tree: expansion restored when cleared; a hidden row leaves the panel."""
        self.view.filter_changing()
        change()
        self.view.filter_changed()
        self._show_side(self._current_node())

    def _withdrawn(self, message: str) -> None:
        if self.statusBar().currentMessage() == message:
            self.statusBar().clearMessage()

    def _told(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.view.show_refusal(message)

    def _inputs_wanted(self, key: str, scenario: Any) -> None:
        self._side_catch_up()
        self.side.setCurrentIndex(0)
        self.detail.focus_input(scenario)

    def _toggle_appraised(self, shown: bool) -> None:
        self.view.setColumnHidden(Column.APPRAISED, not shown)

    def _paste(self) -> None:
        from PySide6.QtGui import QGuiApplication

        filled, refusals = self.view.paste(QGuiApplication.clipboard().text())
        if not filled and not refusals:
            return  # nothing to paste here, or the view said why at the cell
        message = f"Đã dán {filled} ô."
        if refusals:
            message += f" Không nhận {len(refusals)} ô: {refusals[0]}"
        self.statusBar().showMessage(message, 10000)

    def edit_settings(self) -> bool:
        values = dict(self.service.settings())
        from scoring.dates import parse_date, short_date

        for key in ("doc_date", "report_date"):
            if values.get(key):
                values[key] = short_date(parse_date(values[key]))  # shown as 05/02/2026
        machine = QSettings()
        for key in self.header_fields:
            if not values.get(key):
                values[key] = str(machine.value(f"header/{key}", "") or "")

        def save(new: dict[str, str]) -> None:
            self.service.save_settings(new)
            for key in (
                "parent_agency",
                "issuing_agency",
                "place",
                "signer_authority",
                "signer_title",
                "signer_name",
                "recipients",
                "archive",
                "user",
                "doc_symbol",
                "report_symbol",
            ):
                if new.get(key):
                    machine.setValue(f"header/{key}", new[key])

        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.header_fields, values, save, self)
        return bool(dialog.exec())

    def _fit_screen(self) -> None:
        """Start within the screen's free area (a 1366 × 768 laptop, or 1920 × 1080 at 150 %)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 1520, 900
        if area is not None:
            # room for the window's frame and title bar, which the system adds outside this size
            width, height = min(width, area.width() - 16), min(height, area.height() - 40)
            self.move(area.left() + (area.width() - width) // 2, area.top())
        self.resize(width, height)
        side = max(340, min(420, width // 4))
        self.splitter.setSizes([width - side, side])

    def showEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: docks can only be sized once the window has its size; the table starts at its
        left edge (the start cursor must not scroll the codes out of sight)."""
        super().showEvent(event)
        self.view.horizontalScrollBar().setValue(0)
        self.resizeDocks([self.findings_dock], [110], Qt.Orientation.Vertical)

    def quit(self) -> None:
        """Thoát (Ctrl+Q): the whole app, not only this window (the inbox and a comparison left open
        kept the process, the file and its lock alive)."""
        if self.quit_app is not None:
            self.quit_app()
        else:
            self.close()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: save texts still being typed, here and in the tabs added to the window (the
        appraisal tab's reason and giải trình); the side tabs need not catch up any more."""
        self._side_due.stop()
        self.detail.flush()
        for save in self.before_close:
            save()
        super().closeEvent(event)
        if event.isAccepted() and self.when_closed is not None:
            self.when_closed(self)

"""The exchange with Sở Nội vụ in the main window: the "Trao đổi" menu, the "Thẩm định" tab and the round
in the status bar, added to a built window (``install``) so the window's own code stays as it is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from scoring import Refusal, Scenario

from .ports import ExchangeService

__all__ = ["ExchangeMenu", "UndoableTexts", "install"]

TAB = "Thẩm định"


class UndoableTexts:
    """The exchange service as the appraisal tab sees it: a saved reason or giải trình is one step
    of the window's Hoàn tác (every other call goes to ``service`` as it is)."""

    def __init__(self, service: ExchangeService, window: Any) -> None:
        self.service = service
        self.window = window
        self.view: Any = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    def set_reason(self, key: str, text: str) -> None:
        self._save(key, text, "reason", "lý do trừ điểm")

    def set_response(self, key: str, text: str) -> None:
        self._save(key, text, "response", "giải trình")

    def _save(self, key: str, text: str, field: str, label: str) -> None:
        write = self.service.set_reason if field == "reason" else self.service.set_response
        old = next((str(getattr(r, field) or "") for r in self.service.rows() if r.key == key), "")
        write(key, text)
        if old == text.strip():
            return

        def replay(value: str) -> None:
            try:
                write(key, value)
            except Refusal as exc:  # said where she typed it; the undo stack keeps the step in place
                if self.view is not None:
                    self.view.message.setText(str(exc))
                raise
            if self.view is not None:
                self.view.refresh()
                self.view.select_key(key)

        self.window.record_text(f"Sửa {label} {key}", replay, old, text.strip())


class ExchangeMenu:
    """What ``install`` added to ``window``; ``open_file(path)`` opens a working copy in its place,
    ``open_desk()`` shows Sở Nội vụ's inbox."""

    def __init__(
        self,
        window: Any,
        service: ExchangeService,
        open_file: Callable[[Path], Any] | None,
        open_desk: Callable[[], Any] | None,
    ) -> None:
        self.window = window
        self.service = service
        self.open_file = open_file
        self.open_desk = open_desk
        self.view: Any = None
        self.dialog: Any = None
        self._side_hidden = False  # the detail panel, set aside while the appraisal tab has the room
        self._undo_closed = False  # sending closed the round: the undo steps went with it
        self.round = QLabel()
        window.statusBar().addPermanentWidget(self.round)
        self.tab_index = window.tabs.addTab(QWidget(), TAB)
        window.tabs.currentChanged.connect(self._tab_changed)
        window.model.edited.connect(lambda _record: self._refresh_view())
        window.before_close.append(self.keep_typed)  # closing the window saves them too
        self.actions = self._menu()
        if window.service.read_only:  # sending writes the next round into the file: not from here
            self.actions["pack"].setEnabled(False)
            self.actions["pack"].setToolTip(window.service.read_only)
        self.update()
        if service.is_council() or service.may("response"):
            window.view.setColumnHidden(_appraised_column(), False)

    def _menu(self) -> dict[str, QAction]:
        menu = self.window.menuBar().addMenu("T&rao đổi")
        council = self.service.is_council()
        found: dict[str, QAction] = {}
        items = [("pack", "Gửi kết quả cho đơn vị…" if council else "Gửi Sở Nội vụ…", self.pack)]
        if not council:
            items.append(("receive", "Mở tệp Sở Nội vụ gửi lại…", self.receive))
        items.append(("appraisal", "Xem thẩm định, giải trình", self.show_appraisal))
        if self.open_desk is not None:
            items.append(("desk", "Sở Nội vụ: hộp thư nhận tệp…", self.open_desk))
        for name, text, slot in items:
            action = QAction(text, self.window)
            action.triggered.connect(lambda _checked=False, act=slot: act())  # triggered(bool) is no path
            menu.addAction(action)
            found[name] = action
        return found

    def update(self) -> None:
        self.round.setText(f"Vòng: {self.service.round_text()}")

    # ------------------------------------------------------------ the tab

    def show_appraisal(self) -> Any:
        self.window.tabs.setCurrentIndex(self.tab_index)
        return self.view

    def _tab_changed(self, index: int) -> None:
        self._make_room(index == self.tab_index)
        if index != self.tab_index or self.view is not None:
            return
        from .appraisal_view import AppraisalView

        texts = UndoableTexts(self.service, self.window)
        self.view = texts.view = AppraisalView(texts, self._set_appraised)
        self.view.changed.connect(self.window.findings.refresh)
        tabs = self.window.tabs
        tabs.blockSignals(True)
        tabs.removeTab(index)
        tabs.insertTab(index, self.view, TAB)
        tabs.setCurrentIndex(index)
        tabs.blockSignals(False)

    def _make_room(self, appraising: bool) -> None:
        """The appraisal tab has its own texts below its table: the detail panel makes way for its
        columns while it is shown, and comes back (if it was there) when another tab is."""
        side = self.window.actions_.get("side")
        if side is None:
            return
        if appraising and side.isChecked():
            side.setChecked(False)
            self._side_hidden = True
        elif not appraising and self._side_hidden:
            side.setChecked(True)
            self._side_hidden = False

    def keep_typed(self) -> None:
        """A reason or giải trình typed and not saved is saved (closing the window, sending)."""
        if self.view is not None:
            self.view.keep_typed()

    def _set_appraised(self, key: str, text: str) -> str:
        """Through the window's model: undone, saved, totalled and refused like any typed score."""
        model = self.window.model
        node = model.tree.by_key[key]
        if model.set_value(node, Scenario.APPRAISED, text):
            return ""
        return str(getattr(model, "last_refusal", "") or "Không ghi được điểm thẩm định.")

    def _refresh_view(self) -> None:
        if self.view is not None:
            self.view.refresh()

    # ------------------------------------------------------------ sending and receiving

    def pack(self) -> Any:
        """Open the pack dialog (modal unless under test); returns it."""
        from .dialogs import documents_folder
        from .pack_dialog import PackDialog

        self.keep_typed()  # a reason typed and not saved goes with the file, not after it

        # Documents, where she finds it to attach: not beside a working copy (the council's lies in
        # its inbox folder, where the file it sends back would be listed as received) or the demo's
        before = self.service.round_text()
        self.dialog = PackDialog(self.service, documents_folder(), self.window)
        self.dialog.sent.connect(lambda: self._sent(before))
        self.dialog.finished.connect(lambda _code: self._after_pack())
        self.dialog.open()
        return self.dialog

    def _sent(self, before: str) -> None:
        """Sending closed the round ``before``: what was done in it cannot be undone any more (the
        file refuses it), so Hoàn tác must not offer it."""
        if self.service.round_text() != before:
            self.window.undo_stack.clear()
            self._undo_closed = True
        self.update()

    def _after_pack(self) -> None:
        self.update()
        self._refresh_view()
        closed = " Những thay đổi trước khi gửi không hoàn tác được nữa." if self._undo_closed else ""
        self._undo_closed = False
        self.window.statusBar().showMessage(f"Vòng: {self.service.round_text()}.{closed}", 10000)

    def receive(self, path: str | Path | None = None) -> Any:
        """Open the file Sở Nội vụ sent back: a working copy is made beside it and opened here."""
        from . import dialogs

        if path is None:
            path = dialogs.open_path(self.window, "Tệp Sở Nội vụ gửi lại", "Tệp đánh giá (*.sqlite)")
            if path is None:
                return None
        try:
            working = self.service.receive(Path(path))
        except Refusal as exc:
            dialogs.warn(self.window, "Không nhận được tệp", str(exc))
            return None
        return self.open_file(working) if self.open_file is not None else working


def _appraised_column() -> int:
    from .tree_model import Column

    return int(Column.APPRAISED)


def install(
    window: Any,
    service: ExchangeService,
    *,
    open_file: Callable[[Path], Any] | None = None,
    open_desk: Callable[[], Any] | None = None,
) -> ExchangeMenu:
    """Add the exchange to a main window (kept on it as ``window.exchange``)."""
    menu = ExchangeMenu(window, service, open_file, open_desk)
    window.exchange = menu
    return menu

"""In / Xuất PDF: choose the document, see every page as it will print, then save the PDF to sign."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal

from .document_texts import DocumentTextsDialog
from .ports import DocumentService
from .rich import plain

__all__ = ["PrintDialog"]

_ALL = ""


class _Signals(QObject):
    done = Signal(int, object)


class _PreviewJob(QRunnable):
    """Runs a thread-safe preview (its own file connection) and hands back pages or the exception."""

    def __init__(self, generation: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.generation = generation
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            outcome = self.work()
        except BaseException as exc:  # noqa: BLE001 - carried to the UI thread: refusal shown, bug re-raised
            outcome = exc
        self.signals.done.emit(self.generation, outcome)


class PrintDialog(QDialog):
    """``edit_settings()`` opens the header settings (returns True when saved).

    The dialog shows at once; the preview is laid out and rendered afterwards, off the UI thread
    when ``documents`` has ``preview_worker(kind, lead)`` (a callable safe in another thread).
    """

    preview_ready = Signal()

    def __init__(
        self,
        documents: DocumentService,
        folder: Path,
        edit_settings: Callable[[], bool] | None = None,
        parent: Any = None,
        read_only: str = "",
    ) -> None:
        super().__init__(parent)
        self.read_only = read_only  # why the file cannot be written here ("" when it can)
        self.setWindowTitle("In / Xuất PDF")
        self.setObjectName("print_dialog")
        self.documents = documents
        self.folder = Path(folder)
        self.edit_settings = edit_settings
        self.saved_path: Path | None = None
        self.preview_done = False
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one layout at a time: reportlab keeps global state
        self._build()
        self._fit_screen()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.addWidget(self._side_panel())
        layout.addWidget(self._preview_area(), 1)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.lead.currentIndexChanged.connect(self.refresh)

    def _side_panel(self) -> QWidget:
        side = QVBoxLayout()
        side.addWidget(QLabel("Văn bản:"))
        self.kind = QComboBox()
        for kind_id, label in self.documents.kinds():
            self.kind.addItem(label, kind_id)
        side.addWidget(self.kind)
        side.addWidget(QLabel("Phụ lục gồm:"))
        self.lead = QComboBox()
        self.lead.addItem("Tất cả lĩnh vực, tiêu chí", _ALL)
        for name in self.documents.leads():
            self.lead.addItem(f"Các tiêu chí do {name} chủ trì", name)
        side.addWidget(self.lead)
        texts = QPushButton("Sửa nội dung văn bản…")
        texts.clicked.connect(self.edit_texts)
        side.addWidget(texts)
        self.edit_buttons = [texts]  # what writes into the file: off, saying why, in a window that only reads it
        if self.edit_settings is not None:
            settings = QPushButton("Thiết lập văn bản (số, ngày, người ký…)…")
            settings.clicked.connect(self._settings)
            side.addWidget(settings)
            self.edit_buttons.append(settings)
        for button in self.edit_buttons if self.read_only else ():
            button.setEnabled(False)
            button.setToolTip(self.read_only)
        self.problem = plain(QLabel())
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #1f2933;")  # notices the officer must read: full contrast
        side.addWidget(self.problem)
        side.addWidget(self.notes)
        side.addStretch(1)
        self.save_button = QPushButton("Lưu PDF…")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save_clicked)
        self.open_button = QPushButton("Mở tệp PDF vừa lưu")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_saved)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        for button in (self.save_button, self.open_button, close):
            side.addWidget(button)
        panel = QWidget()
        panel.setLayout(side)
        panel.setFixedWidth(300)
        return panel

    def _preview_area(self) -> QScrollArea:
        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages.setSpacing(12)
        sheet = QWidget()
        sheet.setLayout(self.pages)
        sheet.setStyleSheet("background: #8a8f98;")
        self.preview_area = QScrollArea()
        self.preview_area.setWidget(sheet)
        self.preview_area.setWidgetResizable(True)
        return self.preview_area

    def _fit_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 1120, 820
        if area is not None:
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(width, height)

    # ------------------------------------------------------------ state

    @property
    def kind_id(self) -> str:
        return str(self.kind.currentData())

    @property
    def lead_name(self) -> str | None:
        value = self.lead.currentData()
        return str(value) if value and self.kind_id != "report" else None

    def page_count(self) -> int:
        return self.pages.count()

    def refresh(self) -> None:
        """Check the settings, then build the preview after the dialog is painted (off the UI thread
        when the service offers ``preview_worker``); pages appear when ready (``preview_done``)."""
        self.lead.setEnabled(self.kind_id != "report")
        self._clear_pages()
        self._generation += 1
        self.preview_done = False
        missing = self.documents.missing(self.kind_id)
        self.problem.setText(missing + (" Bấm “Thiết lập văn bản…” để điền." if missing else ""))
        self.save_button.setEnabled(False)
        if missing:
            self.notes.setText("")
            self.preview_done = True
            return
        self.notes.setText("Đang dựng bản xem trước…")
        generation, kind, lead = self._generation, self.kind_id, self.lead_name
        worker = getattr(self.documents, "preview_worker", None)
        if worker is None:  # a service bound to this thread: after the first paint, here
            QTimer.singleShot(0, lambda: self._run_here(generation, kind, lead))
            return
        job = _PreviewJob(generation, worker(kind, lead))
        job.signals.done.connect(self._show_preview)  # a method: no call once the dialog is gone
        self._pool.start(job)

    def _run_here(self, generation: int, kind: str, lead: str | None) -> None:
        if generation != self._generation:
            return
        try:
            outcome: Any = self.documents.preview(kind, lead)
        except Refusal as exc:
            outcome = exc
        self._show_preview(generation, outcome)

    def _show_preview(self, generation: int, outcome: Any) -> None:
        """Pages, a refusal, or a bug (raised here, in the UI thread, for the crash handler)."""
        if generation != self._generation:
            return  # the officer chose another document meanwhile
        self.preview_done = True
        if isinstance(outcome, Refusal):
            self.problem.setText(str(outcome))
            self.notes.setText("")
            return
        if isinstance(outcome, BaseException):
            raise outcome
        images, warnings = outcome
        for image in images:
            self._add_page(image)
        self.notes.setText("\n".join([f"{len(images)} trang.", *warnings]))
        self.save_button.setEnabled(True)
        self.preview_ready.emit()

    def wait_preview(self, timeout_ms: int = 60_000) -> None:
        """Block (running events) until the preview is in: for tests and benchmarks."""
        if not self.preview_done:
            loop = QEventLoop()
            self.preview_ready.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            while not self.preview_done:
                loop.exec()

    def _clear_pages(self) -> None:
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _add_page(self, image: Any) -> None:
        qimage = QImage(image.pixels, image.width, image.height, image.stride, QImage.Format.Format_RGB32)
        pixmap = QPixmap.fromImage(qimage.copy())  # copy: Qt does not keep the bytes alive
        label = QLabel()
        label.setPixmap(pixmap)
        label.setFixedSize(pixmap.size())
        label.setStyleSheet("background: white; border: 1px solid #555;")
        self.pages.addWidget(label)

    # ------------------------------------------------------------ actions

    def edit_texts(self) -> bool:
        dialog = DocumentTextsDialog(self.documents.texts(), self.documents.save_text, self)
        if not dialog.exec():
            return False
        self.refresh()
        return True

    def _settings(self) -> None:
        if self.edit_settings is not None and self.edit_settings():
            self.refresh()

    def _save_clicked(self) -> None:
        self.save()

    def save(self, path: str | Path | None = None) -> bool:
        """Save the PDF (asking where, unless ``path`` is given); the message says what happened."""
        if path is None:
            from .dialogs import save_path

            suggested = self.folder / self.documents.suggested_name(self.kind_id)
            kind = "Word" if suggested.suffix == ".docx" else "PDF"  # the plan's Word copy is saved here too
            path = save_path(self, f"Lưu {kind}", f"Tệp {kind} (*{suggested.suffix})", suggested)
            if path is None:
                return False
        suffix = Path(self.documents.suggested_name(self.kind_id)).suffix
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages, warnings = self.documents.save(self.kind_id, target, self.lead_name)
        except Refusal as exc:
            self.problem.setText(str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.saved_path = target
        self.problem.setText("")
        self.notes.setText("\n".join([f"Đã lưu {target}" + (f" ({pages} trang)." if pages else "."), *warnings]))
        self.open_button.setEnabled(True)
        return True

    def _open_saved(self) -> None:
        if self.saved_path is not None:
            from .dialogs import open_in_system

            open_in_system(self, Path(self.saved_path), "tệp")

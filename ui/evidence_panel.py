"""Evidence and comments of the selected criterion: add, link, unlink, open; notes apart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from scoring import Node, Refusal

from .document_dialog import DocumentDialog
from .evidence_list import size_text
from .history_text import shown_time
from .rich import esc, plain
from .tree_model import CriteriaModel
from .worker import run_with_progress

__all__ = ["EvidencePanel"]

ID = Qt.ItemDataRole.UserRole


def _document_line(doc: Any) -> str:
    """ "12/KH-STP ngày 05/02/2026 của UBND tỉnh — Kế hoạch …": number, date, issuer, title."""
    text = doc.number or "(không số)"
    if doc.date:
        year, month, day = doc.date.split("-")
        text += f" ngày {day}/{month}/{year}"
    if doc.issuer:
        text += f" của {doc.issuer}"
    return f"{text} — {doc.title}" if doc.title else text


class EvidencePanel(QWidget):
    """Shows one node's documents and comments; every action is saved at once."""

    def __init__(self, model: CriteriaModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self.book = model.service.evidence
        self.node: Node | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        docs = QGroupBox("Tài liệu kiểm chứng")
        docs_layout = QVBoxLayout(docs)
        self.documents = QListWidget()
        self.documents.setWordWrap(True)
        self.documents.itemActivated.connect(lambda _item: self.open_file())
        docs_layout.addWidget(self.documents)
        buttons = QHBoxLayout()
        self.edit_buttons: list[QPushButton] = []
        for text, tip, slot in (
            ("Thêm…", "Thêm tài liệu mới (có thể đính kèm tệp)", self.add_document),
            ("Liên kết…", "Liên kết một tài liệu đã có với tiêu chí này", self.link_existing),
            ("Bỏ liên kết", "Bỏ liên kết tài liệu đang chọn khỏi tiêu chí này", self.unlink),
            ("Mở tệp", "Mở tệp đính kèm bằng chương trình của máy", self.open_file),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if slot != self.open_file:
                self.edit_buttons.append(button)
        docs_layout.addLayout(buttons)
        layout.addWidget(docs)
        notes = QGroupBox("Nhận xét")  # a short title: a long one set the side panel's minimum width
        notes.setToolTip("Nhận xét của chuyên viên, của Sở Nội vụ — không phải giải trình")
        notes_layout = QVBoxLayout(notes)
        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        self.comment_text = QPlainTextEdit()
        self.comment_text.setPlaceholderText("Viết nhận xét…")
        self.comment_text.setFixedHeight(60)
        row = QHBoxLayout()
        add = QPushButton("Thêm nhận xét")
        add.clicked.connect(self.add_comment)
        remove = QPushButton("Xóa nhận xét")
        remove.clicked.connect(self.remove_comment)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        for widget in (self.comments, self.comment_text):
            notes_layout.addWidget(widget)
        notes_layout.addLayout(row)
        layout.addWidget(notes)
        self.message = plain(QLabel())
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.edit_buttons += [add, remove]
        self._read_only(model.service.read_only)
        self.show_node(None)

    def _read_only(self, reason: str) -> None:
        """A file open only for reading: nothing here may change it (opening a file still works)."""
        for button in self.edit_buttons if reason else ():
            button.setEnabled(False)
            button.setToolTip(reason)
        self.comment_text.setReadOnly(bool(reason))

    # ------------------------------------------------------------ showing

    def show_node(self, node: Node | None) -> None:
        self.node = node.parent if node is not None and node.is_part else node
        self.setEnabled(self.node is not None)
        self.message.clear()
        self.reload()

    def reload(self) -> None:
        self.documents.clear()
        self.comments.clear()
        node = self.node
        if node is None:
            self.heading.setText("Chọn một tiêu chí để xem tài liệu kiểm chứng.")
            return
        self.heading.setText(f"<b>{esc(node.label)}. {esc(node.title)}</b>")
        for doc in self.book.for_node(node.key):
            # words, not a paper-clip emoji: a font without the glyph shows it as a box
            attached = ""
            if doc.file_name:
                left_out = "" if doc.file_included else ", không kèm trong tệp này"
                attached = f" — tệp đính kèm: {doc.file_name} ({size_text(doc.file_size or 0)}{left_out})"
            text = _document_line(doc) + attached
            item = QListWidgetItem(text)
            item.setData(ID, doc.id)
            self.documents.addItem(item)
        for comment in self.book.comments(node.key):
            item = QListWidgetItem(f"{comment.author} ({shown_time(comment.created)}): {comment.text}")
            item.setData(ID, comment.id)
            self.comments.addItem(item)

    def _current_document(self) -> Any:
        item = self.documents.currentItem()
        if item is None:
            return None
        return next((d for d in self.book.documents() if d.id == item.data(ID)), None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1e6b34;")
        self.message.setText(text)

    def _changed(self) -> None:
        self.reload()
        if self.node is not None:
            self.model.evidence_changed([self.node.key])

    # ------------------------------------------------------------ documents

    def add_document(self) -> None:
        node = self.node
        if node is None:
            return
        dialog = DocumentDialog(lambda values: self.book.check(values)[1], parent=self)
        if not dialog.exec():
            return
        sha = None
        if dialog.file_path is not None:
            path = dialog.file_path
            key = node.key  # refused before the bytes are written, when this criterion may take no document
            result, error = run_with_progress(
                self,
                f"Đang đính kèm {path.name}…",
                lambda progress: self.model.service.attach_file(path, progress, for_key=key),
            )
            if error:
                self._say(error, error=True)
                return
            sha = result.sha256
        try:
            self.book.add(dialog.values(), blob_sha256=sha, link_to=node.key)
        except Refusal as exc:
            self._say(str(exc), error=True)
            return
        self._changed()
        self._say("Đã lưu tài liệu kiểm chứng.")

    def link_existing(self) -> None:
        node = self.node
        if node is None:
            return
        candidates = [d for d in self.book.documents() if node.key not in d.criteria]
        if not candidates:
            self._say("Chưa có tài liệu nào khác để liên kết.", error=True)
            return
        labels = [d.label() for d in candidates]
        choice, ok = QInputDialog.getItem(self, "Liên kết tài liệu", "Tài liệu:", labels, 0, False)
        if ok and choice:
            self.book.link(node.key, candidates[labels.index(choice)].id)
            self._changed()

    def unlink(self) -> None:
        doc = self._current_document()
        if doc is None or self.node is None:
            self._say("Hãy chọn một tài liệu trong danh sách.", error=True)
            return
        self.book.unlink(self.node.key, doc.id)
        self._changed()

    def open_file(self) -> None:
        doc = self._current_document()
        if doc is None or not doc.blob_sha256:
            self._say("Tài liệu này không có tệp đính kèm.", error=True)
            return
        try:
            path = self.model.service.attachment_copy(doc.blob_sha256)
        except Refusal as exc:
            self._say(str(exc), error=True)
            return
        from .dialogs import open_in_system

        open_in_system(self, path, "tệp đính kèm", doc.file_name or "")

    # ------------------------------------------------------------ comments

    def add_comment(self) -> None:
        if self.node is None:
            return
        try:
            self.book.add_comment(self.node.key, self.comment_text.toPlainText())
        except Refusal as exc:
            self._say(str(exc), error=True)
            return
        self.comment_text.clear()
        self.reload()

    def remove_comment(self) -> None:
        item = self.comments.currentItem()
        if item is not None:
            self.book.remove_comment(item.data(ID))
            self.reload()

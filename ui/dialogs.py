"""File choosers and messages, in one place: they start in the user's Documents folder.

Every widget asks for a path through ``open_path``/``save_path``/``folder_path`` and says things
with ``inform``/``warn``, so tests replace these functions with fakes and drive every action.
Qt's own widget dialog is used (not the system's), with the texts from ``ui.qt_texts``, so the
officer reads Vietnamese whatever language the computer has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QStandardPaths
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QMessageBox, QWidget

__all__ = ["documents_folder", "folder_path", "inform", "open_path", "save_path", "warn"]


def documents_folder() -> Path:
    """The user's Documents folder (``QStandardPaths``), or the home folder if there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class _NameOnly(QFileIconProvider):
    """Icons and types from a file's name, never its content. Qt's own provider opens each listed
    file to guess its type; in the window's process, closing that descriptor of an open
    assessment file (or its ``-wal``/``-shm``) drops SQLite's POSIX locks on it, and another
    program could then fold the window's WAL away (tester-1 defect 1)."""

    def icon(self, what: Any) -> QIcon:  # Qt override: icon(IconType) and icon(QFileInfo)
        if isinstance(what, QFileInfo):
            folder = what.isDir()
            what = QAbstractFileIconProvider.IconType.Folder if folder else QAbstractFileIconProvider.IconType.File
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # Qt override
        if info.isDir():
            return "Thư mục"
        return f"Tệp {info.suffix()}" if info.suffix() else "Tệp"


_ICONS: list[_NameOnly] = []  # one for every dialog, made with the first: Qt keeps only a pointer to it


def _dialog(parent: QWidget | None, title: str, start: Path, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if not _ICONS:
        _ICONS.append(_NameOnly())
    dialog.setIconProvider(_ICONS[0])
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, "Thư mục:")  # Qt sets this one without tr()
    return dialog


def _start(suggested: str | Path | None) -> Path:
    """A bare name goes into Documents; a path keeps its folder."""
    if suggested is None or not str(suggested):
        return documents_folder()
    path = Path(suggested)
    return path if path.is_absolute() else documents_folder() / path


def open_path(parent: QWidget | None, title: str, filters: str, start: str | Path | None = None) -> Path | None:
    """Ask for an existing file; None when the officer cancels."""
    dialog = _dialog(parent, title, _start(start), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def save_path(parent: QWidget | None, title: str, filters: str, suggested: str | Path | None = None) -> Path | None:
    """Ask where to write a new file (suggested name in Documents unless a folder is given)."""
    start = _start(suggested)
    dialog = _dialog(parent, title, start.parent if suggested else start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if suggested:
        dialog.selectFile(start.name)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def folder_path(parent: QWidget | None, title: str, start: str | Path | None = None) -> Path | None:
    """Ask for a folder (Qt's own dialog in Vietnamese, folders only); None when the officer cancels."""
    dialog = _dialog(parent, title, _start(start), "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setLabelText(QFileDialog.DialogLabel.FileName, "Thư mục:")
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "&Chọn")
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> Any:
    return QMessageBox.warning(parent, title, text)


def open_in_system(parent: QWidget | None, path: Path, what: str, name: str = "") -> bool:
    """Open ``path`` with the program the system has for it; when it has none (or refuses), say so,
    naming it (``name``, else the path's), and where it is: nothing happened, Qt told stderr only."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    warn(
        parent,
        "Không mở được",
        f"Máy này chưa mở được {what} “{name or path.name}” (chưa có chương trình mở loại tệp này, hoặc hệ thống từ "
        f"chối). {what[0].upper() + what[1:]} ở: {path}",
    )
    return False

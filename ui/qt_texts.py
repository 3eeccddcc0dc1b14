"""Qt's own texts (dialog buttons, the file dialog, edit menus) in Vietnamese.

PySide6 ships no ``qtbase_vi.qm``, so a small translator answers Qt's own ``tr()`` calls from the
table below; installed once by the start-up module. Our own texts are Vietnamese already.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

__all__ = ["TEXTS", "VietnameseQt", "install"]

TEXTS = {
    # standard buttons (QPlatformTheme)
    "OK": "Đồng ý",
    "Save": "Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Yes": "&Có",
    "Yes to &All": "Có với &tất cả",
    "&No": "&Không",
    "N&o to All": "K&hông với tất cả",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Close": "Đóng",
    "Cancel": "Hủy",
    "Discard": "Bỏ thay đổi",
    "Help": "Trợ giúp",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…",
    # the file dialog (QFileDialog, QFileSystemModel)
    "Look in:": "Thư mục:",
    "File &name:": "&Tên tệp:",
    "Files of &type:": "&Loại tệp:",
    "Directory:": "Thư mục:",
    "&Open": "&Mở",
    "&Save": "&Lưu",
    "&Choose": "&Chọn",
    "Save As": "Lưu thành",
    "Find Directory": "Chọn thư mục",
    "Directories": "Thư mục",  # the type list of a folder chooser
    "Back": "Quay lại",
    "Forward": "Tiến",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "List View": "Dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "New Folder": "Thư mục mới",
    "&New Folder": "Thư mục &mới",
    "&Rename": "Đổi &tên",
    "&Delete": "&Xóa",
    "Show &hidden files": "Hiện tệp &ẩn",
    "Recent Places": "Nơi mở gần đây",
    "Computer": "Máy tính",
    "Sidebar": "Thanh bên",
    "Files": "Các tệp",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Kind": "Loại",
    "Date Modified": "Ngày sửa",
    "All Files (*)": "Tất cả các tệp (*)",
    "%1 already exists.\nDo you want to replace it?": "Tệp %1 đã có.\nGhi đè lên tệp này?",
    "Are you sure you want to delete '%1'?": "Xóa “%1”?",
    # edit menus of text fields (QLineEdit, QWidgetTextControl) and spin boxes
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "&Select All": "&Chọn tất cả",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết",
    "&Step up": "&Tăng",
    "Step &down": "&Giảm",
}


class VietnameseQt(QTranslator):
    """Answers Qt's own ``tr()`` calls from ``TEXTS``; anything else is left to Qt."""

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        """Qt override: None (a null QString) leaves the text to Qt; "" would blank it."""
        return TEXTS.get(source)  # type: ignore[return-value]

    def isEmpty(self) -> bool:  # noqa: N802
        """Qt override: never empty (Qt skips empty translators)."""
        return False


def install(app: QCoreApplication) -> VietnameseQt:
    """Install once per application (the start-up module may run again under test)."""
    found = app.findChild(VietnameseQt)
    if isinstance(found, VietnameseQt):
        return found
    translator = VietnameseQt(app)
    app.installTranslator(translator)
    # dates and numbers Qt formats itself (the file dialog's "Ngày sửa", date pickers) as in Vietnam
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return translator

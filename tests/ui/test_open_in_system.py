"""Opening an attachment, a saved PDF or a folder with the system's program: when the machine has
none, the officer is told so and where the file is (nothing happened, Qt wrote English to stderr)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton


def test_an_attachment_the_machine_cannot_open_is_said_with_where_it_is(qtbot, qapp, tmp_path, monkeypatch):
    import desktop.app
    import ui.dialogs
    from desktop.demo import write_demo
    from desktop.session import Session

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))
    told: list[str] = []
    monkeypatch.setattr(ui.dialogs, "warn", lambda _p, title, text: told.append(f"{title}: {text}"))
    asked: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url.toLocalFile()) and False)
    path = write_demo(tmp_path / "don-vi.sqlite")
    minutes = tmp_path / "bien-ban.xyz"
    minutes.write_bytes(b"bien ban hop")
    unit = Session.open(path, user="Đơn vị")
    try:
        sha = unit.attach_file(minutes, for_key="1.1").sha256
        unit.evidence.add({"number": "12/BB", "title": "Biên bản họp"}, blob_sha256=sha, link_to="1.1")
    finally:
        unit.close()
    _app, window = desktop.app.main([str(path)], exec=False)
    try:
        window.side.setCurrentIndex(1)  # Minh chứng, nhận xét
        window.select_key("1.1")
        panel = window.evidence_panel
        panel.documents.setCurrentRow(0)
        button = next(b for b in panel.findChildren(QPushButton) if b.text() == "Mở tệp")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert len(asked) == 1 and asked[0].endswith("bien-ban.xyz")
        assert told == [
            f"Không mở được: Máy này chưa mở được tệp đính kèm “bien-ban.xyz” (chưa có chương trình mở loại tệp "
            f"này, hoặc hệ thống từ chối). Tệp đính kèm ở: {asked[0]}"
        ], told
        assert window.isVisible()
    finally:
        window.close()
        window.launcher.close()

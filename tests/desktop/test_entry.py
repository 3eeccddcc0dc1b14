"""`pardesk` dispatch: subcommands, mistyped commands, and the app's headless fallback."""

import pytest

from desktop.entry import main


def test_a_mistyped_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["sore", "x.sqlite"])
    assert info.value.code == 2
    assert "lệnh “sore” không có" in capsys.readouterr().err


def test_without_a_screen_the_app_prints_the_demo_scores(monkeypatch, tmp_path, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PARDESK_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 0
    captured = capsys.readouterr()
    assert "Không có màn hình" in captured.err
    assert "Tổng năm trước: 86,24/100,00 điểm" in captured.out
    assert (tmp_path / "PAR Desk" / "PAR Desk" / "PAR-Desk-mau-Dak-Nong-2022.sqlite").exists()


def test_without_a_screen_pardesk_demo_prints_the_demo_scores(monkeypatch, tmp_path, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["--demo"]) == 0
    assert "Tổng năm trước: 86,24/100,00 điểm" in capsys.readouterr().out

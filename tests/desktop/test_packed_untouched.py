"""A packed file — what was emailed, sent or received — is never edited in place.

Found by a tester: `pardesk set PACKED 1.1 --target 1` and `pardesk settings PACKED place=…` exited 0
and wrote into the packed file (its journal switched to WAL and back, the change counter up, a
line of audit log more), which `pardesk verify` then refused as "tệp đã bị sửa sau khi đóng gói".
Every writing command now refuses it as it refuses a read-only file (exit 3), saying which file,
unit and round it is and where to work instead; every reading command reads it byte-identically.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .exchange_files import make_unit, packed, run, sha

REFUSED = 3

SENT_REASON = (
    "Tệp “so-tu-phap_2025_par-tinh-2020_da-gui.sqlite” là tệp đã đóng gói để gửi (Sở Tư pháp, năm 2025, "
    "vòng “Đã gửi”): chỉ mở để xem; sửa vào tệp này thì tệp không còn hợp lệ khi kiểm tra. Sở Nội vụ: mở để "
    "thẩm định qua Trao đổi › Sở Nội vụ: hộp thư nhận tệp… (hoặc lệnh pardesk receive); đơn vị: tiếp tục "
    "trên tệp làm việc của mình."
)


@pytest.fixture
def unit(tmp_path: Path) -> Path:
    return make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5", "2.3": "1,5"})


@pytest.fixture
def sent(tmp_path: Path, unit: Path) -> Path:
    return packed(tmp_path / "gui", unit)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _verified(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert run("verify", path) == 0
    return capsys.readouterr().out


WRITES = {
    "set --target": ["set", "{f}", "2.1.2", "--target", "1"],
    "set --deadline": ["set", "{f}", "2.1.2", "--deadline", "Quý III/2026"],
    "settings": ["settings", "{f}", "place=Gia Nghĩa"],
    "evidence": ["evidence", "{f}", "2.1.2", "--number", "1/BC", "--title", "Báo cáo"],
    "pack": ["pack", "{f}", "{out}"],
}


@pytest.mark.parametrize("command", list(WRITES))
def test_a_writing_command_refuses_a_packed_file_and_leaves_every_byte(tmp_path, sent, capsys, command):
    before, around = sha(sent), listing(sent.parent)
    args = [a.format(f=sent, out=tmp_path / "lai.sqlite") for a in WRITES[command]]
    capsys.readouterr()
    assert run(*args) == REFUSED
    assert capsys.readouterr().err == f"Lỗi: {SENT_REASON}\n"
    assert sha(sent) == before
    assert listing(sent.parent) == around  # no lock, no -wal/-shm, nothing packed from it
    assert not (tmp_path / "lai.sqlite").exists()
    assert _verified(sent, capsys).startswith("HỢP LỆ — so-tu-phap_2025")


def test_only_the_packed_copy_is_refused_and_reading_it_changes_nothing(tmp_path, unit, sent, capsys):
    """Reading commands read it as before, byte-identically; the unit's own file, which it was packed
    from, still takes its plan in the round it is in."""
    before = sha(sent)
    assert run("set", sent, "2.1.2", "--target", "1") == REFUSED
    assert run("score", sent) in (0, 1)
    assert run("settings", sent) == 0
    assert run("round", sent) == 0
    assert run("export-xlsx", sent, tmp_path / "ra.xlsx") == 0
    assert sha(sent) == before
    assert listing(sent.parent) == [sent.name]
    assert run("set", unit, "2.1.2", "--target", "1") == 0
    assert run("settings", unit, "place=Gia Nghĩa") == 0
    assert _verified(sent, capsys).startswith("HỢP LỆ")
    assert sha(sent) == before


def test_a_file_sent_back_to_the_unit_says_where_the_unit_opens_it(tmp_path, sent, capsys):
    council = tmp_path / "snv-tham-dinh.sqlite"
    assert run("receive", sent, council) == 0  # the council's working copy: its manifest dropped, edited
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Mới xử lý 3/5 kiến nghị") == 0
    back = packed(tmp_path / "tra", council)
    before = sha(back)
    capsys.readouterr()
    assert run("set", back, "2.1.2", "--response", "Đã xử lý 5/5") == REFUSED
    err = capsys.readouterr().err
    assert err == (
        f"Lỗi: Tệp “{back.name}” là tệp đã đóng gói để gửi (Sở Tư pháp, năm 2025, vòng “Giải trình”): chỉ "
        "mở để xem; sửa vào tệp này thì tệp không còn hợp lệ khi kiểm tra. Đơn vị: mở qua Trao đổi › Mở tệp "
        "Sở Nội vụ gửi lại… (hoặc lệnh pardesk receive); Sở Nội vụ: tiếp tục trên bản thẩm định của mình.\n"
    )
    assert sha(back) == before
    answer = tmp_path / "stp-giai-trinh.sqlite"
    assert run("receive", back, answer) == 0  # the way it says: a working copy, which takes the answer
    assert run("set", answer, "2.1.2", "--response", "Đã xử lý 5/5") == 0
    assert sha(back) == before

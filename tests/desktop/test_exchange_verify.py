"""Verify is hostile: every kind of tampering and damage refused with its own reason, bytes untouched."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.assessment_file.fingerprint import fingerprint
from desktop.exchange.verify import Verdict, verify, verify_many

from .exchange_files import make_unit, packed, run, sha


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gui")
    unit = make_unit(folder, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5"})
    assert run("evidence", unit, "2.1.1", "--number", "5/QĐ", "--attach", Path(__file__)) == 0
    return packed(folder / "out", unit)


def copy(sent: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(sent, target)
    return target


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def reasons(path: Path, **expect: object) -> list[str]:
    before = sha(path)
    result = verify(path, **expect)  # type: ignore[arg-type]
    assert sha(path) == before
    assert result.verdict is Verdict.REFUSED, result.reasons
    return result.reasons


def test_a_packed_file_is_valid_and_its_fingerprint_is_the_pdfs(sent, tmp_path, capsys):
    result = verify(sent)
    assert result.verdict is Verdict.VALID and result.reasons == []
    conn = sqlite3.connect(f"{sent.as_uri()}?mode=ro", uri=True)
    assert result.manifest["fingerprint"] == fingerprint(conn)
    conn.close()
    assert result.manifest["attachments"] == "1" and int(result.manifest["attachments_bytes"]) > 0
    capsys.readouterr()
    assert run("verify", sent, "--json") == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["verdict"], item["unit"], item["round"], item["actual"]) == ("hợp lệ", "Sở Tư pháp", "da_gui", 1.5)
    assert item["sha256"] == sha(sent)


def test_a_value_changed_with_sqlite3_is_refused_naming_the_fingerprint(sent, tmp_path):
    path = copy(sent, tmp_path, "sua.sqlite")
    sql(path, "UPDATE entries SET value = '1' WHERE node_key = '2.1.2' AND scenario = 'actual'")
    (reason,) = reasons(path)
    assert reason.startswith("Mã dữ liệu không khớp: phần kê khai ghi ") and "đã bị sửa sau khi đóng gói" in reason


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("CREATE TRIGGER t AFTER UPDATE ON entries BEGIN DELETE FROM nodes; END", "trigger “t”"),
        ("CREATE VIEW v AS SELECT * FROM nodes", "view “v”"),
    ],
)
def test_a_trigger_or_a_view_is_refused(sent, tmp_path, statement, kind):
    path = copy(sent, tmp_path, "ma.sqlite")
    sql(path, statement)
    (reason,) = reasons(path)
    assert f"chứa đối tượng lạ ({kind})" in reason


def test_damage_each_with_its_own_reason(sent, tmp_path):
    data = sent.read_bytes()
    cut = tmp_path / "cat.sqlite"
    cut.write_bytes(data[: len(data) // 2])
    assert "bị cắt cụt" in reasons(cut)[0]
    flipped = tmp_path / "lat.sqlite"
    damaged = bytearray(data)
    for offset in range(4096, len(damaged), 4096):  # a byte in every page after the first
        damaged[offset + 200] ^= 0xFF
    flipped.write_bytes(bytes(damaged))
    assert "bị hỏng" in reasons(flipped)[0]
    text = tmp_path / "khong-phai.sqlite"
    text.write_text("Bảng điểm", encoding="utf-8")
    assert "không phải cơ sở dữ liệu SQLite" in reasons(text)[0]
    newer = copy(sent, tmp_path, "moi.sqlite")
    sql(newer, "PRAGMA user_version = 99")
    assert "phiên bản PAR Desk mới hơn" in reasons(newer)[0]


def test_another_set_or_year_is_refused_with_its_own_reason(sent, tmp_path):
    assert "không phải bộ “cqdt-876-qn2022”" in reasons(sent, template="cqdt-876-qn2022")[0]
    assert "không phải năm 2024" in reasons(sent, year=2024)[0]
    other = packed(tmp_path / "khac", make_unit(tmp_path, "Sở Tài chính", {"6.1.2": "1"}, year=2024))
    results = verify_many([sent, packed(tmp_path / "b", make_unit(tmp_path, "Sở Nội vụ", {"1.1": "1"})), other])
    assert [r.verdict for r in results] == [Verdict.VALID, Verdict.VALID, Verdict.REFUSED]
    assert results[2].reasons == ["Tệp của năm 2024, khác năm 2025 của các tệp còn lại."]


def test_edits_the_fingerprint_does_not_cover_are_caught_by_the_seal_and_the_manifest(sent, tmp_path):
    unlocked = copy(sent, tmp_path, "mo-khoa.sqlite")
    sql(unlocked, "DELETE FROM rounds")  # back to tự đánh giá, to edit self-scores again
    assert any("Dấu niêm phong" in r for r in reasons(unlocked))
    counted = copy(sent, tmp_path, "dem.sqlite")
    sql(counted, "UPDATE manifest SET value = '0' WHERE key = 'attachments'")
    assert any("Dấu niêm phong" in r for r in reasons(counted))
    unpacked = copy(sent, tmp_path, "chua-goi.sqlite")
    sql(unpacked, "DELETE FROM manifest")
    assert "chưa được đóng gói" in reasons(unpacked)[0]


def test_a_changed_maximum_or_attachment_is_refused(sent, tmp_path):
    bigger = copy(sent, tmp_path, "toi-da.sqlite")
    sql(bigger, "UPDATE nodes SET max = '5' WHERE key = '2.1.2'")
    assert any("Bộ tiêu chí trong tệp khác bộ" in r for r in reasons(bigger))
    swapped = copy(sent, tmp_path, "dinh-kem.sqlite")
    sql(swapped, "UPDATE blobs SET data = zeroblob(size)")
    assert any("Tệp đính kèm “test_exchange_verify.py” bị sửa" in r for r in reasons(swapped))


def test_attachments_left_out_are_a_warning_not_a_refusal(tmp_path):
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1"})
    assert run("evidence", unit, "2.1.1", "--number", "5/QĐ", "--attach", Path(__file__)) == 0
    out = tmp_path / "gui.sqlite"
    with pytest.raises(SystemExit, match="2"):
        run("pack", unit, out, "--leave-out-over", "-1")
    assert run("pack", unit, out, "--leave-out-over", "0,001") == 0
    result = verify(out)
    assert result.verdict is Verdict.WARNING
    assert "tệp đính kèm" in result.reasons[0] and "không kèm theo" in result.reasons[0]


def test_a_working_file_that_was_never_packed_is_refused(tmp_path):
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1"})
    assert "chưa được đóng gói" in reasons(unit)[0]


def test_a_batch_shares_one_tree_yet_refuses_the_file_whose_set_differs(sent, tmp_path):
    bigger = copy(sent, tmp_path, "toi-da.sqlite")
    sql(bigger, "UPDATE nodes SET max = '5' WHERE key = '2.1.2'")
    same = copy(sent, tmp_path, "giong.sqlite")
    results = verify_many([sent, bigger, same])
    assert [r.verdict for r in results] == [Verdict.VALID, Verdict.REFUSED, Verdict.VALID]
    assert any("Bộ tiêu chí trong tệp khác bộ" in r for r in results[1].reasons)
    assert results[0].stored.criteria_set.tree is results[2].stored.criteria_set.tree  # built once
    assert results[1].stored.criteria_set.tree is not results[0].stored.criteria_set.tree

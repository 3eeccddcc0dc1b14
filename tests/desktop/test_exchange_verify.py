"""Verify is hostile: every kind of tampering and damage refused with its own reason, bytes untouched."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.assessment_file.fingerprint import fingerprint
from desktop.exchange.manifest import FORMAT_1, seal
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


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("DELETE FROM audit", "phần kê khai ghi {rows} dòng, tệp có 0 dòng"),
        ("UPDATE audit SET new = '0.25', user = 'khac' WHERE id = 1", "nội dung các dòng khác với lúc gửi"),
        (
            "INSERT INTO audit (ts, user, node_key, field, scenario, old, new) "
            "VALUES ('2025-01-05T08:00:00+07:00', 'khac', '2.1.2', 'value', 'actual', '1', '0.5')",
            "phần kê khai ghi {rows} dòng, tệp có {more} dòng",
        ),
    ],
)
def test_the_audit_log_changed_with_sqlite3_is_refused(sent, tmp_path, capsys, statement, expected):
    # tester item 5: a deleted, edited or forged line of the history stayed HỢP LỆ
    rows = int(verify(sent).manifest["audit_rows"])
    assert rows > 0
    path = copy(sent, tmp_path, "nhat-ky.sqlite")
    sql(path, statement)
    (reason,) = reasons(path)
    assert reason.startswith("Nhật ký thay đổi bị sửa sau khi đóng gói: ")
    assert expected.format(rows=rows, more=rows + 1) in reason
    before = sha(path)
    capsys.readouterr()
    assert run("verify", path) == 3
    assert capsys.readouterr().out.startswith("TỪ CHỐI — nhat-ky.sqlite") and sha(path) == before


def test_a_forged_log_with_its_declared_hash_rewritten_breaks_the_seal(sent, tmp_path):
    from desktop.exchange.manifest import audit_summary

    path = copy(sent, tmp_path, "gia-mao.sqlite")
    sql(path, "UPDATE audit SET new = '0.25' WHERE id = 1")
    conn = sqlite3.connect(path)
    forged = audit_summary(conn)
    conn.execute("UPDATE manifest SET value = ? WHERE key = 'audit_hash'", (forged["audit_hash"],))
    conn.commit()
    conn.close()
    assert reasons(path) == [
        "Dấu niêm phong của phần kê khai không khớp: phần kê khai, vòng đánh giá hoặc nhật ký thay đổi "
        "đã bị sửa sau khi đóng gói."
    ]


def _as_format_1(path: Path) -> None:
    """What an earlier PAR Desk packed: no audit keys in the manifest, sealed without them."""
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM manifest WHERE key IN ('audit_rows', 'audit_hash')")
    conn.execute("UPDATE manifest SET value = ? WHERE key = 'format'", (FORMAT_1,))
    manifest = dict(conn.execute("SELECT key, value FROM manifest").fetchall())
    conn.execute("UPDATE manifest SET value = ? WHERE key = 'seal'", (seal(manifest, conn),))
    conn.commit()
    conn.close()


def test_a_file_packed_in_format_1_is_read_with_a_warning_about_its_log(sent, tmp_path):
    old = copy(sent, tmp_path, "cu.sqlite")
    _as_format_1(old)
    result = verify(old)
    assert result.verdict is Verdict.WARNING and result.usable
    assert result.reasons == [
        "Tệp đóng gói theo định dạng cũ (pardesk-packed-1): nhật ký thay đổi chưa được niêm phong, "
        "nên không kiểm được nhật ký có bị sửa sau khi gửi hay không; điểm và minh chứng vẫn được kiểm."
    ]
    sql(old, "UPDATE entries SET value = '1' WHERE node_key = '2.1.2' AND scenario = 'actual'")
    assert any(r.startswith("Mã dữ liệu không khớp") for r in reasons(old))  # its scores still checked
    unknown = copy(sent, tmp_path, "la.sqlite")
    sql(unknown, "UPDATE manifest SET value = 'pardesk-packed-9' WHERE key = 'format'")
    assert "định dạng lạ “pardesk-packed-9”" in reasons(unknown)[0]


def test_the_command_line_says_each_refusal_with_its_reason_and_exit_3(sent, tmp_path, capsys):
    """What the officer runs: one verdict per file, each refusal with its own reason, bytes untouched."""
    empty = tmp_path / "rong.sqlite"
    empty.write_bytes(b"")  # SQLite opens a 0-byte file as an empty database
    text = tmp_path / "thu.sqlite"
    text.write_text("Kính gửi Sở Nội vụ", encoding="utf-8")
    cut = tmp_path / "cat.sqlite"
    cut.write_bytes(sent.read_bytes()[:8192])
    newer = copy(sent, tmp_path, "moi.sqlite")
    sql(newer, "PRAGMA user_version = 99")
    files = [sent, empty, text, cut, newer]
    hashes = {p: sha(p) for p in files}
    capsys.readouterr()
    assert run("verify", *files) == 3
    said: dict[str, list[str]] = {}  # file name → its verdict line and reasons
    name = ""
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("   - "):
            said[name].append(line[5:])
        else:
            name = line.split(" — ", 1)[1].split(":", 1)[0]
            said[name] = [line]
    assert list(said) == [p.name for p in files]
    assert said[sent.name][0].startswith("HỢP LỆ — ") and len(said[sent.name]) == 1
    assert all(said[p.name][0] == f"TỪ CHỐI — {p.name}" for p in files[1:])
    assert said["rong.sqlite"][1:] == ["Tệp “rong.sqlite” rỗng (0 byte), không phải tệp đánh giá PAR Desk."]
    assert "không phải cơ sở dữ liệu SQLite" in said["thu.sqlite"][1]
    assert "bị cắt cụt" in said["cat.sqlite"][1]
    assert "phiên bản PAR Desk mới hơn" in said["moi.sqlite"][1]
    assert {p: sha(p) for p in files} == hashes
    assert run("verify", sent, "--year", "2024") == 3
    assert "Tệp là đánh giá năm 2025, không phải năm 2024." in capsys.readouterr().out
    assert run("verify", sent, "--template", "cqdt-876-qn2022") == 3
    assert "không phải bộ “cqdt-876-qn2022” đang thẩm định" in capsys.readouterr().out
    assert run("verify", sent, "--template", "par-tinh-2020", "--year", "2025") == 0
    assert sha(sent) == hashes[sent]

"""Unreadable tables get a precise Vietnamese message (sheet, row, column) and nothing is half-imported."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from desktop.errors import ExcelRefused, Refusal
from desktop.excel.importing import create_from_table, import_values, read_table
from tests.desktop.excel_tables import write_table

HEADER = ["STT", "Tiêu chí", "Điểm tối đa", "Điểm năm trước", "Mục tiêu"]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)  # the compound-file header of .xls and encrypted .xlsx


def _table(tmp_path: Path, rows: list[list[object]], name: str = "bang.xlsx") -> Path:
    path = tmp_path / name
    write_table(path, HEADER, rows, title=["BẢNG ĐIỂM"], header_row=3, sheet="Điểm")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ExcelRefused) as caught:
        read_table(path).build()
    assert isinstance(caught.value, Refusal)
    return str(caught.value)


def test_no_header_names_the_sheet(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Trang tính 1"
    workbook.active["A1"] = "Danh sách đơn vị"
    workbook.active["A2"] = "Sở Nội vụ"
    path = tmp_path / "khong-co-bang.xlsx"
    workbook.save(path)
    message = _refusal(path)
    assert "Không tìm thấy dòng tiêu đề" in message and "“Trang tính 1”" in message and "STT/TT" in message


def test_code_out_of_order(tmp_path):
    rows = [["1", "Một", 2, 1], ["1.1", "Một một", 2, 1], ["2", "Hai", 1, 1], ["1.2", "Lạc chỗ", 1, 1]]
    message = _refusal(_table(tmp_path, rows))
    assert message.startswith("Trang “Điểm”, dòng 7, cột A (“STT”): mã “1.2” đứng sai thứ tự")
    assert "mục 1 (dòng 4)" in message


def test_codes_must_increase_among_siblings(tmp_path):
    rows = [["1", "Một", 2, None], ["1.2", "Hai", 1, 1], ["1.1", "Một", 1, 1]]
    message = _refusal(_table(tmp_path, rows))
    assert "dòng 6, cột A" in message and "mã “1.1” đứng sau mã “1.2”" in message


def test_duplicated_code_with_the_number_format_hint(tmp_path):
    rows = [["1", "Một", 2, None]] + [[1.1, f"Mục {i}", 1, None] for i in range(2)]
    message = _refusal(_table(tmp_path, rows))
    assert "dòng 6, cột A (“STT”): mã “1.1” bị trùng với dòng 5" in message
    assert "định dạng cột STT là Văn bản" in message


def test_a_number_that_is_not_a_number(tmp_path):
    rows = [["1", "Một", 2, "1,5 đ"], ["1.1", "Một một", 2, "một rưỡi"]]
    message = _refusal(_table(tmp_path, rows))
    assert message == "Trang “Điểm”, dòng 5, cột D (“Điểm năm trước”): “một rưỡi” không phải là số."


def test_a_max_that_is_not_a_number(tmp_path):
    message = _refusal(_table(tmp_path, [["1", "Một", "hai", None]]))
    assert message == "Trang “Điểm”, dòng 4, cột C (“Điểm tối đa”): “hai” không phải là số."


def test_a_value_above_its_max(tmp_path):
    rows = [["1", "Một", 2, None], ["1.1", "Một một", "0,5", None, "0,75"]]
    message = _refusal(_table(tmp_path, rows))
    assert message == ("Trang “Điểm”, dòng 5, cột E (“Mục tiêu”): tiêu chí 1.1: điểm 0,75 lớn hơn điểm tối đa 0,50.")


def test_a_leaf_without_max_names_its_row(tmp_path):
    message = _refusal(_table(tmp_path, [["1", "Một", 2, None], ["1.1", "Không có điểm tối đa", None, 1]]))
    assert message.startswith("Trang “Điểm”, dòng 5: Tiêu chí 1.1 thiếu điểm tối đa")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("rong.xlsx", b"", "trống (0 byte)"),
        ("mat-khau.xlsx", OLE + "EncryptionInfo".encode("utf-16-le"), "mật khẩu"),
        ("cu.xls", OLE, "Excel 97–2003 (.xls)"),
        ("bang.csv", "STT;Tiêu chí;Điểm tối đa\n1;Một;2\n".encode(), "tệp văn bản (CSV)"),
        ("bang.xlsx", "STT,Tiêu chí\n1,Một\n".encode("utf-8-sig"), "tệp văn bản (CSV)"),
        ("hong.xlsx", b"PK\x03\x04" + bytes(100), "bị hỏng hoặc không phải tệp Excel .xlsx"),
    ],
)
def test_files_that_are_not_xlsx_tables(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExcelRefused, match=re.escape(expected)) as caught:
        read_table(path)
    assert f"“{name}”" in str(caught.value)


def test_a_truncated_xlsx_is_corrupt(tmp_path):
    good = _table(tmp_path, [["1", "Một", 2, 1]])
    data = good.read_bytes()
    bad = tmp_path / "cat-ngang.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExcelRefused, match="bị hỏng"):
        read_table(bad)


def test_an_xlsx_with_empty_sheets(tmp_path):
    import openpyxl

    path = tmp_path / "trang-trong.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ExcelRefused, match="không có dữ liệu"):
        read_table(path)


def test_an_ods_file_is_named(tmp_path):
    path = tmp_path / "bang.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(ExcelRefused, match="OpenDocument"):
        read_table(path)


# ---------------------------------------------------------------- nothing half-imported


def test_a_refused_table_creates_no_file(tmp_path):
    table = _table(tmp_path, [["1", "Một", 2, None], ["1.1", "Một một", "0,5", "0,75"]])
    out = tmp_path / "moi.sqlite"
    with pytest.raises(ExcelRefused, match="dòng 5"):
        create_from_table(table, out, unit="Sở Nội vụ", year=2024)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang.xlsx"]


def test_an_existing_file_is_not_overwritten(tmp_path):
    from desktop.errors import FileRefused

    table = _table(tmp_path, [["1", "Một", 2, 1]])
    out = tmp_path / "co-roi.sqlite"
    out.write_bytes(b"giu nguyen")
    with pytest.raises(FileRefused, match="đã tồn tại"):
        create_from_table(table, out, unit="Sở Nội vụ", year=2024)
    assert out.read_bytes() == b"giu nguyen"


def test_a_refused_import_leaves_the_open_file_unchanged(tmp_path, dn_set):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session
    from scoring import Scenario

    path = tmp_path / "dn.sqlite"
    AssessmentFile.create(path, dn_set, unit="x", year=2022).close()
    session = Session.open(path)
    try:
        session.set_value("1.1", Scenario.PREVIOUS, "1")
        before = path.read_bytes()
        rows = [["1.1", "Thực hiện kế hoạch CCHC", "1,5", "1,25"], ["1.2", "Báo cáo", "0,5", "0,75"]]
        table = _table(tmp_path, rows)
        with pytest.raises(ExcelRefused, match=r"dòng 5, cột D .*0,75 lớn hơn điểm tối đa 0,50"):
            import_values(session, table)
        assert path.read_bytes() == before
        assert session.assessment.entry("1.1", Scenario.PREVIOUS).value == 1
        assert len(session.audit()) == 1
    finally:
        session.close()


def test_a_code_excel_turned_into_a_date(tmp_path):
    import datetime as dt

    message = _refusal(_table(tmp_path, [["1", "Một", 2, None], [dt.datetime(2024, 10, 1), "Mười", 1, 1]]))
    assert message.startswith("Trang “Điểm”, dòng 5, cột A (“STT”): ô STT là ngày tháng")


def test_a_table_without_max_column_or_rows(tmp_path):
    path = tmp_path / "thieu-cot.xlsx"
    write_table(path, ["STT", "Tiêu chí", "Điểm tự chấm"], [["1", "Một", 1]], header_row=2)
    assert _refusal(path) == "Trang “Phụ lục”, dòng tiêu đề 2: không có cột “Điểm tối đa”."
    empty = tmp_path / "khong-dong.xlsx"
    write_table(empty, HEADER, [], header_row=2)
    assert "không có tiêu chí nào (dòng có mã STT) dưới dòng tiêu đề 2" in _refusal(empty)


def test_text_codes_with_a_decimal_comma_and_a_unit_of_measure_column(tmp_path):
    path = tmp_path / "dau-phay.xlsx"
    header = ["STT", "Tiêu chí", "Đơn vị tính", "Điểm tối đa", "Tự đánh giá"]
    write_table(path, header, [["1", "Một", "điểm", 2, None], ["1,1", "Một một", "điểm", 2, "1,5"]], header_row=1)
    table = read_table(path)
    assert [c.letter for c in table.columns] == ["A", "B", "D", "E"]
    assert [n.code for n in table.build().criteria_set.tree] == ["1", "1.1"]


def test_a_damaged_xlsx_is_said_in_vietnamese_and_the_readers_words_are_logged(tmp_path, monkeypatch):
    """The refusal ended in the reader's class name ("(BadZipFile)", "(KeyError)"): English for the officer."""
    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "du-lieu"))
    good = _table(tmp_path, [["1", "Một", 2, 1]])
    cases = {"cat-ngang.xlsx": good.read_bytes()[: good.stat().st_size // 2], "hong.xlsx": b"PK\x03\x04" + bytes(100)}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ExcelRefused) as caught:
            read_table(tmp_path / name)
        message = str(caught.value)
        assert (
            f"“{name}” bị hỏng hoặc không phải tệp Excel .xlsx" in message
            and "chi tiết đã ghi vào" in message
            and "loi.log" in message
        )
        assert not re.search(r"\(\w*(Error|File|Exception)\w*\)", message), message
    log = (tmp_path / "du-lieu" / "logs" / "loi.log").read_text(encoding="utf-8")
    assert log.count("đọc bảng Excel") == 2 and "BadZipFile" in log

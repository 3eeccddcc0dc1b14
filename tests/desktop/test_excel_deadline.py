"""'Thời gian hoàn thành' through Excel: exported beside the tasks, read back under every header plans use."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from desktop.demo import write_demo
from desktop.excel.cells import Role, classify_header
from desktop.excel.exporting import export_workbook
from desktop.excel.importing import import_values
from desktop.session import DEADLINE, Session


@pytest.mark.parametrize("header", ["Thời gian hoàn thành", "Thời hạn", "Thời hạn hoàn thành", "THỜI HẠN\nHOÀN THÀNH"])
def test_deadline_headers_are_recognised(header):
    guess = classify_header(header)
    assert guess is not None and guess.role is Role.DEADLINE


def test_deadlines_go_out_and_come_back(tmp_path):
    session = Session.open(write_demo(tmp_path / "demo.sqlite"))
    session.set_deadline("1.1", "Quý III/2022")
    session.set_deadline("1.2", "Thường xuyên")
    out = export_workbook(session, tmp_path / "demo.xlsx")
    session.close()
    sheet = openpyxl.load_workbook(out).worksheets[0]
    header = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "STT")
    column = next(c for c in range(1, 12) if sheet.cell(header, c).value == "Thời gian hoàn thành")
    codes = {sheet.cell(r, 1).value: r for r in range(header + 1, sheet.max_row + 1)}
    assert sheet.cell(codes["1.1"], column).value == "Quý III/2022"
    # the officer types a date in the sheet and renames the column as her province does
    sheet.cell(header, column).value = "Thời hạn"
    sheet.cell(codes["1.3.1"], column).value = dt.datetime(2022, 12, 31)
    edited = tmp_path / "edited.xlsx"
    sheet.parent.save(edited)
    fresh = Session.open(write_demo(tmp_path / "fresh.sqlite"))
    import_values(fresh, edited)
    deadlines = fresh.texts(DEADLINE)
    fresh.close()
    assert deadlines[("1.1", "")] == "Quý III/2022" and deadlines[("1.2", "")] == "Thường xuyên"
    assert deadlines[("1.3.1", "")] == "31/12/2022"

"""Workbooks shaped like the tables provinces circulate, built from the seeds' transcriptions.

Đắk Nông: the appendix of KH 434/KH-UBND (resources/templates/par-tinh-2020.toml for the tree,
resources/demo/dak-nong-2022.toml for the 2021 results, 2022 targets and tasks). Quảng Ninh: section
II of KH 258/KH-UBND as printed, with its uncoded scoring lines, option lines and rule texts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

DN_HEADER = [
    "STT",
    "Lĩnh Vực/Tiêu chí/Tiêu chí thành phần",
    "Điểm chuẩn",
    "Điểm 2021 đạt được",
    "Mục tiêu năm 2022",
    "Nhiệm vụ/giải pháp",
    "Đơn vị chủ trì",
]
DN_TITLE = [
    "PHỤ LỤC",
    "NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN VÀ NÂNG CAO CHỈ SỐ CCHC TỈNH ĐẮK NÔNG NĂM 2022",
    "(Ban hành kèm theo Kế hoạch số: 435/KH-UBND ngày 27/7/2022 của Chủ tịch UBND tỉnh Đắk Nông)",
]


def _toml(path: str) -> dict[str, Any]:
    return tomllib.loads((ROOT / path).read_text(encoding="utf-8"), parse_float=Decimal)


def comma(value: Decimal | int | None) -> str | None:
    """A number as a Vietnamese table types it in a text cell: ``1,46``."""
    return None if value is None else str(value).replace(".", ",")


def dak_nong_rows() -> list[list[Any]]:
    """STT | title | max | 2021 | 2022 target | tasks | lead — numbers alternate between real and text."""
    nodes = _toml("resources/templates/par-tinh-2020.toml")["node"]
    values = {str(v["code"]): v for v in _toml("resources/demo/dak-nong-2022.toml")["value"]}
    rows = []
    for index, node in enumerate(nodes):
        value = values.get(node["code"], {})

        def cell(number: Decimal | None, index: int = index) -> Any:
            if number is None:
                return None
            return comma(number) if index % 3 == 0 else float(number)

        rows.append(
            [
                node["code"],
                node["title"],
                cell(node["max"]),
                cell(value.get("previous")),
                cell(value.get("target")),
                value.get("tasks", "").strip() or None,
                node.get("lead"),
            ]
        )
    total = values["TOTAL"]
    rows.append([None, "TỔNG ĐIỂM", 100, comma(total["previous"]), float(total["target"]), None, None])
    return rows


QN_HEADER = [
    "TT",
    "Lĩnh\nvực/Tiêu chí/Tiêu chí thành phần",
    "Điểm\ntối đa",
    "Kết\nquả đạt được đến thời điểm hiện tại",
    "Mục\ntiêu năm 2022",
    "Cơ\nquan chủ trì theo dõi",
]
_RATIO = "Tính điểm theo công thức: (b/a) *điểm tối đa Trong đó: a là tổng số {a}; b là số {b}"


def _c(*cells: object) -> list[Any]:
    """A coded row: TT (as Excel keeps it: 1 and 1.1 typed as numbers), title, max, result, target, lead."""
    return [*cells, *[None] * (6 - len(cells))]


def _u(title: str, actual: object = None, target: object = None) -> list[Any]:
    """An uncoded row under a criterion: a scoring line, an option line or the rule's text."""
    return [None, title, None, actual, target, None]


TTTT, VP = "Sở TTTT", "VP UBND tỉnh"
QN_ROWS: list[list[Any]] = [
    _c("I", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "13,50", "8,79", "11,39"),
    _c(1, "Phát triển các nền tảng, cơ sở dữ liệu", "3,50", "2,0", "2,7"),
    _c(1.1, "Duy trì, cập nhật Kiến trúc Chính quyền điện tử theo quy định", "0,50", "0,5", "0,5", TTTT),
    _u("Tổ chức triển khai, duy trì và cập nhật Kiến trúc theo quy định: 0,5", "0,5", "0,5"),
    _u("Không tổ chức triển khai, duy trì và cập nhật Kiến trúc theo quy định: 0"),
    _c(
        1.2,
        "Triển khai Trung tâm dữ liệu phục vụ chuyển đổi số theo hướng điện toán đám mây",
        "1,00",
        "0,5",
        "1,0",
        TTTT,
    ),
    _u(
        "Đã triển khai và đáp ứng đầy đủ các tiêu chí, chỉ tiêu kỹ thuật theo quy định: 0,50 (Nếu đã triển khai "
        "nhưng chưa đáp ứng đầy đủ các tiêu chí, chỉ tiêu kỹ thuật thì đạt 50% *điểm tối đa)",
        "0,5",
        "0,5",
    ),
    _u("Kết nối với Nền tảng điện toán đám mây Chính phủ theo quy định: 0,50", 0, "0,5"),
    _c(1.3, "Tỷ lệ các ứng dụng có dữ liệu dùng chung được kết nối qua LGSP", "1,00", "0,5", "0,5", TTTT),
    _u(_RATIO.format(a="các ứng dụng có dữ liệu dùng chung", b="ứng dụng kết nối qua LGSP"), "0,5", "0,5"),
    _c(1.4, "Tỷ lệ số dịch vụ dữ liệu trên NDXP được đưa vào sử dụng chính thức", "1,00", "0,5", "0,7", TTTT),
    _u(_RATIO.format(a="dịch vụ dữ liệu có trên NDXP", b="dịch vụ đưa vào sử dụng")),
    _c(2, "Phát triển các ứng dụng, dịch vụ trong nội bộ cơ quan nhà nước", "4,00", "2,49", "2,49"),
    _c(2.1, "Tỷ lệ văn bản trao đổi hoàn toàn dưới dạng điện tử", "1,00", "0,99", "0,99", TTTT),
    _u("Tính điểm theo công thức: (b/a) *1.0 + (c/a)*0.5 Trong đó: a là tổng số văn bản đi"),
    _c(2.2, "Tỷ lệ xử lý văn bản, hồ sơ công việc trên môi trường mạng", "0,50", "0,5", "0,5", TTTT),
    _u("100% các sở, ngành và tương đương có tỷ lệ … đạt từ 60% trở lên: 0,25", "0,25", "0,25"),
    _u("100% các phòng thuộc UBND cấp huyện có tỷ lệ … đạt từ 30% trở lên: 0,25", "0,25", "0,25"),
    _c(2.3, "Tỷ lệ gửi, nhận văn bản điện tử 4 cấp chính quyền", "1,00", "1,0", "1,0", TTTT),
    _u("100% sở, ngành và tương đương đã kết nối: 0,25", "0,25", "0,25"),
    _u("100% UBND cấp huyện đã kết nối: 0,25", "0,25", "0,25"),
    _u("Từ 80% -100% UBND cấp xã đã kết nối: 0,5", "0,5", "0,50"),
    _c(2.4, "Xây dựng, vận hành Hệ thống thông tin báo cáo cấp tỉnh", "1,50", 0, 0, VP),
    _u("Hệ thống thông tin báo cáo đáp ứng đầy đủ chức năng yêu cầu kỹ thuật theo quy định: 0,50"),
    _u(
        "Tỷ lệ kết nối chế độ báo cáo của UBND tỉnh với Hệ thống thông tin báo cáo Chính phủ: 1,00\n"
        "Tính theo công thức: (b/a) *điểm tối đa."
    ),
    _c(3, "Phát triển ứng dụng, dịch vụ phục vụ người dân, tổ chức", "7,00", "4,3", "6,2"),
    _c(3.1, "Cổng thông tin điện tử đáp ứng yêu cầu chức năng, tính năng kỹ thuật", "0,50", "0,25", "0,5", TTTT),
    _u("Đáp ứng yêu cầu chức năng, tính năng kỹ thuật theo quy định: 0,25", "0,25", "0,25"),
    _u("Đã chuyển đổi sang công nghệ Ipv6: 0,25", 0, "0,25"),
    _c(3.2, "Nâng cấp, vận hành Hệ thống thông tin giải quyết thủ tục hành chính", "2,00", "2,0", "2,0", TTTT),
    _u("Cổng DVC của tỉnh đáp ứng đầy đủ chức năng, tính năng kỹ thuật theo quy định: 0,50", "0,5", "0,5"),
    _u("Cổng DVC trực tuyến của tỉnh đã kết nối, cung cấp trên Cổng DVC quốc gia: 0,50", "0,5", "0,5"),
    _u("Hệ thống một cửa điện tử kết nối liên thông đến 100% đơn vị cấp xã: 1,00", "1,0", "1,0"),
    _c(3.3, "Tỷ lệ dịch vụ công trực tuyến toàn trình", "1,00", "0,75\n(tạm tính theo DVCTT mức độ 4)", "1,0", VP),
    _u("Tính điểm theo công thức: b/a*điểm tối đa. Nếu b/a <0.90 thì điểm đánh giá là 0."),
    _c(3.4, "Tỷ lệ hồ sơ trực tuyến toàn trình", "1,00", "0,5 (tạm tính theo hồ sơ DVCTT mức độ 4)", "0,7", TTTT),
    _u(_RATIO.format(a="hồ sơ giải quyết trong năm", b="hồ sơ giải quyết trực tuyến")),
    _c(3.5, "Triển khai số hóa hồ sơ giải quyết TTHC", "1,00", 0, "1,0", "TTHCC tỉnh"),
    _u("Hoàn thành việc số hóa kết quả giải quyết TTHC đạt tối thiểu tương ứng 40%: 1,00"),
    _u("Hoàn thành việc số hóa kết quả giải quyết TTHC đạt tối thiểu tương ứng dưới 40%: 0"),
    _c(3.6, "Thực hiện thanh toán trực tuyến đối với các TTHC đủ điều kiện", "1,50", "0,8", "1,0", TTTT),
    _u("Tỷ lệ TTHC được triển khai thanh toán trực tuyến: 0,50\nTính điểm theo công thức: (b/a)", "0,25", "0,25"),
    _u("Tỷ lệ TTHC có phát sinh giao dịch thanh toán trực tuyến: 0,50 Tính theo công thức", "0,25", "0,25"),
    _u("Tỷ lệ hồ sơ thanh toán trực tuyến: 0,50 Tính điểm theo công thức: (b/a) *điểm tối đa.", "0,3", "0,5"),
]


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: Sequence[str] = (),
    header_row: int = 5,
    sheet: str = "Phụ lục",
    trailing_empty: bool = True,
) -> dict[str, int]:
    """Write one sheet: merged title rows, the header on ``header_row``, the rows; returns code → row."""
    import openpyxl
    from openpyxl.styles import Border, Side

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    width = len(header)
    for index, text in enumerate(title, start=1):
        ws.cell(index, 1, text)
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    for column, text in enumerate(header, start=1):
        ws.cell(header_row, column, text)
    numbers: dict[str, int] = {}
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(header_row + offset, column, value)
        if row[0] is not None:
            numbers[str(row[0])] = header_row + offset
    if trailing_empty:  # a formatted but empty column after the table, as templates often have
        thin = Side(style="thin")
        for r in range(header_row, header_row + len(rows) + 1):
            ws.cell(r, width + 1).border = Border(left=thin, right=thin)
        ws.column_dimensions["H"].width = 12
    workbook.save(path)
    return numbers

"""The editable parts of the plan and the report, stored in the assessment file, with good defaults.

Each text is saved in ``texts`` with an empty node key and a ``doc:`` field, so it travels with
the file and is covered by the fingerprint. One line of text is one paragraph in the PDF; a line
starting with "a)", "b)"… or "-" stays as written. An empty text means "use the default".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring import unit_key

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["DOC_TEXTS", "DocText", "chain_of_work", "document_texts", "save_document_text"]


@dataclass(frozen=True)
class DocText:
    label: str
    document: str  # "plan", "report" or "explanation"
    default: str


DOC_TEXTS: dict[str, DocText] = {
    "doc:basis": DocText("Căn cứ ban hành (mỗi dòng một căn cứ; có thể để trống)", "plan", ""),
    "doc:purpose": DocText(
        "Mục đích",
        "plan",
        "Khắc phục những tồn tại, hạn chế trong kết quả Chỉ số cải cách hành chính năm {previous_year}; "
        "cải thiện, nâng cao điểm số của các lĩnh vực, tiêu chí, tiêu chí thành phần do {unit} chủ trì "
        "thực hiện trong năm {year}.\n"
        "Nâng cao trách nhiệm của người đứng đầu và của cán bộ, công chức, viên chức trong thực hiện "
        "nhiệm vụ cải cách hành chính, phục vụ người dân, doanh nghiệp ngày càng tốt hơn.",
    ),
    "doc:requirements": DocText(
        "Yêu cầu",
        "plan",
        "Xác định rõ nhiệm vụ, giải pháp, đơn vị chủ trì và thời hạn hoàn thành đối với từng tiêu chí, "
        "tiêu chí thành phần chưa đạt điểm tối đa.\n"
        "Tài liệu kiểm chứng được lưu trữ đầy đủ, đúng thời hạn để phục vụ tự đánh giá, chấm điểm "
        "và thẩm định Chỉ số cải cách hành chính năm {year}.",
    ),
    "doc:tasks": DocText(
        "Nhiệm vụ, giải pháp",
        "plan",
        "Nhiệm vụ, giải pháp, mục tiêu và đơn vị chủ trì của từng lĩnh vực, tiêu chí, tiêu chí thành phần "
        "chi tiết tại Phụ lục kèm theo Kế hoạch này.",
    ),
    "doc:organisation": DocText(
        "Tổ chức thực hiện",
        "plan",
        "{subordinates} căn cứ nhiệm vụ được giao tại Phụ lục kèm theo Kế hoạch này chủ động triển khai "
        "thực hiện; báo cáo kết quả thực hiện về {report_to} lồng ghép trong báo cáo công tác cải cách "
        "hành chính định kỳ.\n"
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, {subordinates_short} kịp thời báo cáo "
        "{report_to} để xem xét, giải quyết.",
    ),
    "doc:report_remarks": DocText(
        "Đánh giá chung (báo cáo tự đánh giá)",
        "report",
        "{unit} đã tổ chức tự đánh giá, chấm điểm các tiêu chí, tiêu chí thành phần của Chỉ số cải cách "
        "hành chính năm {year} theo đúng hướng dẫn; điểm tự đánh giá, tài liệu kiểm chứng và giải trình "
        "của từng tiêu chí tại Phụ lục kèm theo Báo cáo này.",
    ),
    "doc:report_proposals": DocText("Kiến nghị, đề xuất (có thể để trống)", "report", ""),
    "doc:explanation_intro": DocText(
        "Mở đầu (báo cáo giải trình)",
        "explanation",
        "Căn cứ kết quả thẩm định Chỉ số cải cách hành chính năm {year} của Hội đồng thẩm định, {unit} "
        "giải trình các tiêu chí, tiêu chí thành phần bị trừ điểm như sau:",
    ),
    "doc:explanation_closing": DocText(
        "Đề nghị (báo cáo giải trình)",
        "explanation",
        "{unit} kính đề nghị Hội đồng thẩm định xem xét nội dung giải trình và tài liệu kiểm chứng kèm theo "
        "để điều chỉnh kết quả thẩm định của các tiêu chí, tiêu chí thành phần nêu trên.",
    ),
}


def _defaults(session: Session) -> dict[str, str]:
    settings = session.settings()
    unit = settings.get("unit") or session.meta.get("unit", "") or "đơn vị"
    year = session.meta.get("year", "")
    previous_year = str(int(year) - 1) if year.isdigit() else "trước"
    words = {
        "unit": unit,
        "year": year,
        "previous_year": previous_year,
        **chain_of_work(
            unit,
            int(year) if year.isdigit() else None,
            recipients=settings.get("recipients", ""),
            dated=_date(settings.get("doc_date", "")),
        ),
    }
    return {field: text.default.format(**words) for field, text in DOC_TEXTS.items()}


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# Centrally governed cities: their Ủy ban nhân dân is a province's. Huế became one on 1 January 2025.
_CITIES = ("ha noi", "ho chi minh", "hai phong", "da nang", "can tho")
_COMMUNES = ("xa ", "phuong ", "thi tran ", "dac khu ")
_UBND = "uy ban nhan dan "
# Two-level local government (Luật Tổ chức chính quyền địa phương 2025): no district from 1 July 2025
TWO_LEVELS = dt.date(2025, 7, 1)
# "- UBND các huyện, thành phố;" in the unit's own Nơi nhận: the local governments it really has
_LOCAL_RECIPIENT = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(các\s+.+)$", re.IGNORECASE)


def _two_levels(year: int | None, dated: dt.date | None) -> bool:
    """Whether the plan is made under two-level local government: dated from 1 July 2025, or for 2026 on."""
    return (dated is not None and dated >= TWO_LEVELS) or (year is not None and year >= 2026)


def _named_locals(recipients: str) -> str | None:
    """ "Ủy ban nhân dân các huyện, thành phố", as the unit's own Nơi nhận names them, if it does."""
    for line in recipients.splitlines():
        found = _LOCAL_RECIPIENT.match(line.strip().lstrip("-–• ").rstrip(";.,").strip())
        if found:
            return f"Ủy ban nhân dân {found.group(1)}"
    return None


def chain_of_work(unit: str, year: int | None, *, recipients: str = "", dated: dt.date | None = None) -> dict[str, str]:
    """Who carries out a plan of ``unit`` and whom they report to.

    A province's Ủy ban nhân dân (a centrally governed city's too) gives it to its sở, ban, ngành
    and local governments, reporting through Sở Nội vụ; a district's to its cơ quan chuyên môn and
    communes, through Phòng Nội vụ; a commune's to its bộ phận and công chức; a sở or any other
    unit to its own phòng, đơn vị. The local governments are named as the unit's own Nơi nhận
    names them ("UBND các huyện, thành phố"); otherwise by level ("cấp huyện"), since no list of a
    province's districts is ours to invent. Under two-level local government (from 1 July 2025)
    a province's local governments are its communes, wards and special zones: "cấp xã".
    """
    name = unit_key(unit)
    place = name.removeprefix(_UBND) if name.startswith(_UBND) else None
    two_levels = _two_levels(year, dated)
    cities = _CITIES + (("hue",) if (year and year >= 2025) or two_levels else ())
    city = place is not None and any(place == f"thanh pho {c}" for c in cities)
    if place is not None and (place.startswith("tinh ") or city):
        named = None if two_levels else _named_locals(recipients)
        local = "Ủy ban nhân dân cấp xã" if two_levels else named or "Ủy ban nhân dân cấp huyện"
        return {
            "subordinates": f"Các sở, ban, ngành; {local}",
            "subordinates_short": "các cơ quan, đơn vị, địa phương",
            "report_to": f"{unit} (qua Sở Nội vụ)",
        }
    if place is not None and place.startswith(_COMMUNES):
        return {
            "subordinates": f"Các bộ phận, công chức thuộc {unit}",
            "subordinates_short": "các bộ phận, công chức",
            "report_to": f"lãnh đạo {unit}",
        }
    if place is not None and not two_levels:
        return {
            "subordinates": f"Các cơ quan chuyên môn thuộc {unit}; Ủy ban nhân dân cấp xã",
            "subordinates_short": "các cơ quan, đơn vị, địa phương",
            "report_to": f"{unit} (qua Phòng Nội vụ)",
        }
    return {
        "subordinates": f"Các phòng, đơn vị thuộc {unit}",
        "subordinates_short": "các phòng, đơn vị",
        "report_to": f"lãnh đạo {unit}",
    }


def document_texts(session: Session) -> dict[str, str]:
    """The text of every ``doc:`` field: what the file holds, else the default."""
    stored: Mapping[str, str] = {
        field: text for field in DOC_TEXTS for (key, _s), text in session.texts(field).items() if key == ""
    }
    defaults = _defaults(session)
    return {field: stored.get(field) or defaults[field] for field in DOC_TEXTS}


def save_document_text(session: Session, field: str, text: str) -> None:
    """Store one text (its own transaction, with an audit line); the default text is stored as empty."""
    if field not in DOC_TEXTS:
        raise KeyError(field)
    clean = text.strip()
    if clean == _defaults(session)[field].strip():
        clean = ""
    session.store.write_text("", field, "", clean, user=session.user)

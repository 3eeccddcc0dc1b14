"""The audit log in the officer's words: what changed, old and new values, dates and documents."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring import SCENARIO_LABELS, Scenario, format_number
from scoring.rounds import DESK_LABELS, ROUND_LABELS, Desk, Round

__all__ = ["Names", "describe_field", "document_names", "shown_key", "shown_time", "shown_value"]

FIELD_LABELS = {
    "value": "Điểm",
    "inputs": "Số liệu",
    "undo": "Hoàn tác",
    "redo": "Làm lại",
    "import": "Nhập dữ liệu",
    "import-xlsx": "Nhập từ bảng Excel",
    "carry": "Lấy điểm năm trước",
    "lead": "Đơn vị chủ trì",
    "not_applicable": "Không áp dụng",
    "round": "Chuyển vòng",
    "desk": "Bên giữ tệp",
    "assemble": "Tổng hợp từ tệp đơn vị",
    "appraisal:start": "Bắt đầu thẩm định",
    "appraisal:clear": "Bỏ điểm thẩm định",
    "text:tasks": "Nhiệm vụ, giải pháp",
    "text:explanation": "Giải trình",
    "text:note": "Ghi chú",
    "text:deadline": "Thời gian hoàn thành",
    "text:reason": "Lý do trừ điểm",
    "text:response": "Giải trình của đơn vị",
    "evidence:link": "Liên kết tài liệu",
    "evidence:unlink": "Bỏ liên kết tài liệu",
    "document:add": "Thêm tài liệu",
    "document:edit": "Sửa tài liệu",
    "document:remove": "Xóa tài liệu",
    "comment:add": "Thêm nhận xét",
    "comment:remove": "Xóa nhận xét",
}
# fields whose values are entries as the log writes them: "0.75", "a=200; b=181", "option=2"
ENTRIES = frozenset({"value", "inputs", "undo", "redo", "import", "import-xlsx", "carry"})
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOCUMENT_ID = re.compile(r"^#(\d+)\s*")


@dataclass(frozen=True)
class Names:
    """What the log names by id: settings by key, documents by id ("12/KH-STP")."""

    settings: Mapping[str, str] = field(default_factory=dict)
    documents: Mapping[str, str] = field(default_factory=dict)


def describe_field(field_name: str, scenario: str, names: Names | None = None) -> str:
    """Vietnamese name of an audit field, with its scenario: "Điểm (Tự đánh giá)"."""
    if field_name.startswith("settings:"):
        key = field_name.split(":", 1)[1]
        label = f"Thiết lập văn bản: {(names.settings if names else {}).get(key, key)}"
    else:
        label = FIELD_LABELS.get(field_name, field_name)
    if scenario in Scenario._value2member_map_:
        label += f" ({SCENARIO_LABELS[Scenario(scenario)]})"
    return label


def shown_key(key: object) -> str:
    """A node as its code: "1.2 (nội dung 1)" for the first part of 1.2."""
    code, _, part = str(key or "").partition("#")
    return f"{code} (nội dung {part})" if part else code


def shown_value(field_name: str, value: object, names: Names | None = None) -> str:
    """A stored value as the officer reads it: 0,75; a = 200; Đã gửi; 12/KH-STP; 05/02/2026."""
    if value is None:
        return ""
    text = str(value)
    if field_name in ENTRIES or field_name.startswith("appraisal:"):
        return "; ".join(_entry_part(part) for part in text.split("; "))
    if field_name == "round":
        return _round(text)
    if field_name == "desk":
        return DESK_LABELS[Desk(text)] if text in Desk._value2member_map_ else text
    if field_name == "not_applicable":
        return {"1": "Không áp dụng", "0": "Áp dụng"}.get(text, text)
    if field_name.startswith("evidence:"):
        return (names.documents if names else {}).get(text) or f"tài liệu đã xóa (mã {text})"
    if field_name.startswith("document:"):  # "#3 12/KH-STP 2026-02-05 Kế hoạch …"
        return " ".join(_ISO_DATE.sub(r"ngày \3/\2/\1", _DOCUMENT_ID.sub("", text)).split())
    if field_name.startswith("settings:"):
        return _ISO_DATE.sub(r"\3/\2/\1", text)
    return text


def _entry_part(part: str) -> str:
    name, equals, number = part.partition("=")
    if not equals:
        return _number(part, places=2)
    if name == "option":
        return f"mức {number}"
    return f"{name} = {_number(number, places=4)}"


def _number(text: str, *, places: int) -> str:
    try:
        return format_number(Decimal(text), places=places, trim=places > 2)
    except InvalidOperation:
        return text


def _round(text: str) -> str:
    """ "tu_danh_gia" → "Tự đánh giá"; "da_gui: Tự đánh giá → Đã gửi (ghi chú)" → "Đã gửi (ghi chú)"."""
    state, _, said = text.partition(": ")
    if state not in Round._value2member_map_:
        return text
    label = ROUND_LABELS[Round(state)]
    note = said.split(" → ", 1)[-1] if said else label
    return note if note.startswith(label) else label


def shown_time(stamp: object) -> str:
    """ "05/02/2026 14:03" in the computer's time zone."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


def document_names(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Documents named by the log itself ("#3 12/KH-STP 2026-02-05 …" when added or edited): a
    removed document's links still say which it was."""
    names: dict[str, str] = {}
    for row in rows:
        if str(row["field"]) in ("document:add", "document:edit") and row["new"]:
            found = _DOCUMENT_ID.match(str(row["new"]))
            if found:
                rest = str(row["new"])[found.end() :].split(" ")
                names[found.group(1)] = rest[0] if rest and rest[0] else "(không số)"
    return names

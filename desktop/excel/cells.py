"""Reading Excel cells as PAR tables write them: header names, criterion codes, numbers and points."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scoring import NumberError, Scenario, fold, parse_number, to_decimal
from scoring.numbers import quantize_store

__all__ = [
    "Role",
    "cell_number",
    "cell_text",
    "classify_header",
    "column_letter",
    "plain_words",
    "header_year",
    "parse_code",
    "stated_points",
]


class Role(StrEnum):
    """What a column of the table holds."""

    CODE = "code"
    TITLE = "title"
    MAX = "max"
    VALUE = "value"
    TASKS = "tasks"
    DEADLINE = "deadline"
    LEAD = "lead"
    EXPLANATION = "explanation"
    NOTE = "note"
    EVIDENCE = "evidence"


ROLE_LABELS = {
    Role.CODE: "STT",
    Role.TITLE: "Tiêu chí",
    Role.MAX: "Điểm tối đa",
    Role.VALUE: "Điểm",
    Role.TASKS: "Nhiệm vụ, giải pháp",
    Role.DEADLINE: "Thời gian hoàn thành",
    Role.LEAD: "Đơn vị chủ trì",
    Role.EXPLANATION: "Giải trình",
    Role.NOTE: "Ghi chú",
    Role.EVIDENCE: "Tài liệu kiểm chứng",
}

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_CODE_HEADERS = {"tt", "stt", "so tt", "so thu tu", "ma", "ma so", "ma tieu chi", "ma tc"}
_ROMAN = re.compile(r"^[IVXLC]+$")
_ARABIC = re.compile(r"^\d+(\.\d+)*$")
_SECTION = re.compile(r"^[A-ZĐ]{1,3}\d?$")
_QUALIFIED = re.compile(r"^[A-ZĐ]{1,3}\d?(\.\d+)+$")
_EMPTY_MARKS = {"", "-", "–", "—"}
_NUMBER_NOTE = re.compile(r"^\s*([+-]?[\d.,]+)\s*(?:điểm|đ)?\s*\((.+)\)\s*$", re.S)
_NUMBER_UNIT = re.compile(r"^\s*([+-]?[\d.,]+)\s*(?:điểm|đ)\s*$")
# "…: 0,5", "…: 1.00 (nếu …)", "…: trừ 0,5 điểm": the first number right after a colon
_POINTS = re.compile(r":\s*(trừ\s*)?([+-]?\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?(?=$|[\s(;,]|\.(?!\d))", re.I)


def plain_words(text: object) -> str:
    """Folded (``scoring.fold``) with punctuation made spaces: how headers and labels are compared."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(text)).split())


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def lead_text(value: object) -> str:
    """A lead cell as one line: a unit per line in the cell (Alt+Enter) becomes "; " between them.

    Spaces are made one, but a line break stays a separator, as ``scoring.units`` reads it: a
    cell "Sở Nội vụ⏎Sở Văn hóa, Thể thao và Du lịch" is two units, not one name run together.
    """
    lines = (" ".join(line.split()) for line in cell_text(value).splitlines())
    return "; ".join(line for line in lines if line)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_year(text: str) -> int | None:
    found = _YEAR.search(plain_words(text))
    return int(found.group()) if found else None


@dataclass(frozen=True)
class HeaderGuess:
    """A header's role and, for a value column, its scenario (``None``: a dated result, see below)."""

    role: Role
    scenario: Scenario | None = None
    dated_result: bool = False


def classify_header(text: str) -> HeaderGuess | None:
    """Recognise a column by its Vietnamese header, whatever its accents, case or spacing."""
    t = plain_words(text)
    if not t:
        return None
    if t in _CODE_HEADERS:
        return HeaderGuess(Role.CODE)
    if "toi da" in t or "diem chuan" in t or "thang diem" in t:
        return HeaderGuess(Role.MAX)
    if "kiem chung" in t or "minh chung" in t:
        return HeaderGuess(Role.EVIDENCE)
    if "giai trinh" in t:
        return HeaderGuess(Role.EXPLANATION)
    if "ghi chu" in t:
        return HeaderGuess(Role.NOTE)
    if t.startswith(("thoi gian hoan thanh", "thoi han")):
        return HeaderGuess(Role.DEADLINE)  # "Thời gian hoàn thành", "Thời hạn", "Thời hạn hoàn thành"
    value = _value_guess(t)
    if value is not None:
        return value
    if "nhiem vu" in t or "giai phap" in t:
        return HeaderGuess(Role.TASKS)
    if "don vi tinh" in t:
        return None  # a unit of measure, not a lead unit
    if any(word in t for word in ("chu tri", "don vi", "co quan", "phu trach", "theo doi")):
        return HeaderGuess(Role.LEAD)
    if any(word in t for word in ("tieu chi", "linh vuc", "noi dung", "chi so")) or t in ("ten", "ten muc"):
        return HeaderGuess(Role.TITLE)
    return None


def _value_guess(t: str) -> HeaderGuess | None:
    if "tham dinh" in t:
        return HeaderGuess(Role.VALUE, Scenario.APPRAISED)
    if "muc tieu" in t or "phan dau" in t:
        return HeaderGuess(Role.VALUE, Scenario.TARGET)
    if "tu danh gia" in t or "tu cham" in t or "hien tai" in t:
        return HeaderGuess(Role.VALUE, Scenario.ACTUAL)
    if "nam truoc" in t:
        return HeaderGuess(Role.VALUE, Scenario.PREVIOUS)
    if "ket qua" in t or "dat duoc" in t or re.search(r"\bdiem\b.*\b(19|20)\d{2}\b", t):
        return HeaderGuess(Role.VALUE, None, dated_result=_YEAR.search(t) is not None)
    return None


def result_scenario(text: str, reference_year: int | None) -> Scenario:
    """A result column: dated before the plan's year → previous; undated or current → actual."""
    year = header_year(text)
    if year is None:
        return Scenario.ACTUAL
    if reference_year is None:
        return Scenario.PREVIOUS  # a dated result with nothing to compare: a published result
    return Scenario.PREVIOUS if year < reference_year else Scenario.ACTUAL


# ---------------------------------------------------------------- codes


def parse_code(value: object) -> str | None:
    """A criterion code as printed (``I``, ``1``, ``1.2.3``, ``B``, ``II.1``), or None for a bullet/blank."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value or "")
    text = re.sub(r"\s+", "", text).rstrip(".)")
    if re.fullmatch(r"\d+(,\d+)+", text):
        text = text.replace(",", ".")  # "1,2" typed as text with the Vietnamese decimal comma
    if not text:
        return None
    if _ROMAN.match(text) or _ARABIC.match(text) or _QUALIFIED.match(text):
        return text
    if _SECTION.match(text):
        return text
    return None


def code_kind(code: str) -> str:
    """``roman``, ``section`` (letters), ``arabic`` or ``qualified`` (II.1, B.2)."""
    if _ROMAN.match(code):
        return "roman"
    if _SECTION.match(code):
        return "section"
    if _ARABIC.match(code):
        return "arabic"
    return "qualified"


def is_roman(code: str) -> bool:
    return bool(_ROMAN.match(code))


def roman_value(code: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for index, char in enumerate(code):
        value = values[char]
        following = values[code[index + 1]] if index + 1 < len(code) else 0
        total += -value if value < following else value
    return total


# ---------------------------------------------------------------- numbers


def cell_number(value: object) -> tuple[Decimal | None, str]:
    """A score cell as an exact Decimal (4 decimals kept) and any note written after it.

    Accepts numbers, text with a decimal comma or point, ``0,5 điểm`` and ``0,75 (tạm tính …)``;
    ``-``/``—`` and blanks are empty. Raises ``NumberError`` (Vietnamese) for anything else.
    """
    if value is None:
        return None, ""
    if isinstance(value, bool):
        raise NumberError(f"“{value}” không phải là số.")
    if isinstance(value, int | float | Decimal):
        number = to_decimal(value)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:  # 2.7091000000000003 computed by Excel
            number = quantize_store(number)
        return number, ""
    text = " ".join(str(value).split())
    if text.lower() in _EMPTY_MARKS:
        return None, ""
    note = ""
    match = _NUMBER_NOTE.match(text) or _NUMBER_UNIT.match(text)
    if match:
        text, note = match.group(1), (match.group(2).strip() if match.lastindex == 2 else "")
    try:
        return parse_number(text), note
    except NumberError:
        raise NumberError(f"“{value}” không phải là số.") from None


def stated_points(title: str) -> Decimal | None:
    """The points a scoring line states in its text (``…: 0,5``; ``…: trừ 0,5 điểm`` is −0,5)."""
    match = _POINTS.search(title)
    if not match:
        return None
    try:
        number = parse_number(match.group(2))
    except NumberError:
        return None
    return -abs(number) if match.group(1) else number

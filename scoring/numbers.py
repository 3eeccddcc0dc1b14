"""Exact score arithmetic: Decimal parsing, half-up rounding and Vietnamese number formatting."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from .errors import Refusal
from .limits import MAX_INTEGER_DIGITS, MAX_NUMBER, MAX_PLACES

__all__ = [
    "STORE_PLACES",
    "NumberError",
    "check_range",
    "format_number",
    "parse_number",
    "quantize_store",
    "round_display",
    "to_decimal",
]

ZERO = Decimal(0)
STORE_PLACES = Decimal("0.0001")  # stored values keep 4 decimals
DISPLAY_PLACES = Decimal("0.01")  # shown and exported with 2
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"[+-]?\d+")


class NumberError(Refusal):
    """Text that is not a number; the message is Vietnamese and names the text."""


def _shown(raw: object) -> str:
    if isinstance(raw, int) and abs(raw) >= 10**40:
        return "số có hơn 40 chữ số"  # str() of an int of more than 4 300 digits would raise
    text = str(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def check_range(value: Decimal, raw: object = None) -> Decimal:
    """``value`` if it is finite and within the documented range (``scoring.limits``), else refuse.

    Every number from outside (typed, imported, read from a file) passes here, so a ``1E+25`` or
    an ``Infinity`` never reaches the arithmetic or the formatting far from where it came in.
    """
    shown = _shown(value if raw is None else raw)
    if not value.is_finite():
        raise NumberError(f"“{shown}” không phải là số.")
    if abs(value) >= MAX_NUMBER:
        raise NumberError(
            f"“{shown}” quá lớn: PAR Desk nhận số có tối đa {MAX_INTEGER_DIGITS} chữ số phần nguyên "
            f"(nhỏ hơn {format_number(MAX_NUMBER, places=0)})."
        )
    return value


def to_decimal(value: object) -> Decimal:
    """Convert an int, Decimal or numeric string to Decimal exactly (floats via their repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise NumberError(f"“{value}” không phải là số.")
    if isinstance(value, int):
        if abs(value) >= MAX_NUMBER:  # before Decimal(): a huge int would be converted in full first
            return check_range(MAX_NUMBER, value)
        return Decimal(value)
    if isinstance(value, float):
        # A float only ever reaches us from a foreign source (Excel, JSON); its shortest
        # repr is what the author typed, so convert through it, never through binary.
        return check_range(Decimal(repr(value)), value)
    if isinstance(value, str):
        return parse_number(value)
    raise NumberError(f"“{_shown(value)}” không phải là số.")


def parse_number(text: str, *, max_places: int = MAX_PLACES) -> Decimal:
    """Parse a number as officers type it: ``86,26``, ``86.26``, ``1.234,5``, ``-0,5``.

    A single ``,`` or ``.`` is the decimal mark; when both occur the last one is the decimal mark
    and the other groups thousands; several of the same mark group thousands (``1.234.567``).
    The value must lie within ``scoring.limits`` (12 digits before the mark, 4 after).
    """
    raw = _shown(text or "")
    if len(text or "") > 200:  # no number we accept is this long; never scan megabytes of it
        raise NumberError(f"“{raw}” không phải là số (quá dài).")
    text = _SPACES.sub("", text or "")
    if not text:
        raise NumberError("Chưa nhập số.")
    body = text.lstrip("+-")
    sign = "-" if text.startswith("-") else ""
    if text[:1] in "+-" and text[1:2] in "+-":
        raise NumberError(f"“{raw}” không phải là số.")
    body = _normalise_marks(body, raw)
    try:
        value = Decimal(sign + body)
    except InvalidOperation:
        raise NumberError(f"“{raw}” không phải là số.") from None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_places:
        raise NumberError(f"“{raw}” có quá {max_places} chữ số thập phân.")
    return check_range(value, raw)


def _normalise_marks(body: str, raw: str) -> str:
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if body.count(decimal_mark) > 1:
            raise NumberError(f"“{raw}” không phải là số.")
        int_part, frac = body.split(decimal_mark)
        _check_groups(int_part.split(group_mark), raw)
        body = int_part.replace(group_mark, "") + "." + frac
    elif commas > 1 or dots > 1:
        mark = "," if commas else "."
        _check_groups(body.split(mark), raw)
        body = body.replace(mark, "")
    else:
        body = body.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", body):
        raise NumberError(f"“{raw}” không phải là số.")
    return body


def _check_groups(groups: list[str], raw: str) -> None:
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise NumberError(f"“{raw}” không phải là số.")


def round_display(value: Decimal) -> Decimal:
    """Half-up to 2 decimals: 0,925 → 0,93; 2,675 → 2,68."""
    return value.quantize(DISPLAY_PLACES, rounding=ROUND_HALF_UP)


def quantize_store(value: Decimal) -> Decimal:
    """Half-up to the 4 decimals kept in the file."""
    return value.quantize(STORE_PLACES, rounding=ROUND_HALF_UP)


# The text depends only on the number (0,5 and 0,50 print alike at fixed places), and an open file
# prints the same few values thousands of times (every finding, cell and page); typed: True ≠ 1.
@lru_cache(maxsize=4096, typed=True)
def format_number(
    value: Decimal | int | None,
    *,
    places: int = 2,
    trim: bool = False,
    empty: str = "",
) -> str:
    """Vietnamese form: decimal comma, dot between thousands; ``trim`` drops trailing zeros."""
    if value is None:
        return empty
    dec = to_decimal(value)
    quantum = Decimal(1).scaleb(-places)
    dec = dec.quantize(quantum, rounding=ROUND_HALF_UP)
    if dec == ZERO:
        dec = abs(dec)  # never print "-0,00"
    sign = "-" if dec < 0 else ""
    digits = f"{abs(dec):f}"
    int_part, _, frac = digits.partition(".")
    if trim:
        frac = frac.rstrip("0")
    groups: list[str] = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    int_text = ".".join([int_part, *groups])
    return f"{sign}{int_text},{frac}" if frac else f"{sign}{int_text}"


def is_plain_integer(text: str) -> bool:
    """True for text such as ``12`` or ``-3`` (used where only counts make sense)."""
    return bool(_PLAIN.fullmatch(_SPACES.sub("", text)))

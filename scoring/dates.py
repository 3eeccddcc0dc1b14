"""Dates written the official way (Nghị định 30/2020/NĐ-CP): "ngày 05 tháng 02 năm 2026"."""

from __future__ import annotations

import datetime as dt

from .errors import Refusal

__all__ = ["DateError", "local_time", "official_date", "parse_date", "place_and_date", "short_date"]


class DateError(Refusal):
    """Text that is not a date; the message is Vietnamese."""


def official_date(day: dt.date) -> str:
    """Days below 10 and the months 1 and 2 take a leading zero ("ngày 29 tháng 6 năm 2026")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: dt.date) -> str:
    """The line of ô 4: "Quảng Ninh, ngày 05 tháng 02 năm 2026"."""
    return f"{place}, {official_date(day)}"


def short_date(day: dt.date) -> str:
    """dd/mm/yyyy, as tables and evidence lists print it."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def parse_date(text: str) -> dt.date:
    """Accept ISO ``2026-02-05`` and Vietnamese ``05/02/2026`` (or ``5/2/2026``, ``05-02-2026``)."""
    raw = (text or "").strip()
    try:
        if len(raw) == 10 and raw[4] == "-":
            return dt.date.fromisoformat(raw)
        parts = raw.replace("-", "/").replace(".", "/").split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        pass
    raise DateError(f"“{raw}” không phải là ngày hợp lệ (ví dụ: 05/02/2026).")


def local_time(stamp: str, zone: dt.tzinfo | None = None, *, official: bool = False) -> str:
    """A stored ISO moment ("2026-12-02T01:49:46.403+00:00") as the officer reads it, in her own
    time zone (``zone``, else this computer's): "08:49 ngày 02/12/2026"; ``official``, to the
    second in a document's words: "ngày 02 tháng 12 năm 2026 lúc 08:49:46". Text that is not such
    a moment (or none this computer can place) is returned as it is (a damaged file's value is
    shown, never hidden)."""
    try:
        moment = dt.datetime.fromisoformat(stamp.strip())
        if moment.tzinfo is not None:
            moment = moment.astimezone(zone)
    except (AttributeError, ValueError, OverflowError):  # OverflowError: year 1 moved west of UTC
        return stamp
    if official:
        return f"{official_date(moment.date())} lúc {moment:%H:%M:%S}"
    return f"{moment:%H:%M} ngày {short_date(moment.date())}"

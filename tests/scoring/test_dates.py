import datetime as dt

import pytest

from scoring import DateError, local_time, official_date, parse_date, place_and_date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (dt.date(2022, 7, 27), "ngày 27 tháng 7 năm 2022"),
        (dt.date(2026, 6, 29), "ngày 29 tháng 6 năm 2026"),
        (dt.date(2026, 1, 10), "ngày 10 tháng 01 năm 2026"),
        (dt.date(2026, 12, 1), "ngày 01 tháng 12 năm 2026"),
    ],
)
def test_official_date_pads_days_below_10_and_months_1_and_2(day, text):
    assert official_date(day) == text


def test_place_and_date_line():
    assert place_and_date("Quảng Ninh", dt.date(2026, 2, 5)) == "Quảng Ninh, ngày 05 tháng 02 năm 2026"


@pytest.mark.parametrize("text", ["05/02/2026", "5/2/2026", "2026-02-05", "05-02-2026"])
def test_parse_date_forms(text):
    assert parse_date(text) == dt.date(2026, 2, 5)


@pytest.mark.parametrize("text", ["31/02/2026", "hôm qua", "2026/02", ""])
def test_parse_date_refuses(text):
    with pytest.raises(DateError, match="không phải là ngày"):
        parse_date(text)


def test_a_stored_moment_reads_in_the_officers_time_zone():
    # tester item 15: "đóng gói 2026-12-02T01:49:46.403+00:00" (ISO, UTC) in verify, the inbox and `round`
    hanoi = dt.timezone(dt.timedelta(hours=7))
    assert local_time("2026-12-02T01:49:46.403+00:00", hanoi) == "08:49 ngày 02/12/2026"
    assert local_time("2026-12-31T20:05:00+00:00", hanoi) == "03:05 ngày 01/01/2027"
    assert local_time("2026-02-05T09:30:00+07:00", hanoi) == "09:30 ngày 05/02/2026"
    assert local_time("2026-02-05T09:30:00") == "09:30 ngày 05/02/2026"  # no offset: as written
    assert local_time("") == "" and local_time("không rõ") == "không rõ"
    assert local_time("0001-01-01T00:00:00+14:00", hanoi) == "0001-01-01T00:00:00+14:00"  # out of range here


def test_an_official_moment_is_to_the_second_in_a_documents_words():
    # tester item 15: the lock message cut the seconds ("từ 2026-12-02 lúc 01:43:5")
    hanoi = dt.timezone(dt.timedelta(hours=7))
    assert local_time("2026-12-02T01:43:51+00:00", hanoi, official=True) == "ngày 02 tháng 12 năm 2026 lúc 08:43:51"
    assert local_time("2026-06-09T07:05:00", official=True) == "ngày 09 tháng 6 năm 2026 lúc 07:05:00"

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import NumberError, format_number, parse_number, round_display


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86,26", "86.26"),
        ("86.26", "86.26"),
        (" 0,5 ", "0.5"),
        ("-0,5", "-0.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("12", "12"),
        ("0,8791", "0.8791"),
        ("1\u00a0234,5", "1234.5"),
    ],
)
def test_parse_accepts_what_officers_type(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "", "1,2,3,4a", "--1", "1..2", "1,23,4", "1e5", "nan", "inf", "0,12345"])
def test_parse_refuses_with_a_vietnamese_message(text):
    with pytest.raises(NumberError) as info:
        parse_number(text)
    message = str(info.value)
    assert "số" in message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0.925", "0,93"),
        ("2.675", "2,68"),
        ("86.26", "86,26"),
        ("0.145", "0,15"),
        ("-0.001", "0,00"),
        ("1234.5", "1.234,50"),
        ("8.5", "8,50"),
    ],
)
def test_format_is_half_up_with_a_decimal_comma(value, shown):
    assert format_number(Decimal(value)) == shown


def test_format_trim_drops_trailing_zeros():
    assert format_number(Decimal("8.50"), trim=True) == "8,5"
    assert format_number(Decimal("2.00"), trim=True) == "2"
    assert format_number(None, empty="—") == "—"


def test_round_display_is_half_up_not_bankers():
    assert round_display(Decimal("0.125")) == Decimal("0.13")
    assert round_display(Decimal("0.135")) == Decimal("0.14")


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_format_then_parse_returns_the_number(value):
    assert parse_number(format_number(value)) == value

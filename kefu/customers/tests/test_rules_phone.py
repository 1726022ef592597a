"""Phone rules: mobile 11 digits 1[3-9]; a landline carries its area code (seed 000 L155)."""

import pytest

from kefu.customers.rules import (
    LandlineNeedsAreaCode,
    PhoneInvalid,
    normalize_phone,
    normalize_plate,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("8619912345678", "19912345678"),
        ("010-12345678", "010-12345678"),
        ("(0755)2345678", "0755-2345678"),
        ("0755 23456789", "0755-23456789"),
        ("021-6543210", "021-6543210"),
        ("4008123123", "4008123123"),
    ],
)
def test_valid_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "abc", "", "0755-12"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(PhoneInvalid) as info:
        normalize_phone(raw)
    assert info.value.code == "customers.phone_invalid"


@pytest.mark.parametrize("raw", ["87654321", "8765432", "2345678"])
def test_landline_without_area_code_is_refused(raw):
    # seed 000 L155 座機需加上區號
    with pytest.raises(LandlineNeedsAreaCode) as info:
        normalize_phone(raw)
    assert info.value.code == "customers.landline_needs_area_code"


def test_plate_is_normalised():
    assert normalize_plate(" 粤b·12345 ") == "粤B12345"

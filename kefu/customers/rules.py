"""Customer rules without the ORM: phone numbers and plates.

seed 000 L155: "座機需加上區號" — a landline must carry its area code.
Mobile numbers in mainland China are 11 digits starting 1[3-9].
"""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import InvalidInput

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code 0 + 2–3 digits (010, 021, 0755 …), then a 7–8 digit local number.
LANDLINE_RE = re.compile(r"^(0\d{2,3})-(\d{7,8})$")
# Service numbers such as 400-xxx-xxxx / 800-xxx-xxxx have no area code.
SERVICE_RE = re.compile(r"^[48]00\d{7}$")
LOCAL_ONLY_RE = re.compile(r"^[2-9]\d{6,7}$")
SEPARATORS_RE = re.compile(r"[\s\-()（）]+")


class PhoneInvalid(InvalidInput):
    default_code = "customers.phone_invalid"
    default_message = _(
        "Enter an 11-digit mobile number starting 13–19, or a landline with its area code."
    )


class LandlineNeedsAreaCode(InvalidInput):
    default_code = "customers.landline_needs_area_code"
    default_message = _("A landline number must include its area code, e.g. 010-12345678.")


def normalize_phone(raw: str) -> str:
    """Validate ``raw`` and return its canonical form.

    - mobile: ``13812345678`` (a leading +86 / 86 is dropped)
    - landline: ``0755-12345678`` (area code, hyphen, local number)
    - service: ``4001234567``

    >>> normalize_phone("138 1234 5678")
    '13812345678'
    >>> normalize_phone("(0755)12345678")
    '0755-12345678'
    """
    text = (raw or "").strip()
    if text.startswith("+86"):
        text = text[3:]
    compact = SEPARATORS_RE.sub("", text)
    if compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    if not compact.isdigit():
        raise PhoneInvalid()
    if MOBILE_RE.match(compact):
        return compact
    if SERVICE_RE.match(compact):
        return compact
    if compact.startswith("0"):
        # Three-digit area codes: 010 and 02x; the rest are four digits.
        area_len = 3 if compact[1] in "12" else 4
        candidate = f"{compact[:area_len]}-{compact[area_len:]}"
        if LANDLINE_RE.match(candidate):
            return candidate
        raise PhoneInvalid()
    if LOCAL_ONLY_RE.match(compact):
        raise LandlineNeedsAreaCode()
    raise PhoneInvalid()


def phone_digits(value: str) -> str:
    """Only the digits of a phone fragment, for searching by any part."""
    return re.sub(r"\D", "", value or "")


def normalize_plate(raw: str) -> str:
    """Upper-case plate without spaces or separators (粤B·12345 → 粤B12345)."""
    return re.sub(r"[\s·\-.]", "", raw or "").upper()


#: The earliest birthday kefu accepts (an older date is a typing error).
EARLIEST_BIRTHDAY = date(1900, 1, 1)


def birthday_valid(birthday: date | None, *, today: date) -> bool:
    """A birthday is empty or lies between 1900-01-01 and ``today``."""
    return birthday is None or EARLIEST_BIRTHDAY <= birthday <= today

"""Telephone numbers: mobile, landline with area code, and 400/800 service numbers.

Stored forms (one per number, so equal numbers compare equal):
- mobile: 11 digits, '13800138000';
- landline: area code, dash, local number, '021-12345678' or '0571-8765432' (the dash keeps the
  area code readable and unambiguous);
- service: 10 digits, '4008123123'.

A country code (+86, 0086, 86 before an 11-digit mobile) is dropped, as are spaces, dashes,
brackets and dots. An extension ('转123', 'ext. 123', '-123' after a complete number) is dropped.
When a field holds several numbers ('13800138000/13900139000') the first is used.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from loaders.standardise.text import normalize_text

_MULTIPLE = re.compile(r"[/,;、，；|]|或")
_EXTENSION = re.compile(r"(转|ext\.?|分机|x|#).*$", re.IGNORECASE)
_COUNTRY = re.compile(r"^\s*(\+|00)\s*86|^\s*\(\s*\+?86\s*\)")
_NON_DIGIT = re.compile(r"\D+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_FLOAT_TEXT = re.compile(r"\d{7,}\.0+")


class Phone(NamedTuple):
    """A standardised telephone number.

    Attributes:
        value: the stored form (see the module docstring); digits only when the shape is not
            recognised.
        kind: 'mobile', 'landline', 'service' (400/800) or None when unrecognised.
        valid: True for an 11-digit mobile 1[3-9]…, an area code + 7-8 digit landline, or a
            10-digit 400/800 number. A local number without area code is kind 'landline' but
            not valid (the area is unknown).
    """

    value: str
    kind: str | None
    valid: bool


def _landline(digits: str) -> Phone:
    area_len = 3 if digits[1] in "12" else 4
    area, local = digits[:area_len], digits[area_len:]
    ok_len = len(local) == 8 if area_len == 3 else len(local) in (7, 8)
    if ok_len and local[0] != "0":
        return Phone(f"{area}-{local}", "landline", True)
    return Phone(digits, "landline", False)


def parse_phone(raw: object) -> Phone | None:
    """Standardise a telephone number.

    Args:
        raw: e.g. '+86 138-0013-8000', '(021)12345678', '0571-87654321转801', '４００８１２３１２３'.

    Returns:
        A :class:`Phone`, or None when the value is empty or holds no digits.
    """
    text = normalize_text(raw)
    if text is None:
        return None
    if _FLOAT_TEXT.fullmatch(text):  # '13800138000.0': a number that passed through a float
        text = text.split(".", 1)[0]
    text = _MULTIPLE.split(text, maxsplit=1)[0]
    text = _EXTENSION.sub("", text)
    explicit_country = _COUNTRY.match(text) is not None
    if explicit_country:
        text = _COUNTRY.sub("", text, count=1)
    # Extension written as a trailing dash group after a full mobile: '13800138000-1'.
    groups = [g for g in re.split(r"[-—–]", text) if g.strip()]
    digits = _NON_DIGIT.sub("", text)
    if not digits:
        return None
    if len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    elif (explicit_country and digits[0] != "0" and not _MOBILE.fullmatch(digits)
          and digits[:3] not in ("400", "800")):
        digits = "0" + digits  # +86 21 12345678: the trunk 0 is left out after a country code
    if _MOBILE.fullmatch(digits):
        return Phone(digits, "mobile", True)
    if digits[0] == "1":
        first = _NON_DIGIT.sub("", groups[0]) if groups else ""
        if _MOBILE.fullmatch(first):
            return Phone(first, "mobile", True)
        return Phone(digits, "mobile", False)
    if digits[0] == "0" and len(digits) >= 3:
        phone = _landline(digits)
        if not phone.valid and len(groups) > 2:  # 0571-87654321-801: drop the extension group
            head = _NON_DIGIT.sub("", "".join(groups[:2]))
            if head.startswith("0") and len(head) >= 3 and _landline(head).valid:
                return _landline(head)
        return phone
    if len(digits) == 10 and digits[:3] in ("400", "800"):
        return Phone(digits, "service", True)
    if len(digits) in (7, 8) and digits[0] not in "01":
        return Phone(digits, "landline", False)
    return Phone(digits, None, False)


def parse_phones(values) -> list[Phone | None]:
    """:func:`parse_phone` over many values, with a shortcut for clean 11-digit mobiles.

    Args:
        values: raw phone numbers.

    Returns:
        One :class:`Phone` (or None for an empty or digit-less value) per input, in order.
    """
    out: list[Phone | None] = []
    for v in values:
        if type(v) is str and len(v) == 11 and v.isascii() and _MOBILE.fullmatch(v):
            out.append(Phone(v, "mobile", True))
        else:
            out.append(parse_phone(v))
    return out

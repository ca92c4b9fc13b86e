"""Citizen ID numbers (GB 11643-1999): normalise, upgrade 15 → 18 digits, validate, derive.

A number that fails validation is kept (its normalised text) with ``valid=False`` and a short
problem code, because an invalid number one edit away from a valid one is almost certainly that
number mistyped and still useful evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from loaders.standardise.check_chars import id_check_char
from loaders.standardise.text import normalize_text

#: Earliest birth year accepted in an ID number.
MIN_BIRTH_YEAR = 1890

# First two digits of a region code: provinces, Taiwan (71), Hong Kong/Macau (81/82), and 83
# (residence permits for Taiwan residents); 9x is used by foreigners' permanent residence cards.
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83 91 92 93 94 95 96 97 98 99".split()
)

_SEPARATORS = re.compile(r"[\s\-_./\\·,，'\"]+")


class IdNumber(NamedTuple):
    """A standardised citizen ID number.

    Attributes:
        value: the 18-character number (upgraded from 15 digits when needed); for an invalid input
            the normalised text as far as it could be read.
        valid: True when length, characters, region, birth date and check character all pass.
        upgraded: True when the input had 15 digits.
        birth_date: ISO date from positions 7-14, when it is a real date (even if the check fails).
        gender: 'M' (odd 17th digit) or 'F' (even), when the shape allows reading it.
        region: the 6-digit region code, when the shape allows reading it.
        problem: None, or 'bad_chars', 'bad_length', 'bad_region', 'bad_birth_date', 'bad_check'.
    """

    value: str
    valid: bool
    upgraded: bool
    birth_date: str | None
    gender: str | None
    region: str | None
    problem: str | None


def clean_id_text(raw: object) -> str | None:
    """NFKC, drop separators and spaces, upper-case: the text an ID number is read from.

    Args:
        raw: the value as the source holds it.

    Returns:
        The cleaned text, or None when empty.
    """
    text = normalize_text(raw)
    if text is None:
        return None
    text = _SEPARATORS.sub("", text).upper()
    return text or None


def birth_date_of(yyyymmdd: str, today: dt.date | None = None) -> str | None:
    """Read an 8-digit birth date; None unless it is a real date from 1890 up to today.

    Args:
        yyyymmdd: eight digits.
        today: the reference date (defaults to today).

    Returns:
        The ISO date, or None.
    """
    if len(yyyymmdd) != 8 or not yyyymmdd.isdigit():
        return None
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if year < MIN_BIRTH_YEAR:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date > (today or dt.date.today()):
        return None
    return date.isoformat()


def parse_id_number(raw: object) -> IdNumber | None:
    """Standardise a citizen ID number.

    Args:
        raw: e.g. '11010519491231002X', '110105 19491231 002x', '１１０１０５４９１２３１００２'
            or the 15-digit '110105491231002'.

    Returns:
        An :class:`IdNumber`, or None when the value is empty.
    """
    text = clean_id_text(raw)
    if text is None:
        return None
    n = len(text)
    digits_ok = text.isascii() and (text.isdigit() or (text[:-1].isdigit() and text[-1] == "X"))
    if not digits_ok:
        return IdNumber(text, False, False, None, None, None, "bad_chars")
    upgraded = n == 15 and text.isdigit()
    if upgraded:
        body = text[:6] + "19" + text[6:]
        text = body + id_check_char(body)
    elif n == 18:
        body = text[:17]
    else:
        return IdNumber(text, False, False, None, None, None, "bad_length")

    region = body[:6]
    birth = birth_date_of(body[6:14])
    gender = "M" if int(body[16]) % 2 else "F"
    if region[:2] not in PROVINCE_PREFIXES:
        problem = "bad_region"
    elif birth is None:
        problem = "bad_birth_date"
    elif not upgraded and id_check_char(body) != text[17]:
        problem = "bad_check"
    else:
        problem = None
    return IdNumber(text, problem is None, upgraded, birth, gender, region, problem)


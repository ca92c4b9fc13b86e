"""Citizen ID numbers (GB 11643-1999): normalise, upgrade 15 → 18 digits, validate, derive.

A number that fails validation is kept (its normalised text) with ``valid=False`` and a short
problem code, because an invalid number one edit away from a valid one is almost certainly that
number mistyped and still useful evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.standardise.check_chars import code_matrix, id_check_char
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



_CLEAN_18 = re.compile(r"\d{17}[\dX]")
_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK_CODES = np.frombuffer(b"10X98765432", dtype=np.uint8)
_PROVINCE_CODES = np.array(sorted(int(p) for p in PROVINCE_PREFIXES))
_LAST_CHARS = pa.array(list("0123456789X"))
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def parse_id_numbers(values) -> pd.DataFrame:
    """:func:`parse_id_number` over many values, as a frame (one row per input, in order).

    Clean 18-character numbers (the usual case) are checked with numpy in bulk, the rest one
    by one; the result is the same as calling :func:`parse_id_number` on each.

    Args:
        values: raw ID numbers.

    Returns:
        A frame with the :class:`IdNumber` fields as columns and a RangeIndex; an empty input
        value gives a row of None.
    """
    values = list(values)
    n = len(values)
    columns = {f: np.full(n, None, dtype=object) for f in IdNumber._fields}
    arr = pc.utf8_upper(pc.utf8_trim_whitespace(
        pa.array([v if type(v) is str else None for v in values], type=pa.string())))
    clean = pc.and_(pc.equal(pc.binary_length(arr), 18),
                    pc.and_(pc.ascii_is_decimal(pc.utf8_slice_codeunits(arr, 0, 17)),
                            pc.is_in(pc.utf8_slice_codeunits(arr, 17, 18), value_set=_LAST_CHARS)))
    clean = pc.fill_null(clean, False).to_numpy(zero_copy_only=False)
    idx = np.flatnonzero(clean)
    if idx.size:
        texts = arr.filter(pa.array(clean))
        raw = code_matrix(texts, 18)
        digits = raw[:, :17].astype(np.int64) - 48
        check_ok = _CHECK_CODES[(digits @ _WEIGHTS) % 11] == raw[:, 17]
        year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
        month = digits[:, 10] * 10 + digits[:, 11]
        day = digits[:, 12] * 10 + digits[:, 13]
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        month_ok = (month >= 1) & (month <= 12)
        last_day = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + ((month == 2) & leap)
        today = dt.date.today()
        ymd = year * 10000 + month * 100 + day
        date_ok = (month_ok & (day >= 1) & (day <= last_day) & (year >= MIN_BIRTH_YEAR)
                   & (ymd <= today.year * 10000 + today.month * 100 + today.day))
        region_ok = np.isin(digits[:, 0] * 10 + digits[:, 1], _PROVINCE_CODES)
        problem = np.select([~region_ok, ~date_ok, ~check_ok],
                            ["bad_region", "bad_birth_date", "bad_check"], default="").astype(object)
        problem[problem == ""] = None
        birth = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(texts, 6, 10), pc.utf8_slice_codeunits(texts, 10, 12),
            pc.utf8_slice_codeunits(texts, 12, 14), "-").to_numpy(zero_copy_only=False)
        birth[~date_ok] = None
        columns["value"][idx] = texts.to_numpy(zero_copy_only=False)
        columns["valid"][idx] = (region_ok & date_ok & check_ok).astype(object)
        columns["upgraded"][idx] = False
        columns["birth_date"][idx] = birth
        columns["gender"][idx] = np.where(digits[:, 16] % 2 == 1, "M", "F").astype(object)
        columns["region"][idx] = pc.utf8_slice_codeunits(texts, 0, 6).to_numpy(zero_copy_only=False)
        columns["problem"][idx] = problem
    for i in np.flatnonzero(~clean):
        parsed = parse_id_number(values[i])
        if parsed is not None:
            for f, v in zip(IdNumber._fields, parsed):
                columns[f][i] = v
    return pd.DataFrame(columns)

"""Dates and gender codes as departments write them.

Dates: 1985-03-02, 19850302, 1985年3月2日, 一九八五年三月二日, 1985/3/2, 1985.3.2,
'1985-03-02 00:00:00', ISO with 'T', full-width digits, unambiguous day-first '25/12/1985', and
Excel serial day numbers ('31108', 31108.0). Serials are accepted from 10000 (1927-05-18) to
73415 (2100-12-31): four-digit numbers are far more often years than serials of 1900-1927.

Gender: GB/T 2261.1 codes (1 male, 2 female, 0 unknown, 9 unstated), 男/女, 男性/女性, M/F,
male/female.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.standardise.text import normalize_text

MIN_YEAR = 1800
MAX_YEAR = 2100
EXCEL_SERIAL_MIN = 10000  # 1927-05-18
EXCEL_SERIAL_MAX = 73415  # 2100-12-31
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, past Excel's phantom 1900-02-29

_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT].*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:[\sT]?\d{2}:?\d{2}:?\d{2}(?:\.\d+)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[\sT].*)?")
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]?")

_GENDER = {
    "男": "M", "男性": "M", "男士": "M", "先生": "M", "m": "M", "male": "M", "man": "M", "1": "M",
    "女": "F", "女性": "F", "女士": "F", "f": "F", "female": "F", "woman": "F", "2": "F", "1.0": "M", "2.0": "F",
}


def _make(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    """Read 一 … 三十一 (month and day numbers)."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def excel_serial_to_date(serial: float) -> str | None:
    """Convert an Excel day serial (1900 date system) to an ISO date.

    Args:
        serial: days since 1899-12-30; the fraction (time of day) is ignored.

    Returns:
        The ISO date when the serial is within 10000-73415 (1927-2100), else None.
    """
    if not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX:
        return None
    return (_EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()


def parse_date(raw: object) -> str | None:
    """Read a date in any of the forms listed in the module docstring.

    Args:
        raw: a string, number, ``datetime.date``/``datetime`` or pandas Timestamp.

    Returns:
        The ISO date 'YYYY-MM-DD', or None when the value is empty, unreadable or impossible
        (1985-02-30) or outside 1800-2100.
    """
    if type(raw) is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and raw.isascii():
        y, m, d = raw[:4], raw[5:7], raw[8:]  # the usual export form, without the general path
        if y.isdigit() and m.isdigit() and d.isdigit():
            return raw if _make(int(y), int(m), int(d)) else None
    if raw is None:
        return None
    if isinstance(raw, dt.date):  # also datetime and pandas Timestamp
        if raw != raw:  # NaT
            return None
        return _make(raw.year, raw.month, raw.day)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if raw != raw:
            return None
        if float(raw).is_integer() and 10_000_000 <= raw <= 99_999_999:
            raw = str(int(raw))  # 19850302 stored as a number
        else:
            return excel_serial_to_date(float(raw))
    text = normalize_text(raw)
    if text is None:
        return None
    m = _YMD.fullmatch(text)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _COMPACT.fullmatch(text)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _SERIAL.fullmatch(text)
    if m:
        return excel_serial_to_date(float(text))
    m = _CN_DATE.fullmatch(text)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m[1]))
        try:
            return _make(year, _cn_number(m[2]), _cn_number(m[3]))
        except KeyError:  # 十十: not a number
            return None
    m = _DMY.fullmatch(text)
    if m and int(m[1]) > 12:  # only day-first when it cannot be month-first
        return _make(int(m[3]), int(m[2]), int(m[1]))
    return None


def parse_gender(raw: object) -> str | None:
    """Read a gender code.

    Args:
        raw: 男/女, 男性/女性, 1/2 (GB/T 2261.1), M/F, male/female, in any width or case.

    Returns:
        'M', 'F', or None for empty, 0 (unknown), 9 (unstated) and anything unreadable.
    """
    text = normalize_text(raw)
    if text is None:
        return None
    return _GENDER.get(text.lower())


"""Organisation identifiers: unified social credit code, organisation code, registration number.

- USCC (GB 32100-2015), 18 characters: authority, category, 6-digit region, 9-character
  organisation code (its own check included), check character.
- Organisation code (GB 11714), 8 characters + check, often written 'D2143569-X'.
- Registration number (工商注册号), 15 digits, ISO 7064 MOD 11,10.

Some genuine pre-2016 credit codes fail their own check. When the embedded organisation code
still passes its check the code is kept as *unverified*: not valid, but usable as evidence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.standardise.check_chars import (
    ORG_WEIGHTS,
    USCC_ALPHABET,
    USCC_WEIGHTS,
    code_matrix,
    org_code_check_char,
    reg_no_check_digit,
    uscc_check_char,
)
from loaders.standardise.id_number import parse_id_number
from loaders.standardise.text import normalize_text

_SEPARATORS = re.compile(r"[\s\-_./\\·,，—–]+")
_USCC_CHARS = frozenset(USCC_ALPHABET)
_ORG_BODY_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Uscc(NamedTuple):
    """A standardised unified social credit code.

    Attributes:
        value: the 18-character code (or the normalised text of an invalid one).
        valid: True when the shape and the check character pass.
        org_code: positions 9-17 (the organisation code with its check), when the shape allows.
        region: positions 3-8 (6-digit region code), when they are digits.
        problem: None, 'bad_chars', 'bad_length' or 'bad_check'.
        unverified: True when the check fails but the embedded organisation code passes its own
            check: likely a genuine pre-2016 code, usable as evidence.
        org_code_valid: whether the embedded organisation code passes its check (None when
            there is no embedded code).
    """

    value: str
    valid: bool
    org_code: str | None
    region: str | None
    problem: str | None
    unverified: bool = False
    org_code_valid: bool | None = None


class OrgCode(NamedTuple):
    """A standardised organisation code: 9 characters, stored without the dash.

    Attributes:
        value: e.g. 'D2143569X'.
        valid: True when the shape and the check character pass.
        problem: None, 'bad_chars', 'bad_length' or 'bad_check'.
    """

    value: str
    valid: bool
    problem: str | None


class RegNo(NamedTuple):
    """A standardised 15-digit business registration number.

    Attributes:
        value: the digits (or the normalised text of an invalid one).
        valid: True when 15 digits pass the MOD 11,10 check.
        problem: None, 'bad_chars', 'bad_length' or 'bad_check'.
    """

    value: str
    valid: bool
    problem: str | None


def _clean(raw: object) -> str | None:
    text = normalize_text(raw)
    if text is None:
        return None
    return _SEPARATORS.sub("", text).upper() or None


def org_code_passes(code: str) -> bool:
    """Tell whether a 9-character organisation code (no dash) passes its check."""
    if len(code) != 9 or not all(c in _ORG_BODY_CHARS for c in code[:8]):
        return False
    return org_code_check_char(code[:8]) == code[8]


def parse_uscc(raw: object) -> Uscc | None:
    """Standardise a unified social credit code.

    Args:
        raw: e.g. '91350100M000100Y43', '９１３５０１００Ｍ０００１００Ｙ４３', '913501-00M000100Y43'.

    Returns:
        A :class:`Uscc`, or None when the value is empty.
    """
    text = _clean(raw)
    if text is None:
        return None
    if len(text) != 18:
        problem = "bad_length" if all(c in _USCC_CHARS for c in text) else "bad_chars"
        return Uscc(text, False, None, None, problem)
    region = text[2:8] if text[2:8].isdigit() else None
    if not all(c in _USCC_CHARS for c in text):
        return Uscc(text, False, None, region, "bad_chars")
    org_code = text[8:17]
    org_ok = org_code_passes(org_code)
    if uscc_check_char(text[:17]) == text[17]:
        return Uscc(text, True, org_code, region, None, False, org_ok)
    return Uscc(text, False, org_code, region, "bad_check", org_ok, org_ok)


def parse_org_code(raw: object) -> OrgCode | None:
    """Standardise an organisation code.

    Args:
        raw: e.g. 'D2143569-X' or 'D2143569X'.

    Returns:
        An :class:`OrgCode` stored without the dash, or None when the value is empty.
    """
    text = _clean(raw)
    if text is None:
        return None
    if not text.isascii() or not text.isalnum():
        return OrgCode(text, False, "bad_chars")
    if len(text) != 9:
        return OrgCode(text, False, "bad_length")
    if not (text[8].isdigit() or text[8] == "X"):
        return OrgCode(text, False, "bad_chars")
    if org_code_check_char(text[:8]) != text[8]:
        return OrgCode(text, False, "bad_check")
    return OrgCode(text, True, None)


def parse_reg_no(raw: object) -> RegNo | None:
    """Standardise a 15-digit business registration number (工商注册号).

    Args:
        raw: e.g. '110108000000016'.

    Returns:
        A :class:`RegNo`, or None when the value is empty.
    """
    text = _clean(raw)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit():
        return RegNo(text, False, "bad_chars")
    if len(text) != 15:
        return RegNo(text, False, "bad_length")
    if reg_no_check_digit(text[:14]) != text[14]:
        return RegNo(text, False, "bad_check")
    return RegNo(text, True, None)


def classify_identifier(raw: object) -> str | None:
    """Tell an 18-character citizen ID number from a credit code by shape and checks.

    About 1 in 31 valid ID numbers also passes the USCC check, so the check alone cannot decide.
    A value is an ID number when it passes the ID checks (region, real birth date, check
    character) and not both USCC checks (its own and the embedded organisation code's); a credit
    code when it passes the USCC check or its embedded organisation code check and is not a valid
    ID number.

    Args:
        raw: an identifier as the source holds it.

    Returns:
        'id_number', 'uscc', or None when it is neither or both readings pass every check
        (about 1 in 340 valid ID numbers).
    """
    text = _clean(raw)
    if text is None or len(text) != 18:
        return None
    person = parse_id_number(text)
    id_ok = person is not None and person.valid
    uscc = parse_uscc(text)
    uscc_check = uscc is not None and uscc.valid
    org_ok = uscc is not None and uscc.org_code is not None and org_code_passes(uscc.org_code)
    if id_ok and not (uscc_check and org_ok):
        return "id_number"
    if not id_ok and (uscc_check or org_ok):
        return "uscc"
    return None


def looks_like_id_number(raw: object) -> bool:
    """True when :func:`classify_identifier` reads the value as a citizen ID number."""
    return classify_identifier(raw) == "id_number"


def looks_like_uscc(raw: object) -> bool:
    """True when :func:`classify_identifier` reads the value as a unified social credit code."""
    return classify_identifier(raw) == "uscc"


_USCC_INDEX = np.full(256, -1, dtype=np.int64)
_USCC_INDEX[np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)
_ORG_INDEX = np.full(256, -1, dtype=np.int64)
_ORG_INDEX[np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)] = np.arange(36)
_USCC_W = np.array(USCC_WEIGHTS, dtype=np.int64)
_ORG_W = np.array(ORG_WEIGHTS, dtype=np.int64)
_ORG_CHECK = np.frombuffer(b"0123456789X0", dtype=np.uint8)  # index 11 - sum % 11 (1..11)


def parse_usccs(values) -> pd.DataFrame:
    """:func:`parse_uscc` over many values, as a frame (one row per input, in order).

    18-character codes over the alphabet (the usual case) are checked with numpy in bulk, the
    rest one by one; the result is the same as calling :func:`parse_uscc` on each.

    Args:
        values: raw credit codes.

    Returns:
        A frame with the :class:`Uscc` fields as columns; an empty input gives a row of None.
    """
    values = list(values)
    n = len(values)
    columns = {f: np.full(n, None, dtype=object) for f in Uscc._fields}
    arr = pc.utf8_upper(pc.utf8_trim_whitespace(
        pa.array([v if type(v) is str else None for v in values], type=pa.string())))
    shaped = pc.fill_null(pc.and_(pc.equal(pc.binary_length(arr), 18),
                                  pc.string_is_ascii(arr)), False).to_numpy(zero_copy_only=False)
    idx = np.flatnonzero(shaped)
    clean = np.zeros(n, dtype=bool)
    if idx.size:
        texts = arr.filter(pa.array(shaped))
        raw = code_matrix(texts, 18)
        codes = _USCC_INDEX[raw]
        ok = (codes >= 0).all(axis=1)
        idx, codes, raw = idx[ok], codes[ok], raw[ok]
        clean[idx] = True
        value = texts.filter(pa.array(ok)).to_numpy(zero_copy_only=False)
        valid = (31 - (codes[:, :17] @ _USCC_W) % 31) % 31 == codes[:, 17]
        org = _ORG_INDEX[raw[:, 8:16]]
        org_ok = (org >= 0).all(axis=1) & (_ORG_CHECK[11 - (org @ _ORG_W) % 11] == raw[:, 16])
        region_ok = ((raw[:, 2:8] >= 48) & (raw[:, 2:8] <= 57)).all(axis=1)
        columns["value"][idx] = value
        columns["valid"][idx] = valid.astype(object)
        columns["org_code"][idx] = [v[8:17] for v in value]
        region = np.full(idx.size, None, dtype=object)
        region[region_ok] = [v[2:8] for v in value[region_ok]]
        columns["region"][idx] = region
        problem = np.full(idx.size, None, dtype=object)
        problem[~valid] = "bad_check"
        columns["problem"][idx] = problem
        columns["unverified"][idx] = (~valid & org_ok).astype(object)
        columns["org_code_valid"][idx] = org_ok.astype(object)
    for i in np.flatnonzero(~clean):
        parsed = parse_uscc(values[i])
        if parsed is not None:
            for f, v in zip(Uscc._fields, parsed):
                columns[f][i] = v
    return pd.DataFrame(columns)


_ORG_SHAPE = re.compile(r"[0-9A-Z]{8}[0-9X]")


def parse_org_codes(values) -> pd.DataFrame:
    """:func:`parse_org_code` over many values, as a frame (one row per input, in order).

    Codes already in the shape 8 characters + check (with or without the dash) are checked with
    numpy in bulk, the rest one by one; the result equals :func:`parse_org_code` on each.

    Args:
        values: raw organisation codes.

    Returns:
        A frame with the :class:`OrgCode` fields as columns; an empty input gives a row of None.
    """
    values = list(values)
    n = len(values)
    columns = {f: np.full(n, None, dtype=object) for f in OrgCode._fields}
    arr = pc.replace_substring(pc.utf8_upper(pc.utf8_trim_whitespace(
        pa.array([v if type(v) is str else None for v in values], type=pa.string()))), "-", "")
    shaped = pc.fill_null(pc.match_substring_regex(arr, "^[0-9A-Z]{8}[0-9X]$"), False)
    shaped = shaped.to_numpy(zero_copy_only=False)
    idx = np.flatnonzero(shaped)
    if idx.size:
        texts = arr.filter(pa.array(shaped))
        raw = code_matrix(texts, 9)
        valid = _ORG_CHECK[11 - (_ORG_INDEX[raw[:, :8]] @ _ORG_W) % 11] == raw[:, 8]
        problem = np.full(idx.size, None, dtype=object)
        problem[~valid] = "bad_check"
        columns["value"][idx] = texts.to_numpy(zero_copy_only=False)
        columns["valid"][idx] = valid.astype(object)
        columns["problem"][idx] = problem
    for i in np.flatnonzero(~shaped):
        parsed = parse_org_code(values[i])
        if parsed is not None:
            for f, v in zip(OrgCode._fields, parsed):
                columns[f][i] = v
    return pd.DataFrame(columns)

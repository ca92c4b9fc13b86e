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

from loaders.standardise.check_chars import (
    USCC_ALPHABET,
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
    """

    value: str
    valid: bool
    org_code: str | None
    region: str | None
    problem: str | None
    unverified: bool = False


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
    if uscc_check_char(text[:17]) == text[17]:
        return Uscc(text, True, org_code, region, None)
    return Uscc(text, False, org_code, region, "bad_check", org_code_passes(org_code))


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

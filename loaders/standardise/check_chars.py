"""Check characters of Chinese identifiers.

One place for the arithmetic of each standard, used both to validate what a source holds and to
build valid identifiers (the sample city, tests).

- GB 11643-1999 citizen ID number: ISO 7064 MOD 11-2 over 17 digits.
- GB 32100-2015 unified social credit code: weighted sum mod 31 over 17 characters.
- GB 11714 organisation code: weighted sum mod 11 over 8 characters.
- Business registration number (工商注册号): ISO 7064 MOD 11,10 over 14 digits.
"""

from __future__ import annotations

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # A=10 … Z=35


def id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID number.

    Raises:
        ValueError: if ``first17`` is not 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"an ID number body is 17 digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code.

    Raises:
        ValueError: if a character is outside the 31-symbol alphabet or the length is not 17.
    """
    if len(first17) != 17:
        raise ValueError(f"a credit code body is 17 characters, got {first17!r}")
    try:
        total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    except ValueError:
        raise ValueError(f"credit code {first17!r} holds a character outside {USCC_ALPHABET}") from None
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """Return the GB 11714 check character for an 8-character organisation code body.

    Raises:
        ValueError: if the body is not 8 characters of 0-9/A-Z.
    """
    if len(first8) != 8:
        raise ValueError(f"an organisation code body is 8 characters, got {first8!r}")
    try:
        total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(first8, ORG_WEIGHTS))
    except ValueError:
        raise ValueError(f"organisation code {first8!r} holds a character outside 0-9, A-Z") from None
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def reg_no_check_digit(first14: str) -> str:
    """Return the ISO 7064 MOD 11,10 check digit for a 14-digit registration number body.

    Raises:
        ValueError: if the body is not 14 ASCII digits.
    """
    if len(first14) != 14 or not first14.isascii() or not first14.isdigit():
        raise ValueError(f"a registration number body is 14 digits, got {first14!r}")
    p = 10
    for d in first14:
        s = (p + int(d)) % 10 or 10
        p = (2 * s) % 11
    return str((11 - p) % 10)


def code_matrix(texts: "pa.StringArray", width: int) -> "np.ndarray":
    """The bytes of ``texts`` as a ``(len(texts), width)`` uint8 matrix, without a Python loop.

    The vectorised checks run on this matrix. Every value must be exactly ``width`` ASCII
    characters, which callers establish first (e.g. ``pc.binary_length`` equal to ``width`` and an
    ASCII test): then the strings lie back to back in Arrow's data buffer.
    """
    import numpy as np

    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32)
    start = offsets[texts.offset]
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8)[start:start + width * len(texts)]
    return data.reshape(-1, width)

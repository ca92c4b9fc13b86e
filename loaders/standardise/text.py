"""Text normalisation shared by every field: width, whitespace, empties, traditional characters.

Legacy systems hold full-width digits and letters (１２３, ＡＢ), traditional characters and a zoo
of "no value" markers. ``normalize_text`` makes a display form; ``match_key`` makes the form two
values are compared on (t2s merges characters that are distinct in names, e.g. 於/于, so keep the
display form for showing).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Values that mean "nothing recorded" in the sources (compared after NFKC, strip, lower-case).
EMPTY_MARKERS = frozenset(
    {
        "", "nan", "none", "null", "nil", "n/a", "na", "#n/a", "-", "--", "---", "/", "\\", "?",
        "??", "无", "無", "空", "暂无", "暫無", "不详", "不詳", "未知", "缺", "—", "——", "*",
    }
)

_WHITESPACE = re.compile(r"\s+")
# Everything that is neither a letter nor a digit (Han characters count as letters).
_NON_WORD = re.compile(r"[\W_]+")


def normalize_text(s: object) -> str | None:
    """Normalise a raw value to its display form.

    Applies NFKC (full-width → half-width, compatibility forms), collapses runs of whitespace to
    one space and strips the ends.

    Args:
        s: a raw value (str, number or None).

    Returns:
        The normalised string, or None for None, NaN and the empty markers in
        :data:`EMPTY_MARKERS` ('', 'nan', 'NULL', '无', '-', '不详' …).
    """
    if s is None:
        return None
    if isinstance(s, float):
        if s != s:  # NaN
            return None
        if s.is_integer():
            s = int(s)
    text = unicodedata.normalize("NFKC", str(s))
    text = _WHITESPACE.sub(" ", text).strip()
    if text.lower() in EMPTY_MARKERS:
        return None
    return text


@cache
def _t2s():
    import opencc  # deferred: loading its dictionaries costs ~50 ms

    return opencc.OpenCC("t2s")


def to_simplified(s: str | None) -> str | None:
    """Convert traditional Chinese characters to simplified (OpenCC ``t2s``).

    Args:
        s: text, typically already passed through :func:`normalize_text`.

    Returns:
        The simplified text; None stays None. ASCII text is returned as is.
    """
    if s is None:
        return None
    if s.isascii():
        return s
    return _t2s().convert(s)


def match_key(s: object) -> str | None:
    """Build the comparison key of a value: normalised, simplified, lower-case, no punctuation.

    Args:
        s: a raw value.

    Returns:
        The key (e.g. ``'張 偉'`` → ``'张伟'``, ``'ＡＢＣ-12'`` → ``'abc12'``), or None when
        nothing is left.
    """
    text = normalize_text(s)
    if text is None:
        return None
    key = _NON_WORD.sub("", to_simplified(text).lower())
    return key or None


def has_han(s: str) -> bool:
    """Tell whether a string holds at least one CJK ideograph."""
    return any("\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f" for ch in s)

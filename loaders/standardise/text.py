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

_LONGEST_MARKER = max(len(m) for m in EMPTY_MARKERS)
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
    if type(s) is not str:
        if s is None:
            return None
        if isinstance(s, float):
            if s != s:  # NaN
                return None
            if s.is_integer():
                s = int(s)
        s = str(s)
    text = " ".join(unicodedata.normalize("NFKC", s).split())
    if len(text) <= _LONGEST_MARKER and text.lower() in EMPTY_MARKERS:
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
    if s.isascii() or not _traditional().search(s):
        return s
    if "\x00" in s:  # OpenCC takes a C string: a NUL would cut the text short
        return "\x00".join(_t2s().convert(part) for part in s.split("\x00"))
    return _t2s().convert(s)


# A Unicode noncharacter: never in interchange text, untouched by NFKC and OpenCC, not a space.
_JOIN = "\ufdd0"


def normalize_many(values) -> list[str | None]:
    """:func:`normalize_text` over many values.

    (NFKC over one joined string is slower than per value: the quick check that lets
    already-normal text through fails for the whole string as soon as one value needs work.)

    Args:
        values: an iterable of raw values.

    Returns:
        The normalised strings, None for empties, in order.
    """
    return [normalize_text(v) for v in values]


def to_simplified_many(texts) -> list[str | None]:
    """:func:`to_simplified` over many texts with one OpenCC call.

    Args:
        texts: strings or None, already normalised (no U+FDD0).

    Returns:
        The simplified texts, None kept, in order.
    """
    texts = list(texts)
    search = _traditional().search
    todo = [t for t in texts if t is not None and not t.isascii() and search(t)]
    if not todo:
        return texts
    plain = [t for t in todo if "\x00" not in t and _JOIN not in t]
    converted = _t2s().convert(_JOIN.join(plain)).split(_JOIN)
    if len(converted) == len(plain):
        table = dict(zip(plain, converted))
    else:  # cannot happen with the separator excluded; stay correct if it does
        table = {t: to_simplified(t) for t in plain}
    for t in todo:
        if t not in table:
            table[t] = to_simplified(t)
    return [table.get(t, t) if t is not None else None for t in texts]


@cache
def _traditional() -> re.Pattern:
    """A character class of every character OpenCC t2s changes on its own (built once, ~0.3 s).

    Text without any of them is returned unconverted: a t2s phrase rule only ever rewrites a
    phrase holding a traditional character, so skipping such text changes nothing, and most
    text in the sources is already simplified.
    """
    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]
    chars = [chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1)]
    converted = _t2s().convert(_JOIN.join(chars)).split(_JOIN)
    changed = "".join(c for c, t in zip(chars, converted) if c != t)
    # Characters beyond the BMP (rare) always go to OpenCC: listing them one by one would make
    # the class ~300x slower to search.
    return re.compile("[" + changed + "\U00010000-\U0010FFFF]")


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


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_han(s: str) -> bool:
    """Tell whether a string holds at least one CJK ideograph."""
    return _HAN.search(s) is not None

"""Characters that get confused for each other: homophones and shape-alikes (形近字).

Typing errors in Chinese names are mostly homophones (pinyin input picks the wrong character of
the same sound), then shape-alikes (handwriting, OCR, wubi). Both make a substitution cheap in
the graded edit distance of :mod:`linkage.compare.names`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

HOMOPHONE_COST = 0.2
SHAPE_ALIKE_COST = 0.4
OTHER_COST = 1.0


@cache
def shape_alike_pairs() -> frozenset[tuple[str, str]]:
    """The shape-alike pairs of ``data/shape_alike.txt``, both orders, loaded once.

    Each line names a character and then characters that look like it (a star, not a clique).
    """
    text = resources.files("linkage.compare").joinpath("data/shape_alike.txt").read_text("utf-8")
    pairs: set[tuple[str, str]] = set()
    for line in text.splitlines():
        chars = line.split("#", 1)[0].split()
        if len(chars) < 2:
            continue
        head = chars[0]
        for other in chars[1:]:
            if other != head and len(other) == 1 and len(head) == 1:
                pairs.add((head, other))
                pairs.add((other, head))
    return frozenset(pairs)


def shape_alike(a: str, b: str) -> bool:
    """Whether two different characters look alike (己/已, 未/末, 王/玉)."""
    return (a, b) in shape_alike_pairs()


@lru_cache(maxsize=50_000)
def readings(ch: str) -> frozenset[str]:
    """Toneless pinyin readings of a character that a typist would use (empty if none).

    The main reading plus the reading as a surname (单 shan, 曾 zeng, 乐 yue): pypinyin's full
    heteronym lists hold rare readings (王 yu) that would make 王 and 玉 homophones.
    """
    from pypinyin import Style, pinyin  # deferred: pypinyin loads large dictionaries

    from loaders.standardise.person_name import SURNAME_PINYIN

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    main = [r for r in (found[0][:1] if found else ()) if r.isascii() and r.isalpha()]
    surname = SURNAME_PINYIN.get(ch)
    return frozenset(main + ([surname] if surname and " " not in surname else []))


def homophone(a: str, b: str) -> bool:
    """Whether two characters share a reading, ignoring tone (伟/玮 wei, 张/章 zhang)."""
    ra = readings(a)
    return bool(ra) and not ra.isdisjoint(readings(b))


@lru_cache(maxsize=200_000)
def substitution_cost(a: str, b: str) -> float:
    """Cost of writing ``b`` for ``a``: 0 same, 0.2 homophone, 0.4 shape-alike, else 1."""
    if a == b:
        return 0.0
    if homophone(a, b):
        return HOMOPHONE_COST
    if shape_alike(a, b):
        return SHAPE_ALIKE_COST
    return OTHER_COST

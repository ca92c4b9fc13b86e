"""Person names: display form, comparison key, pinyin with surname readings, surname split.

Han names: whitespace inside is dropped ('张 伟' → '张伟'); the display keeps the characters as
written (traditional stays traditional, because t2s merges characters that are distinct in names,
e.g. 於/于), the key is simplified. Names of ethnic minorities join their parts with '·', written
in data as '•', '．', '.', '・', '‧', '-' and full-width variants: the display unifies them to '·',
the key drops them.

Pinyin is read character by character (cached per character, so a name costs microseconds instead
of pypinyin's ~30 µs phrase segmentation) with the surname's reading fixed: pypinyin's default
reading of many surname characters is wrong (单 dan → shan, 曾 ceng → zeng …).

Latin-script names pass through normalised: the key is the lower-cased letters, the "pinyin" the
lower-cased words, so 'ZHANG Wei' meets 张伟 on pinyin.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from loaders.standardise.text import (
    has_han,
    normalize_many,
    normalize_text,
    to_simplified,
    to_simplified_many,
)

# Separators between the parts of a minority name, after NFKC ('．' → '.', '－' → '-', '･' → '・').
_SEPARATORS = "·•.・‧⋅∙●-‐‑‒–—﹒丶᛫"
_SEP = re.escape(_SEPARATORS)
_SEPARATOR_RUN = re.compile(f"[{_SEP}\\s]*[{_SEP}][{_SEP}\\s]*")  # one separator, spaces around
_SPACES = re.compile(r"\s+")
_LATIN_WORDS = re.compile(r"[a-z]+")
_NON_WORD = re.compile(r"[\W_]+")

# Two-character surnames, in simplified form; split before the given name.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 尉迟 东方 皇甫 令狐 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 端木 南宫 西门 "
    "独孤 百里 东郭 呼延 拓跋 太史 申屠 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 赫连 闻人 钟离 "
    "万俟 闾丘 司空 亓官 司寇 仉督 子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良 谷梁 左丘 梁丘 东门 "
    "南门 第五 羊舌 微生 段干 鲜于 宰父 夹谷 归海 诸葛 完颜".split()
)

# Surname readings that differ from the character's common reading (toneless, 'ü' as 'v').
SURNAME_PINYIN = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha",
    "翟": "zhai", "覃": "qin", "缪": "miao", "乐": "yue", "盖": "ge", "种": "chong", "秘": "bi",
    "繁": "po", "员": "yun", "黑": "he", "召": "shao", "长": "chang", "句": "gou", "都": "du",
    "薄": "bo", "隗": "wei", "折": "she", "能": "nai", "洗": "xian", "阚": "kan", "蔚": "yu",
    "祭": "zhai", "郇": "xun", "佴": "nai", "卜": "bu", "颉": "xie", "贾": "jia", "叶": "ye",
    "尉": "wei", "宿": "su", "柏": "bai", "重": "chong", "角": "jue", "乜": "nie", "眭": "sui",
    "尹": "yin", "陆": "lu", "万": "wan", "石": "shi", "曲": "qu", "术": "zhu", "沈": "shen",
    "尉迟": "yu chi", "万俟": "mo qi", "单于": "chan yu", "澹台": "tan tai", "乐正": "yue zheng",
    "长孙": "zhang sun", "仉督": "zhang du",
}


class PersonName(NamedTuple):
    """A standardised person name.

    Attributes:
        display: the name to show (NFKC, spacing fixed, '·' unified; characters as written).
        key: the comparison key (simplified, no separators or spaces, Latin lower-cased).
        pinyin: toneless syllables joined by spaces, surname reading fixed; for Latin names the
            lower-cased words.
        surname: the simplified surname of a 2-4 character Han name (compound surnames kept
            whole), else None.
        given: the simplified given name when ``surname`` is set, else None.
    """

    display: str
    key: str
    pinyin: str | None
    surname: str | None
    given: str | None


# Character → toneless syllable (None when it has no reading), filled on first sight.
_CHAR_PINYIN: dict[str, str | None] = {}


def _char_pinyin(ch: str) -> str | None:
    syllable = _CHAR_PINYIN.get(ch, False)
    if syllable is False:
        from pypinyin import Style, lazy_pinyin  # deferred: pypinyin loads large dictionaries

        found = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        syllable = found[0] if found and found[0].isascii() and found[0].isalpha() else None
        if len(_CHAR_PINYIN) < 100_000:
            _CHAR_PINYIN[ch] = syllable
    return syllable


def split_surname(simplified: str) -> tuple[str, str] | None:
    """Split a simplified Han name (no separators) into surname and given name.

    Args:
        simplified: e.g. '欧阳娜娜'.

    Returns:
        ('欧阳', '娜娜'), or None for names shorter than 2 or longer than 4 characters (a
        minority name written without its separator cannot be split reliably).
    """
    n = len(simplified)
    if n < 2 or n > 4:
        return None
    if n >= 3 and simplified[:2] in COMPOUND_SURNAMES:
        return simplified[:2], simplified[2:]
    return simplified[:1], simplified[1:]


def name_pinyin(simplified: str, surname: str | None = None) -> str | None:
    """Toneless pinyin of a simplified Han name, with the surname's reading fixed.

    Args:
        simplified: the simplified name, separators removed.
        surname: its surname if known (a prefix of ``simplified``).

    Returns:
        Syllables joined by spaces ('单田芳' → 'shan tian fang'), or None if no character has a
        reading.
    """
    parts: list[str] = []
    rest = simplified
    if surname and simplified.startswith(surname):
        fixed = SURNAME_PINYIN.get(surname)
        if fixed:
            parts.append(fixed)
            rest = simplified[len(surname):]
    table = _CHAR_PINYIN
    for ch in rest:
        syllable = table[ch] if ch in table else _char_pinyin(ch)
        if syllable:
            parts.append(syllable)
    return " ".join(parts) or None


def parse_person_name(raw: object) -> PersonName | None:
    """Standardise a person name.

    Args:
        raw: the name as the source holds it, e.g. '張 偉', '买买提•艾力', 'ZHANG  Wei'.

    Returns:
        A :class:`PersonName`, or None when the value is empty.
    """
    text = normalize_text(raw)
    if text is None:
        return None
    if not has_han(text):
        return _latin(text)
    display = _han_display(text)
    return _han(display, to_simplified(display)) if display else None


def parse_person_names(values, *, with_pinyin: bool = True) -> list[PersonName | None]:
    """:func:`parse_person_name` over many values, simplifying them in one OpenCC call.

    Args:
        values: raw names.
        with_pinyin: False leaves ``pinyin`` None for Han names, for callers that only need
            display and key (a quarter faster).

    Returns:
        One :class:`PersonName` (or None for an empty value) per input, in order.
    """
    texts = normalize_many(values)
    han = [t is not None and has_han(t) for t in texts]
    displays = [_han_display(t) if h else None for t, h in zip(texts, han)]
    simplified = to_simplified_many([d or None for d in displays])
    out: list[PersonName | None] = []
    for text, is_han, display, work in zip(texts, han, displays, simplified):
        if text is None:
            out.append(None)
        elif not is_han:
            out.append(_latin(text))
        else:
            out.append(_han(display, work, with_pinyin) if display else None)
    return out


def _latin(text: str) -> PersonName | None:
    key = _NON_WORD.sub("", text.lower())
    if not key:
        return None
    words = _LATIN_WORDS.findall(text.lower())
    return PersonName(text, key, " ".join(words) or None, None, None)


def _han_display(text: str) -> str:
    display = _SPACES.sub("", text) if " " in text else text
    return _SEPARATOR_RUN.sub("·", display).strip("·")


def _han(display: str, simplified: str, with_pinyin: bool = True) -> PersonName | None:
    key = _NON_WORD.sub("", simplified.lower())
    if not key:
        return None
    split = None if "·" in simplified else split_surname(key)
    surname, given = split if split else (None, None)
    pinyin = name_pinyin(key, surname) if with_pinyin else None
    return PersonName(display, key, pinyin, surname, given)

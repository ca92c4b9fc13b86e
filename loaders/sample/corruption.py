"""The errors departments' records carry: homophone and look-alike typos, traditional characters,
full-width digits, 15-digit and mistyped ID numbers, mistyped credit codes, missing values,
minority-name separators and transliterations.

Every operation picks rows at a rate, changes them, and tallies what it did, so the manifest can
state the error counts each source actually holds.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np
import opencc

from loaders.sample.data import read_table
from loaders.sample.names import MINORITY_SEPARATOR, name_lists
from loaders.standardise.check_chars import USCC_ALPHABET, id_check_char, uscc_check_char

FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－",
)
SEPARATOR_VARIANTS = ("•", "．", ".", "・", "")


@cache
def _confusables() -> dict[str, dict[str, str]]:
    """kind -> {character: the characters it is confused with}."""
    t = read_table("confusables")
    out: dict[str, dict[str, str]] = {}
    for kind, group in zip(t["kind"], t["group"]):
        table = out.setdefault(kind, {})
        for ch in group:
            table[ch] = "".join(dict.fromkeys(table.get(ch, "") + group.replace(ch, "")))
    return out


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


class Corruptor:
    """Applies errors at given rates with one generator and counts them per source and kind."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.counts: dict[str, Counter] = {}

    def _pick(self, values: np.ndarray, rate: float, eligible: np.ndarray | None = None) -> np.ndarray:
        chosen = self.rng.random(len(values)) < rate
        chosen &= np.array([bool(v) for v in values]) if values.dtype == object else True
        if eligible is not None:
            chosen &= eligible
        return np.flatnonzero(chosen)

    def _tally(self, source: str, kind: str, count: int) -> None:
        self.counts.setdefault(source, Counter())[kind] += int(count)

    def _swap_chars(self, source, kind, values, rate, table) -> np.ndarray:
        out = values.copy()
        done = 0
        for i in self._pick(values, rate):
            s = out[i]
            spots = [j for j, ch in enumerate(s) if ch in table]
            if not spots:
                continue
            j = spots[self.rng.integers(0, len(spots))]
            alts = table[s[j]]
            out[i] = s[:j] + alts[self.rng.integers(0, len(alts))] + s[j + 1:]
            done += 1
        self._tally(source, kind, done)
        return out

    def homophone(self, source: str, values: np.ndarray, rate: float, kind: str = "homophone") -> np.ndarray:
        """Replace one character by a same-sounding one (pinyin input): 张伟 → 张玮."""
        return self._swap_chars(source, kind, values, rate, _confusables()["homophone"])

    def lookalike(self, source: str, values: np.ndarray, rate: float, kind: str = "lookalike") -> np.ndarray:
        """Replace one character by a similar-looking one (handwriting, OCR): 王 → 玉."""
        return self._swap_chars(source, kind, values, rate, _confusables()["lookalike"])

    def traditional(self, source: str, values: np.ndarray, rate: float, kind: str = "traditional") -> np.ndarray:
        """Write the chosen values in traditional characters: 张伟 → 張偉."""
        out = values.copy()
        idx = self._pick(values, rate)
        conv = _s2t()
        changed = 0
        for i in idx:
            t = conv.convert(out[i])
            changed += t != out[i]
            out[i] = t
        self._tally(source, kind, changed)
        return out

    def full_width(self, source: str, values: np.ndarray, rate: float, kind: str = "full_width") -> np.ndarray:
        """Write digits, capital letters and dashes full-width: 1234 → １２３４."""
        out = values.copy()
        idx = self._pick(values, rate)
        out[idx] = [v.translate(FULL_WIDTH) for v in out[idx]]
        self._tally(source, kind, len(idx))
        return out

    def missing(self, source: str, values: np.ndarray, rate: float, kind: str = "missing",
                eligible: np.ndarray | None = None) -> np.ndarray:
        """Blank the chosen values."""
        out = values.copy()
        idx = self._pick(values, rate, eligible)
        out[idx] = ""
        self._tally(source, kind, len(idx))
        return out

    def mistype_id(self, source: str, values: np.ndarray, rate: float, kind: str = "id_mistyped") -> np.ndarray:
        """One digit substituted or two adjacent digits transposed, so the check character fails."""
        out = values.copy()
        idx = self._pick(values, rate, np.array([len(v) == 18 for v in values]))
        for i in idx:
            out[i] = _mistype_digits(self.rng, out[i], lambda s: id_check_char(s[:17]) == s[17])
        self._tally(source, kind, len(idx))
        return out

    def mistype_uscc(self, source: str, values: np.ndarray, rate: float) -> np.ndarray:
        """One character of a credit code substituted so its check character fails."""
        out = values.copy()
        idx = self._pick(values, rate, np.array([len(v) == 18 for v in values]))
        for i in idx:
            s = out[i]
            while True:
                j = int(self.rng.integers(2, 17))
                c = USCC_ALPHABET[self.rng.integers(0, len(USCC_ALPHABET))]
                t = s[:j] + c + s[j + 1:]
                if t != s and uscc_check_char(t[:17]) != t[17]:
                    out[i] = t
                    break
        self._tally(source, "uscc_mistyped", len(idx))
        return out

    def id_15(self, source: str, values: np.ndarray, rate: float, eligible: np.ndarray) -> np.ndarray:
        """Write ID numbers of people born in the 1900s in the old 15-digit form."""
        out = values.copy()
        idx = self._pick(values, rate, eligible & np.array([len(v) == 18 and v[6:8] == "19" for v in values]))
        out[idx] = [v[:6] + v[8:17] for v in out[idx]]
        self._tally(source, "id_15_digits", len(idx))
        return out

    def minority_separator(self, source: str, values: np.ndarray, rate: float) -> np.ndarray:
        """Write the ``·`` of a minority name as ``•``, ``．``, ``.``, ``・`` or nothing."""
        out = values.copy()
        idx = self._pick(values, rate, np.array([MINORITY_SEPARATOR in v for v in values]))
        seps = np.array(SEPARATOR_VARIANTS, dtype=object)[self.rng.integers(0, len(SEPARATOR_VARIANTS), len(idx))]
        out[idx] = [v.replace(MINORITY_SEPARATOR, s) for v, s in zip(out[idx], seps)]
        self._tally(source, "minority_separator", len(idx))
        return out

    def transliteration(self, source: str, values: np.ndarray, rate: float) -> np.ndarray:
        """Spell one part of a minority name the other common way: 买买提 → 麦麦提."""
        variants = name_lists().minority_variant
        out = values.copy()
        idx = self._pick(values, rate, np.array([MINORITY_SEPARATOR in v for v in values]))
        for i in idx:
            parts = out[i].split(MINORITY_SEPARATOR)
            j = int(self.rng.integers(0, len(parts)))
            parts[j] = variants.get(parts[j], parts[j])
            out[i] = MINORITY_SEPARATOR.join(parts)
        self._tally(source, "transliteration", len(idx))
        return out


def _mistype_digits(rng: np.random.Generator, s: str, valid) -> str:
    """Substitute one digit or transpose two adjacent different digits until ``valid`` fails."""
    while True:
        if rng.random() < 0.6:
            j = int(rng.integers(0, 17))
            t = s[:j] + str(int(rng.integers(0, 10))) + s[j + 1:]
        else:
            j = int(rng.integers(0, 16))
            t = s[:j] + s[j + 1] + s[j] + s[j + 2:]
        if t != s and not valid(t):
            return t

"""Person names: graded character edit distance, pinyin, surname and separators.

Jaro-Winkler is a poor main measure for 2-3 character names (its match window is 0 below 4
characters: 张晓明/张明晓 = 0.556). The main measure here is a character edit distance whose
substitution cost is graded by how the error happens: a homophone (pinyin input) costs 0.2, a
shape-alike 0.4, any other character 1; swapping two adjacent characters costs 0.3, dropping or
adding one 0.6.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel, JaroWinkler
from rapidfuzz.process import cpdist

from linkage.compare.confusables import OTHER_COST, substitution_cost
from linkage.compare.pairs import Encoded, char_matrix, column, distinct_pairs, encode

TRANSPOSITION_COST = 0.3
# A dropped character (张晓明/张明) is a commoner slip than an unrelated character in its place:
# at 1.0 it scored like 张晓明/张晓红 and recall at 1% FP was 0; at 0.6 it separates.
INDEL_COST = 0.6
# Level 3 at most: two homophones, one shape-alike, one transposition (+ one homophone).
GRADED_THRESHOLD = 0.5

_SEPARATORS = re.compile(r"[\s·•.・‧⋅∙●\-‐‑‒–—﹒丶᛫]+")


@lru_cache(maxsize=500_000)
def graded_distance(a: str, b: str) -> float:
    """Edit distance with graded substitution costs and cheap adjacent transpositions.

    Args:
        a, b: name keys (simplified, no separators).

    Returns:
        The least total cost of insertions and deletions (0.6 each), substitutions (0.2
        homophone, 0.4 shape-alike, 1 other) and adjacent transpositions (0.3) turning ``a``
        into ``b``.
    """
    if a == b:
        return 0.0
    n, m = len(a), len(b)
    prev2: list[float] = []
    prev = [j * INDEL_COST for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [i * INDEL_COST] + [0.0] * m
        ca = a[i - 1]
        for j in range(1, m + 1):
            cb = b[j - 1]
            best = min(prev[j] + INDEL_COST, cur[j - 1] + INDEL_COST,
                       prev[j - 1] + substitution_cost(ca, cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and ca != cb:
                best = min(best, prev2[j - 2] + TRANSPOSITION_COST)
            cur[j] = best
        prev2, prev = prev, cur
    return round(prev[m], 6)


def graded_distances(a: str, keys: Sequence[str]) -> np.ndarray:
    """:func:`graded_distance` of ``a`` to each of ``keys``: the same dynamic programme, run
    once across all keys (a row per character of ``a``, a column per character of the longest
    key), for a search scoring a few hundred candidates against one query."""
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    if not len(keys) or not lengths.max():  # no key has a character: a's are all dropped
        return np.full(len(keys), round(len(a) * INDEL_COST, 6))
    width = int(lengths.max())
    mat = char_matrix(np.array(keys, dtype=object), np.ones(len(keys), dtype=bool), width)
    chars, where = np.unique(mat, return_inverse=True)
    where = where.reshape(mat.shape)
    query = [ord(c) for c in a]
    rows = np.arange(len(keys))
    prev2, prev = None, np.tile(np.arange(width + 1) * INDEL_COST, (len(keys), 1))
    for i, qa in enumerate(query, start=1):
        sub = np.array([substitution_cost(a[i - 1], chr(c)) if c else OTHER_COST
                        for c in chars.tolist()])[where]
        cur = np.empty_like(prev)
        cur[:, 0] = i * INDEL_COST
        for j in range(1, width + 1):
            best = np.minimum(np.minimum(prev[:, j], cur[:, j - 1]) + INDEL_COST,
                              prev[:, j - 1] + sub[:, j - 1])
            if i > 1 and j > 1:  # adjacent transposition: a[i-2:i] == key[j-1], key[j-2]
                swap = (mat[:, j - 2] == qa) & (mat[:, j - 1] == query[i - 2]) & \
                    (mat[:, j - 1] != qa)
                best = np.where(swap, np.minimum(best, prev2[:, j - 2] + TRANSPOSITION_COST),
                                best)
            cur[:, j] = best
        prev2, prev = prev, cur
    return np.round(prev[rows, lengths], 6)


def name_similarity(a: str | None, b: str | None) -> float:
    """Graded similarity of two name keys in [0, 1] (1 = same), for search and ranking.

    ``1 - graded_distance / longer length``, separators ignored: 张伟/张玮 (homophone) 0.9,
    王玉/玉玉 (shape-alike) 0.8, 张晓明/张明晓 0.9, 张晓明/张明 (dropped) 0.8, 张伟/张明 0.5.
    Empty or missing → 0.
    """
    if not a or not b:
        return 0.0
    a, b = strip_separators(a), strip_separators(b)
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    return max(0.0, 1.0 - graded_distance(a, b) / longest)


def name_similarities(query: str | None, keys: Sequence[str | None], *,
                      stripped: bool = False) -> np.ndarray:
    """:func:`name_similarity` of ``query`` to each of ``keys``, for a search scoring a few
    hundred candidates: :func:`graded_distances` runs once across the distinct keys, not once
    per candidate in Python.

    Args:
        stripped: the keys are already without separators (a search index strips its keys
            once, not on every query: ~25% of this function's time on 300 keys).

    Returns:
        A float array, one similarity per key (0 where the query or the key is empty or
        missing).
    """
    if not len(keys):
        return np.empty(0)
    distinct, inverse = np.unique(np.array([k or "" for k in keys], dtype=str),
                                  return_inverse=True)
    q = strip_separators(query) if query else ""
    names = distinct.tolist() if stripped else [strip_separators(k) for k in distinct.tolist()]
    lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
    longest = np.maximum(lengths, len(q))
    sims = np.maximum(0.0, 1.0 - graded_distances(q, names) / np.maximum(longest, 1))
    sims[(distinct == "") | (longest == 0) | (not query)] = 0.0
    return sims[inverse.ravel()]


def strip_separators(name: str) -> str:
    """The name without spaces and minority-name separators (买买提·艾力 → 买买提艾力)."""
    return _SEPARATORS.sub("", name)


def _surname(key: str) -> str | None:
    from loaders.standardise.person_name import split_surname

    split = split_surname(key)
    return split[0] if split else None


def _pinyin(key: str, surname: str | None) -> str | None:
    from loaders.standardise.person_name import name_pinyin

    return name_pinyin(key, surname)


def _compact(pinyin: str | None) -> str | None:
    return pinyin.replace(" ", "").replace("·", "").lower() or None if pinyin else None


def _given_pinyin(pinyin: str | None, surname: str | None) -> str:
    if not pinyin or not surname:
        return ""
    return "".join(pinyin.split()[len(surname):])


def _codes(items: list) -> np.ndarray:
    """Codes of per-unique values with a trailing slot for 'missing'; None → -1."""
    codes, _ = pd.factorize(np.array(items + [None], dtype=object), use_na_sentinel=True)
    return codes.astype(np.int64)


def _first_given(enc: Encoded, left_col, right_col) -> list:
    """Per distinct key, the value of another column on the first row holding that key."""
    codes = np.concatenate([enc.left, enc.right])
    col = np.concatenate([column(left_col), column(right_col)])
    first = np.full(len(enc.uniques), -1, dtype=np.int64)
    ok = np.flatnonzero(codes >= 0)[::-1]
    first[codes[ok]] = ok
    return [None if f < 0 else col[f] for f in first.tolist()]


_MAX_WIDTH = 12  # longer names (minority names, Latin) take the per-pair path


def person_name_levels(left_name_key, right_name_key, left_pinyin=None, right_pinyin=None,
                       *, graded_threshold: float = GRADED_THRESHOLD,
                       given_jw_threshold: float = 0.9) -> np.ndarray:
    """Compare person names by key, graded edit distance, pinyin and surname.

    Args:
        left_name_key, right_name_key: aligned ``name_key`` columns.
        left_pinyin, right_pinyin: aligned ``name_pinyin`` columns (toneless syllables joined by
            spaces, surname reading fixed), taken as a function of the key; None computes them
            from the keys.
        graded_threshold: the largest graded distance for level 3.
        given_jw_threshold: the least Jaro-Winkler similarity of the given names' pinyin for
            level 1.

    Levels:
        4: exact key.
        3: graded character edit distance ≤ 0.5 on equal-length names (homophones 0.2,
           shape-alikes 0.4, adjacent transposition 0.3: 张伟/张玮, 王玉/玉玉, 张晓明/张明晓).
        2: same pinyin, spacing ignored (all characters homophones), or the same name once
           separators are removed (买买提·艾力/买买提艾力).
        1: same surname and similar given name: Jaro-Winkler of the given names' pinyin ≥ 0.9,
           or one given-name character dropped (张晓明/张明).
        0: else.
        -1: either missing.
    """
    enc = encode(left_name_key, right_name_key)
    if not len(enc.left):
        return np.zeros(0, dtype=np.int8)

    # Per distinct name (last slot: missing).
    stripped = [strip_separators(str(u)) for u in enc.uniques]
    surnames = [_surname(s) for s in stripped]
    if left_pinyin is not None and right_pinyin is not None:
        given = _first_given(enc, left_pinyin, right_pinyin)
        pinyin = [g if isinstance(g, str) and g else _pinyin(s, sur)
                  for g, s, sur in zip(given, stripped, surnames)]
    else:
        pinyin = [_pinyin(s, sur) for s, sur in zip(stripped, surnames)]
    strip_code = _codes(stripped)
    sound_code = _codes([_compact(p) for p in pinyin])
    surname_code = _codes(surnames)
    given_py = np.array([_given_pinyin(p, s) for p, s in zip(pinyin, surnames)] + [""],
                        dtype=object)
    text = np.array(stripped + [""], dtype=object)
    length = np.fromiter(map(len, text), dtype=np.int64, count=len(text))

    inv, da, db = distinct_pairs(enc.left, enc.right)
    null = (da < 0) | (db < 0)
    lev = np.zeros(len(da), dtype=np.int8)

    # Level 1: same surname, similar given name.
    same_sur = np.flatnonzero((surname_code[da] == surname_code[db]) & (surname_code[da] >= 0)
                              & ~null)
    if len(same_sur):
        ga, gb = given_py[da[same_sur]].tolist(), given_py[db[same_sur]].tolist()
        jw = cpdist(ga, gb, scorer=JaroWinkler.similarity, workers=-1)
        has_given = np.fromiter(map(bool, ga), dtype=bool, count=len(ga))
        one_off = np.abs(length[da[same_sur]] - length[db[same_sur]]) == 1
        dropped = np.zeros(len(same_sur), dtype=bool)
        idx = np.flatnonzero(one_off)
        if len(idx):
            d = cpdist(text[da[same_sur[idx]]].tolist(), text[db[same_sur[idx]]].tolist(),
                       scorer=Indel.distance, workers=-1)
            dropped[idx] = d == 1
        lev[same_sur[((jw >= given_jw_threshold) & has_given) | dropped]] = 1

    # Level 2: same pinyin, or the same once separators are removed.
    same_sound = (sound_code[da] == sound_code[db]) & (sound_code[da] >= 0)
    lev[(same_sound | (strip_code[da] == strip_code[db])) & ~null] = 2

    # Level 3: graded distance ≤ threshold on equal-length names.
    lev[_graded_close(da, db, null, text, length, strip_code, graded_threshold)] = 3

    lev[(da == db) & ~null] = 4
    lev[null] = -1
    return lev[inv]


def _graded_close(da, db, null, text, length, strip_code, threshold) -> np.ndarray:
    """Distinct pairs of equal-length names whose graded distance is ≤ threshold.

    Substitutions are costed position by position (one cost lookup per distinct character
    pair); pairs with an adjacent swap among their differences take the full distance.
    """
    close = np.zeros(len(da), dtype=bool)
    cand = np.flatnonzero((length[da] == length[db]) & (strip_code[da] != strip_code[db])
                          & ~null)
    if not len(cand):
        return close
    width = int(min(length[da[cand]].max(), _MAX_WIDTH))
    short = cand[length[da[cand]] <= width]
    long_ = cand[length[da[cand]] > width]
    if len(short):
        present = np.ones(len(text), dtype=bool)
        mat = char_matrix(text, present, width)
        a, b = mat[da[short]], mat[db[short]]
        diff = a != b
        count = diff.sum(axis=1)
        swap = np.zeros(len(short), dtype=bool)
        for k in range(width - 1):
            swap |= diff[:, k] & diff[:, k + 1] & (a[:, k] == b[:, k + 1]) & (a[:, k + 1] == b[:, k])
        # Up to two substitutions, costed per character pair.
        few = np.flatnonzero((count <= 2) & ~swap)
        if len(few):
            d = diff[few]
            i = d.argmax(axis=1)
            j = width - 1 - d[:, ::-1].argmax(axis=1)
            rows = np.arange(len(few))
            cost = _char_costs(a[few][rows, i], b[few][rows, i])
            second = j != i
            cost[second] += _char_costs(a[few][rows, j], b[few][rows, j])[second]
            close[short[few[cost <= threshold + 1e-9]]] = True
        # Swaps: the full graded distance, once per distinct pair.
        swapped = np.flatnonzero(swap & (count <= 4))
        for k in swapped.tolist():
            p = short[k]
            close[p] = graded_distance(text[da[p]], text[db[p]]) <= threshold + 1e-9
    for p in long_.tolist():
        close[p] = graded_distance(text[da[p]], text[db[p]]) <= threshold + 1e-9
    return close


def _char_costs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Substitution cost per pair of code points, looked up once per distinct pair."""
    key = (a.astype(np.int64) << 21) | b.astype(np.int64)
    codes, uniques = pd.factorize(key)
    costs = np.fromiter((substitution_cost(chr(k >> 21), chr(k & 0x1FFFFF)) for k in uniques),
                        dtype=float, count=len(uniques))
    return costs[codes]

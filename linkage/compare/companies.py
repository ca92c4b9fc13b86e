"""Company names compared by their anatomy: region + trade name (字号) + industry + legal form,
and a branch.

A branch (分公司) is a separate legal entity from its head office; conflicting regions or legal
form families (有限 vs 股份) mean different entities. :func:`company_conflict` says so, for the
clustering to use as a cannot-link.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz.distance import Hamming, JaroWinkler
from rapidfuzz.process import cpdist

from linkage.compare.confusables import SHAPE_ALIKE_COST
from linkage.compare.frames import FramePair
from linkage.compare.names import graded_distance
from linkage.compare.pairs import as_str, per_distinct_pair

# Families that are definite legal forms; 'other' is too loose to prove a difference.
_DEFINITE_FAMILIES = ("limited", "joint_stock", "partnership", "sole")


@lru_cache(maxsize=20_000)
def _region_paths(region: str) -> tuple[tuple[str | None, str | None, str | None], ...]:
    """(province, city, district) paths a region name may denote; () if unknown."""
    from loaders.standardise.divisions import division_index

    index, _ = division_index()
    return tuple((d.province, d.city, d.district) for d in index.get(region, ()) if not d.short)


def regions_compatible(a: str, b: str) -> bool:
    """Whether two region names can denote the same place (浙江省/杭州市 yes, 鼓楼区/福州市 yes,
    上海市/北京市 no). Unknown names are compatible only when equal."""
    if a == b:
        return True
    pa, pb = _region_paths(a), _region_paths(b)
    for x in pa:
        for y in pb:
            if all(u is None or v is None or u == v for u, v in zip(x, y)):
                return True
    return False


def _region_conflict(p: FramePair) -> np.ndarray:
    """Regions both known and incompatible."""
    differ = np.flatnonzero(p.differ("co_region"))
    out = np.zeros(p.n, dtype=bool)
    if len(differ):
        a, b = p.sides("co_region")
        ok = per_distinct_pair([a[differ]], [b[differ]], regions_compatible, bool)
        out[differ[~ok]] = True
    return out


def _family_conflict(p: FramePair) -> np.ndarray:
    a, b = p.sides("co_form_family")
    definite = np.isin(a, _DEFINITE_FAMILIES) & np.isin(b, _DEFINITE_FAMILIES)
    return definite & (a != b)


def company_conflict(left_frame: pd.DataFrame, right_frame: pd.DataFrame) -> np.ndarray:
    """Pairs that cannot be the same organisation, whatever else agrees.

    Args:
        left_frame, right_frame: aligned frames with ``co_region``, ``co_branch`` and
            ``co_form_family`` columns (absent columns read as missing).

    Returns:
        A boolean array, True where the branch differs (one a branch and the other not, or two
        different branches), the regions are both known and incompatible, or the legal-form
        families are both definite and differ (limited vs joint_stock).
    """
    p = FramePair(left_frame, right_frame)
    ka, kb = p.known("co_branch")
    branch = (ka != kb) | p.differ("co_branch")
    return branch | _region_conflict(p) | _family_conflict(p)


def company_name_levels(left_frame: pd.DataFrame, right_frame: pd.DataFrame,
                        *, trade_jw_threshold: float = 0.9) -> np.ndarray:
    """Compare company names part by part.

    Args:
        left_frame, right_frame: aligned frames with the ``co_*`` columns of standardised
            organisation records (``co_core``, ``co_region``, ``co_branch``, ``co_form_family``,
            ``co_trade_name``, ``co_industry``).
        trade_jw_threshold: the least Jaro-Winkler similarity of trade names for level 2.

    Levels:
        4: same core, region, branch and legal-form family (missing on both sides counts as same).
        3: same core, compatible region (equal, one missing, or one inside the other) and
           compatible form family (equal or one missing).
        2: the same industry and trade names with Jaro-Winkler ≥ 0.9 or one homophone or
           shape-alike character apart (宏达/鸿达: JW is 0.7 on two characters).
        1: the same trade name, different (or unknown) industry.
        0: else.
        -1: either side has neither a core nor a trade name.
    """
    p = FramePair(left_frame, right_frame)
    kca, kcb = p.known("co_core")
    kta, ktb = p.known("co_trade_name")
    null = ~(kca | kta) | ~(kcb | ktb)

    out = np.zeros(p.n, dtype=np.int8)
    out[p.equal("co_trade_name")] = 1
    both_trade = np.flatnonzero(kta & ktb & p.equal("co_industry"))
    if len(both_trade):
        a, b = p.sides("co_trade_name")
        ta, tb = as_str(a[both_trade]), as_str(b[both_trade])
        jw = cpdist(ta, tb, scorer=JaroWinkler.similarity, workers=-1)
        similar = jw >= trade_jw_threshold
        one_char = np.flatnonzero(~similar & (cpdist(ta, tb, scorer=Hamming.distance,
                                                     workers=-1) == 1))
        if len(one_char):
            rows = both_trade[one_char]
            similar[one_char] = per_distinct_pair(
                [a[rows]], [b[rows]], lambda x, y: graded_distance(x, y) <= SHAPE_ALIKE_COST, bool)
        out[both_trade[similar]] = 2
    same_core = p.equal("co_core")
    region_ok = ~_region_conflict(p)
    family_ok = p.same_or_one_missing("co_form_family")
    out[same_core & region_ok & family_ok] = 3
    out[same_core & p.same_or_both_missing("co_region") & p.same_or_both_missing("co_branch")
        & p.same_or_both_missing("co_form_family")] = 4
    out[null] = -1
    return out

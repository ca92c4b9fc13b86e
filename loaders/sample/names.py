"""Person names: surnames by real frequency (compound ones included), era- and gender-typical given
names, and Uyghur-style names whose parts are joined by ``·``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from loaders.sample.data import read_table

# Among the commonest full names in the country; namesake hard negatives are planted with these.
COMMON_NAMES = (
    ("张伟", "M"), ("王伟", "M"), ("王芳", "F"), ("李伟", "M"), ("李娜", "F"), ("张敏", "F"),
    ("李静", "F"), ("王静", "F"), ("刘伟", "M"), ("王秀英", "F"), ("张丽", "F"), ("李强", "M"),
    ("王磊", "M"), ("刘洋", "M"), ("张勇", "M"), ("王敏", "F"), ("李军", "M"), ("张杰", "M"),
    ("王丽", "F"), ("李娟", "F"), ("张静", "F"), ("王强", "M"), ("陈静", "F"), ("刘芳", "F"),
)
MINORITY_SEPARATOR = "·"
NEW_ERA_FROM = 1985  # birth year from which "new" given-name characters dominate


@dataclass(frozen=True)
class NameLists:
    surnames: np.ndarray
    surname_p: np.ndarray
    chars: np.ndarray  # given-name characters
    char_p: dict  # (male: bool, new_era: bool) -> probabilities over ``chars``
    minority_male: np.ndarray
    minority_female: np.ndarray
    minority_variant: dict  # part -> its other common transliteration


@cache
def name_lists() -> NameLists:
    s = read_table("surnames")
    p = s["percent"].astype(float).to_numpy()
    g = read_table("given_chars")
    weight = g["weight"].astype(float).to_numpy()
    char_p = {}
    for male in (True, False):
        for new in (True, False):
            fits = g["gender"].isin(["M" if male else "F", "U"]).to_numpy()
            era = g["era"].to_numpy()
            factor = np.where(era == ("new" if new else "old"), 1.0, np.where(era == "any", 0.7, 0.08))
            w = weight * factor * fits
            char_p[(male, new)] = w / w.sum()
    m = read_table("minority_names")
    return NameLists(
        surnames=s["surname"].to_numpy(object),
        surname_p=p / p.sum(),
        chars=g["char"].to_numpy(object),
        char_p=char_p,
        minority_male=m.loc[m["gender"] == "M", "part"].to_numpy(object),
        minority_female=m.loc[m["gender"] == "F", "part"].to_numpy(object),
        minority_variant=dict(zip(m["part"], m["variant"])),
    )


def draw_surnames(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` surnames drawn by their frequency in the population."""
    lists = name_lists()
    return lists.surnames[rng.choice(len(lists.surnames), size=n, p=lists.surname_p)]


def draw_given_names(rng: np.random.Generator, male: np.ndarray, birth_year: np.ndarray) -> np.ndarray:
    """Given names of one or two characters typical of each person's gender and birth era.

    Single-character given names are common among older people and rare among the young.
    """
    lists = name_lists()
    n = len(male)
    new = birth_year >= NEW_ERA_FROM
    first = np.empty(n, dtype=np.int64)
    second = np.empty(n, dtype=np.int64)
    for m in (True, False):
        for e in (True, False):
            idx = np.flatnonzero((male == m) & (new == e))
            p = lists.char_p[(m, e)]
            first[idx] = rng.choice(len(p), size=len(idx), p=p)
            second[idx] = rng.choice(len(p), size=len(idx), p=p)
            same = idx[first[idx] == second[idx]]
            second[same] = rng.choice(len(p), size=len(same), p=p)  # one redraw; 婷婷-style stays rare
    p_single = np.where(birth_year < 1970, 0.45, np.where(birth_year < 1990, 0.30, 0.12))
    single = rng.random(n) < p_single
    given = lists.chars[first] + np.where(single, "", lists.chars[second]).astype(object)
    return given


def draw_minority_names(rng: np.random.Generator, male: np.ndarray, father_part: np.ndarray | None = None):
    """Uyghur-style names ``own·father`` and the own part (children take the father's own part).

    Args:
        rng: the generator.
        male: gender of each person.
        father_part: the father's own part per person, or ``""`` where unknown (drawn instead).

    Returns:
        ``(full_names, own_parts)`` as object arrays.
    """
    lists = name_lists()
    n = len(male)
    own = np.where(
        male,
        lists.minority_male[rng.integers(0, len(lists.minority_male), n)],
        lists.minority_female[rng.integers(0, len(lists.minority_female), n)],
    ).astype(object)
    drawn = lists.minority_male[rng.integers(0, len(lists.minority_male), n)]
    if father_part is None:
        father = drawn
    else:
        father = np.where(father_part == "", drawn, father_part).astype(object)
    return own + MINORITY_SEPARATOR + father, own

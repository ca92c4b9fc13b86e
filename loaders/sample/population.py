"""The people of the sample city with their true attributes: households sharing a home, names,
birth dates, valid ID numbers, phones, moves; twins and same-name-same-birth-date namesakes planted
as hard negatives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loaders.sample import dates
from loaders.sample.names import COMMON_NAMES, draw_given_names, draw_minority_names, draw_surnames
from loaders.sample.places import PlaceBook
from loaders.sample.regions import Districts
from loaders.standardise.check_chars import id_check_char

HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5])
HOUSEHOLD_SIZE_P = np.array([0.22, 0.30, 0.28, 0.13, 0.07])
MINORITY_SHARE = {"乌鲁木齐市": 0.5}  # share of households with Uyghur names; elsewhere DEFAULT
MINORITY_DEFAULT = 0.004
TWIN_PAIRS_PER_PERSON = 0.004
NAMESAKE_PAIRS_PER_PERSON = 0.0025
MOVED_HOUSEHOLDS = 0.06  # households with an older address some sources still hold
CHANGED_PHONES = 0.08  # adults with an older mobile number some sources still hold
LANDLINE_HOUSEHOLDS = 0.06
ADULT_AGE = 16  # from this age a person has a phone of their own
MOBILE_PREFIXES = np.array(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199".split(), dtype=object)


@dataclass
class Population:
    """Column arrays, one row per person; a person is referred to by row index."""

    surname: np.ndarray  # "" for minority names, which have no surname
    given: np.ndarray
    name: np.ndarray
    minority: np.ndarray  # bool
    male: np.ndarray  # bool
    birth: np.ndarray  # datetime64[D]
    birth_district: np.ndarray  # index into Districts: the ID number's region code
    id_number: np.ndarray  # valid 18-character GB 11643 number
    phone: np.ndarray  # current mobile, "" if none (young children)
    old_phone: np.ndarray  # earlier mobile, "" if unchanged
    household: np.ndarray
    role: np.ndarray  # 0 head, 1 spouse, 2+ child
    district: np.ndarray  # residence district
    home: np.ndarray  # place key of the current home
    old_home: np.ndarray  # place key of the previous home, -1 if never moved
    landline: np.ndarray  # the household's landline, "" if none
    twins: np.ndarray  # (k, 2) person indices
    namesakes: np.ndarray  # (k, 2) person indices: same name, same birth date, different people

    def __len__(self) -> int:
        return len(self.name)

    @property
    def age(self) -> np.ndarray:
        return dates.age(self.birth)


def _households(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Household index, role and household size of each of ``n`` persons."""
    sizes = rng.choice(HOUSEHOLD_SIZES, size=n // 2 + 2, p=HOUSEHOLD_SIZE_P)
    ends = np.cumsum(sizes)
    k = int(np.searchsorted(ends, n)) + 1
    sizes = sizes[:k].copy()
    sizes[-1] -= ends[k - 1] - n
    household = np.repeat(np.arange(k), sizes)
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    role = np.arange(n) - starts
    return household, role, sizes[household]


def _truncated_normal(rng, mean, sd, low, high, size) -> np.ndarray:
    """Normal draws redrawn until inside [low, high] (clipping would pile people on one birthday)."""
    out = rng.normal(mean, sd, size)
    bad = (out < low) | (out > high)
    while bad.any():
        out[bad] = rng.normal(mean if np.isscalar(mean) else mean[bad], sd, int(bad.sum()))
        bad = (out < low) | (out > high)
    return out


def _birth_dates(rng, household, role) -> np.ndarray:
    """Heads 21-92, spouses within a few years, children 22-38 years younger than the head."""
    n = len(household)
    head_age = _truncated_normal(rng, 47.0, 14.0, 21.0, 92.0, household.max() + 1)
    age = head_age[household]
    spouse = np.flatnonzero(role == 1)
    age[spouse] = _truncated_normal(rng, age[spouse], 3.0, 20.0, 95.0, len(spouse))
    child = role >= 2
    child_age = age - rng.uniform(22, 38, n)
    young = child_age < 0
    child_age[young] = rng.uniform(0, np.maximum(age[young] - 20, 0.5))
    age[child] = child_age[child]
    days = (age * 365.25).astype(np.int64)
    return dates.REFERENCE_DATE - days.astype("timedelta64[D]")


def _id_bodies(d: Districts, birth_district, birth, seq) -> np.ndarray:
    """The first 17 digits as integers: region code, birth date, sequence number."""
    y, m, dd = dates.ymd(birth)
    region = d.code[birth_district].astype(np.int64)
    return region * 10**11 + (y * 10000 + m * 100 + dd) * 1000 + seq


def _id_numbers(rng, d: Districts, birth_district, birth, male, twins) -> np.ndarray:
    """Valid, unique ID numbers; twins get consecutive sequence numbers."""
    n = len(birth)

    def draw(count, is_male):
        k = rng.integers(1, 500, count)
        return np.where(is_male, 2 * k + 1, 2 * k)

    seq = draw(n, male)
    a, b = twins[:, 0], twins[:, 1]
    is_b = np.zeros(n, bool)
    is_b[b] = True
    partner_a = np.full(n, -1)
    partner_a[b] = a
    for _ in range(50):
        same = male[a] == male[b]
        step = np.where(same, 2, 1)
        seq[b] = np.where(seq[a] + step <= 999, seq[a] + step, seq[a] - step)
        body = _id_bodies(d, birth_district, birth, seq)
        _, first = np.unique(body, return_index=True)
        dup = np.ones(n, bool)
        dup[first] = False
        if not dup.any():
            break
        idx = np.flatnonzero(dup)
        idx = np.unique(np.where(is_b[idx], partner_a[idx], idx))
        seq[idx] = draw(len(idx), male[idx])
    else:
        raise RuntimeError("could not make ID numbers unique")
    bodies = body.astype(str)
    return np.array([s + id_check_char(s) for s in bodies.tolist()], dtype=object)


def _mobiles(rng, n: int) -> np.ndarray:
    """``n`` distinct mobile numbers: a real operator prefix and eight random digits."""
    prefixes = MOBILE_PREFIXES.astype(np.int64) * 10**8
    numbers = prefixes[rng.integers(0, len(prefixes), n)] + rng.integers(0, 10**8, n)
    for _ in range(50):
        _, first = np.unique(numbers, return_index=True)
        dup = np.ones(n, bool)
        dup[first] = False
        if not dup.any():
            return numbers.astype(str).astype(object)
        numbers[dup] = prefixes[rng.integers(0, len(prefixes), int(dup.sum()))] + rng.integers(0, 10**8, int(dup.sum()))
    raise RuntimeError("could not draw unique phone numbers")


def generate_population(rng: np.random.Generator, n: int, d: Districts, book: PlaceBook) -> Population:
    """Generate ``n`` persons living in households.

    Args:
        rng: the generator.
        n: number of persons (at least 10).
        d: the districts.
        book: hands out homes.

    Returns:
        The population.
    """
    household, role, size = _households(rng, n)
    n_hh = household.max() + 1
    hh_district = rng.choice(len(d), size=n_hh, p=d.weight)
    district = hh_district[household]
    head = np.flatnonzero(role == 0)
    head_of = head[household]  # index of each person's household head

    male = rng.random(n) < 0.5
    spouse = role == 1
    male[spouse] = ~male[head_of[spouse]]
    birth = _birth_dates(rng, household, role)

    # fathers pass on their surname (and, for Uyghur names, their own name part)
    father = np.where(male[head_of], head_of, np.where(size >= 2, head_of + 1, head_of))
    surname = draw_surnames(rng, n)
    child = role >= 2
    surname[child] = surname[father[child]]
    y, _, _ = dates.ymd(birth)
    given = draw_given_names(rng, male, y)

    share = np.array([MINORITY_SHARE.get(c, MINORITY_DEFAULT) for c in d.city])
    minority = (rng.random(n_hh) < share[hh_district])[household]
    mino = np.flatnonzero(minority)
    full, own = draw_minority_names(rng, male[mino], None)
    own_part = np.full(n, "", dtype=object)
    own_part[mino] = own
    full_name = np.full(n, "", dtype=object)
    full_name[mino] = full
    kids = mino[(role[mino] >= 2) & male[father[mino]]]
    full_name[kids] = own_part[kids] + "·" + own_part[father[kids]]
    surname[mino] = ""
    given[mino] = full_name[mino]

    # twins: the first two children of some households with two or more children
    cand = np.flatnonzero((role == 2) & (size >= 4) & ~minority)
    k = min(len(cand), max(1, round(TWIN_PAIRS_PER_PERSON * n)))
    a = np.sort(rng.choice(cand, size=k, replace=False)) if k else np.empty(0, np.int64)
    b = a + 1
    birth[b] = birth[a]
    male[b] = np.where(rng.random(k) < 0.6, male[a], ~male[a])
    share_char = rng.random(k) < 0.5  # 子涵 / 子轩
    first_char = np.array([g[0] for g in given[a]], dtype=object)
    given_b = draw_given_names(rng, male[b], y[b])
    last_char = np.array([g[-1] for g in given_b], dtype=object)
    given_b = np.where(share_char, first_char + last_char, given_b)
    for _ in range(20):
        clash = given_b == given[a]
        if not clash.any():
            break
        given_b[clash] = draw_given_names(rng, male[b][clash], y[b][clash])
    given[b] = given_b
    twins = np.stack([a, b], axis=1) if k else np.empty((0, 2), np.int64)

    # birth places: most were born where they live
    native = rng.random(n) < np.where(role >= 2, 0.85, 0.65)
    birth_district = np.where(native, district, rng.choice(len(d), size=n, p=d.weight))
    birth_district[b] = birth_district[a]

    # namesakes: two unrelated people with one of the commonest names and the same birth date
    used = np.zeros(n, bool)
    used[twins.ravel()] = True
    used |= minority
    pairs = []
    k = max(1, round(NAMESAKE_PAIRS_PER_PERSON * n))
    free_a = np.flatnonzero(~used & (role <= 1) & (dates.age(birth) >= 22))
    free_b = np.flatnonzero(~used & ((role == 1) | ((role == 0) & (size == 1))) & (dates.age(birth) >= 22))
    order_a, order_b = rng.permutation(free_a), rng.permutation(free_b)
    ia = ib = 0
    for j in range(k):
        nm, g = COMMON_NAMES[j % len(COMMON_NAMES)]
        want_male = g == "M"
        while ia < len(order_a) and (used[order_a[ia]] or male[order_a[ia]] != want_male):
            ia += 1
        while ib < len(order_b) and (used[order_b[ib]] or male[order_b[ib]] != want_male
                                     or household[order_b[ib]] == household[order_a[min(ia, len(order_a) - 1)]]):
            ib += 1
        if ia >= len(order_a) or ib >= len(order_b):
            break
        pa, pb = order_a[ia], order_b[ib]
        used[[pa, pb]] = True
        for p in (pa, pb):
            surname[p], given[p] = nm[0], nm[1:]
        birth[pb] = birth[pa]
        if rng.random() < 0.4:
            birth_district[pb] = birth_district[pa]
        pairs.append((pa, pb))
    namesakes = np.array(pairs, dtype=np.int64).reshape(-1, 2)

    name = surname + given
    id_number = _id_numbers(rng, d, birth_district, birth, male, twins)

    age = dates.age(birth)
    adult = age >= ADULT_AGE
    mobiles = _mobiles(rng, n + n)
    phone = np.where(adult, mobiles[:n], "").astype(object)
    kid_phone = ~adult & (rng.random(n) < 0.6)
    phone[kid_phone] = phone[head_of[kid_phone]]
    phone[b] = phone[a] if len(a) else phone[b]
    both_empty = (phone[b] == "") if len(a) else np.zeros(0, bool)
    phone[a[both_empty]] = phone[b[both_empty]] = phone[head_of[a[both_empty]]]
    changed = adult & (rng.random(n) < CHANGED_PHONES)
    changed[b] = False
    old_phone = np.where(changed, mobiles[n:], "").astype(object)

    home_hh = book.homes(hh_district)
    moved = rng.random(n_hh) < MOVED_HOUSEHOLDS
    mv = np.flatnonzero(moved)
    old_district = hh_district[mv].copy()
    far = rng.random(len(mv)) < 0.15
    old_district[far] = rng.choice(len(d), size=int(far.sum()), p=d.weight)
    for j in np.flatnonzero(~far):  # most moves stay within the city
        local = d.same_city(hh_district[mv[j]])
        w = d.weight[local]
        old_district[j] = local[rng.choice(len(local), p=w / w.sum())]
    old_hh = np.full(n_hh, -1, dtype=np.int64)
    old_hh[mv] = book.homes(old_district)

    landline_hh = np.full(n_hh, "", dtype=object)
    ll = np.flatnonzero(rng.random(n_hh) < LANDLINE_HOUSEHOLDS)
    landline_hh[ll] = d.area_code[hh_district[ll]] + "-" + dates.text(rng.integers(2 * 10**7, 9 * 10**7, len(ll)))

    return Population(
        surname=surname, given=given, name=name, minority=minority, male=male, birth=birth,
        birth_district=birth_district, id_number=id_number, phone=phone, old_phone=old_phone,
        household=household, role=role, district=district, home=home_hh[household],
        old_home=old_hh[household], landline=landline_hh[household], twins=twins, namesakes=namesakes,
    )

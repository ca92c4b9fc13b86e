"""Organisations of the sample city: companies with valid codes (GB 32100 credit code embedding a
GB 11714 organisation code, MOD 11,10 registration number), legal representatives, registered
offices, branches (分公司) and the same trade name registered in two cities; and who works where."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loaders.sample import dates
from loaders.sample.data import read_table
from loaders.sample.places import PlaceBook
from loaders.sample.population import Population
from loaders.sample.regions import Districts
from loaders.standardise.check_chars import (
    USCC_ALPHABET,
    org_code_check_char,
    reg_no_check_digit,
    uscc_check_char,
)

ORGS_PER_PERSON = 0.095
BRANCH_SHARE = 0.05  # of head offices, each gets one branch with its own codes
CROSS_CITY_SHARE = 0.02  # of head offices, whose trade name is also registered in another city
SHARED_OFFICE_SHARE = 0.05  # registered at another company's address (集中登记地)
EMPLOYED_SHARE = 0.72  # of people aged 18-62
JOB_CHANGE_SHARE = 0.06  # of the employed, who were registered with an earlier employer
FIRST_FOUNDED = np.datetime64("1993-01-01")
LAST_FOUNDED = np.datetime64("2024-05-31")
USCC_ERA = np.datetime64("2015-10-01")  # from here on: no separate registration number, MA… codes
_NEW_ORG_BODY = np.array([c for c in USCC_ALPHABET], dtype=object)


@dataclass
class Organisations:
    """Column arrays, one row per organisation; referred to by row index."""

    region: np.ndarray  # the region word of the name: 上海, 南京 …
    trade: np.ndarray  # 字号
    industry: np.ndarray
    legal_form: np.ndarray
    family: np.ndarray  # limited | joint_stock | partnership
    branch_suffix: np.ndarray  # "浦东分公司" for a branch, else ""
    name: np.ndarray  # registered name
    district: np.ndarray
    established: np.ndarray  # datetime64[D]
    org_code: np.ndarray  # 9 characters, check included
    uscc: np.ndarray
    reg_no: np.ndarray  # "" for companies registered in the credit-code era
    legal_rep: np.ndarray  # person index (负责人 for a branch)
    address: np.ndarray  # place key
    branch_of: np.ndarray  # head-office index, -1
    same_trade_as: np.ndarray  # index of the company in another city with this trade name, -1

    def __len__(self) -> int:
        return len(self.name)


@dataclass
class Employment:
    employer: np.ndarray  # organisation index per person, -1 when not employed
    old_employer: np.ndarray  # previous employer, -1 when none


def _weighted(table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    t = read_table(table)
    w = t["weight"].astype(float).to_numpy()
    return t[column].to_numpy(object), w / w.sum()


def _trade_pool(rng) -> tuple[np.ndarray, np.ndarray]:
    """Curated trade names, then rarer ones recombined from their characters."""
    curated = read_table("trade_names")["trade_name"].to_numpy(object)
    two = [t for t in curated if len(t) == 2]
    heads = np.array([t[0] for t in two], dtype=object)
    tails = np.array([t[1] for t in two], dtype=object)
    mixed = np.unique(heads[:, None] + tails[None, :])
    mixed = mixed[~np.isin(mixed, curated)]
    pool = np.concatenate([curated, mixed])
    w = np.concatenate([np.full(len(curated), 20.0), np.ones(len(mixed))])
    return pool, w / w.sum()


def _unique_codes(n: int, make) -> np.ndarray:
    """Codes from ``make(rows)`` for rows 0..n-1, redrawn until no two are equal."""
    codes = make(np.arange(n))
    for _ in range(50):
        _, first = np.unique(codes, return_index=True)
        dup = np.ones(n, bool)
        dup[first] = False
        if not dup.any():
            return codes
        rows = np.flatnonzero(dup)
        codes[rows] = make(rows)
    raise RuntimeError("could not draw unique codes")


def _codes(rng, d: Districts, district, established):
    """Organisation code, credit code and registration number of each organisation.

    Codes issued before the credit-code era have an all-digit organisation code and a registration
    number; later ones have an ``MA…`` code and no registration number.
    """
    n = len(district)
    new = established >= USCC_ERA

    def make(rows):
        digits = dates.padded(rng.integers(10**7, 10**8, len(rows)), 8)
        picks = _NEW_ORG_BODY[rng.integers(0, len(_NEW_ORG_BODY), (len(rows), 6))]
        tail = np.array(["".join(r) for r in picks], dtype=object)
        return np.where(new[rows], "MA" + tail, digits).astype(object)

    body = _unique_codes(n, make)
    org_code = np.array([b + org_code_check_char(b) for b in body], dtype=object)
    first17 = "91" + d.code[district] + org_code
    uscc = np.array([s + uscc_check_char(s) for s in first17], dtype=object)
    reg_body = _unique_codes(n, lambda rows: dates.padded(rng.integers(0, 10**8, len(rows)), 8))
    reg14 = d.code[district] + reg_body
    reg_no = np.array([s + reg_no_check_digit(s) for s in reg14], dtype=object)
    reg_no[new] = ""
    return org_code, uscc, reg_no


def generate_organisations(rng: np.random.Generator, d: Districts, people: Population,
                           book: PlaceBook) -> tuple[Organisations, Employment]:
    """Generate the organisations of the city and employ its people.

    Args:
        rng: the generator.
        d: the districts.
        people: the population (legal representatives and employees come from it).
        book: hands out office addresses.

    Returns:
        The organisations and who works for which.
    """
    n_head = max(8, round(len(people) * ORGS_PER_PERSON))
    district = rng.choice(len(d), size=n_head, p=d.weight)
    trades, trade_p = _trade_pool(rng)
    industries, industry_p = _weighted("industries", "industry")
    forms, form_p = _weighted("legal_forms", "legal_form")
    family_of = dict(zip(read_table("legal_forms")["legal_form"], read_table("legal_forms")["family"]))
    trade = trades[rng.choice(len(trades), size=n_head, p=trade_p)]
    industry = industries[rng.choice(len(industries), size=n_head, p=industry_p)]
    for _ in range(100):  # a name is unique within its city
        key = d.city[district] + trade + industry
        _, first = np.unique(key, return_index=True)
        dup = np.ones(n_head, bool)
        dup[first] = False
        if not dup.any():
            break
        trade[dup] = trades[rng.choice(len(trades), size=int(dup.sum()), p=trade_p)]
    form = forms[rng.choice(len(forms), size=n_head, p=form_p)]
    # more companies were founded recently
    span = (LAST_FOUNDED - FIRST_FOUNDED).astype(int)
    established = FIRST_FOUNDED + (rng.beta(2.2, 1.2, n_head) * span).astype("timedelta64[D]")

    # the same trade name, industry and form registered in a different city
    cities = np.unique(d.city)
    n_cross = max(1, round(CROSS_CITY_SHARE * n_head))
    cross_src = np.sort(rng.choice(n_head, size=n_cross, replace=False))
    cross_district = np.empty(n_cross, np.int64)
    for j, s in enumerate(cross_src):
        other = np.flatnonzero(d.city != d.city[district[s]])
        w = d.weight[other]
        cross_district[j] = other[rng.choice(len(other), p=w / w.sum())]
    taken = set(d.city[district] + trade + industry)
    keep = np.array([d.city[cd] + trade[s] + industry[s] not in taken for s, cd in zip(cross_src, cross_district)])
    cross_src, cross_district = cross_src[keep], cross_district[keep]
    n_cross = len(cross_src)
    cross_est = FIRST_FOUNDED + (rng.beta(2.2, 1.2, n_cross) * span).astype("timedelta64[D]")

    # branches of limited and joint-stock companies, mostly elsewhere in the same city
    eligible = np.flatnonzero(np.array([family_of[f] != "partnership" for f in form]))
    n_branch = min(len(eligible), max(1, round(BRANCH_SHARE * n_head)))
    head_of_branch = np.sort(rng.choice(eligible, size=n_branch, replace=False))
    branch_district = np.empty(n_branch, np.int64)
    branch_suffix = np.empty(n_branch, dtype=object)
    for j, h in enumerate(head_of_branch):
        local = d.same_city(district[h])
        local = local[local != district[h]]
        if len(local) and rng.random() < 0.75:
            branch_district[j] = local[rng.integers(0, len(local))]
            branch_suffix[j] = d.district_short[branch_district[j]] + "分公司"
        else:
            other = np.flatnonzero(d.city != d.city[district[h]])
            branch_district[j] = other[rng.integers(0, len(other))]
            branch_suffix[j] = d.city_short[branch_district[j]] + "分公司"
    # a branch opens some time after its head office
    head_est = established[head_of_branch]
    room = (LAST_FOUNDED - head_est).astype(np.int64)
    branch_est = head_est + (room * rng.uniform(0.05, 1.0, n_branch)).astype("timedelta64[D]")

    # assemble: head offices, then cross-city namesakes, then branches
    all_district = np.concatenate([district, cross_district, branch_district])
    n = len(all_district)
    src = np.concatenate([np.arange(n_head), cross_src, head_of_branch])
    orgs_trade, orgs_industry, orgs_form = trade[src], industry[src], form[src]
    region = d.city_short[np.concatenate([district, cross_district, district[head_of_branch]])]
    suffix = np.concatenate([np.full(n_head + n_cross, "", dtype=object), branch_suffix])
    name = region + orgs_trade + orgs_industry + orgs_form + suffix
    est = np.concatenate([established, cross_est, branch_est])
    org_code, uscc, reg_no = _codes(rng, d, all_district, est)
    branch_of = np.concatenate([np.full(n_head + n_cross, -1), head_of_branch])
    same_trade_as = np.full(n, -1)
    same_trade_as[n_head:n_head + n_cross] = cross_src
    same_trade_as[cross_src] = np.arange(n_head, n_head + n_cross)

    legal_rep = _legal_representatives(rng, d, people, all_district)
    own_office = book.offices(all_district)
    # some register at another company's address in their district (集中登记地)
    order = np.argsort(all_district, kind="stable")
    start = np.searchsorted(all_district[order], all_district)
    peers = np.bincount(all_district, minlength=len(d))[all_district]
    other = order[start + (rng.random(n) * peers).astype(np.int64)]
    shared = (rng.random(n) < SHARED_OFFICE_SHARE) & (peers > 1)
    address = np.where(shared, own_office[other], own_office)

    orgs = Organisations(
        region=region, trade=orgs_trade, industry=orgs_industry, legal_form=orgs_form,
        family=np.array([family_of[f] for f in orgs_form], dtype=object), branch_suffix=suffix,
        name=name, district=all_district, established=est, org_code=org_code, uscc=uscc,
        reg_no=reg_no, legal_rep=legal_rep, address=address, branch_of=branch_of,
        same_trade_as=same_trade_as,
    )
    return orgs, _employ(rng, d, people, orgs)


def _legal_representatives(rng, d: Districts, people: Population, district: np.ndarray) -> np.ndarray:
    """An adult living in the organisation's city where there is one, else any adult."""
    adults = np.flatnonzero(people.age >= 25)
    rep = adults[rng.integers(0, len(adults), len(district))]
    adult_city = d.city[people.district[adults]]
    org_city = d.city[district]
    for city in np.unique(org_city):
        local = adults[adult_city == city]
        if len(local):
            rows = np.flatnonzero(org_city == city)
            rep[rows] = local[rng.integers(0, len(local), len(rows))]
    return rep


def _employ(rng, d: Districts, people: Population, orgs: Organisations) -> Employment:
    """People of working age work for companies of their city; company sizes are heavy-tailed."""
    n = len(people)
    age = people.age
    size_w = rng.lognormal(0.0, 1.3, len(orgs))
    employer = np.full(n, -1)
    old_employer = np.full(n, -1)
    working = (age >= 18) & (age <= 62) & (rng.random(n) < EMPLOYED_SHARE)
    changed = working & (rng.random(n) < JOB_CHANGE_SHARE)
    org_city = d.city[orgs.district]
    person_city = d.city[people.district]
    for city in np.unique(person_city):
        here = np.flatnonzero(org_city == city)
        if len(here) < 2:
            here = np.arange(len(orgs))
        p = size_w[here] / size_w[here].sum()
        rows = np.flatnonzero(working & (person_city == city))
        employer[rows] = here[rng.choice(len(here), size=len(rows), p=p)]
        rows = np.flatnonzero(changed & (person_city == city))
        old = here[rng.choice(len(here), size=len(rows), p=p)]
        same = old == employer[rows]
        old[same] = here[(np.searchsorted(here, old[same]) + 1) % len(here)]
        old_employer[rows] = old
    return Employment(employer=employer, old_employer=old_employer)

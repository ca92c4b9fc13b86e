"""Organisations carry valid, distinct codes; branches and cross-city namesakes are separate."""

from __future__ import annotations

import numpy as np
import pytest

from loaders.sample.organisations import generate_organisations
from loaders.sample.places import PlaceBook
from loaders.sample.population import generate_population
from loaders.sample.regions import districts
from loaders.standardise.check_chars import org_code_check_char, reg_no_check_digit, uscc_check_char


@pytest.fixture(scope="module")
def world():
    d = districts()
    rng = np.random.default_rng(4)
    book = PlaceBook(rng, d, d.weight * 2000, d.weight * 500)
    people = generate_population(rng, 5000, d, book)
    orgs, emp = generate_organisations(rng, d, people, book)
    return d, people, orgs, emp


def test_codes_are_valid_and_nested(world):
    d, _, orgs, _ = world
    for uscc, oc, reg, dist in zip(orgs.uscc, orgs.org_code, orgs.reg_no, orgs.district):
        assert uscc_check_char(uscc[:17]) == uscc[17]
        assert uscc[:2] == "91" and uscc[2:8] == d.code[dist] and uscc[8:17] == oc
        assert org_code_check_char(oc[:8]) == oc[8]
        if reg:
            assert reg[:6] == d.code[dist] and reg_no_check_digit(reg[:14]) == reg[14]
    assert len(set(orgs.uscc)) == len(orgs)
    assert len(set(r for r in orgs.reg_no if r)) == sum(1 for r in orgs.reg_no if r)


def test_names_follow_region_trade_industry_form_and_are_unique(world):
    _, _, orgs, _ = world
    assert len(set(orgs.name)) == len(orgs)
    for name, region, trade in zip(orgs.name, orgs.region, orgs.trade):
        assert name.startswith(region + trade)


def test_branches_extend_the_head_office_name(world):
    _, _, orgs, _ = world
    branches = np.flatnonzero(orgs.branch_of >= 0)
    assert len(branches)
    for b in branches:
        head = orgs.branch_of[b]
        assert orgs.name[b] == orgs.name[head] + orgs.branch_suffix[b]
        assert orgs.branch_suffix[b].endswith("分公司") and orgs.uscc[b] != orgs.uscc[head]


def test_same_trade_name_in_another_city(world):
    d, _, orgs, _ = world
    cross = np.flatnonzero(orgs.same_trade_as >= 0)
    assert len(cross)
    for i in cross:
        j = orgs.same_trade_as[i]
        assert orgs.trade[i] == orgs.trade[j] and orgs.industry[i] == orgs.industry[j]
        assert d.city[orgs.district[i]] != d.city[orgs.district[j]]


def test_people_work_and_some_changed_jobs(world):
    _, people, orgs, emp = world
    working = emp.employer >= 0
    assert 0.4 < working.mean() < 0.7
    changed = emp.old_employer >= 0
    assert changed.any() and (emp.old_employer[changed] != emp.employer[changed]).all()
    assert (people.age[working] >= 18).all()

"""The true population: valid, unique ID numbers from real region codes; twins and namesakes."""

from __future__ import annotations

import numpy as np
import pytest

from loaders.sample import dates
from loaders.sample.places import PlaceBook
from loaders.sample.population import generate_population
from loaders.sample.regions import districts
from loaders.standardise.check_chars import id_check_char


@pytest.fixture(scope="module")
def people():
    d = districts()
    rng = np.random.default_rng(3)
    book = PlaceBook(rng, d, d.weight * 1000, d.weight * 100)
    return generate_population(rng, 2000, d, book)


def test_every_true_id_number_is_valid_and_unique(people):
    assert all(id_check_char(v[:17]) == v[17] for v in people.id_number)
    assert len(set(people.id_number)) == len(people)


def test_id_number_holds_birth_region_date_and_gender(people):
    d = districts()
    assert set(v[:6] for v in people.id_number) <= set(d.code)
    assert list(v[6:14] for v in people.id_number) == list(dates.compact(people.birth))
    assert all((int(v[16]) % 2 == 1) == m for v, m in zip(people.id_number, people.male))


def test_twins_share_birth_date_surname_home_and_phone_with_consecutive_numbers(people):
    assert len(people.twins)
    for a, b in people.twins:
        assert people.birth[a] == people.birth[b] and people.surname[a] == people.surname[b]
        assert people.home[a] == people.home[b] and people.phone[a] == people.phone[b] != ""
        assert people.id_number[a][:14] == people.id_number[b][:14]
        assert abs(int(people.id_number[a][14:17]) - int(people.id_number[b][14:17])) in (1, 2)
        assert people.name[a] != people.name[b]


def test_namesakes_share_name_and_birth_date_but_not_the_id_number(people):
    assert len(people.namesakes)
    for a, b in people.namesakes:
        assert people.name[a] == people.name[b] and people.birth[a] == people.birth[b]
        assert people.id_number[a] != people.id_number[b]
        assert people.household[a] != people.household[b]


def test_names_include_compound_surnames_and_minority_names():
    d = districts()
    rng = np.random.default_rng(8)
    book = PlaceBook(rng, d, d.weight * 20000, d.weight * 2000)
    many = generate_population(rng, 40000, d, book)
    assert any(len(s) == 2 for s in many.surname)
    assert any("·" in n for n in many.name[many.minority])
    assert (many.surname[many.minority] == "").all()


def test_phones_are_unique_mobiles_except_within_a_family(people):
    adult = people.age >= 16
    own = people.phone[adult]
    assert all(len(p) == 11 and p[0] == "1" for p in own)
    shared = {p for p in own if (own == p).sum() > 1}
    twins = set(people.phone[people.twins.ravel()])
    assert shared <= twins

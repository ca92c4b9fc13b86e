"""Errors the sources carry are the kind promised and no other."""

from __future__ import annotations

import numpy as np

from loaders.sample.corruption import Corruptor
from loaders.standardise.check_chars import id_check_char, uscc_check_char

VALID_IDS = np.array(["11010519491231002X", "310115198503020011", "440304200012310024"], dtype=object)


def test_mistyped_id_numbers_fail_the_check_and_are_one_slip_away():
    cor = Corruptor(np.random.default_rng(0))
    ids = np.repeat(VALID_IDS, 200)
    typed = cor.mistype_id("s", ids, rate=1.0)
    for good, bad in zip(ids, typed):
        assert id_check_char(bad[:17]) != bad[17]
        diff = [i for i in range(18) if good[i] != bad[i]]
        assert len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and
                                  good[diff[0]] == bad[diff[1]] and good[diff[1]] == bad[diff[0]])
    assert cor.counts["s"]["id_mistyped"] == len(ids)


def test_15_digit_form_drops_century_and_check():
    cor = Corruptor(np.random.default_rng(0))
    out = cor.id_15("s", VALID_IDS, rate=1.0, eligible=np.ones(3, bool))
    assert list(out[:2]) == ["110105491231002", "310115850302001"]
    assert out[2] == VALID_IDS[2]  # born in 2000: no 15-digit number ever existed


def test_homophones_change_one_character_to_a_same_sounding_one():
    cor = Corruptor(np.random.default_rng(1))
    out = cor.homophone("s", np.array(["张伟"] * 50, dtype=object), rate=1.0)
    assert set(out) <= {"张玮", "张炜", "章伟"} and len(set(out)) > 1


def test_traditional_and_full_width():
    cor = Corruptor(np.random.default_rng(2))
    assert cor.traditional("s", np.array(["陈丽华"], dtype=object), 1.0)[0] == "陳麗華"
    assert cor.full_width("s", np.array(["13800138000"], dtype=object), 1.0)[0] == "１３８００１３８０００"


def test_minority_separators_and_transliterations_vary():
    cor = Corruptor(np.random.default_rng(3))
    names = np.array(["买买提·艾力"] * 100, dtype=object)
    seps = set(cor.minority_separator("s", names, 1.0))
    assert {"买买提艾力", "买买提•艾力", "买买提.艾力"} <= seps
    assert set(cor.transliteration("s", names, 1.0)) <= {"麦麦提·艾力", "买买提·阿力"}


def test_mistyped_credit_codes_fail_the_check():
    cor = Corruptor(np.random.default_rng(4))
    codes = np.array(["91350100M000100Y43"] * 100, dtype=object)
    for bad in cor.mistype_uscc("s", codes, 1.0):
        assert uscc_check_char(bad[:17]) != bad[17]


def test_missing_blanks_at_the_rate():
    cor = Corruptor(np.random.default_rng(5))
    out = cor.missing("s", np.array(["x"] * 10000, dtype=object), 0.1)
    assert 800 < (out == "").sum() < 1200

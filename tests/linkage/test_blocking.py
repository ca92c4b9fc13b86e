"""Blocking: pairs against a brute-force reference, dedupe, missing keys, caps, groups, JSON."""

from __future__ import annotations

import itertools
import json
import time

import numpy as np
import pandas as pd
import pytest

from linkage.blocking import REPORT_COLUMNS, BlockingRule, _dedupe, block, rules_report_text


def _text(value, transform):
    """The reference transform of one value; None when missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    text = str(value)
    if transform == "year":
        text = text[:4]
    elif transform and transform.startswith("prefix:"):
        text = text[: int(transform[7:])]
    elif transform and transform.startswith("suffix:"):
        text = text[-int(transform[7:]):]
    elif transform == "lower":
        text = text.lower()
    elif transform == "digits":
        text = "".join(ch for ch in text if ch.isdigit())
    return text or None


def _key(records, rule, i):
    key = tuple(_text(records[c].iloc[i], rule.transforms.get(c)) for c in rule.keys)
    return None if None in key else key


def reference_pairs(records, rule):
    """Brute force: every pair (exact), or neighbours in the sorted order (sorted_neighbourhood)."""
    keys = [_key(records, rule, i) for i in range(len(records))]
    if rule.method == "exact":
        return {(i, j) for i, j in itertools.combinations(range(len(records)), 2)
                if keys[i] is not None and keys[i] == keys[j]}
    order = sorted((i for i in range(len(records)) if keys[i] is not None),
                   key=lambda i: (keys[i], i))
    return {(min(a, b), max(a, b)) for k, a in enumerate(order)
            for b in order[k + 1: k + rule.window]}


def pairs_of(cands, rule_index=None):
    keep = slice(None) if rule_index is None else cands.rule == rule_index
    return set(zip(cands.left[keep].tolist(), cands.right[keep].tolist()))


def random_records(rng, n):
    """Small random records with few distinct values, and every kind of missing value."""
    def pick(values):
        return [values[i] for i in rng.integers(0, len(values), n)]
    return pd.DataFrame({
        "name": pick(["王伟", "王芳", "李娜", "Li Na", "li na", None, "", np.nan]),
        "birth": pick(["1980-01-02", "1980-07-09", "1981-01-02", "19800102", None, ""]),
        "phone": pick(["13800138000", "138-0013-8000", "02162345678", "021 6234 5678", None]),
        "city": pick(["上海市", "上海", "北京市", ""]),
    })


RANDOM_RULES = [
    BlockingRule("name", ("name",)),
    BlockingRule("name_year", ("name", "birth"), {"birth": "year"}),
    BlockingRule("phone_digits", ("phone",), {"phone": "digits"}),
    BlockingRule("lower_city2", ("name", "city"), {"name": "lower", "city": "prefix:2"}),
    BlockingRule("birth_tail", ("birth",), {"birth": "suffix:2"}),
]


@pytest.mark.parametrize("seed", range(8))
def test_pairs_of_each_rule_equal_brute_force_on_random_frames(seed):
    rng = np.random.default_rng(seed)
    recs = random_records(rng, int(rng.integers(2, 60)))
    for rule in RANDOM_RULES:
        cands = block(recs, [rule])
        assert pairs_of(cands) == reference_pairs(recs, rule), rule.name
        assert cands.report.loc[0, "pairs"] == len(cands)


@pytest.mark.parametrize("seed", range(6))
def test_sorted_neighbourhood_pairs_each_record_with_the_next_window_minus_one(seed):
    rng = np.random.default_rng(100 + seed)
    recs = random_records(rng, int(rng.integers(2, 50)))
    for window in (2, 3, 6):
        rule = BlockingRule("sn", ("name", "birth"), method="sorted_neighbourhood",
                            window=window)
        assert pairs_of(block(recs, [rule])) == reference_pairs(recs, rule)


@pytest.mark.parametrize("seed", range(6))
def test_dedupe_across_rules_keeps_the_first_rule_that_found_a_pair(seed):
    rng = np.random.default_rng(200 + seed)
    recs = random_records(rng, 40)
    order = rng.permutation(len(RANDOM_RULES))
    rules = [RANDOM_RULES[i] for i in order]
    cands = block(recs, rules)
    expected = {}
    for index, rule in enumerate(rules):
        for pair in reference_pairs(recs, rule):
            expected.setdefault(pair, index)
    assert dict(zip(zip(cands.left.tolist(), cands.right.tolist()), cands.rule.tolist())) \
        == expected
    assert cands.report["new_pairs"].tolist() == [
        sum(1 for r in expected.values() if r == i) for i in range(len(rules))]
    assert cands.report["pairs"].tolist() == [len(reference_pairs(recs, r)) for r in rules]


def test_packed_dedupe_agrees_with_the_unique_fallback_used_for_huge_record_counts():
    rng = np.random.default_rng(5)
    chunks = [np.unique(rng.integers(0, 500, size)) for size in (300, 0, 200, 400)]
    packed = _dedupe([c.copy() for c in chunks], 30)  # 30 * 30 fits beside the rule bits
    fallback = _dedupe([c.copy() for c in chunks], 2 ** 31)  # 2**62 does not
    assert np.array_equal(packed[0], fallback[0]) and np.array_equal(packed[1], fallback[1])
    first = {}
    for i, c in enumerate(chunks):
        for code in c.tolist():
            first.setdefault(code, i)
    assert dict(zip(packed[0].tolist(), packed[1].tolist())) == first


def test_output_is_sorted_with_left_below_right_and_repeatable():
    recs = random_records(np.random.default_rng(7), 80)
    first, again = block(recs, RANDOM_RULES), block(recs, RANDOM_RULES)
    assert (first.left < first.right).all()
    codes = first.left * len(recs) + first.right
    assert (np.diff(codes) > 0).all()
    for a, b in ((first.left, again.left), (first.right, again.right), (first.rule, again.rule)):
        assert np.array_equal(a, b)
    assert first.left.dtype == np.int64 and first.rule.dtype == np.int16


def test_none_nan_and_empty_string_exclude_the_record_from_the_rule():
    recs = pd.DataFrame({"name": ["王伟", "王伟", None, np.nan, "", "王伟"],
                         "birth": ["1980", "1980", "1980", "1980", "1980", None]})
    assert pairs_of(block(recs, [{"name": "n", "keys": ["name"]}])) == {(0, 1), (0, 5), (1, 5)}
    assert pairs_of(block(recs, [{"name": "nb", "keys": ["name", "birth"]}])) == {(0, 1)}


def test_a_value_the_transform_empties_counts_as_missing():
    recs = pd.DataFrame({"phone": ["n/a", "none", "138 0013 8000", "13800138000"]})
    cands = block(recs, [{"name": "p", "keys": ["phone"], "transforms": {"phone": "digits"}}])
    assert pairs_of(cands) == {(2, 3)}


def test_transforms_year_prefix_suffix_lower_on_strings_dates_and_numbers():
    recs = pd.DataFrame({"birth": pd.to_datetime(["1980-01-02", "1980-12-31", None, "1981-01-02"]),
                         "code": [310101, 310102, 320101, 310101],
                         "name": ["Li Na", "LI NA", "li na", "Li Ning"]})
    def run(keys, transforms):
        return pairs_of(block(recs, [{"name": "r", "keys": keys, "transforms": transforms}]))
    assert run(["birth"], {"birth": "year"}) == {(0, 1)}
    assert run(["code"], {"code": "prefix:4"}) == {(0, 1), (0, 3), (1, 3)}
    assert run(["code"], {"code": "suffix:2"}) == {(0, 2), (0, 3), (2, 3)}
    assert run(["code"], {}) == {(0, 3)}
    assert run(["name"], {"name": "lower"}) == {(0, 1), (0, 2), (1, 2)}


def test_an_over_common_phone_is_capped_to_a_sorted_window_and_reported_with_its_value():
    n = 1000
    recs = pd.DataFrame({"phone": ["02162345678"] * n + ["13800138000"] * 3,
                         "name": [f"n{i:04d}" for i in range(n)][::-1] + ["a", "b", "c"]})
    rule = BlockingRule("phone", ("phone",), window=5, max_block=200, sort_by=("name",))
    cands = block(recs, [rule])
    assert len(cands) == (n * 4 - 10) + 3  # 4 followers each, fewer at the end; + small block
    row = cands.report.iloc[0]
    assert (row.blocks, row.largest_block, row.capped_blocks, row.capped_records) == (2, n, 1, n)
    assert row.top_capped == "phone=02162345678 (1,000)"
    # sorted by name, which runs opposite to row position: neighbours are adjacent rows
    big = cands.left < n
    assert ((cands.right[big] - cands.left[big]) <= 4).all()
    assert {(1000, 1001), (1000, 1002), (1001, 1002)} <= pairs_of(cands)


def test_a_capped_block_without_sort_by_is_ordered_by_the_other_rules_keys():
    n = 300
    ids = [f"id{(i * 7) % 100:03d}" for i in range(n)]  # rows i, i+100, i+200 share an id
    recs = pd.DataFrame({"phone": ["02162345678"] * n, "id_number": ids})
    rules = [{"name": "id", "keys": ["id_number"]},
             {"name": "phone", "keys": ["phone"], "window": 3, "max_block": 10}]
    cands = block(recs, rules)
    # in id order each record's window holds the other records of its id: all n pairs of the
    # id rule are among the phone rule's 2n-3, which adds only pairs straddling two ids
    assert cands.report["pairs"].tolist() == [n, 2 * n - 3]
    assert cands.report["new_pairs"].tolist() == [n, n - 3]
    by_position = block(recs, rules[1:])  # no other rule: row order, ids far apart
    assert (by_position.right - by_position.left <= 2).all()


def test_a_capped_block_is_reported_by_its_transformed_key_and_categoricals_block_like_text():
    recs = pd.DataFrame({"name": pd.Categorical(["王伟"] * 6 + ["李娜", "李娜", None]),
                         "birth": ["1980-01-0%d" % (i + 1) for i in range(9)]})
    rule = {"name": "ny", "keys": ["name", "birth"], "transforms": {"birth": "year"},
            "max_block": 5, "window": 2}
    cands = block(recs, [rule])
    assert cands.report.loc[0, "top_capped"] == "name=王伟, birth=1980 (6)"
    assert pairs_of(cands) == {(i, i + 1) for i in range(5)} | {(6, 7)}


def test_top_capped_lists_the_three_biggest_blocks_biggest_first():
    sizes = {"a": 5, "b": 9, "c": 7, "d": 6, "e": 2}
    recs = pd.DataFrame({"k": [k for k, s in sizes.items() for _ in range(s)],
                         "y": ["1980"] * sum(sizes.values())})
    cands = block(recs, [{"name": "k", "keys": ["k", "y"], "max_block": 4, "window": 2}])
    assert cands.report.loc[0, "top_capped"] == "k=b, y=1980 (9); k=c, y=1980 (7); k=d, y=1980 (6)"
    assert cands.report.loc[0, "capped_blocks"] == 4


def test_link_groups_drops_pairs_within_one_source():
    recs = pd.DataFrame({"name": ["王伟"] * 4 + ["李娜"] * 2,
                         "src": ["a", "a", "b", "b", "a", "a"]})
    cands = block(recs, [{"name": "n", "keys": ["name"]}], link_groups="src")
    assert pairs_of(cands) == {(0, 2), (0, 3), (1, 2), (1, 3)}
    assert cands.report.loc[0, "pairs"] == 4


def test_link_groups_needs_every_record_to_have_a_group():
    recs = pd.DataFrame({"name": ["王伟", "王伟"], "src": ["a", None]})
    with pytest.raises(ValueError, match="'src' is empty for 1 records; fill it"):
        block(recs, [{"name": "n", "keys": ["name"]}], link_groups="src")
    with pytest.raises(ValueError, match="link_groups column 'source' is not in the records"):
        block(recs, [{"name": "n", "keys": ["name"]}], link_groups="source")


def test_extra_pairs_are_kept_and_credited_to_extra_unless_a_rule_found_them():
    recs = pd.DataFrame({"name": ["王伟", "王伟", "李娜", "张三"],
                         "src": ["a", "b", "a", "a"]})
    cands = block(recs, [{"name": "n", "keys": ["name"]}], link_groups="src",
                  extra_pairs=(np.array([3, 1, 0, 2, 2]), np.array([2, 0, 2, 2, 3])))
    assert dict(zip(zip(cands.left.tolist(), cands.right.tolist()), cands.rule.tolist())) == {
        (0, 1): 0, (0, 2): 1, (2, 3): 1}
    assert cands.report["rule"].tolist() == ["n", "extra"]
    assert cands.report["pairs"].tolist() == [1, 3]  # distinct extra pairs, self-pair dropped
    assert cands.report["new_pairs"].tolist() == [1, 2]


def test_extra_pairs_must_be_row_positions():
    recs = pd.DataFrame({"name": ["王伟", "王伟"]})
    rules = [{"name": "n", "keys": ["name"]}]
    with pytest.raises(ValueError, match=r"pair \(0, 2\) is outside the 2 records"):
        block(recs, rules, extra_pairs=(np.array([0]), np.array([2])))
    with pytest.raises(ValueError, match="map record ids to positions"):
        block(recs, rules, extra_pairs=(np.array(["r1"]), np.array(["r2"])))
    with pytest.raises(ValueError, match="aligned"):
        block(recs, rules, extra_pairs=(np.array([0, 1]), np.array([1])))


def test_rules_round_trip_through_json():
    rules = [BlockingRule("name_year", ("name_key", "birth_date"), {"birth_date": "year"},
                          window=7, max_block=50, sort_by=("phone",)),
             BlockingRule("sn", ("name_pinyin",), method="sorted_neighbourhood")]
    text = json.dumps([r.to_dict() for r in rules], ensure_ascii=False)
    assert [BlockingRule.from_dict(d) for d in json.loads(text)] == rules
    one = BlockingRule.from_dict({"name": "p", "keys": "phone", "sort_by": "name_key"})
    assert (one.keys, one.sort_by) == (("phone",), ("name_key",))


@pytest.mark.parametrize("bad, message", [
    ({"name": "p", "keys": ["phone"], "windw": 3}, r"unknown key\(s\) \['windw'\]; allowed"),
    ({"name": "p"}, "missing 'keys'"),
    ({"name": "p", "keys": []}, "'keys' must be a non-empty list"),
    ({"name": "p", "keys": ["phone"], "transforms": {"phone": "soundex"}},
     "unknown transform 'soundex' for column 'phone'; use one of year"),
    ({"name": "p", "keys": ["phone"], "transforms": {"phone": "prefix:0"}},
     "unknown transform 'prefix:0'"),
    ({"name": "p", "keys": ["phone"], "transforms": {"name": "lower"}},
     "transform for 'name', which is not one of its keys"),
    ({"name": "p", "keys": ["phone"], "method": "canopy"},
     "unknown method 'canopy'; use one of exact, sorted_neighbourhood"),
    ({"name": "p", "keys": ["phone"], "window": 1},
     "'window' must be a whole number of at least 2"),
    ({"name": "p", "keys": ["phone"], "max_block": "200"}, "'max_block' must be a whole number"),
    ({"name": "p", "keys": ["phone"], "transforms": ["digits"]},
     "'transforms' must map a key column to a transform"),
    ({"name": "p", "keys": ["phone"], "sort_by": [3]}, "'sort_by' must be a list of column names"),
    ("phone", "expected a mapping such as"),
])
def test_invalid_rules_are_refused_with_the_fix(bad, message):
    with pytest.raises(ValueError, match=message):
        BlockingRule.from_dict(bad)


def test_block_names_a_missing_column_and_repeated_rule_names():
    recs = pd.DataFrame({"name": ["王伟"], "phone": ["1"]})
    with pytest.raises(ValueError, match="rule 'p' reads column 'tel', which the records do not "
                                         r"have \(columns: name, phone\)"):
        block(recs, [{"name": "p", "keys": ["tel"]}])
    with pytest.raises(ValueError, match="names must be unique"):
        block(recs, [{"name": "p", "keys": ["phone"]}, {"name": "p", "keys": ["name"]}])


def test_a_column_of_lists_is_refused_with_the_fix():
    recs = pd.DataFrame({"flags": [["a"], ["a"]]})
    with pytest.raises(ValueError, match="column 'flags' holds values that cannot be compared"):
        block(recs, [{"name": "f", "keys": ["flags"]}])


def test_no_records_or_no_rules_give_no_pairs():
    empty = block(pd.DataFrame({"name": pd.Series([], dtype=object)}),
                  [{"name": "n", "keys": ["name"]}])
    assert len(empty) == 0 and empty.report["pairs"].tolist() == [0]
    none = block(pd.DataFrame({"name": ["a", "a"]}), [])
    assert len(none) == 0 and list(none.report.columns) == REPORT_COLUMNS


def test_report_text_is_aligned_with_wide_characters():
    recs = pd.DataFrame({"name": ["王伟"] * 300})
    cands = block(recs, [{"name": "name", "keys": ["name"]}])
    lines = rules_report_text(cands.report).splitlines()
    assert lines[0].split()[:3] == ["rule", "keys", "blocks"]
    assert "name=王伟 (300)" in lines[1] and "1,190" in lines[1]
    assert lines[0].index("pairs") + len("pairs") == lines[1].index("1,190") + len("1,190")


def test_two_hundred_thousand_records_block_in_seconds():
    rng = np.random.default_rng(1)
    n = 200_000
    recs = pd.DataFrame({"name": rng.integers(0, 20_000, n).astype(str),
                         "birth": rng.integers(1940, 2010, n).astype(str),
                         "phone": rng.integers(0, 150_000, n).astype(str)})
    start = time.perf_counter()
    cands = block(recs, [{"name": "nb", "keys": ["name", "birth"]},
                         {"name": "p", "keys": ["phone"]},
                         {"name": "sn", "keys": ["name"], "method": "sorted_neighbourhood"}])
    assert time.perf_counter() - start < 10
    assert len(cands) > 500_000

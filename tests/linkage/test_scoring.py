"""Fellegi–Sunter scoring: EM recovers a known model; TF adjustment, explanations, JSON, errors."""

from __future__ import annotations

import json
import math
import time

import numpy as np
import pandas as pd
import pytest

from linkage.scoring import (
    FellegiSunter,
    estimate_prior,
    estimate_u,
    explain,
    fit_labelled,
    pair_term_frequencies,
    pair_term_frequency,
    partial_weights,
    random_pairs,
    score,
    term_frequencies,
    train,
)

#: The model the synthetic pairs are drawn from: 4 comparisons, 2–4 levels each.
TRUE_M = {"name": [0.03, 0.07, 0.15, 0.75], "dob": [0.05, 0.15, 0.8],
          "city": [0.2, 0.8], "phone": [0.1, 0.15, 0.75]}
TRUE_U = {"name": [0.9, 0.06, 0.03, 0.01], "dob": [0.97, 0.025, 0.005],
          "city": [0.85, 0.15], "phone": [0.98, 0.015, 0.005]}
MISSING = {"name": 0.02, "dob": 0.05, "city": 0.1, "phone": 0.3}
N_LEVELS = {c: len(p) for c, p in TRUE_M.items()}


def synthetic_levels(n: int, match_share: float, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Levels of ``n`` pairs drawn from the true model, and which pairs are matches."""
    rng = np.random.default_rng(seed)
    is_match = rng.random(n) < match_share
    cols = {}
    for c in TRUE_M:
        lv = np.where(is_match, rng.choice(N_LEVELS[c], n, p=TRUE_M[c]),
                      rng.choice(N_LEVELS[c], n, p=TRUE_U[c]))
        lv[rng.random(n) < MISSING[c]] = -1
        cols[c] = lv.astype(np.int8)
    return pd.DataFrame(cols), is_match


def toy_model(**kw) -> FellegiSunter:
    args = dict(comparisons=list(TRUE_M), n_levels=dict(N_LEVELS), m=TRUE_M, u=TRUE_U,
                prior=1e-4, tf={"name": "full_name"})
    return FellegiSunter(**{**args, **kw})


# --- EM -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained():
    random_levels, _ = synthetic_levels(300_000, 0.0005, seed=1)
    u = estimate_u(random_levels, N_LEVELS)
    cand, truth = synthetic_levels(300_000, 0.2, seed=2)
    return train(cand, u, prior=1e-4, n_levels=N_LEVELS), u, cand, truth


def test_estimate_u_recovers_u_from_random_pairs(trained):
    _, u, _, _ = trained
    for c in TRUE_U:
        assert np.allclose(u[c], TRUE_U[c], atol=0.005), c


def test_em_recovers_m_and_the_candidates_match_share(trained):
    model, _, _, _ = trained
    assert model.fit_info["converged"]
    assert model.fit_info["candidate_prior"] == pytest.approx(0.2, abs=0.005)
    for c in TRUE_M:
        assert np.allclose(model.m[c], TRUE_M[c], atol=0.01), (c, model.m[c])
    assert model.prior == 1e-4  # the global prior is returned, not the candidates' share


def test_em_learning_u_too_recovers_both():
    cand, _ = synthetic_levels(300_000, 0.3, seed=3)
    flat = {c: [1 / n] * n for c, n in N_LEVELS.items()}
    model = train(cand, flat, prior=1e-4, fix_u=False, max_iter=200, tol=1e-7)
    assert model.fit_info["candidate_prior"] == pytest.approx(0.3, abs=0.01)
    for c in TRUE_M:
        assert np.allclose(model.m[c], TRUE_M[c], atol=0.02), c
        assert np.allclose(model.u[c], TRUE_U[c], atol=0.02), c


def test_trained_scores_separate_matches(trained):
    model, _, cand, truth = trained
    p = score(model, cand).probability
    w = score(FellegiSunter(**{**model.__dict__, "prior": 0.2}), cand).probability
    assert np.mean((w > 0.5) == truth) > 0.97
    assert p.min() >= 0 and p.max() <= 1


def test_unseen_level_gets_positive_m_and_finite_weight():
    cand, _ = synthetic_levels(50_000, 0.2, seed=4)
    cand.loc[cand["name"] == 1, "name"] = 0  # level 1 never occurs
    u = {c: TRUE_U[c] for c in TRUE_U}
    model = train(cand, u, prior=1e-4)
    assert model.m["name"][1] > 0
    assert np.isfinite(model.weights_table()["weight"]).all()


def test_partial_agreement_cluster_does_not_become_the_match_class():
    # Households: same surname and address, different given name, outnumber true matches 10:1.
    rng = np.random.default_rng(5)
    n_match, n_house, n_other = 2_000, 20_000, 20_000
    given = np.r_[np.full(n_match, 1), np.zeros(n_house), rng.random(n_other) < 0.02]
    surname = np.r_[np.ones(n_match), np.ones(n_house), rng.random(n_other) < 0.05]
    address = np.r_[np.ones(n_match), np.ones(n_house), rng.random(n_other) < 0.05]
    dob = np.r_[rng.random(n_match) < 0.95, rng.random(n_house) < 0.01,
                rng.random(n_other) < 0.01]
    cand = pd.DataFrame({"given": given, "surname": surname, "address": address,
                         "dob": dob}).astype(np.int8)
    u = {"given": [0.98, 0.02], "surname": [0.97, 0.03], "address": [0.98, 0.02],
         "dob": [0.995, 0.005]}
    # The population holds 2,000 matches: prior * total_pairs caps EM's match share there, and
    # a learnt candidate non-match class absorbs the households (random-pair u cannot).
    model = train(cand, u, prior=1e-5, total_pairs=200_000_000, fix_u=False, max_iter=100)
    table = model.weights_table()
    for c, g in table.groupby("comparison"):
        assert g["weight"].is_monotonic_increasing, c
    assert model.fit_info["candidate_prior"] == pytest.approx(2_000 / 42_000, rel=0.01)
    assert model.m["given"][1] > 0.9
    s = score(model, pd.DataFrame({"given": [1, 0], "surname": [1, 1], "address": [1, 1],
                                   "dob": [1, 0]}, dtype=np.int8)).weight
    assert s[0] > s[1] + 10  # a full match far outweighs a household member


def test_em_on_millions_of_pairs_runs_over_patterns_quickly():
    cand, _ = synthetic_levels(1_000_000, 0.1, seed=6)
    start = time.perf_counter()
    model = train(cand, TRUE_U, prior=1e-4)
    score(model, cand)
    assert time.perf_counter() - start < 5
    assert model.fit_info["patterns"] <= math.prod(n + 1 for n in N_LEVELS.values())


# --- scoring --------------------------------------------------------------------------------

def test_identical_patterns_score_identically():
    lv = pd.DataFrame({"name": [3, 0, 3], "dob": [2, 1, 2], "city": [1, -1, 1],
                       "phone": [-1, 0, -1]}, dtype=np.int8)
    s = score(toy_model(), lv)
    assert s.weight[0] == s.weight[2] and s.weight[0] != s.weight[1]


def test_weight_is_prior_plus_log2_bayes_factors_and_missing_adds_zero():
    model = toy_model()
    lv = pd.DataFrame({"name": [3], "dob": [-1], "city": [-1], "phone": [-1]}, dtype=np.int8)
    expected = math.log2(1e-4 / (1 - 1e-4)) + math.log2(0.75 / 0.01)
    s = score(model, lv)
    assert s.weight[0] == pytest.approx(expected)
    assert s.probability[0] == pytest.approx(2 ** expected / (1 + 2 ** expected))
    all_missing = pd.DataFrame({c: [-1] for c in TRUE_M}, dtype=np.int8)
    assert score(model, all_missing).weight[0] == pytest.approx(model.prior_weight)
    assert (partial_weights(model, all_missing) == 0).all(axis=None)


def test_tf_makes_a_common_shared_value_weigh_less_than_a_rare_one():
    names = pd.Series(["王伟"] * 50 + ["欧阳子轩"] + [f"张{i}" for i in range(49)] + [None])
    freq = term_frequencies(names)
    assert freq["王伟"] == pytest.approx(0.5) and freq["欧阳子轩"] == pytest.approx(0.01)
    left, right = np.array([0, 50, 0, 99, 100]), np.array([1, 50, 50, 100, 100])
    f = pair_term_frequency(names, left, right)
    assert f[:2].tolist() == [0.5, 0.01] and np.isnan(f[2:]).all()  # differ; missing
    model = toy_model()
    lv = pd.DataFrame({"name": [3, 3], "dob": [-1, -1], "city": [-1, -1], "phone": [-1, -1]},
                      dtype=np.int8)
    w = partial_weights(model, lv, {"name": f[:2]})["name"]
    assert w[0] == pytest.approx(math.log2(0.75 / 0.5))  # m_top / f
    assert w[1] == pytest.approx(math.log2(0.75 / 0.01))
    assert w[0] < math.log2(0.75 / 0.01) <= w[1]
    half = partial_weights(model, lv, {"name": f[:2]}, tf_weight=0.5)["name"]
    assert half[0] == pytest.approx((w[0] + math.log2(0.75 / 0.01)) / 2)


def test_tf_touches_only_the_top_level_and_respects_the_floor():
    model = toy_model(tf_min=1e-3)
    lv = pd.DataFrame({"name": [2, 3], "dob": [0, 0], "city": [0, 0], "phone": [0, 0]},
                      dtype=np.int8)
    w = partial_weights(model, lv, {"name": np.array([0.5, 1e-6])})["name"]
    assert w[0] == pytest.approx(math.log2(0.15 / 0.03))
    assert w[1] == pytest.approx(math.log2(0.75 / 1e-3))


def test_pair_term_frequencies_reads_the_models_tf_columns():
    recs = pd.DataFrame({"full_name": ["a", "a", "b", "c"]})
    tf = pair_term_frequencies(toy_model(), recs, np.array([0, 2]), np.array([1, 3]))
    assert tf["name"][0] == 0.5 and np.isnan(tf["name"][1])


def test_a_tf_comparison_left_out_of_tf_values_is_not_adjusted():
    model = toy_model()
    lv = pd.DataFrame({"name": [3], "dob": [0], "city": [0], "phone": [0]}, dtype=np.int8)
    assert score(model, lv, {}).weight[0] == score(model, lv).weight[0]
    assert score(model, lv, {"name": np.array([np.nan])}).weight[0] == score(model, lv).weight[0]


def test_explain_sums_to_score():
    model = toy_model()
    row = {"name": 3, "dob": 1, "city": -1, "phone": 0}
    steps = explain(model, row, {"name": 0.002})
    assert [s["comparison"] for s in steps] == ["prior", *TRUE_M, "total"]
    total = steps[-1]
    assert sum(s["weight"] for s in steps[:-1]) == pytest.approx(total["weight"])
    s = score(model, pd.DataFrame({c: [v] for c, v in row.items()}, dtype=np.int8),
              {"name": np.array([0.002])})
    assert total["weight"] == pytest.approx(s.weight[0])
    assert total["probability"] == pytest.approx(s.probability[0])
    assert steps[1]["tf_adjustment"] == pytest.approx(math.log2(0.01 / 0.002))
    assert steps[3]["weight"] == 0 and steps[3]["m"] is None


# --- model JSON -----------------------------------------------------------------------------

def test_json_round_trip(trained):
    model = trained[0]
    model.tf = {"name": "full_name"}
    again = FellegiSunter.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again == model
    pd.testing.assert_frame_equal(again.weights_table(), model.weights_table())


def test_weights_table_lists_every_level():
    t = toy_model().weights_table()
    assert list(t.columns) == ["comparison", "level", "m", "u", "weight"]
    assert len(t) == sum(N_LEVELS.values())
    row = t[(t.comparison == "city") & (t.level == 1)].iloc[0]
    assert row.weight == pytest.approx(math.log2(0.8 / 0.15))


# --- labelled -------------------------------------------------------------------------------

def test_fit_labelled_recovers_m_and_u():
    lv, truth = synthetic_levels(100_000, 0.3, seed=7)
    model = fit_labelled(lv, truth, n_levels=N_LEVELS, prior=1e-4)
    for c in TRUE_M:
        assert np.allclose(model.m[c], TRUE_M[c], atol=0.01), c
        assert np.allclose(model.u[c], TRUE_U[c], atol=0.01), c
    assert model.fit_info["matches"] == int(truth.sum())


def test_fit_labelled_blends_a_few_labels_into_a_base_model():
    base = toy_model()
    lv = pd.DataFrame({"name": [0], "dob": [2], "city": [1], "phone": [2]}, dtype=np.int8)
    nudged = fit_labelled(lv, np.array([True]), prior=1e-4, base=base, strength=100)
    assert nudged.m["name"][0] == pytest.approx((0.03 * 100 + 1) / 101)
    assert nudged.u == {c: pytest.approx(v) for c, v in base.u.items()}
    assert nudged.tf == base.tf


# --- random pairs and the prior ---------------------------------------------------------------

@pytest.mark.parametrize("n,k", [(50, 1000), (100_000, 50_000)])  # enumerated; sampled
def test_random_pairs_are_distinct_and_ordered(n, k):
    left, right = random_pairs(n, k, seed=3)
    assert len(left) == k and (left < right).all() and right.max() < n
    assert len(set(zip(left.tolist(), right.tolist()))) == k
    again = random_pairs(n, k, seed=3)
    assert (again[0] == left).all() and (again[1] == right).all()


@pytest.mark.parametrize("n,k", [(60, 800), (100_000, 50_000)])
def test_random_pairs_with_groups_cross_groups_only(n, k):
    groups = np.array(["a", "b", "c"])[np.arange(n) % 3]
    left, right = random_pairs(n, k, seed=1, groups=groups)
    assert (groups[left] != groups[right]).all() and (left < right).all()
    assert len(set(zip(left.tolist(), right.tolist()))) == k


def test_random_pairs_can_return_every_pair():
    left, right = random_pairs(4, 6)
    assert list(zip(left.tolist(), right.tolist())) == [(0, 1), (0, 2), (0, 3), (1, 2),
                                                        (1, 3), (2, 3)]


def test_estimate_prior_counts_rule_pairs_once_over_all_pairs():
    recs = pd.DataFrame({"id": ["1", "1", "1", "2", None, None],
                         "name": ["a", "a", "b", "c", "d", "d"],
                         "dob": ["x", "x", "y", "z", "w", "w"]})
    # id: 3 pairs among rows 0-2; name+dob: (0,1) again and (4,5): 4 distinct of 15.
    assert estimate_prior(recs, ["id", ["name", "dob"]]) == pytest.approx(4 / 15)
    assert estimate_prior(recs, ["id"], recall=0.5) == pytest.approx(6 / 15)
    groups = np.array([0, 1, 1, 0, 0, 1])  # cross-group: (0,1),(0,2),(4,5): 3 of 9
    assert estimate_prior(recs, ["id", ["name", "dob"]], groups=groups) == pytest.approx(3 / 9)


def test_estimate_prior_rule_may_allow_a_column_within_edits():
    recs = pd.DataFrame({"first": ["ann", "ann", "ann", "bob", "bob", "cy"],
                         "surname": ["smith", "smyth", "jones", "lee", None, "x"]})
    # first equal: (0,1), (0,2), (1,2), (3,4); surname within 2 edits: only (0,1) (smith/smyth);
    # a missing surname never agrees.
    rule = {"keys": ["first"], "max_edits": {"surname": 2}}
    assert estimate_prior(recs, [rule]) == pytest.approx(1 / 15)
    # smith/smyth is also within 1 edit: both rules catch (0,1), which counts once.
    within_one = {"keys": ["first"], "max_edits": {"surname": 1}}
    assert estimate_prior(recs, [within_one]) == pytest.approx(1 / 15)
    assert estimate_prior(recs, [rule, within_one]) == pytest.approx(1 / 15)
    assert estimate_prior(recs, [{"keys": "first"}]) == pytest.approx(4 / 15)
    with pytest.raises(ValueError, match="must be whole numbers >= 0"):
        estimate_prior(recs, [{"keys": ["first"], "max_edits": {"surname": -1}}])
    with pytest.raises(ValueError, match="give 'keys'"):
        estimate_prior(recs, [{"max_edits": {"surname": 2}}])
    with pytest.raises(ValueError, match="column 'town'"):
        estimate_prior(recs, [{"keys": ["first"], "max_edits": {"town": 1}}])


# --- errors ---------------------------------------------------------------------------------

def test_errors_say_the_fix():
    with pytest.raises(ValueError, match="ask for between 0 and 6"):
        random_pairs(4, 7)
    with pytest.raises(ValueError, match="sum to 1; smooth"):
        toy_model(m={**TRUE_M, "city": [0.5, 0.6]})
    with pytest.raises(ValueError, match="give 2 probabilities"):
        toy_model(u={**TRUE_U, "city": [1.0]})
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        toy_model(prior=0)
    with pytest.raises(ValueError, match="tf names comparison 'email'"):
        toy_model(tf={"email": "email"})
    with pytest.raises(ValueError, match="lacks .*'prior'.* it needs"):
        FellegiSunter.from_dict({k: v for k, v in toy_model().to_dict().items() if k != "prior"})
    model = toy_model()
    lv = pd.DataFrame({"name": [4], "dob": [0], "city": [0], "phone": [0]}, dtype=np.int8)
    with pytest.raises(ValueError, match="levels -1..3; pass n_levels"):
        score(model, lv)
    with pytest.raises(ValueError, match="no column 'phone'"):
        score(model, lv.drop(columns="phone"))
    with pytest.raises(ValueError, match="\\['dob'\\], which the model does not TF-adjust"):
        score(model, lv.assign(name=3), {"dob": np.array([0.1])})
    with pytest.raises(ValueError, match="one frequency \\(or NaN\\) per pair"):
        score(model, lv.assign(name=3), {"name": np.array([0.1, 0.2])})
    with pytest.raises(ValueError, match="u lacks comparison 'phone'"):
        train(lv.assign(name=3), {c: TRUE_U[c] for c in ("name", "dob", "city")}, prior=1e-4)
    with pytest.raises(ValueError, match="u <= 0; smooth it"):
        train(lv.assign(name=3), {**TRUE_U, "city": [1.0, 0.0]}, prior=1e-4)
    with pytest.raises(ValueError, match="both classes or pass base="):
        fit_labelled(lv.assign(name=3), np.array([True]), prior=1e-4)
    with pytest.raises(ValueError, match="use a stronger key"):
        from linkage.estimation import rule_pair_count
        rule_pair_count(pd.DataFrame({"k": ["a"] * 100}), ["k"], max_pairs=10)


"""Offline replay (IPS, SNIPS) and interleaving (team draft, sign test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from stats.interleaving import (
    NO_DECISIVE_IMPRESSIONS,
    impression_outcomes,
    interleaving_sign_test,
    team_draft_interleave,
)
from stats.replay import NO_IMPRESSIONS, NO_MATCH, replay_ctr
from stats.simulations import interleaving_vs_split, replay_coverage
from tests.stats.oracle import agree


def test_ips_and_snips_by_hand() -> None:
    propensity = [0.5, 0.25, 0.5, 0.1]
    reward = [1, 0, 1, 1]
    match = [1, 1, 0, 1]
    result = replay_ctr(propensity, reward, match)
    w = np.array([2.0, 4.0, 0.0, 10.0])
    wr = w * np.array(reward)
    assert result.ips.estimate == agree(wr.mean())
    assert result.ips.standard_error == agree(wr.std(ddof=1) / 2)
    snips = wr.sum() / w.sum()
    assert result.snips.estimate == agree(snips)
    assert result.snips.standard_error == agree(
        math.sqrt(float(np.sum(w**2 * (np.array(reward) - snips) ** 2))) / w.sum()
    )
    assert result.snips.effective_sample_size == agree(w.sum() ** 2 / np.dot(w, w))
    assert result.snips.matched_impressions == 3
    z = sps.norm.ppf(0.975)
    assert result.snips.ci_low == agree(max(0.0, snips - z * result.snips.standard_error))
    assert result.ips.ci_high == 1.0  # clipped: a CTR cannot exceed 1


def test_replay_per_user_is_a_ratio_of_sums_with_a_delta_method_interval() -> None:
    propensity, match = np.array([0.5, 0.5, 0.25, 0.25]), np.array([1, 1, 1, 0])
    clicks, lists = np.array([3.0, 0.0, 2.0, 1.0]), np.array([4.0, 2.0, 5.0, 1.0])
    result = replay_ctr(propensity, clicks, match, impressions=lists)
    w = match / propensity
    ips = (w * clicks).sum() / lists.sum()
    residual = w * clicks - ips * lists
    assert result.ips.estimate == agree(ips)
    assert result.ips.standard_error == agree(math.sqrt(residual @ residual * 4 / 3) / 12)
    snips = (w * clicks).sum() / (w * lists).sum()
    residual = w * clicks - snips * w * lists
    assert result.snips.estimate == agree(snips)
    assert result.snips.standard_error == agree(math.sqrt(residual @ residual) / (w @ lists))
    assert result.snips.effective_sample_size == agree(
        (w @ lists) ** 2 / ((w * lists) @ (w * lists))
    )
    assert (result.ips.impressions, result.ips.matched_impressions) == (12, 11)
    # One list per user is the per-impression estimator itself.
    once = replay_ctr([0.5, 0.25, 0.5, 0.1], [1, 0, 1, 1], [1, 1, 0, 1], impressions=[1, 1, 1, 1])
    assert once == replay_ctr([0.5, 0.25, 0.5, 0.1], [1, 0, 1, 1], [1, 1, 0, 1])
    with pytest.raises(ValueError):
        replay_ctr([0.5], [1], [1], impressions=[0])


def test_replay_without_data_or_matches_names_the_reason() -> None:
    assert replay_ctr([], [], []).ips.degenerate == NO_IMPRESSIONS
    nothing = replay_ctr([0.5, 0.5], [1, 0], [0, 0])
    assert nothing.snips.degenerate == NO_MATCH and nothing.snips.estimate is None
    nothing.to_dict()


@pytest.mark.parametrize(
    ("propensity", "reward", "target"),
    [
        ([0.0], [1], [1]),
        ([1.5], [1], [1]),
        ([0.5], [2], [1]),
        ([0.5], [1], [1.2]),
        ([0.5], [1], []),
    ],
)
def test_replay_rejects_impossible_logs(propensity: list, reward: list, target: list) -> None:
    with pytest.raises(ValueError):
        replay_ctr(propensity, reward, target)


def test_team_draft_is_deterministic_and_fair() -> None:
    a = ["a1", "a2", "shared", "a3", "a4"]
    b = ["shared", "b1", "b2", "a1", "b3"]
    lists = [team_draft_interleave(a, b, seed=seed) for seed in range(200)]
    assert team_draft_interleave(a, b, seed=7) == lists[7]
    for merged in lists:
        assert sorted(merged.items) == sorted(set(a) | set(b))
        for team, ranking in (("a", a), ("b", b)):
            own = [item for item, t in zip(merged.items, merged.teams, strict=True) if t == team]
            assert own == sorted(own, key=ranking.index)  # each team keeps its own order
        counts = np.cumsum([1 if t == "a" else -1 for t in merged.teams])
        # While both rankers still have items, neither is ever more than one pick ahead.
        assert np.all(np.abs(counts[:6]) <= 1)
    first_picks = {merged.teams[0] for merged in lists}
    assert first_picks == {"a", "b"}
    assert team_draft_interleave(a, a, length=3, seed=1).items == a[:3]
    # A ranker that runs out leaves the rest of the list to the other.
    assert team_draft_interleave(["x"], ["x", "y"], length=4, seed=1).items == ["x", "y"]
    with pytest.raises(ValueError):
        team_draft_interleave(["x", "x"], ["y"])


def test_impression_outcomes_credit_the_team_that_placed_the_item() -> None:
    teams_b = np.array([[True, False, True], [False, True, False], [True, False, False]])
    clicks = np.array([[1, 0, 0], [1, 0, 1], [0, 1, 0]])
    outcomes = impression_outcomes(teams_b, clicks)
    assert (outcomes.wins_a, outcomes.wins_b, outcomes.ties) == (2, 1, 0)
    assert impression_outcomes(teams_b, np.zeros((3, 3))).ties == 3


def test_sign_test_matches_scipy_and_ignores_ties() -> None:
    result = interleaving_sign_test(40, 62, ties=300)
    reference = sps.binomtest(62, 102, 0.5)
    assert result.p_value == agree(reference.pvalue)
    assert result.share_b == agree(62 / 102)
    interval = reference.proportion_ci(0.95, method="exact")
    assert (result.share_b_ci_low, result.share_b_ci_high) == (
        agree(interval.low),
        agree(interval.high),
    )
    assert result.preference_for_b == agree(22 / 402)
    assert interleaving_sign_test(40, 62, ties=0).p_value == result.p_value
    empty = interleaving_sign_test(0, 0, ties=10)
    assert empty.degenerate == NO_DECISIVE_IMPRESSIONS and empty.p_value is None
    with pytest.raises(ValueError):
        interleaving_sign_test(-1, 3)


@pytest.mark.slow
def test_replay_intervals_cover_the_true_ctr_about_95_percent_of_runs() -> None:
    coverage = replay_coverage()
    print(coverage)  # noqa: T201 - the figures docs/statistics.md quotes
    assert 0.925 <= coverage.ips_coverage <= 0.97
    assert 0.925 <= coverage.snips_coverage <= 0.97


@pytest.mark.slow
def test_interleaving_needs_at_least_five_times_fewer_users() -> None:
    comparison = interleaving_vs_split()
    print(comparison)  # noqa: T201
    assert comparison.click_ratio_b_over_a == pytest.approx(1.10, abs=0.015)
    assert comparison.users_ratio >= 5.0
    # 1,000 simulated experiments each: within Monte Carlo error of the planned 80 %.
    assert comparison.interleaving_power_measured >= 0.77
    assert comparison.split_power_measured >= 0.77

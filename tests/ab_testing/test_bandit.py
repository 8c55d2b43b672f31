"""Thompson sampling moves traffic toward the arm that is truly better."""

from __future__ import annotations

import numpy as np
import pytest

from ab_testing.bandit import FLOOR, thompson_shares


def test_traffic_moves_to_the_truly_better_arm_in_a_seeded_simulation() -> None:
    rng = np.random.default_rng(7)
    true_ctr = np.array([0.05, 0.065])
    shares = np.array([0.5, 0.5])
    clicked = np.zeros(2, dtype=int)
    shown = np.zeros(2, dtype=int)
    history = []
    for _ in range(40):  # 40 allocation rounds of 500 impressions
        arms = rng.choice(2, size=500, p=shares)
        for arm in (0, 1):
            n = int((arms == arm).sum())
            shown[arm] += n
            clicked[arm] += int(rng.binomial(n, true_ctr[arm]))
        shares = np.array(thompson_shares(clicked, shown, rng))
        history.append(shares[1])
    assert np.mean(history[-10:]) > 0.8
    assert shown[1] > 2 * shown[0]
    assert min(history) >= FLOOR - 1e-12  # the worse arm is never starved


def test_equal_evidence_splits_evenly_and_shares_sum_to_one() -> None:
    shares = thompson_shares([50, 50, 50], [1000, 1000, 1000], np.random.default_rng(1))
    assert thompson_shares([0, 0], [0, 0], np.random.default_rng(2))[0] == pytest.approx(0.5, 0.05)
    assert sum(shares) == pytest.approx(1.0)
    assert all(abs(share - 1 / 3) < 0.03 for share in shares)


@pytest.mark.parametrize(
    ("clicked", "shown"), [([1], [2]), ([1, 1], [2, -1]), ([-1, 0], [1, 1]), ([1, 1], [2])]
)
def test_impossible_counts_are_refused(clicked: list[int], shown: list[int]) -> None:
    with pytest.raises(ValueError):
        thompson_shares(clicked, shown, np.random.default_rng(0))

"""The planned size delivers the declared power, at the real allocation: simulated tests at
the planned users per arm find the planned lift about 80 % of the time, 50/50 or 90/10."""

from __future__ import annotations

import numpy as np
import pytest

from ab_testing.decision import planned_size
from ab_testing.schemas import DecisionPlan
from stats.estimates import ProportionSummary
from stats.experiment import VariantInput

RATE, LIFT, RUNS = 0.10, 0.20, 4_000


def _plan_for(shares: dict[str, float]) -> dict[str, int]:
    plan = DecisionPlan(
        primary_metric="conversion", decision_rule="fixed_horizon", minimum_detectable_effect=LIFT
    )
    control = VariantInput(
        "control", 100_000, shares["control"],
        {"conversion": ProportionSummary(100_000, round(100_000 * RATE))},
    )  # fmt: skip
    treatment = VariantInput("treatment", 0, shares["treatment"], {})
    size = planned_size(plan, "fixed_horizon", control, [treatment], shares, "conversion")
    assert size is not None
    return size.users_per_variant


def _power(n_control: int, n_treatment: int, seed: int) -> float:
    """Share of simulated tests whose relative-lift z-test (delta method) rejects at 5 %."""
    rng = np.random.default_rng(seed)
    pc = rng.binomial(n_control, RATE, RUNS) / n_control
    pt = rng.binomial(n_treatment, RATE * (1 + LIFT), RUNS) / n_treatment
    se = np.sqrt(
        pt * (1 - pt) / (n_treatment * pc**2) + pt**2 * pc * (1 - pc) / (n_control * pc**4)
    )
    return float(np.mean(np.abs((pt / pc - 1) / se) > 1.959964))


@pytest.mark.parametrize("control_share", [0.5, 0.9])
def test_the_planned_size_has_the_declared_power(control_share: float) -> None:
    shares = {"control": control_share, "treatment": 1 - control_share}
    planned = _plan_for(shares)
    assert planned["control"] / sum(planned.values()) == pytest.approx(control_share, abs=1e-3)
    # 4,000 runs: the standard error of a power near 0.8 is 0.0063
    assert 0.775 <= _power(planned["control"], planned["treatment"], seed=1) <= 0.85


def test_ignoring_the_allocation_would_leave_a_90_10_test_underpowered() -> None:
    even = _plan_for({"control": 0.5, "treatment": 0.5})
    skewed = _plan_for({"control": 0.9, "treatment": 0.1})
    assert sum(skewed.values()) > 2.5 * sum(even.values())
    # the same total users as the 50/50 plan, split 90/10, misses the lift far more often
    total = sum(even.values())
    assert _power(round(total * 0.9), round(total * 0.1), seed=2) < 0.6

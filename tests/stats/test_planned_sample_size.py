"""Planned sample sizes for the two decision rules, and the sequential rule's calibration."""

from __future__ import annotations

import math

import numpy as np
import pytest

from stats import AnalysisSettings, MetricSpec, ProportionSummary, VariantInput, analyze_experiment
from stats.estimates import estimate_proportion
from stats.power import (
    planned_sample_size,
    planned_sample_size_for_rate,
    relative_test_sample_size_per_arm,
    sample_size_for_allocation,
)
from stats.sequential import (
    _aa_crossing_probability,
    calibrated_mixture_alpha,
    mixture_rho,
    planned_critical_value,
    sequential_test,
)
from stats.significance import EffectEstimate, relative_effect


def test_fixed_horizon_plan_with_equal_arms_is_the_relative_test_size() -> None:
    plan = planned_sample_size_for_rate(0.10, 0.10)
    sd_c, sd_t = math.sqrt(0.09), math.sqrt(0.11 * 0.89)
    per_arm = relative_test_sample_size_per_arm(0.10, 0.10, sd_c, sd_t)
    assert plan.users_per_variant == [math.ceil(per_arm)] * 2
    assert plan.tuning_sample_size == plan.total_users == 2 * math.ceil(per_arm)


def test_plan_follows_the_real_allocation_and_the_smallest_treatment() -> None:
    plan = planned_sample_size(0.05, 10.0, 4.0, weights=(50, 30, 20))
    # The 20 % arm binds: its comparison with the control gets 20 / 70 of the pair's users.
    pair = sample_size_for_allocation(0.5, 4.0 * 1.05, 4.0, 20 / 70)
    assert plan.users_per_variant[2] == pytest.approx(pair.treatment, abs=1)
    assert plan.users_per_variant[0] == pytest.approx(pair.control, abs=1)
    assert plan.users_per_variant[1] == pytest.approx(pair.total * 30 / 70, abs=1)
    assert plan.tuning_sample_size == plan.users_per_variant[0] + plan.users_per_variant[2]


def test_the_sequential_boundary_at_its_tuned_size_is_a_constant() -> None:
    critical = planned_critical_value(0.05)
    for tuning in (1_000, 123_456):
        effect = EffectEstimate(1.0, 1.0, 1e6, tuning)
        result = sequential_test(effect, 0.05, tuning)
        assert result.ci_high - 1.0 == pytest.approx(critical)
    assert critical == pytest.approx(3.0352, abs=1e-4)
    plan = planned_sample_size_for_rate(0.10, 0.10, rule="sequential")
    fixed = planned_sample_size_for_rate(0.10, 0.10)
    ratio = ((critical + 0.8416212) / (1.959964 + 0.8416212)) ** 2
    assert plan.total_users / fixed.total_users == pytest.approx(ratio, rel=1e-3)


def test_crossing_probability_matches_a_brownian_monte_carlo() -> None:
    rng = np.random.default_rng(4)
    looks, level, sims = 14, 0.05, 200_000
    c = mixture_rho(level, 1.0) ** 2
    t = np.arange(1, looks + 1) / looks
    path = rng.normal(0.0, math.sqrt(1 / looks), (sims, looks)).cumsum(1)
    growth = 1 + c * t
    crossed = (path**2 >= growth * (np.log(growth) - 2 * math.log(level)) / c).any(1).mean()
    assert _aa_crossing_probability(level, looks) == pytest.approx(crossed, abs=4e-4)


@pytest.mark.parametrize("looks", [1, 7, 28])
def test_calibrated_level_spends_exactly_alpha_over_the_planned_looks(looks: int) -> None:
    level = calibrated_mixture_alpha(0.05, looks)
    assert level > 0.05
    assert _aa_crossing_probability(level, looks, grid_step=0.001) == pytest.approx(0.05, abs=2e-4)
    if looks == 1:
        assert planned_critical_value(0.05, 1) == pytest.approx(1.959964, abs=1e-6)


def test_calibrated_p_value_decides_exactly_where_the_interval_excludes_zero() -> None:
    for estimate in np.linspace(0.5, 4.0, 40):
        result = sequential_test(EffectEstimate(estimate, 1.0, 1e6, 900), 0.05, 2000, 28)
        excludes = result.ci_low > 0
        assert (result.p_value <= 0.05) == excludes


def test_the_analysis_runs_the_planned_sequential_rule() -> None:
    plan = planned_sample_size_for_rate(0.10, 0.10, rule="sequential", planned_looks=28)
    settings = AnalysisSettings(
        decision_method="sequential",
        planned_tuning_sample_size=plan.tuning_sample_size,
        sequential_planned_looks=28,
    )
    control, treatment = ProportionSummary(8000, 800), ProportionSummary(8000, 905)
    analysis = analyze_experiment(
        [
            VariantInput("control", 8000, 1, {"ctr": control}),
            VariantInput("t", 8000, 1, {"ctr": treatment}),
        ],
        [MetricSpec("ctr")],
        settings,
    )
    comparison = analysis.metrics[0].comparisons[0]
    expected = sequential_test(
        relative_effect(estimate_proportion(control), estimate_proportion(treatment)),
        0.05,
        plan.tuning_sample_size,
        planned_looks=28,
    )
    assert comparison.sequential is not None
    assert comparison.sequential.planned_looks == 28
    assert comparison.decision_p_value == expected.p_value
    assert (comparison.sequential.ci_low, comparison.sequential.ci_high) == (
        expected.ci_low,
        expected.ci_high,
    )
    needed = comparison.sample_size
    assert needed is None or needed.basis.startswith("sequential")

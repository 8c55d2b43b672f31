"""Every figure an analyst checks, against SciPy and statsmodels from the raw data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps
from scipy.stats.contingency import expected_freq
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize, proportions_ztest

from stats import AnalysisSettings, MetricSpec, ProportionSummary, VariantInput, analyze_experiment
from stats.power import (
    arcsine_sample_size,
    minimum_detectable_effect_for_arms,
    power_for_arms,
    proportion_minimum_detectable_effect,
    sample_size_for_allocation,
)
from stats.significance import chi_square_2x2, two_proportion_z_test, welch_t_test_from_samples
from tests.stats.oracle import agree


def test_welch_reports_its_t_statistic_and_degrees_of_freedom() -> None:
    rng = np.random.default_rng(11)
    a, b = rng.normal(0.0, 1.0, 30), rng.normal(0.4, 2.5, 55)
    ours = welch_t_test_from_samples(a, b)
    scipy = sps.ttest_ind(b, a, equal_var=False)
    assert ours.statistic == agree(scipy.statistic)
    assert ours.degrees_of_freedom == agree(scipy.df)
    assert ours.standard_error == agree(math.sqrt(a.var(ddof=1) / 30 + b.var(ddof=1) / 55))


def test_z_test_reports_the_pooled_standard_error() -> None:
    control, treatment = ProportionSummary(900, 90), ProportionSummary(1100, 143)
    ours = two_proportion_z_test(control, treatment)
    z, p = proportions_ztest([143, 90], [1100, 900])
    assert ours.z == agree(z)
    assert ours.p_value == agree(p)
    pooled = 233 / 2000
    assert ours.pooled_rate == agree(pooled)
    assert ours.pooled_standard_error == agree(
        math.sqrt(pooled * (1 - pooled) * (1 / 900 + 1 / 1100))
    )
    assert ours.difference / ours.pooled_standard_error == agree(z)
    assert ours.unpooled_standard_error == agree(math.sqrt(0.1 * 0.9 / 900 + 0.13 * 0.87 / 1100))


@pytest.mark.parametrize("yates", [False, True])
def test_chi_square_reports_observed_and_expected_counts(yates: bool) -> None:
    control, treatment = ProportionSummary(400, 37), ProportionSummary(380, 55)
    ours = chi_square_2x2(control, treatment, yates=yates)
    table = np.array([[37, 363], [55, 325]])
    assert ours.observed_counts == table.tolist()
    np.testing.assert_allclose(ours.expected_counts, expected_freq(table), rtol=1e-12)
    scipy = sps.chi2_contingency(table, correction=yates)
    assert ours.chi_square == agree(scipy.statistic)


def test_comparison_carries_cohens_d_with_its_pooled_sd() -> None:
    control, treatment = ProportionSummary(500, 50), ProportionSummary(500, 70)
    analysis = analyze_experiment(
        [
            VariantInput("control", 500, 1, {"cv": control}),
            VariantInput("t", 500, 1, {"cv": treatment}),
        ],
        [MetricSpec("cv")],
    )
    comparison = analysis.metrics[0].comparisons[0]
    a = np.r_[np.ones(50), np.zeros(450)]
    b = np.r_[np.ones(70), np.zeros(430)]
    # ProportionSummary's unit variance is p (1 - p), the z-test's, not the n - 1 sample variance.
    pooled = math.sqrt((499 * a.var() + 499 * b.var()) / 998)
    assert comparison.pooled_sd == agree(pooled)
    assert comparison.cohens_d == agree(0.04 / pooled)


@pytest.mark.parametrize(
    ("p_c", "p_t", "share", "alpha", "power"),
    [(0.10, 0.12, 0.5, 0.05, 0.8), (0.10, 0.13, 0.1, 0.05, 0.8), (0.5, 0.45, 0.3, 0.01, 0.9)],
)
def test_arcsine_sample_size_matches_statsmodels(
    p_c: float, p_t: float, share: float, alpha: float, power: float
) -> None:
    plan = arcsine_sample_size(p_c, p_t, alpha, power, treatment_share=share)
    ratio = share / (1 - share)
    n_control = NormalIndPower().solve_power(
        abs(proportion_effectsize(p_t, p_c)), nobs1=None, alpha=alpha, power=power, ratio=ratio
    )
    assert plan.control == math.ceil(n_control - 1e-6)
    assert abs(plan.treatment - n_control * ratio) <= 1.0


def test_proportion_mde_is_detected_with_the_planned_power() -> None:
    mde = proportion_minimum_detectable_effect(0.10, 5000, 1000, power=0.8)
    assert mde.degenerate is None and mde.treatment_rate is not None
    h = proportion_effectsize(mde.treatment_rate, 0.10)
    assert NormalIndPower().power(h, nobs1=5000, alpha=0.05, ratio=0.2) == agree(0.8)
    assert mde.relative_effect == agree(mde.treatment_rate / 0.10 - 1)
    down = proportion_minimum_detectable_effect(0.10, 5000, direction="decrease")
    assert down.treatment_rate is not None and down.treatment_rate < 0.10
    tiny = proportion_minimum_detectable_effect(0.99, 3)
    assert tiny.treatment_rate is None and "no rate" in (tiny.degenerate or "")


@pytest.mark.parametrize("share", [0.5, 0.1, 0.75])
def test_allocation_aware_power_matches_statsmodels(share: float) -> None:
    effect, sd = 0.3, 1.7
    plan = sample_size_for_allocation(effect, sd, sd, share, 0.05, 0.8)
    sm = NormalIndPower().power(
        effect / sd, nobs1=plan.control, alpha=0.05, ratio=plan.treatment / plan.control
    )
    assert sm >= 0.8
    assert power_for_arms(effect, sd, sd, plan.control, plan.treatment) == agree(sm)
    # One user fewer in the arm that binds would fall short.
    assert power_for_arms(effect, sd, sd, plan.control - 1, plan.treatment - 1) < 0.8
    assert minimum_detectable_effect_for_arms(plan.control, plan.treatment, sd, sd) <= effect


def test_a_90_10_test_is_told_the_users_its_small_arm_still_needs() -> None:
    """Users still needed at a 90/10 split, where the equal-arms formula is far off."""
    settings = AnalysisSettings(minimum_effect_worth_shipping=0.10, daily_enrolment_rate=1000)
    control, treatment = ProportionSummary(9000, 900), ProportionSummary(1000, 104)
    analysis = analyze_experiment(
        [
            VariantInput("control", 9000, 90, {"cv": control}),
            VariantInput("treatment", 1000, 10, {"cv": treatment}),
        ],
        [MetricSpec("cv")],
        settings,
    )
    needed = analysis.metrics[0].comparisons[0].sample_size
    assert needed is not None and needed.treatment_share == pytest.approx(0.1)
    # The relative test's spreads at the observed rates (see power.relative_test_sample_size).
    sd_c = math.sqrt(0.1 * 0.9) * 1.1
    sd_t = math.sqrt(0.104 * 0.896)
    plan = sample_size_for_allocation(0.01, sd_c, sd_t, 0.1)
    assert (needed.users_needed_control, needed.users_needed_treatment) == (
        plan.control,
        plan.treatment,
    )
    assert needed.more_users_needed_treatment == plan.treatment - 1000
    assert needed.more_users_needed_control == plan.control - 9000
    # The treatment arm gets 10 % of 1,000 new users a day.
    assert needed.days_needed == pytest.approx((plan.treatment - 1000) / 100)
    assert power_for_arms(0.01, sd_c, sd_t, plan.control, plan.treatment) >= 0.8

"""CUPED against least squares on raw data; Bayesian losses against numerical integration;
the confidence sequence against its own p-value and the closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import integrate
from scipy import stats as sps

from stats.bayesian import bayesian_effect
from stats.cuped import CupedSummary, cuped_estimate, pooled_theta, variance_reduction
from stats.sequential import mixture_rho, sequential_sample_size_per_arm, sequential_test
from stats.significance import EffectEstimate
from tests.stats.oracle import agree

rng = np.random.default_rng(11)


def _arms(
    n: int, correlation: float
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    def arm(size: int, shift: float) -> tuple[np.ndarray, np.ndarray]:
        pre = rng.gamma(3.0, 2.0, size)
        post = correlation * pre + rng.normal(shift, 2.0, size)
        return post, pre

    return arm(n, 1.0), arm(n + 13, 1.3)


@pytest.mark.parametrize("correlation", [0.0, 0.5, 2.0])
def test_theta_is_the_least_squares_slope_over_both_arms(correlation: float) -> None:
    (post_c, pre_c), (post_t, pre_t) = _arms(700, correlation)
    theta = pooled_theta(
        [CupedSummary.from_values(post_c, pre_c), CupedSummary.from_values(post_t, pre_t)]
    )
    pre, post = np.concatenate([pre_c, pre_t]), np.concatenate([post_c, post_t])
    slope = sm.OLS(post, sm.add_constant(pre)).fit().params[1]
    assert theta == agree(slope)


def test_adjusted_estimate_is_the_mean_and_variance_of_the_adjusted_values() -> None:
    (post_c, pre_c), (post_t, pre_t) = _arms(500, 1.5)
    control = CupedSummary.from_values(post_c, pre_c)
    theta = pooled_theta([control, CupedSummary.from_values(post_t, pre_t)])
    adjusted = post_c - theta * pre_c
    estimate = cuped_estimate(control, theta)
    assert estimate.mean == agree(adjusted.mean())
    assert estimate.unit_variance == agree(np.var(adjusted, ddof=1))
    assert estimate.unadjusted_mean == agree(post_c.mean())
    assert variance_reduction(control, theta) == agree(
        1 - np.var(adjusted, ddof=1) / np.var(post_c, ddof=1)
    )


def test_flat_pre_period_means_no_adjustment() -> None:
    control = CupedSummary.from_values([1.0, 2.0, 4.0], [5.0, 5.0, 5.0])
    treatment = CupedSummary.from_values([2.0, 2.0, 7.0], [5.0, 5.0, 5.0])
    assert pooled_theta([control, treatment]) == 0.0


EFFECTS = [
    EffectEstimate(0.05, 0.02, 500.0, 2000),
    EffectEstimate(-0.3, 0.2, 40.0, 60),
    EffectEstimate(0.0, 1.0, 1e6, 10**7),
    EffectEstimate(12.0, 0.5, 90.0, 100),
]


@pytest.mark.parametrize("effect", EFFECTS)
def test_expected_losses_match_numerical_integration(effect: EffectEstimate) -> None:
    result = bayesian_effect(effect)
    mu, sigma = effect.estimate, effect.standard_error
    density = sps.norm(mu, sigma).pdf
    lo, hi = mu - 40 * sigma, mu + 40 * sigma
    loss_ship = (
        integrate.quad(lambda x: -x * density(x), lo, min(0.0, hi), epsabs=1e-14, epsrel=1e-12)[0]
        if lo < 0
        else 0.0
    )
    loss_keep = (
        integrate.quad(lambda x: x * density(x), max(0.0, lo), hi, epsabs=1e-14, epsrel=1e-12)[0]
        if hi > 0
        else 0.0
    )
    assert result.expected_loss_if_ship_treatment == agree(loss_ship)
    assert result.expected_loss_if_keep_control == agree(loss_keep)
    assert result.probability_treatment_beats_control == agree(sps.norm.sf(0.0, mu, sigma))


@pytest.mark.parametrize("effect", EFFECTS)
@pytest.mark.parametrize("alpha", [0.05, 0.2])
def test_sequence_excludes_zero_exactly_when_the_p_value_is_below_alpha(
    effect: EffectEstimate, alpha: float
) -> None:
    result = sequential_test(effect, alpha, tuning_sample_size=5000)
    excludes_zero = result.ci_low > 0 or result.ci_high < 0
    assert excludes_zero == (result.p_value < alpha)


def test_sequential_closed_form_by_hand() -> None:
    """N = 10,000, se = 0.01, estimate = 0.04, alpha = 0.05, N* = 10,000."""
    effect = EffectEstimate(0.04, 0.01, 9998.0, 10_000)
    rho2 = (-2 * math.log(0.05) + math.log(1 - 2 * math.log(0.05))) / 10_000
    growth = 10_000 * rho2 + 1
    half = 0.01 * math.sqrt(2 * growth / (10_000 * rho2) * math.log(math.sqrt(growth) / 0.05))
    p = math.sqrt(growth) * math.exp(-rho2 * 10_000 * 16 / (2 * growth))
    result = sequential_test(effect, 0.05, 10_000)
    assert mixture_rho(0.05, 10_000) ** 2 == agree(rho2)
    assert result.ci_high - result.estimate == agree(half)
    assert result.p_value == agree(p)


def test_sequential_interval_is_wider_than_the_fixed_horizon_one() -> None:
    effect = EffectEstimate(0.04, 0.01, 9998.0, 10_000)
    assert sequential_test(effect).ci_high - 0.04 > sps.norm.ppf(0.975) * 0.01


def test_sequential_sample_size_puts_the_effect_on_the_boundary() -> None:
    """At the answer, effect - z_power * se equals the sequence's half width."""
    n = sequential_sample_size_per_arm(0.1, 1.0, 1.0, 0.05, 0.8, tuning_sample_size=3000)
    se = math.sqrt(2.0 / n)
    # The boundary at a fractional total is what the solver worked with.
    at_solution = EffectEstimate(0.0, se, 1e9, 2 * n)  # type: ignore[arg-type]
    half = sequential_test(at_solution, 0.05, 3000).ci_high
    assert 0.1 - sps.norm.ppf(0.8) * se == agree(half)

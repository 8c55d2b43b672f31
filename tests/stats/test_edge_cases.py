"""Degenerate and impossible input: a named reason or a plain ValueError, never a crash or NaN."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from stats.bayesian import GaussianPrior, bayesian_effect
from stats.corrections import (
    benjamini_hochberg_reject,
    holm_reject,
    single_test_reject,
)
from stats.cuped import CupedSummary
from stats.effect_sizes import cohens_d
from stats.estimates import ArmEstimate, MeanSummary, RatioSummary
from stats.formatting import format_p_value
from stats.power import (
    minimum_detectable_effect,
    power_two_sample,
    sample_size_for_allocation,
    sample_size_per_arm,
)
from stats.sequential import sequential_test
from stats.significance import EffectEstimate, fixed_horizon_test
from tests.stats.oracle import agree

FLAT = EffectEstimate(estimate=0.3, standard_error=0.0, degrees_of_freedom=10.0, total_units=12)


def test_zero_standard_error_is_a_named_reason_for_every_test() -> None:
    for result in (fixed_horizon_test(FLAT), sequential_test(FLAT, 0.05, 1000)):
        assert result.degenerate == "no variance"
        assert result.estimate == 0.3
        assert (result.p_value, result.ci_low, result.ci_high, result.statistic) == (None,) * 4
        assert "NaN" not in str(result.to_dict())
    for prior in (None, GaussianPrior(0.0, 1.0, proper=True)):
        posterior = bayesian_effect(FLAT, 0.05, prior)
        assert posterior.degenerate == "no variance"
        assert posterior.probability_treatment_beats_control is None
        assert posterior.expected_loss_if_ship_treatment is None
        posterior.to_dict()


def test_cohens_d_with_one_user_per_arm_names_the_reason() -> None:
    one = ArmEstimate(n=1, mean=2.0, unit_variance=0.0, unadjusted_mean=2.0)
    result = cohens_d(one, one)
    assert (result.d, result.pooled_sd) == (None, None)
    assert result.degenerate == "fewer than three users in both arms together"
    flat = ArmEstimate(n=5, mean=2.0, unit_variance=0.0, unadjusted_mean=2.0)
    assert cohens_d(flat, flat).degenerate == "no variance"


def test_cohens_d_reports_the_pooled_sd_of_the_samples() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(1.0, 2.0, 40), rng.normal(1.5, 3.0, 25)
    pooled = np.sqrt(((a.size - 1) * a.var(ddof=1) + (b.size - 1) * b.var(ddof=1)) / 63)
    result = cohens_d(
        ArmEstimate(a.size, a.mean(), a.var(ddof=1), a.mean()),
        ArmEstimate(b.size, b.mean(), b.var(ddof=1), b.mean()),
    )
    assert result.pooled_sd == agree(pooled)
    assert result.d == agree((b.mean() - a.mean()) / pooled)


def test_impossible_summaries_raise_value_error() -> None:
    with pytest.raises(ValueError, match="negative variance"):
        MeanSummary(10, 100.0, 500.0)
    MeanSummary(10, 100.0, 1000.0)  # ten users all at 10: possible, zero variance
    with pytest.raises(ValueError, match="negative variance"):
        RatioSummary(4, 8.0, 10.0, 4.0, 4.0, 8.0)
    with pytest.raises(ValueError, match="correlation"):
        # x = y = (0, 1, 2) would give cross products 5; 9 would be a correlation of 2.5.
        RatioSummary(3, 3.0, 5.0, 3.0, 5.0, 9.0)
    with pytest.raises(ValueError, match="correlation"):
        CupedSummary(MeanSummary(3, 3.0, 5.0), MeanSummary(3, 3.0, 5.0), -9.0)


def test_summaries_of_real_values_pass_despite_rounding() -> None:
    rng = np.random.default_rng(8)
    for scale in (1e-8, 1.0, 1e8):
        x = np.full(1000, 0.1 * scale) + rng.normal(0, 1e-17 * scale, 1000)
        MeanSummary.from_values(x)
        RatioSummary.from_values(x, 2 * x)
        CupedSummary.from_values(x, x)


@pytest.mark.parametrize(("sd_c", "sd_t"), [(-1.0, 1.0), (1.0, -0.5), (float("nan"), 1.0)])
def test_power_refuses_negative_or_missing_standard_deviations(sd_c: float, sd_t: float) -> None:
    with pytest.raises(ValueError, match="standard deviation"):
        power_two_sample(0.1, sd_c, sd_t, 100)
    with pytest.raises(ValueError, match="standard deviation"):
        sample_size_per_arm(0.1, sd_c, sd_t)
    with pytest.raises(ValueError, match="standard deviation"):
        minimum_detectable_effect(100, sd_c, sd_t)
    with pytest.raises(ValueError, match="standard deviation"):
        sample_size_for_allocation(0.1, sd_c, sd_t, 0.1)


@pytest.mark.parametrize("n", [-5, 0])
def test_minimum_detectable_effect_with_no_users_says_so(n: int) -> None:
    with pytest.raises(ValueError, match="n_per_arm must be a positive number of users"):
        minimum_detectable_effect(n, 1.0, 1.0)


def _statsmodels_reject(p: list[float], method: str, alpha: float) -> list[bool]:
    return multipletests(p, alpha=alpha, method=method)[0].tolist()


def test_holm_and_bh_reject_at_equality_as_statsmodels_does() -> None:
    # Each p-value sits exactly on its step's level.
    at_holm = [0.05 / 3, 0.05 / 2, 0.05]
    assert holm_reject(at_holm, 0.05) == _statsmodels_reject(at_holm, "holm", 0.05)
    assert holm_reject(at_holm, 0.05) == [True, True, True]
    at_bh = [0.05 / 3, 0.05 * 2 / 3, 0.05]
    assert benjamini_hochberg_reject(at_bh, 0.05) == _statsmodels_reject(at_bh, "fdr_bh", 0.05)
    assert benjamini_hochberg_reject(at_bh, 0.05) == [True, True, True]
    assert single_test_reject(0.05, 0.05) is True
    assert single_test_reject(0.0500001, 0.05) is False


@given(
    st.lists(
        st.one_of(
            st.floats(0.0, 1.0),
            st.sampled_from([0.05, 0.025, 0.05 / 3, 0.0125, 0.01, 0.1, 0.05 * 2 / 3]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([0.05, 0.1, 0.01]),
)
@settings(max_examples=15, deadline=None)  # statsmodels' multipletests takes ~0.1 s a call here
def test_corrections_decide_as_statsmodels_everywhere(p: list[float], alpha: float) -> None:
    assert holm_reject(p, alpha) == _statsmodels_reject(p, "holm", alpha)
    assert benjamini_hochberg_reject(p, alpha) == _statsmodels_reject(p, "fdr_bh", alpha)


def test_p_values_never_print_across_a_threshold() -> None:
    assert format_p_value(0.0496) == "p = 0.0496"
    assert format_p_value(0.012) == "p = 0.01"
    assert format_p_value(0.0031) == "p = 0.003"
    assert format_p_value(0.00004) == "p < 0.001"
    assert format_p_value(0.05) == "p = 0.05"
    with pytest.raises(ValueError):
        format_p_value(float("nan"))


@given(st.floats(0.001, 1.0))
def test_printed_p_value_is_on_the_true_side_of_every_threshold(p: float) -> None:
    shown = float(format_p_value(p).removeprefix("p = "))
    for threshold in (0.001, 0.01, 0.05, 0.1):
        assert (shown < threshold) == (p < threshold)

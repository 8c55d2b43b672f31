"""Power, sample size, MDE and multiple-testing corrections against statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower

from stats.corrections import benjamini_hochberg, holm
from stats.estimates import ArmEstimate
from stats.power import (
    minimum_detectable_effect,
    power_two_sample,
    proportion_sample_size_per_arm,
    sample_size_per_arm,
)
from stats.significance import relative_effect
from tests.stats.oracle import agree

POWER_CASES = [
    # effect, sd_control, sd_treatment, alpha, power
    (0.01, 0.3, 0.3, 0.05, 0.8),
    (0.5, 3.0, 3.5, 0.05, 0.9),
    (2.0, 1.0, 1.0, 0.01, 0.8),
    (-0.2, 1.0, 2.0, 0.1, 0.5),
]


def statsmodels_power(effect: float, sd_c: float, sd_t: float, n: float, alpha: float) -> float:
    """statsmodels' standardised effect uses the root mean square of the two SDs."""
    standardised = abs(effect) / math.sqrt((sd_c**2 + sd_t**2) / 2)
    return float(NormalIndPower().power(standardised, nobs1=n, alpha=alpha, ratio=1.0))


@pytest.mark.parametrize(("effect", "sd_c", "sd_t", "alpha", "target"), POWER_CASES)
def test_power_matches_statsmodels(
    effect: float, sd_c: float, sd_t: float, alpha: float, target: float
) -> None:
    for n in (2, 50, 1234.5, 10**7):
        assert power_two_sample(effect, sd_c, sd_t, n, alpha) == agree(
            statsmodels_power(effect, sd_c, sd_t, n, alpha)
        )


@pytest.mark.parametrize(("effect", "sd_c", "sd_t", "alpha", "target"), POWER_CASES)
def test_sample_size_reaches_the_target_power_by_statsmodels(
    effect: float, sd_c: float, sd_t: float, alpha: float, target: float
) -> None:
    n = sample_size_per_arm(effect, sd_c, sd_t, alpha, target)
    assert statsmodels_power(effect, sd_c, sd_t, n, alpha) == agree(target)


@pytest.mark.parametrize(("effect", "sd_c", "sd_t", "alpha", "target"), POWER_CASES)
def test_minimum_detectable_effect_reaches_the_target_power(
    effect: float, sd_c: float, sd_t: float, alpha: float, target: float
) -> None:
    for n in (20, 5000):
        mde = minimum_detectable_effect(n, sd_c, sd_t, alpha, target)
        assert statsmodels_power(mde, sd_c, sd_t, n, alpha) == agree(target)


def test_sample_size_closed_form_by_hand() -> None:
    """Textbook: 10% baseline, +10% relative, 5% two-sided, 80% power: about 14,750 per arm."""
    p0, p1 = 0.10, 0.11
    z = 1.959963984540054 + 0.8416212335729143
    one_sided = z**2 * (p0 * (1 - p0) + p1 * (1 - p1)) / (p1 - p0) ** 2
    n = proportion_sample_size_per_arm(0.10, 0.10)
    assert math.ceil(n) == math.ceil(one_sided) == 14749
    assert n < one_sided  # the far rejection region adds a little power


@pytest.mark.parametrize(("baseline", "lift"), [(0.1, 0.1), (0.02, -0.2), (0.5, 0.01)])
def test_relative_test_sample_size_gives_the_power_through_the_delta_method(
    baseline: float, lift: float
) -> None:
    """Feed the planned size to relative_effect's own variance and recover the target power."""
    n = proportion_sample_size_per_arm(baseline, lift, 0.05, 0.8, test_scale="relative")
    treated = baseline * (1 + lift)
    # Two units each carrying variance 2 var / n: the variance of the mean at a fractional n.
    control = ArmEstimate(2, baseline, 2 * baseline * (1 - baseline) / n, baseline)
    treatment = ArmEstimate(2, treated, 2 * treated * (1 - treated) / n, treated)
    shift = abs(lift) / relative_effect_standard_error(control, treatment)
    z = sps.norm.ppf(0.975)
    assert sps.norm.cdf(shift - z) + sps.norm.cdf(-shift - z) == agree(0.8)
    assert n > proportion_sample_size_per_arm(baseline, lift, 0.05, 0.8) or lift < 0


def relative_effect_standard_error(control: ArmEstimate, treatment: ArmEstimate) -> float:
    return relative_effect(control, treatment).standard_error


@pytest.mark.parametrize(
    "bad",
    [
        {"effect": 0.0, "sd_control": 1.0, "sd_treatment": 1.0},
        {"effect": 1.0, "sd_control": 1.0, "sd_treatment": 1.0, "power": 0.01},
        {"effect": 1.0, "sd_control": 1.0, "sd_treatment": 1.0, "alpha": 1.5},
    ],
)
def test_impossible_power_questions_are_errors(bad: dict) -> None:
    with pytest.raises(ValueError):
        sample_size_per_arm(**bad)


P_VALUE_SETS = [
    [0.01, 0.04, 0.03, 0.005, 0.5],
    [0.2],
    [0.0, 1.0, 0.05, 0.05, 0.049],
    list(np.random.default_rng(3).uniform(0, 0.2, 40)),
]


@pytest.mark.parametrize("p_values", P_VALUE_SETS)
def test_holm_matches_statsmodels(p_values: list[float]) -> None:
    assert holm(p_values) == [agree(v) for v in multipletests(p_values, method="holm")[1]]


@pytest.mark.parametrize("p_values", P_VALUE_SETS)
def test_benjamini_hochberg_matches_statsmodels(p_values: list[float]) -> None:
    assert benjamini_hochberg(p_values) == [
        agree(v) for v in multipletests(p_values, method="fdr_bh")[1]
    ]


def test_corrections_refuse_values_that_are_not_p_values() -> None:
    with pytest.raises(ValueError):
        holm([0.1, 1.2])
    with pytest.raises(ValueError):
        benjamini_hochberg([float("nan")])

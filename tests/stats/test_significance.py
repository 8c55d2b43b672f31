"""Fixed-horizon tests from summaries against SciPy and statsmodels working from raw data."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import DescrStatsW

from stats.estimates import (
    InsufficientDataError,
    MeanSummary,
    ProportionSummary,
    RatioSummary,
    estimate_mean,
    estimate_ratio,
)
from stats.significance import (
    chi_square_2x2,
    mean_interval,
    sample_ratio_mismatch,
    two_proportion_z_test,
    welch_t_test,
    welch_t_test_from_samples,
    wilson_interval,
)
from tests.stats.oracle import agree

rng = np.random.default_rng(7)
Arrays = tuple[np.ndarray, np.ndarray]

# Built when the test runs, so the 10^7-user arrays are not held for the whole session.
WELCH_CASES = {
    "n_equals_2": lambda: (np.array([1.0, 3.0]), np.array([2.0, 7.0])),
    "typical": lambda: (rng.normal(10, 3, 400), rng.normal(10.5, 4, 350)),
    "one_arm_constant": lambda: (np.full(20, 4.0), rng.normal(4.2, 1.0, 25)),
    "identical_arms": lambda: (np.arange(10.0), np.arange(10.0)),
    "skewed_revenue": lambda: (
        rng.exponential(30, 500) * rng.binomial(1, 0.05, 500),
        rng.exponential(30, 500),
    ),
    "n_1e7": lambda: (rng.normal(100.0, 5.0, 10_000_000), rng.normal(100.002, 5.0, 10_000_000)),
}


@pytest.mark.parametrize("make", WELCH_CASES.values(), ids=WELCH_CASES.keys())
def test_welch_from_summaries_matches_scipy_from_samples(make: Callable[[], Arrays]) -> None:
    control, treatment = make()
    ours = welch_t_test(
        MeanSummary.from_values(control), MeanSummary.from_values(treatment), alpha=0.05
    )
    with warnings.catch_warnings():
        # SciPy warns that a constant arm is "nearly identical" data; exact here, and wanted.
        warnings.filterwarnings("ignore", "Precision loss", RuntimeWarning)
        scipy_result = sps.ttest_ind(treatment, control, equal_var=False)
    ci = scipy_result.confidence_interval(0.95)
    assert ours.p_value == agree(scipy_result.pvalue)
    assert ours.ci_low == agree(ci.low)
    assert ours.ci_high == agree(ci.high)
    assert ours.estimate == agree(treatment.mean() - control.mean())


def test_welch_from_samples_is_the_same_test() -> None:
    control, treatment = WELCH_CASES["typical"]()
    direct = welch_t_test_from_samples(control.tolist(), treatment.tolist())
    assert direct == welch_t_test(
        MeanSummary.from_values(control), MeanSummary.from_values(treatment)
    )


@pytest.mark.parametrize(
    ("control", "treatment", "reason"),
    [
        (np.array([]), np.array([1.0, 2.0]), "no_users"),
        (np.array([1.0]), np.array([1.0, 2.0]), "fewer_than_two_users"),
        (np.full(5, 3.0), np.full(8, 9.0), "zero_variance"),
    ],
    ids=["n0", "n1", "zero_variance_both"],
)
def test_welch_names_what_is_missing(
    control: np.ndarray, treatment: np.ndarray, reason: str
) -> None:
    with pytest.raises(InsufficientDataError) as caught:
        welch_t_test(MeanSummary.from_values(control), MeanSummary.from_values(treatment))
    assert caught.value.reason == reason


PROPORTION_CASES = {
    "typical": ((5000, 512), (5000, 580)),
    "zero_of_n": ((100, 0), (100, 3)),
    "all_of_n": ((100, 100), (120, 118)),
    "zero_and_all": ((40, 0), (40, 40)),
    "identical": ((1000, 100), (1000, 100)),
    "n_equals_2": ((2, 1), (2, 2)),
    "n_1e7": ((10_000_000, 1_000_000), (10_000_000, 1_003_000)),
}


@pytest.mark.parametrize(("c", "t"), PROPORTION_CASES.values(), ids=PROPORTION_CASES.keys())
def test_two_proportion_z_test_matches_statsmodels(c: tuple[int, int], t: tuple[int, int]) -> None:
    ours = two_proportion_z_test(ProportionSummary(*c), ProportionSummary(*t))
    z, p = proportions_ztest([t[1], c[1]], [t[0], c[0]])
    assert ours.z == agree(z)
    assert ours.p_value == agree(p)


@pytest.mark.parametrize("yates", [False, True])
@pytest.mark.parametrize(("c", "t"), PROPORTION_CASES.values(), ids=PROPORTION_CASES.keys())
def test_chi_square_matches_scipy_contingency(
    c: tuple[int, int], t: tuple[int, int], yates: bool
) -> None:
    ours = chi_square_2x2(ProportionSummary(*c), ProportionSummary(*t), yates=yates)
    table = np.array([[c[1], c[0] - c[1]], [t[1], t[0] - t[1]]])
    statistic, p, dof, _ = sps.chi2_contingency(table, correction=yates)
    assert ours.chi_square == agree(statistic)
    assert ours.p_value == agree(p)
    assert ours.degrees_of_freedom == dof


@pytest.mark.parametrize(("c", "t"), PROPORTION_CASES.values(), ids=PROPORTION_CASES.keys())
def test_uncorrected_chi_square_is_the_square_of_z(c: tuple[int, int], t: tuple[int, int]) -> None:
    chi = chi_square_2x2(ProportionSummary(*c), ProportionSummary(*t))
    z = two_proportion_z_test(ProportionSummary(*c), ProportionSummary(*t))
    assert chi.chi_square == agree(z.z**2)
    assert chi.p_value == agree(z.p_value)


def test_nothing_to_compare_when_no_arm_has_events() -> None:
    with pytest.raises(InsufficientDataError, match="events"):
        chi_square_2x2(ProportionSummary(50, 0), ProportionSummary(60, 0))
    with pytest.raises(InsufficientDataError) as caught:
        two_proportion_z_test(ProportionSummary(50, 0), ProportionSummary(60, 0))
    assert caught.value.reason == "zero_variance"


@pytest.mark.parametrize(
    ("successes", "n"),
    [(0, 1), (1, 1), (0, 10), (10, 10), (1, 2), (3, 1000), (5_000_000, 10_000_000), (17, 30)],
)
@pytest.mark.parametrize("alpha", [0.05, 0.01])
def test_wilson_interval_matches_statsmodels(successes: int, n: int, alpha: float) -> None:
    low, high = wilson_interval(successes, n, alpha)
    expected_low, expected_high = proportion_confint(successes, n, alpha=alpha, method="wilson")
    assert low == agree(expected_low)
    assert high == agree(expected_high)
    assert 0.0 <= low <= successes / n <= high <= 1.0


def test_wilson_interval_of_nobody_is_an_error() -> None:
    with pytest.raises(InsufficientDataError):
        wilson_interval(0, 0)
    with pytest.raises(ValueError, match="exceed"):
        wilson_interval(5, 4)


@pytest.mark.parametrize(
    "values", [np.array([1.0, 4.0]), rng.gamma(2.0, 3.0, 5000)], ids=["n2", "n5000"]
)
def test_mean_interval_matches_statsmodels(values: np.ndarray) -> None:
    low, high = mean_interval(estimate_mean(MeanSummary.from_values(values)), alpha=0.05)
    expected_low, expected_high = DescrStatsW(values).tconfint_mean(alpha=0.05)
    assert low == agree(expected_low)
    assert high == agree(expected_high)


def test_ratio_delta_method_matches_the_linearised_samples() -> None:
    """var(r) by the delta method equals the sample variance of m - r d, over mean(d)^2."""
    impressions = rng.poisson(8, 3000) + 1
    clicks = rng.binomial(impressions, rng.beta(2, 15, 3000)).astype(float)
    estimate = estimate_ratio(RatioSummary.from_values(clicks, impressions))
    r = clicks.sum() / impressions.sum()
    linearised = (clicks - r * impressions) / impressions.mean()
    assert estimate.mean == agree(r)
    assert estimate.unit_variance == agree(np.var(linearised, ddof=1))


def test_ratio_without_impressions_names_the_reason() -> None:
    with pytest.raises(InsufficientDataError) as caught:
        estimate_ratio(RatioSummary.from_values([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]))
    assert caught.value.reason == "no_denominator"


SRM_CASES = [
    ([5000, 5000], [1, 1]),
    ([5400, 4600], [0.5, 0.5]),
    ([2050, 3900, 4080], [0.2, 0.4, 0.4]),
    ([1, 0], [1, 1]),
    ([3, 9_999_997], [1, 1_000_000]),
]


@pytest.mark.parametrize(("users", "weights"), SRM_CASES)
def test_sample_ratio_mismatch_matches_scipy_goodness_of_fit(
    users: list[int], weights: list[float]
) -> None:
    ours = sample_ratio_mismatch(users, weights)
    expected_counts = np.array(weights) / sum(weights) * sum(users)
    expected = sps.chisquare(users, expected_counts)
    assert ours.chi_square == agree(expected.statistic)
    assert ours.p_value == agree(expected.pvalue)


def test_sample_ratio_with_no_users_yet_is_no_mismatch() -> None:
    assert sample_ratio_mismatch([0, 0], [1, 1]).p_value == 1.0


@pytest.mark.parametrize(
    ("users", "weights"), [([10], [1]), ([10, 10], [1, 0]), ([10, -1], [1, 1]), ([10, 10], [1])]
)
def test_sample_ratio_rejects_malformed_input(users: list[int], weights: list[float]) -> None:
    with pytest.raises(ValueError):
        sample_ratio_mismatch(users, weights)

"""Fixed-horizon significance tests, intervals and the sample-ratio-mismatch check.

The procedures are written out here; ``scipy.stats`` supplies the distributions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats as sps

from stats.estimates import (
    ArmEstimate,
    InsufficientDataError,
    MeanSummary,
    ProportionSummary,
    estimate_mean,
)
from stats.serialize import JsonReady


def _require_alpha(alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")


@dataclass(frozen=True)
class EffectEstimate(JsonReady):
    """A difference between two arms with its standard error.

    ``degrees_of_freedom`` is Welch-Satterthwaite's; ``total_units`` (users in both arms)
    is the sample size the sequential test's boundary grows with.
    """

    estimate: float
    standard_error: float
    degrees_of_freedom: float
    total_units: int


@dataclass(frozen=True)
class IntervalTest(JsonReady):
    """A two-sided test of "no difference" and its matching interval.

    ``statistic`` is the t (or z) statistic ``estimate / standard_error`` and
    ``degrees_of_freedom`` the t distribution's (``None`` for a normal test). When the input
    cannot support a test (no spread: ``standard_error == 0``) the interval, p-value and
    statistic are ``None`` and ``degenerate`` names why.
    """

    estimate: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    standard_error: float
    statistic: float | None = None
    degrees_of_freedom: float | None = None
    degenerate: str | None = None


NO_VARIANCE = "no variance"


def degenerate_test(effect: EffectEstimate) -> IntervalTest | None:
    """The result for an effect no test can judge, or ``None`` when it can be tested."""
    se = effect.standard_error
    if not math.isfinite(effect.estimate) or not math.isfinite(se) or se < 0:
        raise ValueError("an effect needs a finite estimate and a non-negative standard error")
    if se == 0.0:
        return IntervalTest(effect.estimate, None, None, None, 0.0, degenerate=NO_VARIANCE)
    return None


def _welch_degrees_of_freedom(control: ArmEstimate, treatment: ArmEstimate) -> float:
    vc, vt = control.variance_of_mean, treatment.variance_of_mean
    # In shares of the total, so tiny variances cannot underflow when squared.
    share_c, share_t = vc / (vc + vt), vt / (vc + vt)
    return 1.0 / (share_c**2 / (control.n - 1) + share_t**2 / (treatment.n - 1))


def absolute_effect(control: ArmEstimate, treatment: ArmEstimate) -> EffectEstimate:
    """``treatment - control`` with the unequal-variance (Welch) standard error."""
    variance = control.variance_of_mean + treatment.variance_of_mean
    if variance <= 0.0:
        raise InsufficientDataError(
            "zero_variance",
            "every user has the same value in both variants, so there is no spread to test against",
        )
    return EffectEstimate(
        estimate=treatment.mean - control.mean,
        standard_error=math.sqrt(variance),
        degrees_of_freedom=_welch_degrees_of_freedom(control, treatment),
        total_units=control.n + treatment.n,
    )


def relative_effect(control: ArmEstimate, treatment: ArmEstimate) -> EffectEstimate:
    """The relative lift ``(treatment - control) / control`` by the delta method.

    ``var ~ var_t / (mu_c^2 n_t) + var_c mu_t^2 / (mu_c^4 n_c)`` with unadjusted means, the
    same definition as GrowthBook's ``frequentist_variance`` so the two can be compared.
    """
    mu_c, mu_t = control.unadjusted_mean, treatment.unadjusted_mean
    if mu_c == 0.0:
        raise InsufficientDataError(
            "control_mean_is_zero", "the control's value is zero, so a relative lift is undefined"
        )
    variance = treatment.variance_of_mean / mu_c**2 + control.variance_of_mean * mu_t**2 / mu_c**4
    if variance <= 0.0:
        raise InsufficientDataError(
            "zero_variance",
            "every user has the same value in both variants, so there is no spread to test against",
        )
    return EffectEstimate(
        estimate=(treatment.mean - control.mean) / mu_c,
        standard_error=math.sqrt(variance),
        degrees_of_freedom=_welch_degrees_of_freedom(control, treatment),
        total_units=control.n + treatment.n,
    )


def fixed_horizon_test(effect: EffectEstimate, alpha: float = 0.05) -> IntervalTest:
    """Two-sided t-test and ``1 - alpha`` confidence interval, valid for one look.

    No spread (``standard_error == 0``) comes back with ``degenerate`` set, not an error.
    """
    _require_alpha(alpha)
    degenerate = degenerate_test(effect)
    if degenerate is not None:
        return degenerate
    dof = effect.degrees_of_freedom
    if not dof > 0:
        raise ValueError("degrees_of_freedom must be positive")
    t_stat = effect.estimate / effect.standard_error
    half_width = sps.t.ppf(1.0 - alpha / 2.0, dof) * effect.standard_error
    return IntervalTest(
        estimate=effect.estimate,
        ci_low=effect.estimate - half_width,
        ci_high=effect.estimate + half_width,
        p_value=float(min(1.0, 2.0 * sps.t.sf(abs(t_stat), dof))),
        standard_error=effect.standard_error,
        statistic=t_stat,
        degrees_of_freedom=dof,
    )


def welch_t_test(control: MeanSummary, treatment: MeanSummary, alpha: float = 0.05) -> IntervalTest:
    """Welch's unequal-variance t-test of ``treatment - control`` from summaries."""
    return fixed_horizon_test(
        absolute_effect(estimate_mean(control), estimate_mean(treatment)), alpha
    )


def welch_t_test_from_samples(
    control: Iterable[float], treatment: Iterable[float], alpha: float = 0.05
) -> IntervalTest:
    return welch_t_test(MeanSummary.from_values(control), MeanSummary.from_values(treatment), alpha)


def mean_interval(estimate: ArmEstimate, alpha: float = 0.05) -> tuple[float, float]:
    """t interval for one arm's mean (``n - 1`` degrees of freedom)."""
    _require_alpha(alpha)
    half_width = sps.t.ppf(1.0 - alpha / 2.0, estimate.n - 1) * math.sqrt(estimate.variance_of_mean)
    return estimate.mean - half_width, estimate.mean + half_width


def wilson_interval(successes: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for a proportion: stays inside [0, 1], sound at 0/n and n/n."""
    _require_alpha(alpha)
    summary = ProportionSummary(n, successes)
    p = summary.rate
    z = sps.norm.ppf(1.0 - alpha / 2.0)
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half_width = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Exact bounds at the edges, where rounding could otherwise leave 1e-17 outside [0, 1].
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return low, high


@dataclass(frozen=True)
class ZTestResult(JsonReady):
    """``difference = rate_t - rate_c``; ``z = difference / pooled_standard_error``, where the
    pooled SE ``sqrt(p (1 - p) (1/n_c + 1/n_t))`` uses the rate of both arms together (the
    null hypothesis); ``unpooled_standard_error`` is the one an interval uses."""

    z: float
    p_value: float
    difference: float
    pooled_rate: float
    pooled_standard_error: float
    unpooled_standard_error: float


def two_proportion_z_test(control: ProportionSummary, treatment: ProportionSummary) -> ZTestResult:
    """Pooled two-proportion z-test of ``treatment - control`` (the textbook test)."""
    pooled = ProportionSummary(control.n + treatment.n, control.successes + treatment.successes)
    if control.n == 0 or treatment.n == 0:
        raise InsufficientDataError("no_users", "a variant has no users yet")
    p = pooled.rate
    variance = p * (1 - p) * (1 / control.n + 1 / treatment.n)
    if variance <= 0.0:
        raise InsufficientDataError(
            "zero_variance",
            "both variants have all-zero or all-one outcomes, so there is nothing to compare",
        )
    difference = treatment.rate - control.rate
    pooled_se = math.sqrt(variance)
    z = difference / pooled_se
    return ZTestResult(
        z=z,
        p_value=float(2.0 * sps.norm.sf(abs(z))),
        difference=difference,
        pooled_rate=p,
        pooled_standard_error=pooled_se,
        unpooled_standard_error=math.sqrt(
            control.variance / control.n + treatment.variance / treatment.n
        ),
    )


@dataclass(frozen=True)
class ChiSquareResult(JsonReady):
    """``observed_counts``/``expected_counts`` are rows control, treatment by columns
    successes, failures; expected = row total x column total / N under no difference."""

    chi_square: float
    p_value: float
    degrees_of_freedom: int
    yates_correction: bool
    observed_counts: list[list[int]]
    expected_counts: list[list[float]]


def chi_square_2x2(
    control: ProportionSummary, treatment: ProportionSummary, yates: bool = False
) -> ChiSquareResult:
    """Pearson's chi-square on the 2x2 table successes/failures x control/treatment.

    Closed form ``N (|ad - bc| - c)^2 / (row and column totals)``, with Yates' ``c = N/2``
    (never past zero) or ``c = 0``.
    """
    a, b = control.successes, control.n - control.successes
    c, d = treatment.successes, treatment.n - treatment.successes
    total = a + b + c + d
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        raise InsufficientDataError(
            "empty_table_margin",
            "a variant has no users, or no variant has any events (or non-events), to test",
        )
    deviation = float(abs(a * d - b * c))
    if yates:
        deviation = max(0.0, deviation - total / 2.0)
    chi_square = total * deviation**2 / float(margins)
    rows, columns = (a + b, c + d), (a + c, b + d)
    return ChiSquareResult(
        chi_square=chi_square,
        p_value=float(sps.chi2.sf(chi_square, 1)),
        degrees_of_freedom=1,
        yates_correction=yates,
        observed_counts=[[a, b], [c, d]],
        expected_counts=[[r * col / total for col in columns] for r in rows],
    )


@dataclass(frozen=True)
class SrmResult(JsonReady):
    """Sample-ratio-mismatch check: chi-square goodness of fit against intended weights."""

    chi_square: float
    p_value: float
    degrees_of_freedom: int
    observed_users: list[int]
    expected_users: list[float]


def sample_ratio_mismatch(
    observed_users: Sequence[int], intended_weights: Sequence[float]
) -> SrmResult:
    if len(observed_users) != len(intended_weights) or len(observed_users) < 2:
        raise ValueError("give one user count and one intended weight per variant, two or more")
    if any(w <= 0 or not math.isfinite(w) for w in intended_weights):
        raise ValueError("intended weights must be positive finite numbers")
    for count in observed_users:
        if count < 0 or int(count) != count:
            raise ValueError("user counts must be non-negative whole numbers")
    total = sum(observed_users)
    weight_total = float(sum(intended_weights))
    expected = [total * w / weight_total for w in intended_weights]
    dof = len(observed_users) - 1
    if total == 0:
        return SrmResult(0.0, 1.0, dof, [int(c) for c in observed_users], expected)
    chi_square = sum((o - e) ** 2 / e for o, e in zip(observed_users, expected, strict=True))
    return SrmResult(
        chi_square=chi_square,
        p_value=float(sps.chi2.sf(chi_square, dof)),
        degrees_of_freedom=dof,
        observed_users=[int(c) for c in observed_users],
        expected_users=expected,
    )

"""Power, sample size per arm and minimum detectable effect for a two-arm z-test.

Power counts both rejection regions of the two-sided test,
``Phi(|delta| / se - z) + Phi(-|delta| / se - z)`` with ``se = sqrt((sd_c^2 + sd_t^2) / n)``
and ``z = Phi^-1(1 - alpha / 2)``; sample size and MDE solve that equation exactly (the usual
closed form ``n = (z + z_power)^2 (sd_c^2 + sd_t^2) / delta^2`` drops the far region and is
only the starting bracket). Arms are taken as equal in size.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from scipy import optimize
from scipy import stats as sps

_SOLVER_RTOL = 1e-14


def _check(alpha: float, power: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    if not alpha < power < 1.0:
        raise ValueError(f"power must lie between alpha and 1, got {power!r}")


def power_two_sample(
    effect: float, sd_control: float, sd_treatment: float, n_per_arm: float, alpha: float = 0.05
) -> float:
    """Chance the two-sided z-test at ``alpha`` rejects when the true difference is ``effect``."""
    if n_per_arm <= 0:
        raise ValueError("n_per_arm must be positive")
    z = sps.norm.ppf(1.0 - alpha / 2.0)
    spread = math.hypot(sd_control, sd_treatment)
    if spread == 0.0:
        raise ValueError("standard deviations cannot both be zero")
    shift = abs(effect) * math.sqrt(n_per_arm) / spread
    return float(sps.norm.cdf(shift - z) + sps.norm.cdf(-shift - z))


def sample_size_per_arm(
    effect: float, sd_control: float, sd_treatment: float, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Users per arm (unrounded) at which the test reaches ``power`` for a true ``effect``."""
    _check(alpha, power)
    if effect == 0.0:
        raise ValueError("a zero effect cannot be detected at any sample size")
    z_sum = sps.norm.ppf(1.0 - alpha / 2.0) + sps.norm.ppf(power)
    one_sided = z_sum**2 * (sd_control**2 + sd_treatment**2) / effect**2

    def gap(n: float) -> float:
        return power_two_sample(effect, sd_control, sd_treatment, n, alpha) - power

    return _solve_below(gap, one_sided, xtol=1e-12)


def minimum_detectable_effect(
    n_per_arm: float,
    sd_control: float,
    sd_treatment: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Smallest true difference the test finds with probability ``power`` at ``n_per_arm``."""
    _check(alpha, power)
    z_sum = sps.norm.ppf(1.0 - alpha / 2.0) + sps.norm.ppf(power)
    one_sided = z_sum * math.hypot(sd_control, sd_treatment) / math.sqrt(n_per_arm)

    def gap(effect: float) -> float:
        return power_two_sample(effect, sd_control, sd_treatment, n_per_arm, alpha) - power

    return _solve_below(gap, one_sided, xtol=1e-300)


def _solve_below(gap: Callable[[float], float], one_sided: float, xtol: float) -> float:
    """Refine the one-sided normal answer into the exact two-sided one. The far rejection
    region only adds power, so the exact root lies at or below ``one_sided``."""
    if gap(one_sided) <= 0.0:
        return float(one_sided)
    return float(optimize.brentq(gap, one_sided * 1e-3, one_sided, xtol=xtol, rtol=_SOLVER_RTOL))


def relative_test_sample_size_per_arm(
    baseline_mean: float,
    relative_lift: float,
    sd_control: float,
    sd_treatment: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Users per arm for the relative-lift test the verdicts use.

    The delta-method variance of ``mean_t / mean_c - 1`` is, times ``mean_c^2``,
    ``var_t + (1 + lift)^2 var_c`` (per user), so the control's spread counts ``1 + lift``
    times over: the absolute-difference formula with ``sd_control * (1 + lift)``.
    """
    if baseline_mean == 0.0:
        raise ValueError("a relative lift needs a non-zero baseline")
    return sample_size_per_arm(
        abs(baseline_mean) * relative_lift,
        sd_control * abs(1.0 + relative_lift),
        sd_treatment,
        alpha,
        power,
    )


def proportion_sample_size_per_arm(
    baseline_rate: float,
    relative_lift: float,
    alpha: float = 0.05,
    power: float = 0.8,
    test_scale: Literal["absolute", "relative"] = "absolute",
) -> float:
    """Users per arm to detect a rate moving from ``baseline_rate`` by ``relative_lift``.

    ``test_scale="absolute"`` is the textbook two-proportion figure; ``"relative"`` plans for
    the relative-lift test that the verdicts are based on (a little larger).
    """
    treated = baseline_rate * (1.0 + relative_lift)
    if not 0.0 < baseline_rate < 1.0 or not 0.0 <= treated <= 1.0:
        raise ValueError("rates must be proportions, the baseline strictly between 0 and 1")
    sd_control = math.sqrt(baseline_rate * (1 - baseline_rate))
    sd_treatment = math.sqrt(treated * (1 - treated))
    if test_scale == "relative":
        return relative_test_sample_size_per_arm(
            baseline_rate, relative_lift, sd_control, sd_treatment, alpha, power
        )
    return sample_size_per_arm(treated - baseline_rate, sd_control, sd_treatment, alpha, power)

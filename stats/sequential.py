"""Sequential testing that stays valid however often the results are looked at.

The asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas,
"Time-uniform central limit theory and asymptotic confidence sequences" (2023,
arXiv:2103.06476v7), eq. 9, with a normal mixture over the effect (a mixture SPRT): at
``N`` users in total and estimated variance ``s^2 = se^2 N`` of the effect,

    half width = s * sqrt( 2 (N rho^2 + 1) / (N rho)^2 * log( sqrt(N rho^2 + 1) / alpha ) )

``rho`` tunes where the sequence is tightest (eq. 161): ``rho^2 = (-2 log alpha +
log(1 - 2 log alpha)) / N*`` with ``N*`` the total sample size expected at the decision.
The always-valid p-value is the reciprocal of the mixture's e-value (eq. 155):

    p = min(1, sqrt(N rho^2 + 1) * exp(-rho^2 N (estimate / s)^2 / (2 (N rho^2 + 1))))

and ``p <= alpha`` exactly when the sequence excludes zero. This is the definition GrowthBook
uses (``SequentialTwoSidedTTest``), so its values serve as golden figures.
"""

from __future__ import annotations

import math

from scipy import optimize
from scipy import stats as sps

from stats.significance import EffectEstimate, IntervalTest

DEFAULT_TUNING_SAMPLE_SIZE = 5000


def mixture_rho(alpha: float, tuning_sample_size: float) -> float:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    if tuning_sample_size <= 0:
        raise ValueError("tuning_sample_size must be positive")
    log_alpha = math.log(alpha)
    return math.sqrt((-2.0 * log_alpha + math.log(1.0 - 2.0 * log_alpha)) / tuning_sample_size)


def sequential_test(
    effect: EffectEstimate,
    alpha: float = 0.05,
    tuning_sample_size: float = DEFAULT_TUNING_SAMPLE_SIZE,
) -> IntervalTest:
    """Always-valid p-value and confidence-sequence interval for ``effect``."""
    rho2 = mixture_rho(alpha, tuning_sample_size) ** 2
    n = effect.total_units
    growth = n * rho2 + 1.0
    half_width = effect.standard_error * _half_width_factor(n, rho2, alpha)
    z2 = (effect.estimate / effect.standard_error) ** 2
    log_p = 0.5 * math.log(growth) - rho2 * n * z2 / (2.0 * growth)
    return IntervalTest(
        estimate=effect.estimate,
        ci_low=effect.estimate - half_width,
        ci_high=effect.estimate + half_width,
        p_value=math.exp(min(0.0, log_p)),
        standard_error=effect.standard_error,
    )


def _half_width_factor(total_units: float, rho2: float, alpha: float) -> float:
    growth = total_units * rho2 + 1.0
    return math.sqrt(2.0 * growth / (total_units * rho2) * math.log(math.sqrt(growth) / alpha))


def sequential_sample_size_per_arm(
    effect: float,
    sd_control: float,
    sd_treatment: float,
    alpha: float = 0.05,
    power: float = 0.8,
    tuning_sample_size: float = DEFAULT_TUNING_SAMPLE_SIZE,
) -> float:
    """Users per arm at which a true ``effect`` lies outside the sequence with ``power``.

    Solves ``|effect| = (z_power + half_width_factor(2 n)) * se(n)`` for ``n``; the chance
    of stopping at an earlier look only adds to it, so this is a slight overestimate.
    """
    if effect == 0.0:
        raise ValueError("a zero effect cannot be detected at any sample size")
    if not alpha < power < 1.0:
        raise ValueError(f"power must lie between alpha and 1, got {power!r}")
    rho2 = mixture_rho(alpha, tuning_sample_size) ** 2
    z_power = float(sps.norm.ppf(power))
    spread = math.hypot(sd_control, sd_treatment)

    def gap(n: float) -> float:
        se = spread / math.sqrt(n)
        return abs(effect) - (z_power + _half_width_factor(2.0 * n, rho2, alpha)) * se

    if gap(1.0) >= 0.0:
        return 1.0
    high = 2.0
    while gap(high) < 0.0:
        high *= 2.0
    return float(optimize.brentq(gap, 1.0, high, xtol=1e-9, rtol=1e-14))

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
from functools import lru_cache

import numpy as np
from scipy import optimize
from scipy import stats as sps

from stats.significance import EffectEstimate, IntervalTest, degenerate_test

DEFAULT_TUNING_SAMPLE_SIZE = 5000


def _tuning_constant(alpha: float) -> float:
    """``N* rho^2``: the mixture's spread times the tuning size (eq. 161)."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    log_alpha = math.log(alpha)
    return -2.0 * log_alpha + math.log(1.0 - 2.0 * log_alpha)


def mixture_rho(alpha: float, tuning_sample_size: float) -> float:
    if not tuning_sample_size > 0:
        raise ValueError("tuning_sample_size must be positive")
    return math.sqrt(_tuning_constant(alpha) / tuning_sample_size)


def planned_critical_value(alpha: float, planned_looks: int | None = None) -> float:
    """The sequence's half width in standard errors at the size it is tuned to.

    With the tuning size ``N*`` equal to the planned size, ``N rho^2`` is the constant
    ``c(alpha)`` there, so the boundary is ``sqrt(2 (c + 1) / c log(sqrt(c + 1) / alpha))``,
    3.04 at alpha = 5 % (1.96 for one look), whatever the metric or the traffic. With
    ``planned_looks`` it is the boundary at the level calibrated for that many looks
    (:func:`calibrated_mixture_alpha`).
    """
    level = alpha if planned_looks is None else calibrated_mixture_alpha(alpha, planned_looks)
    c = _tuning_constant(level)
    return _half_width_factor(1.0, c, level)


def _aa_crossing_probability(level: float, looks: int, grid_step: float = 0.004) -> float:
    """Chance an A/A test is rejected at any of ``looks`` equally spaced looks up to the tuning
    size, for the mixture at ``level``: the numerical integration of group-sequential designs
    (Armitage, McPherson and Rowe 1969) on the Brownian motion ``S(t) = z(t) sqrt(t)``.

    At information ``t`` (share of the tuning size) the test rejects when
    ``S^2 >= (1 + c t) (log(1 + c t) - 2 log level) / c`` (``p <= level`` rearranged).
    """
    c = _tuning_constant(level)
    times = np.arange(1, looks + 1) / looks
    growth = 1.0 + c * times
    bounds = np.sqrt(growth * (np.log(growth) - 2.0 * math.log(level)) / c)
    half = math.ceil(bounds.max() / grid_step)
    x = np.arange(-half, half + 1) * grid_step
    sd = math.sqrt(1.0 / looks)
    # The Gaussian step between looks as a symmetric convolution kernel (9 SDs wide).
    reach = min(math.ceil(9.0 * sd / grid_step), half)
    kernel = sps.norm.pdf(np.arange(-reach, reach + 1) * grid_step, 0.0, sd) * grid_step
    # Continuation density at each look, on the grid inside the boundary.
    density = sps.norm.pdf(x, 0.0, sd) * (np.abs(x) < bounds[0])
    for bound in bounds[1:]:
        density = np.convolve(density, kernel, mode="same") * (np.abs(x) < bound)
    return float(1.0 - density.sum() * grid_step)


@lru_cache(maxsize=256)
def calibrated_mixture_alpha(alpha: float, looks: int) -> float:
    """The mixture level at which ``looks`` equally spaced looks, the last at the tuning size,
    reject an A/A test with probability ``alpha``.

    The always-valid sequence at ``alpha`` keeps its promise for unlimited looks forever, so
    over a planned horizon with daily looks it rejects far less often (about 1 % at 5 %).
    Spending the whole ``alpha`` over the planned looks keeps the same boundary shape and
    gains power. The result depends only on ``alpha`` and ``looks`` (Brownian scaling).
    """
    if not 0.0 < alpha < 0.5:
        raise ValueError(f"alpha must lie in (0, 0.5), got {alpha!r}")
    if looks < 1 or int(looks) != looks:
        raise ValueError(f"looks must be a whole number >= 1, got {looks!r}")
    if looks == 1:
        # One look at the tuning size: the boundary is the fixed-horizon one.
        target = sps.norm.ppf(1.0 - alpha / 2.0)
        return float(
            optimize.brentq(
                lambda a: _half_width_factor(1.0, _tuning_constant(a), a) - target,
                1e-12,
                1.0 - 1e-12,
                xtol=1e-14,
            )
        )
    return float(
        optimize.brentq(lambda a: _aa_crossing_probability(a, looks) - alpha, alpha, 0.9, xtol=1e-6)
    )


def sequential_test(
    effect: EffectEstimate,
    alpha: float = 0.05,
    tuning_sample_size: float = DEFAULT_TUNING_SAMPLE_SIZE,
    planned_looks: int | None = None,
) -> IntervalTest:
    """Always-valid p-value and confidence-sequence interval for ``effect``.

    ``tuning_sample_size`` is the total users (both arms) the test is planned to reach.
    Without ``planned_looks`` the sequence holds at ``alpha`` for any number of looks, for
    ever. With it, the sequence is the one at :func:`calibrated_mixture_alpha` (A/A error
    ``alpha`` over that many equally spaced looks up to the tuning size) and the p-value is
    rescaled by ``alpha / level`` so that ``p <= alpha`` is still exactly "the interval
    excludes zero". ``statistic`` is the z statistic; no spread comes back with
    ``degenerate`` set.
    """
    level = alpha if planned_looks is None else calibrated_mixture_alpha(alpha, planned_looks)
    rho2 = mixture_rho(level, tuning_sample_size) ** 2
    degenerate = degenerate_test(effect)
    if degenerate is not None:
        return degenerate
    n = effect.total_units
    if n < 1:
        raise ValueError("an effect needs at least one unit behind it")
    growth = n * rho2 + 1.0
    half_width = effect.standard_error * _half_width_factor(n, rho2, level)
    z2 = (effect.estimate / effect.standard_error) ** 2
    log_p = 0.5 * math.log(growth) - rho2 * n * z2 / (2.0 * growth) + math.log(alpha / level)
    return IntervalTest(
        estimate=effect.estimate,
        ci_low=effect.estimate - half_width,
        ci_high=effect.estimate + half_width,
        p_value=math.exp(min(0.0, log_p)),
        standard_error=effect.standard_error,
        statistic=effect.estimate / effect.standard_error,
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
    """Users per arm (equal arms) at which a true ``effect`` lies outside the sequence with
    ``power``; see :func:`sequential_total_sample_size`."""
    return (
        sequential_total_sample_size(
            effect, sd_control, sd_treatment, 0.5, alpha, power, tuning_sample_size
        )
        / 2.0
    )


def sequential_total_sample_size(
    effect: float,
    sd_control: float,
    sd_treatment: float,
    treatment_share: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
    tuning_sample_size: float = DEFAULT_TUNING_SAMPLE_SIZE,
    planned_looks: int | None = None,
) -> float:
    """Users in both arms together at which a true ``effect`` lies outside the sequence with
    ``power``, when ``treatment_share`` of them get the treatment.

    Solves ``|effect| = (z_power + half_width_factor(N)) * se(N)`` for ``N``, with
    ``se(N) = sqrt(sd_c^2 / (1 - share) + sd_t^2 / share) / sqrt(N)``; the chance of stopping
    at an earlier look only adds to it, so this is a slight overestimate.
    """
    if effect == 0.0 or not math.isfinite(effect):
        raise ValueError("the effect must be a finite non-zero difference")
    if not alpha < power < 1.0:
        raise ValueError(f"power must lie between alpha and 1, got {power!r}")
    if not 0.0 < treatment_share < 1.0:
        raise ValueError("treatment_share must lie strictly between 0 and 1")
    for sd in (sd_control, sd_treatment):
        if not math.isfinite(sd) or sd < 0:
            raise ValueError(f"standard deviations must be finite and >= 0, got {sd!r}")
    level = alpha if planned_looks is None else calibrated_mixture_alpha(alpha, planned_looks)
    rho2 = mixture_rho(level, tuning_sample_size) ** 2
    z_power = float(sps.norm.ppf(power))
    spread = math.sqrt(sd_control**2 / (1 - treatment_share) + sd_treatment**2 / treatment_share)
    if spread == 0.0:
        raise ValueError("standard deviations cannot both be zero")

    def gap(total: float) -> float:
        se = spread / math.sqrt(total)
        return abs(effect) - (z_power + _half_width_factor(total, rho2, level)) * se

    if gap(2.0) >= 0.0:
        return 2.0
    high = 4.0
    while gap(high) < 0.0:
        high *= 2.0
    return float(optimize.brentq(gap, 2.0, high, xtol=1e-9, rtol=1e-14))

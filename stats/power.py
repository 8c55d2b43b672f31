"""Power, sample size per arm and minimum detectable effect for a two-arm z-test.

Power counts both rejection regions of the two-sided test,
``Phi(|delta| / se - z) + Phi(-|delta| / se - z)`` with ``se = sqrt((sd_c^2 + sd_t^2) / n)``
and ``z = Phi^-1(1 - alpha / 2)``; sample size and MDE solve that equation exactly (the usual
closed form ``n = (z + z_power)^2 (sd_c^2 + sd_t^2) / delta^2`` drops the far region and is
only the starting bracket). The ``*_per_arm`` functions take equal arms; the
``*_for_allocation`` / ``*_for_arms`` ones any split, where
``se = sqrt(sd_c^2 / n_c + sd_t^2 / n_t)``.

Proportions can also be planned on the arcsine scale (Cohen's h): ``2 asin(sqrt(p))`` has
variance ``1 / n`` whatever ``p`` is, so the effect is ``h`` and both SDs are 1, as in
statsmodels' ``NormalIndPower`` with ``proportion_effectsize``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from scipy import optimize
from scipy import stats as sps

from stats.effect_sizes import cohens_h
from stats.sequential import planned_critical_value
from stats.serialize import JsonReady

_SOLVER_RTOL = 1e-14


def _check_sds(sd_control: float, sd_treatment: float) -> float:
    """Both SDs finite and non-negative, not both zero; returns ``hypot`` of them."""
    for name, sd in (("sd_control", sd_control), ("sd_treatment", sd_treatment)):
        if not math.isfinite(sd) or sd < 0:
            raise ValueError(f"{name} is a standard deviation: a finite number >= 0, got {sd!r}")
    spread = math.hypot(sd_control, sd_treatment)
    if spread == 0.0:
        raise ValueError("standard deviations cannot both be zero")
    return spread


def _check_share(treatment_share: float) -> None:
    if not 0.0 < treatment_share < 1.0:
        raise ValueError(
            f"treatment_share is the treatment's share of the two arms' users, strictly "
            f"between 0 and 1, got {treatment_share!r}"
        )


def _power_at(shift: float, z: float) -> float:
    """Both rejection regions of a two-sided test with critical value ``z``."""
    return float(sps.norm.cdf(shift - z) + sps.norm.cdf(-shift - z))


def _check(alpha: float, power: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    if not alpha < power < 1.0:
        raise ValueError(f"power must lie between alpha and 1, got {power!r}")


def _check_n_per_arm(n_per_arm: float) -> None:
    if not n_per_arm > 0:
        raise ValueError(f"n_per_arm must be a positive number of users, got {n_per_arm!r}")


def power_two_sample(
    effect: float, sd_control: float, sd_treatment: float, n_per_arm: float, alpha: float = 0.05
) -> float:
    """Chance the two-sided z-test at ``alpha`` rejects when the true difference is ``effect``."""
    _check_n_per_arm(n_per_arm)
    return power_for_arms(effect, sd_control, sd_treatment, n_per_arm, n_per_arm, alpha)


def sample_size_per_arm(
    effect: float, sd_control: float, sd_treatment: float, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Users per arm (unrounded) at which the test reaches ``power`` for a true ``effect``."""
    total = total_sample_size_for_allocation(effect, sd_control, sd_treatment, 0.5, alpha, power)
    return total / 2.0


def minimum_detectable_effect(
    n_per_arm: float,
    sd_control: float,
    sd_treatment: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Smallest true difference the test finds with probability ``power`` at ``n_per_arm``."""
    _check_n_per_arm(n_per_arm)
    return minimum_detectable_effect_for_arms(
        n_per_arm, n_per_arm, sd_control, sd_treatment, alpha, power
    )


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


@dataclass(frozen=True)
class SampleSizePlan(JsonReady):
    """Users per arm, each rounded up, for the planned power at the given split."""

    control: int
    treatment: int
    total: int
    treatment_share: float


def _plan(total: float, treatment_share: float) -> SampleSizePlan:
    control = math.ceil(total * (1.0 - treatment_share) - 1e-9)
    treatment = math.ceil(total * treatment_share - 1e-9)
    return SampleSizePlan(control, treatment, control + treatment, treatment_share)


def _allocation_spread(sd_control: float, sd_treatment: float, treatment_share: float) -> float:
    """``s`` with ``se = s / sqrt(total users)`` at this split."""
    _check_sds(sd_control, sd_treatment)
    _check_share(treatment_share)
    return math.sqrt(sd_control**2 / (1.0 - treatment_share) + sd_treatment**2 / treatment_share)


def power_for_arms(
    effect: float,
    sd_control: float,
    sd_treatment: float,
    n_control: float,
    n_treatment: float,
    alpha: float = 0.05,
) -> float:
    """Power of the two-sided z-test with ``n_control`` and ``n_treatment`` users."""
    _check_sds(sd_control, sd_treatment)
    if not (n_control > 0 and n_treatment > 0):
        raise ValueError("both arms need a positive number of users")
    se = math.sqrt(sd_control**2 / n_control + sd_treatment**2 / n_treatment)
    return _power_at(abs(effect) / se, sps.norm.ppf(1.0 - alpha / 2.0))


def total_sample_size_for_allocation(
    effect: float,
    sd_control: float,
    sd_treatment: float,
    treatment_share: float,
    alpha: float = 0.05,
    power: float = 0.8,
    critical_value: float | None = None,
) -> float:
    """Users in both arms together (unrounded) for ``power`` when ``treatment_share`` of them
    get the treatment. ``critical_value`` replaces ``Phi^-1(1 - alpha / 2)`` for a test with
    another boundary (the sequential rule's at its planned size)."""
    _check(alpha, power)
    spread = _allocation_spread(sd_control, sd_treatment, treatment_share)
    if effect == 0.0 or not math.isfinite(effect):
        raise ValueError("the effect must be a finite non-zero difference")
    z = sps.norm.ppf(1.0 - alpha / 2.0) if critical_value is None else critical_value
    one_sided = ((z + sps.norm.ppf(power)) * spread / effect) ** 2

    def gap(total: float) -> float:
        return _power_at(abs(effect) * math.sqrt(total) / spread, z) - power

    return _solve_below(gap, one_sided, xtol=1e-12)


def sample_size_for_allocation(
    effect: float,
    sd_control: float,
    sd_treatment: float,
    treatment_share: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> SampleSizePlan:
    """Users per arm at an unequal split (e.g. ``treatment_share=0.1`` for 90/10)."""
    total = total_sample_size_for_allocation(
        effect, sd_control, sd_treatment, treatment_share, alpha, power
    )
    return _plan(total, treatment_share)


def minimum_detectable_effect_for_arms(
    n_control: float,
    n_treatment: float,
    sd_control: float,
    sd_treatment: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Smallest true difference found with probability ``power`` at these arm sizes."""
    _check(alpha, power)
    _check_sds(sd_control, sd_treatment)
    if not (n_control > 0 and n_treatment > 0):
        raise ValueError("both arms need a positive number of users")
    se = math.sqrt(sd_control**2 / n_control + sd_treatment**2 / n_treatment)
    z = sps.norm.ppf(1.0 - alpha / 2.0)
    one_sided = (z + sps.norm.ppf(power)) * se

    def gap(effect: float) -> float:
        return _power_at(effect / se, z) - power

    return _solve_below(gap, one_sided, xtol=1e-300)


def _check_rate(name: str, rate: float) -> None:
    if not 0.0 < rate < 1.0:
        raise ValueError(f"{name} must be a proportion strictly between 0 and 1, got {rate!r}")


def arcsine_sample_size(
    baseline_rate: float,
    treatment_rate: float,
    alpha: float = 0.05,
    power: float = 0.8,
    treatment_share: float = 0.5,
) -> SampleSizePlan:
    """Users per arm to tell ``treatment_rate`` from ``baseline_rate`` on the arcsine scale
    (Cohen's h), at any split; statsmodels' ``NormalIndPower`` with ``proportion_effectsize``.
    """
    _check_rate("baseline_rate", baseline_rate)
    if not 0.0 <= treatment_rate <= 1.0 or treatment_rate == baseline_rate:
        raise ValueError("treatment_rate must be a proportion different from the baseline")
    h = cohens_h(baseline_rate, treatment_rate)
    total = total_sample_size_for_allocation(h, 1.0, 1.0, treatment_share, alpha, power)
    return _plan(total, treatment_share)


@dataclass(frozen=True)
class ProportionMde(JsonReady):
    """The smallest rate above (or below) the baseline found with the planned power.

    ``cohens_h`` is the detectable arcsine difference; the rates follow from it. When no rate
    inside [0, 1] is far enough from the baseline, the rates are ``None`` and ``degenerate``
    says so.
    """

    baseline_rate: float
    cohens_h: float
    treatment_rate: float | None
    absolute_effect: float | None
    relative_effect: float | None
    degenerate: str | None = None


def proportion_minimum_detectable_effect(
    baseline_rate: float,
    n_control: float,
    n_treatment: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    direction: Literal["increase", "decrease"] = "increase",
) -> ProportionMde:
    """MDE for a proportion on the arcsine scale (``n_treatment`` defaults to ``n_control``)."""
    _check_rate("baseline_rate", baseline_rate)
    n_treatment = n_control if n_treatment is None else n_treatment
    h = minimum_detectable_effect_for_arms(n_control, n_treatment, 1.0, 1.0, alpha, power)
    sign = 1.0 if direction == "increase" else -1.0
    angle = math.asin(math.sqrt(baseline_rate)) + sign * h / 2.0
    if not 0.0 <= angle <= math.pi / 2.0:
        return ProportionMde(
            baseline_rate,
            h,
            None,
            None,
            None,
            f"no rate within [0, 1] is detectable with {n_control:g} and {n_treatment:g} users",
        )
    treated = math.sin(angle) ** 2
    return ProportionMde(
        baseline_rate,
        h,
        treated,
        treated - baseline_rate,
        (treated - baseline_rate) / baseline_rate,
    )


def _shares(weights: Sequence[float]) -> list[float]:
    if len(weights) < 2:
        raise ValueError("give one weight per variant, the control first, two or more")
    if any(not math.isfinite(w) or w <= 0 for w in weights):
        raise ValueError("weights must be positive finite numbers")
    total = float(sum(weights))
    return [w / total for w in weights]


@dataclass(frozen=True)
class PlannedSampleSize(JsonReady):
    """What a decision rule needs: users per variant (in the order of the weights) so that
    every treatment's comparison with the control reaches ``power`` for ``relative_mde``.

    ``tuning_sample_size`` is the sequential test's tuning, the planned users of the
    comparison that needs most (control plus that treatment); ``critical_value`` is the
    boundary the rule's test has at its planned size (1.96 for a fixed-horizon test at 5 %).
    """

    rule: str
    relative_mde: float
    alpha: float
    power: float
    users_per_variant: list[int]
    total_users: int
    tuning_sample_size: int
    critical_value: float


def planned_sample_size(
    relative_mde: float,
    baseline_mean: float,
    sd_control: float,
    sd_treatment: float | None = None,
    weights: Sequence[float] = (1.0, 1.0),
    alpha: float = 0.05,
    power: float = 0.8,
    rule: Literal["fixed_horizon", "sequential"] = "fixed_horizon",
    planned_looks: int | None = None,
) -> PlannedSampleSize:
    """Planned users per variant for the relative-lift test the verdicts use.

    ``sd_treatment`` defaults to ``sd_control``. The relative test counts the control's
    spread ``1 + mde`` times (see :func:`relative_test_sample_size_per_arm`). For
    ``rule="sequential"`` the always-valid test is tuned to the planned size itself, where
    its boundary is a constant (:func:`stats.sequential.planned_critical_value`), so the plan
    is a fixed-horizon plan with that critical value; ``planned_looks`` is the rule's
    calibration for that many equally spaced looks (see ``stats.sequential``).
    """
    if not math.isfinite(relative_mde) or relative_mde == 0.0 or relative_mde <= -1.0:
        raise ValueError("relative_mde must be a non-zero relative lift above -100 %")
    if baseline_mean == 0.0 or not math.isfinite(baseline_mean):
        raise ValueError("a relative lift needs a finite non-zero baseline")
    sd_treatment = sd_control if sd_treatment is None else sd_treatment
    shares = _shares(weights)
    _check(alpha, power)
    if rule == "sequential":
        critical = planned_critical_value(alpha, planned_looks)
    elif rule == "fixed_horizon":
        critical = float(sps.norm.ppf(1.0 - alpha / 2.0))
    else:
        raise ValueError(f"unknown decision rule {rule!r}")
    effect = abs(baseline_mean) * relative_mde
    sd_c = sd_control * abs(1.0 + relative_mde)
    needed_total, binding = 0.0, 1
    for index, share in enumerate(shares[1:], start=1):
        pair_share = shares[0] + share
        pair = total_sample_size_for_allocation(
            effect, sd_c, sd_treatment, share / pair_share, alpha, power, critical
        )
        if pair / pair_share > needed_total:
            needed_total, binding = pair / pair_share, index
    users = [math.ceil(needed_total * share - 1e-9) for share in shares]
    return PlannedSampleSize(
        rule=rule,
        relative_mde=relative_mde,
        alpha=alpha,
        power=power,
        users_per_variant=users,
        total_users=sum(users),
        tuning_sample_size=users[0] + users[binding],
        critical_value=critical,
    )


def planned_sample_size_for_rate(
    baseline_rate: float,
    relative_mde: float,
    weights: Sequence[float] = (1.0, 1.0),
    alpha: float = 0.05,
    power: float = 0.8,
    rule: Literal["fixed_horizon", "sequential"] = "fixed_horizon",
    planned_looks: int | None = None,
) -> PlannedSampleSize:
    """:func:`planned_sample_size` for a rate (CTR, conversion) with Bernoulli spread
    ``sqrt(p (1 - p))`` at the baseline and at the treated rate."""
    _check_rate("baseline_rate", baseline_rate)
    treated = baseline_rate * (1.0 + relative_mde)
    if not 0.0 <= treated <= 1.0:
        raise ValueError("the treated rate baseline x (1 + relative_mde) must be in [0, 1]")
    return planned_sample_size(
        relative_mde,
        baseline_rate,
        math.sqrt(baseline_rate * (1 - baseline_rate)),
        math.sqrt(treated * (1 - treated)),
        weights,
        alpha,
        power,
        rule,
        planned_looks,
    )

"""Per-variant sufficient statistics and the per-unit estimates derived from them.

The unit is what was randomised (the user). A database hands over, per variant, only
``n``, sums, sums of squares and sums of cross products of per-user values; every figure in
``stats`` is computed from these, so nothing here ever sees individual events.

Each summary reduces to an :class:`ArmEstimate`: the estimated metric value and the
variance of one unit's contribution, so that ``var(mean) = unit_variance / n``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from stats.serialize import JsonReady


class InsufficientDataError(ValueError):
    """The data cannot support the requested figure.

    ``reason`` is a stable machine-readable code (``"no_users"``, ``"zero_variance"``, ...)
    that results carry instead of a NaN.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _require_finite(**values: float) -> None:
    for name, value in values.items():
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")


def _require_count(name: str, value: int) -> None:
    if value < 0 or int(value) != value:
        raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")


# Sums of floats carry rounding: a true zero variance may come out a few ulps negative.
_ROUNDING = 1e-9


def _require_possible_spread(name: str, n: int, total: float, total_sq: float) -> None:
    """``sum(x)^2 <= n sum(x^2)`` (Cauchy-Schwarz): otherwise the variance would be negative,
    and no set of ``n`` real values has these sums."""
    if total * total > n * total_sq * (1.0 + _ROUNDING) + _ROUNDING:
        raise ValueError(
            f"impossible summary for {name}: n = {n}, sum = {total!r} and sum of squares = "
            f"{total_sq!r} would mean a negative variance"
        )


def _sample_variance(n: int, total: float, total_sq: float) -> float:
    # Rounding can push a true zero slightly negative; a variance is never below zero.
    return max((total_sq - total * total / n) / (n - 1), 0.0)


def _sample_covariance(n: int, total_x: float, total_y: float, total_xy: float) -> float:
    return (total_xy - total_x * total_y / n) / (n - 1)


def _require_possible_covariance(
    n: int, x: tuple[float, float], y: tuple[float, float], total_xy: float
) -> None:
    """``cov(x, y)^2 <= var(x) var(y)``: otherwise no ``n`` pairs of values have these sums."""
    var_x, var_y = _sample_variance(n, *x), _sample_variance(n, *y)
    cov = _sample_covariance(n, x[0], y[0], total_xy)
    scale = (x[1] + x[0] * x[0] / n) * (y[1] + y[0] * y[0] / n) / (n - 1) ** 2
    if cov * cov > var_x * var_y + _ROUNDING * scale + _ROUNDING:
        raise ValueError(
            "impossible summary: the sum of cross products implies a correlation beyond +-1"
        )


def _require_two_units(n: int) -> None:
    if n == 0:
        raise InsufficientDataError("no_users", "this variant has no users yet")
    if n < 2:
        raise InsufficientDataError(
            "fewer_than_two_users", "a variance needs at least two users in each variant"
        )


@dataclass(frozen=True)
class MeanSummary(JsonReady):
    """A per-user metric (revenue, engagement seconds, ...): ``n``, ``sum(x)``, ``sum(x*x)``."""

    n: int
    total: float
    total_sq: float

    def __post_init__(self) -> None:
        _require_count("n", self.n)
        _require_finite(total=self.total, total_sq=self.total_sq)
        if self.total_sq < 0:
            raise ValueError("total_sq is a sum of squares and cannot be negative")
        _require_possible_spread("the metric", self.n, self.total, self.total_sq)

    @classmethod
    def from_values(cls, values: Iterable[float]) -> MeanSummary:
        x = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, float)
        return cls(n=int(x.size), total=float(x.sum()), total_sq=float(np.dot(x, x)))

    @property
    def mean(self) -> float:
        if self.n == 0:
            raise InsufficientDataError("no_users", "this variant has no users yet")
        return self.total / self.n

    @property
    def variance(self) -> float:
        """Sample variance (n - 1 in the denominator)."""
        _require_two_units(self.n)
        return _sample_variance(self.n, self.total, self.total_sq)


@dataclass(frozen=True)
class ProportionSummary(JsonReady):
    """A yes/no outcome per user (converted or not): ``n`` users, ``successes`` of them."""

    n: int
    successes: int

    def __post_init__(self) -> None:
        _require_count("n", self.n)
        _require_count("successes", self.successes)
        if self.successes > self.n:
            raise ValueError(f"successes ({self.successes}) cannot exceed n ({self.n})")

    @property
    def rate(self) -> float:
        if self.n == 0:
            raise InsufficientDataError("no_users", "this variant has no users yet")
        return self.successes / self.n

    @property
    def variance(self) -> float:
        """Bernoulli variance ``p (1 - p)``, the form the z-test and chi-square use."""
        p = self.rate
        return p * (1.0 - p)


@dataclass(frozen=True)
class RatioSummary(JsonReady):
    """A ratio of per-user sums, such as CTR = clicks / impressions, with the user as unit.

    Holds, over the ``n`` users of one variant, the sums and sums of squares of each user's
    numerator (clicks) and denominator (impressions) and the sum of their products.
    """

    n: int
    numerator_total: float
    numerator_total_sq: float
    denominator_total: float
    denominator_total_sq: float
    cross_total: float

    def __post_init__(self) -> None:
        _require_count("n", self.n)
        _require_finite(
            numerator_total=self.numerator_total,
            numerator_total_sq=self.numerator_total_sq,
            denominator_total=self.denominator_total,
            denominator_total_sq=self.denominator_total_sq,
            cross_total=self.cross_total,
        )
        if self.numerator_total_sq < 0 or self.denominator_total_sq < 0:
            raise ValueError("sums of squares cannot be negative")
        _require_possible_spread(
            "the numerator", self.n, self.numerator_total, self.numerator_total_sq
        )
        _require_possible_spread(
            "the denominator", self.n, self.denominator_total, self.denominator_total_sq
        )
        if self.n >= 2:
            _require_possible_covariance(
                self.n,
                (self.numerator_total, self.numerator_total_sq),
                (self.denominator_total, self.denominator_total_sq),
                self.cross_total,
            )

    @classmethod
    def from_values(
        cls, numerators: Iterable[float], denominators: Iterable[float]
    ) -> RatioSummary:
        m = np.asarray(numerators, float)
        d = np.asarray(denominators, float)
        if m.shape != d.shape:
            raise ValueError("numerators and denominators must have one value per user")
        return cls(
            n=int(m.size),
            numerator_total=float(m.sum()),
            numerator_total_sq=float(np.dot(m, m)),
            denominator_total=float(d.sum()),
            denominator_total_sq=float(np.dot(d, d)),
            cross_total=float(np.dot(m, d)),
        )

    @property
    def ratio(self) -> float:
        if self.denominator_total == 0:
            raise InsufficientDataError(
                "no_denominator", "the denominator (e.g. impressions) is zero in this variant"
            )
        return self.numerator_total / self.denominator_total


@dataclass(frozen=True)
class ArmEstimate(JsonReady):
    """One variant's metric estimate, ready for a two-arm comparison.

    ``unadjusted_mean`` differs from ``mean`` only under CUPED; relative lifts divide by the
    control's unadjusted mean, so a covariate never changes what "100 %" means.
    """

    n: int
    mean: float
    unit_variance: float
    unadjusted_mean: float

    @property
    def variance_of_mean(self) -> float:
        return self.unit_variance / self.n


def estimate_mean(summary: MeanSummary) -> ArmEstimate:
    _require_two_units(summary.n)
    return ArmEstimate(summary.n, summary.mean, summary.variance, summary.mean)


def estimate_proportion(summary: ProportionSummary) -> ArmEstimate:
    _require_two_units(summary.n)
    return ArmEstimate(summary.n, summary.rate, summary.variance, summary.rate)


def estimate_ratio(summary: RatioSummary) -> ArmEstimate:
    """The delta method at the user level.

    With per-user numerator ``m`` and denominator ``d`` and ``r = sum(m) / sum(d)``,
    ``var(r) ~ var(m - r d) / (n mean(d)^2)``, which counts each user once however many
    events they produced (Deng et al., "Applying the Delta Method in Metric Analytics", 2018).
    """
    _require_two_units(summary.n)
    n = summary.n
    r = summary.ratio
    mean_d = summary.denominator_total / n
    var_m = _sample_variance(n, summary.numerator_total, summary.numerator_total_sq)
    var_d = _sample_variance(n, summary.denominator_total, summary.denominator_total_sq)
    cov = _sample_covariance(
        n, summary.numerator_total, summary.denominator_total, summary.cross_total
    )
    unit_variance = max((var_m - 2.0 * r * cov + r * r * var_d) / (mean_d * mean_d), 0.0)
    return ArmEstimate(n, r, unit_variance, r)

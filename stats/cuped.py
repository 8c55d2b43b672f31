"""CUPED: variance reduction with each user's activity before the test.

With ``y`` the metric during the test and ``x`` the same user's value in a pre-period,
``y - theta x`` has the same difference between arms (randomisation makes ``x`` balanced)
but a variance smaller by the factor ``1 - corr(x, y)^2`` at the best
``theta = cov(x, y) / var(x)`` (Deng, Xu, Kohavi and Walker, WSDM 2013). ``theta`` is pooled
over both compared arms, as GrowthBook does, so it does not depend on the treatment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from stats.estimates import (
    ArmEstimate,
    MeanSummary,
    _require_possible_covariance,
    _require_two_units,
)
from stats.serialize import JsonReady


@dataclass(frozen=True)
class CupedSummary(JsonReady):
    """One variant's in-test metric, its pre-period covariate and their cross products."""

    post: MeanSummary
    pre: MeanSummary
    post_pre_total: float

    def __post_init__(self) -> None:
        if self.post.n != self.pre.n:
            raise ValueError("post and pre summaries must cover the same users")
        if self.n >= 2:
            _require_possible_covariance(
                self.n,
                (self.post.total, self.post.total_sq),
                (self.pre.total, self.pre.total_sq),
                self.post_pre_total,
            )

    @property
    def n(self) -> int:
        return self.post.n

    @classmethod
    def from_values(cls, post: Iterable[float], pre: Iterable[float]) -> CupedSummary:
        y = np.asarray(post, float)
        x = np.asarray(pre, float)
        return cls(MeanSummary.from_values(y), MeanSummary.from_values(x), float(np.dot(x, y)))

    def covariance(self) -> float:
        _require_two_units(self.n)
        n = self.n
        return (self.post_pre_total - self.post.total * self.pre.total / n) / (n - 1)


def pooled_theta(arms: Sequence[CupedSummary]) -> float:
    """``cov(x, y) / var(x)`` over the users of all ``arms`` together; 0 when either is flat."""
    pooled = CupedSummary(
        post=MeanSummary(
            sum(a.post.n for a in arms),
            sum(a.post.total for a in arms),
            sum(a.post.total_sq for a in arms),
        ),
        pre=MeanSummary(
            sum(a.pre.n for a in arms),
            sum(a.pre.total for a in arms),
            sum(a.pre.total_sq for a in arms),
        ),
        post_pre_total=sum(a.post_pre_total for a in arms),
    )
    if pooled.pre.variance == 0.0 or pooled.post.variance == 0.0:
        return 0.0
    return pooled.covariance() / pooled.pre.variance


def cuped_estimate(arm: CupedSummary, theta: float) -> ArmEstimate:
    """The adjusted mean ``mean(y) - theta mean(x)`` and the variance of ``y - theta x``."""
    _require_two_units(arm.n)
    unit_variance = max(
        arm.post.variance + theta * theta * arm.pre.variance - 2.0 * theta * arm.covariance(), 0.0
    )
    return ArmEstimate(arm.n, arm.post.mean - theta * arm.pre.mean, unit_variance, arm.post.mean)


def variance_reduction(arm: CupedSummary, theta: float) -> float:
    """Share of the metric's variance CUPED removes in this arm (0 when it had none)."""
    raw = arm.post.variance
    return 0.0 if raw == 0.0 else 1.0 - cuped_estimate(arm, theta).unit_variance / raw

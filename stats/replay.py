"""Offline replay: what CTR another policy would have had on a test's own logged traffic.

Each logged impression carries the probability ``propensity`` with which the logging policy
(the assignment, or the bandit) showed what it showed, its ``reward`` (clicked or not), and
``target_probability``: the chance the policy being evaluated would have shown the same thing
(1/0 for a deterministic ranker: "did it match"). With weights ``w = target / propensity``:

* IPS (Horvitz-Thompson) ``mean(w r)``: unbiased, with variance ``var(w r) / n``;
* self-normalised IPS (SNIPS) ``sum(w r) / sum(w)``: slightly biased, usually far less
  variable; its variance by the delta method, ``sum(w^2 (r - snips)^2) / sum(w)^2``.

Both intervals are normal (``estimate +- z se``), clipped to [0, 1] for a rate. The effective
sample size ``sum(w)^2 / sum(w^2)`` says how many impressions the estimate is really worth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

from stats.serialize import JsonReady

NO_IMPRESSIONS = "no logged impressions"
NO_MATCH = "the target policy would have shown none of the logged impressions"


@dataclass(frozen=True)
class ReplayEstimate(JsonReady):
    """One estimator's figures; ``degenerate`` names why they are missing, if they are."""

    estimator: str
    estimate: float | None
    standard_error: float | None
    ci_low: float | None
    ci_high: float | None
    impressions: int
    matched_impressions: int
    effective_sample_size: float | None
    degenerate: str | None = None


@dataclass(frozen=True)
class ReplayResult(JsonReady):
    ips: ReplayEstimate
    snips: ReplayEstimate
    alpha: float


def _arrays(
    propensity: ArrayLike, reward: ArrayLike, target_probability: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = np.asarray(propensity, dtype=float)
    r = np.asarray(reward, dtype=float)
    t = np.asarray(target_probability, dtype=float)
    if not (p.ndim == r.ndim == t.ndim == 1) or not (p.size == r.size == t.size):
        raise ValueError(
            "propensity, reward and target_probability: one flat value each per impression"
        )
    if not np.all(np.isfinite(p) & (p > 0) & (p <= 1)):
        raise ValueError(
            "propensities must lie in (0, 1]: an impression shown with chance 0 cannot be logged"
        )
    if not np.all(np.isfinite(r) & (r >= 0) & (r <= 1)):
        raise ValueError("rewards must lie in [0, 1] (a click is 1)")
    if not np.all(np.isfinite(t) & (t >= 0) & (t <= 1)):
        raise ValueError("target_probability must lie in [0, 1] (1/0 for a deterministic match)")
    return p, r, t


def _estimate(
    name: str, value: float, se: float, z: float, n: int, matched: int, ess: float
) -> ReplayEstimate:
    return ReplayEstimate(
        estimator=name,
        estimate=value,
        standard_error=se,
        ci_low=max(0.0, value - z * se),
        ci_high=min(1.0, value + z * se),
        impressions=n,
        matched_impressions=matched,
        effective_sample_size=ess,
    )


def replay_ctr(
    propensity: ArrayLike,
    reward: ArrayLike,
    target_probability: ArrayLike,
    alpha: float = 0.05,
) -> ReplayResult:
    """IPS and SNIPS estimates, with ``1 - alpha`` intervals, of the target policy's CTR."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    p, r, t = _arrays(propensity, reward, target_probability)
    n = int(p.size)
    matched = int(np.count_nonzero(t))
    weights = t / p
    total_weight = float(weights.sum())
    if n == 0 or total_weight == 0.0:
        reason = NO_IMPRESSIONS if n == 0 else NO_MATCH
        missing = [
            ReplayEstimate(name, None, None, None, None, n, matched, None, reason)
            for name in ("ips", "snips")
        ]
        return ReplayResult(missing[0], missing[1], alpha)
    z = float(sps.norm.ppf(1.0 - alpha / 2.0))
    ess = total_weight**2 / float(np.dot(weights, weights))
    weighted = weights * r
    ips = float(weighted.mean())
    ips_se = math.sqrt(float(weighted.var(ddof=1)) / n) if n > 1 else 0.0
    snips = float(weighted.sum()) / total_weight
    snips_se = math.sqrt(float(np.dot(weights**2, (r - snips) ** 2))) / total_weight
    return ReplayResult(
        ips=_estimate("ips", ips, ips_se, z, n, matched, ess),
        snips=_estimate("snips", snips, snips_se, z, n, matched, ess),
        alpha=alpha,
    )

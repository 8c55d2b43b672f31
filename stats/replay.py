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

When the unit that was randomised is a user, not an impression, pass ``impressions``: each row
is then one user, ``reward`` their clicks over ``impressions`` lists, and both estimators are
ratios of sums over users, ``IPS = sum(w r) / sum(l)`` and ``SNIPS = sum(w r) / sum(w l)``,
with delta-method variances over users (one user's lists are not independent). With one
impression per row this is exactly the per-impression form above.
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
    propensity: ArrayLike,
    reward: ArrayLike,
    target_probability: ArrayLike,
    impressions: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p = np.asarray(propensity, dtype=float)
    r = np.asarray(reward, dtype=float)
    t = np.asarray(target_probability, dtype=float)
    lists = np.ones_like(p) if impressions is None else np.asarray(impressions, dtype=float)
    if not (p.ndim == r.ndim == t.ndim == lists.ndim == 1) or not (
        p.size == r.size == t.size == lists.size
    ):
        raise ValueError(
            "propensity, reward and target_probability (and impressions, when given): "
            "one flat value each per row"
        )
    if not np.all(np.isfinite(p) & (p > 0) & (p <= 1)):
        raise ValueError(
            "propensities must lie in (0, 1]: an impression shown with chance 0 cannot be logged"
        )
    if impressions is None and not np.all(np.isfinite(r) & (r >= 0) & (r <= 1)):
        raise ValueError("rewards must lie in [0, 1] (a click is 1)")
    if impressions is not None and not np.all(np.isfinite(r) & (r >= 0)):
        raise ValueError("rewards are a user's clicks: finite counts >= 0")
    if not np.all(np.isfinite(lists) & (lists > 0)):
        raise ValueError("impressions are each user's lists: finite counts > 0")
    if not np.all(np.isfinite(t) & (t >= 0) & (t <= 1)):
        raise ValueError("target_probability must lie in [0, 1] (1/0 for a deterministic match)")
    return p, r, t, lists


def _estimate(
    name: str,
    value: float,
    se: float,
    z: float,
    ceiling: float,
    n: int,
    matched: int,
    ess: float,
) -> ReplayEstimate:
    return ReplayEstimate(
        estimator=name,
        estimate=value,
        standard_error=se,
        ci_low=max(0.0, value - z * se),
        ci_high=min(ceiling, value + z * se),
        impressions=n,
        matched_impressions=matched,
        effective_sample_size=ess,
    )


def replay_ctr(
    propensity: ArrayLike,
    reward: ArrayLike,
    target_probability: ArrayLike,
    alpha: float = 0.05,
    impressions: ArrayLike | None = None,
) -> ReplayResult:
    """IPS and SNIPS estimates, with ``1 - alpha`` intervals, of the target policy's CTR.

    One row per impression, or with ``impressions`` one row per randomised user (see the
    module's docstring)."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    p, r, t, lists = _arrays(propensity, reward, target_probability, impressions)
    units = int(p.size)
    n = int(lists.sum())
    matched = int(lists[t > 0].sum())
    weights = t / p
    weighted_lists = weights * lists
    total_weight = float(weighted_lists.sum())
    if units == 0 or total_weight == 0.0:
        reason = NO_IMPRESSIONS if units == 0 else NO_MATCH
        missing = [
            ReplayEstimate(name, None, None, None, None, n, matched, None, reason)
            for name in ("ips", "snips")
        ]
        return ReplayResult(missing[0], missing[1], alpha)
    z = float(sps.norm.ppf(1.0 - alpha / 2.0))
    # A rate stays within [0, 1] when no row has more clicks than lists.
    ceiling = 1.0 if np.all(r <= lists) else math.inf
    ess = total_weight**2 / float(np.dot(weighted_lists, weighted_lists))
    weighted = weights * r
    ips = float(weighted.sum()) / n
    ips_residual = weighted - ips * lists
    ips_se = (
        math.sqrt(float(np.dot(ips_residual, ips_residual)) * units / (units - 1)) / n
        if units > 1
        else 0.0
    )
    snips = float(weighted.sum()) / total_weight
    snips_residual = weighted - snips * weighted_lists
    snips_se = math.sqrt(float(np.dot(snips_residual, snips_residual))) / total_weight
    return ReplayResult(
        ips=_estimate("ips", ips, ips_se, z, ceiling, n, matched, ess),
        snips=_estimate("snips", snips, snips_se, z, ceiling, n, matched, ess),
        alpha=alpha,
    )

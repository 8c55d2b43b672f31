"""Standardised effect sizes: Cohen's d for means, Cohen's h for proportions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from stats.estimates import ArmEstimate
from stats.serialize import JsonReady
from stats.significance import NO_VARIANCE

TOO_FEW_USERS = "fewer than three users in both arms together"


@dataclass(frozen=True)
class CohensD(JsonReady):
    """``d = (mean_t - mean_c) / pooled_sd`` with the pooled standard deviation
    ``sqrt(((n_c - 1) var_c + (n_t - 1) var_t) / (n_c + n_t - 2))``.

    ``d`` and ``pooled_sd`` are ``None`` when there is nothing to pool (``degenerate`` says why).
    """

    d: float | None
    pooled_sd: float | None
    degenerate: str | None = None


def cohens_d(control: ArmEstimate, treatment: ArmEstimate) -> CohensD:
    dof = control.n + treatment.n - 2
    if dof < 1:
        return CohensD(None, None, TOO_FEW_USERS)
    pooled = (
        max(control.n - 1, 0) * control.unit_variance
        + max(treatment.n - 1, 0) * treatment.unit_variance
    ) / dof
    if pooled <= 0.0:
        return CohensD(None, 0.0, NO_VARIANCE)
    pooled_sd = math.sqrt(pooled)
    return CohensD((treatment.mean - control.mean) / pooled_sd, pooled_sd)


def cohens_h(control_rate: float, treatment_rate: float) -> float:
    """``2 asin(sqrt(p_t)) - 2 asin(sqrt(p_c))``: 0.2 small, 0.5 medium, 0.8 large."""
    for rate in (control_rate, treatment_rate):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"Cohen's h needs proportions in [0, 1], got {rate!r}")
    return 2.0 * math.asin(math.sqrt(treatment_rate)) - 2.0 * math.asin(math.sqrt(control_rate))

"""Corrections for comparing several metrics or variants at once.

Holm's step-down method controls the family-wise error rate (the chance of any false
"significant"); Benjamini-Hochberg controls the false discovery rate (the expected share of
false ones among those called significant). Both return adjusted p-values in input order,
to be compared with the unchanged alpha.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _as_p_values(p_values: Sequence[float]) -> np.ndarray:
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1 or np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("p-values must be a flat list of numbers in [0, 1]")
    return p


def holm(p_values: Sequence[float]) -> list[float]:
    """``p_(i) * (m - i + 1)`` in ascending order, made non-decreasing, capped at 1."""
    p = _as_p_values(p_values)
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted.tolist()


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """``p_(i) * m / i`` in ascending order, made non-decreasing from the top, capped at 1."""
    p = _as_p_values(p_values)
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted.tolist()


def _check_alpha(alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")


def holm_reject(p_values: Sequence[float], alpha: float = 0.05) -> list[bool]:
    """Holm's decisions, drawn as statsmodels' ``multipletests(method="holm")`` draws them:
    step down while ``p_(i) <= alpha / (m - i + 1)``, so a p-value *at* its level rejects.

    Compared as ``p <= alpha / k`` rather than ``p * k <= alpha``, so rounding cannot move a
    p-value at the boundary to the other side.
    """
    _check_alpha(alpha)
    p = _as_p_values(p_values)
    m = p.size
    order = np.argsort(p, kind="stable")
    failing = np.nonzero(p[order] > alpha / np.arange(m, 0, -1))[0]
    rejected_count = failing[0] if failing.size else m
    reject = np.zeros(m, dtype=bool)
    reject[order[:rejected_count]] = True
    return reject.tolist()


def benjamini_hochberg_reject(p_values: Sequence[float], alpha: float = 0.05) -> list[bool]:
    """Benjamini-Hochberg's decisions as statsmodels' ``fdrcorrection`` draws them: every
    p-value up to the largest ``p_(i) <= alpha i / m`` rejects (equality included)."""
    _check_alpha(alpha)
    p = _as_p_values(p_values)
    m = p.size
    order = np.argsort(p, kind="stable")
    passing = np.nonzero(p[order] <= alpha * np.arange(1, m + 1) / m)[0]
    reject = np.zeros(m, dtype=bool)
    if passing.size:
        reject[order[: passing[-1] + 1]] = True
    return reject.tolist()


def single_test_reject(p_value: float, alpha: float = 0.05) -> bool:
    """One test, no correction: rejects at ``p <= alpha``, the same boundary as above."""
    _check_alpha(alpha)
    return bool(_as_p_values([p_value])[0] <= alpha)

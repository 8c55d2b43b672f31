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

"""Numbers as a reader sees them, never rounded across a threshold they are judged by."""

from __future__ import annotations

import math

# The levels people compare p-values with; a printed p-value stays on the same side of each.
P_VALUE_THRESHOLDS = (0.001, 0.01, 0.05, 0.1)
_MAX_DECIMALS = 6


def _side(value: float, threshold: float) -> bool:
    return value < threshold


def format_p_value(p_value: float) -> str:
    """``"p = 0.046"``, ``"p = 0.0496"`` (not ``"p = 0.05"``), ``"p < 0.001"``.

    Two decimals from 0.01 up, three below; more digits whenever rounding would move the
    printed value across 0.001, 0.01, 0.05 or 0.1 (a value just below a threshold may not
    print as the threshold itself); past six decimals the value is truncated instead.
    """
    if not math.isfinite(p_value) or not 0.0 <= p_value <= 1.0:
        raise ValueError(f"a p-value lies in [0, 1], got {p_value!r}")
    if p_value < 0.001:
        return "p < 0.001"
    decimals = 2 if p_value >= 0.01 else 3
    while decimals <= _MAX_DECIMALS:
        text = f"{p_value:.{decimals}f}"
        shown = float(text)
        if all(_side(shown, t) == _side(p_value, t) for t in P_VALUE_THRESHOLDS):
            return f"p = {text}"
        decimals += 1
    truncated = math.floor(p_value * 10**_MAX_DECIMALS) / 10**_MAX_DECIMALS
    return f"p = {truncated:.{_MAX_DECIMALS}f}"

"""Thompson sampling over click-through posteriors (pure: NumPy, no database).

Each arm's chance that an impression gets a click has a Beta(1 + clicked, 1 + not clicked)
posterior. The allocation is each arm's probability of being the best arm, estimated by
drawing from the posteriors, with a floor so no arm is starved of the data that could
rescue it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DRAWS = 20_000
# Every arm keeps at least this share: the posterior of a starved arm could never recover.
FLOOR = 0.05


def thompson_shares(
    clicked: Sequence[int],
    impressions: Sequence[int],
    rng: np.random.Generator,
    floor: float = FLOOR,
    draws: int = DRAWS,
) -> list[float]:
    """P(arm is best) per arm, lifted to at least ``floor`` and summing to 1.

    ``clicked[i]`` counts arm i's impressions that got at least one click, so it never
    exceeds ``impressions[i]``.
    """
    successes = np.asarray(clicked, dtype=np.float64)
    trials = np.asarray(impressions, dtype=np.float64)
    if successes.shape != trials.shape or successes.ndim != 1 or len(successes) < 2:
        raise ValueError("need click and impression counts for two or more arms")
    if np.any(successes < 0) or np.any(successes > trials):
        raise ValueError("clicked impressions must lie between 0 and the impressions")
    if floor * len(successes) > 1:
        raise ValueError(f"a floor of {floor} cannot hold for {len(successes)} arms")
    samples = rng.beta(1.0 + successes, 1.0 + trials - successes, size=(draws, len(successes)))
    wins = np.bincount(samples.argmax(axis=1), minlength=len(successes)) / draws
    lifted = floor + (1.0 - floor * len(successes)) * wins
    return [float(share) for share in lifted / lifted.sum()]

"""Thompson sampling over click-through posteriors (pure: NumPy, no database).

An arm's click-through rate is clicks per list served (what /results reports as CTR; a list
can earn several clicks). Clicks are modelled as Poisson with rate ``ctr * lists``, so with
a Gamma(1, 1) prior the posterior of the CTR is Gamma(1 + clicks, rate 1 + lists). The
allocation is each arm's probability of being the best arm, estimated by drawing from the
posteriors, with a floor so no arm is starved of the data that could rescue it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DRAWS = 20_000
# Every arm keeps at least this share: the posterior of a starved arm could never recover.
FLOOR = 0.05


def thompson_shares(
    clicks: Sequence[int],
    impressions: Sequence[int],
    rng: np.random.Generator,
    floor: float = FLOOR,
    draws: int = DRAWS,
) -> list[float]:
    """P(arm is best) per arm, lifted to at least ``floor`` and summing to 1."""
    events = np.asarray(clicks, dtype=np.float64)
    exposure = np.asarray(impressions, dtype=np.float64)
    if events.shape != exposure.shape or events.ndim != 1 or len(events) < 2:
        raise ValueError("need click and impression counts for two or more arms")
    if np.any(events < 0) or np.any(exposure < 0):
        raise ValueError("clicks and impressions cannot be negative")
    if floor * len(events) > 1:
        raise ValueError(f"a floor of {floor} cannot hold for {len(events)} arms")
    samples = rng.gamma(1.0 + events, 1.0 / (1.0 + exposure), size=(draws, len(events)))
    wins = np.bincount(samples.argmax(axis=1), minlength=len(events)) / draws
    lifted = floor + (1.0 - floor * len(events)) * wins
    return [float(share) for share in lifted / lifted.sum()]

"""The one live interaction state of a process: the weighted user x item matrix and the
trending counts, which every strategy fitted on it reads (none keeps its own copy).

``update`` takes a batch of events in one vectorised step and says what moved, so each
strategy only refreshes its own derived caches (``ScoringRecommender.updated``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from features.data import InteractionData
from features.interactions import InteractionMatrix, negative_mask
from recommenders.trending import Trending


@dataclass(frozen=True)
class Applied:
    """What one batch changed."""

    users: set[int]  # users whose rows changed
    new_items: list[int]  # item indices seen for the first time (in events, not the catalogue)
    positive_items: np.ndarray  # item index of every positive event in the batch


class InteractionState:
    def __init__(self, matrix: InteractionMatrix) -> None:
        self.matrix = matrix
        # One trending table per half-life a strategy asked for (all share 30 days by default).
        self._trending: dict[float | None, Trending] = {}

    @classmethod
    def build(cls, data: InteractionData, item_ids: Sequence[str]) -> InteractionState:
        return cls(InteractionMatrix.build(data, item_ids))

    def trending(self, half_life_days: float | None, data: InteractionData) -> Trending:
        """The trending table for this half-life, fitted on ``data`` (the log this state
        was built from) when first asked for."""
        table = self._trending.get(half_life_days)
        if table is None:
            table = Trending(half_life_days=half_life_days)
            table.fit(data, self.matrix)
            self._trending[half_life_days] = table
        return table

    def update(self, data: InteractionData) -> Applied:
        users, new_items, fresh_pair = self.matrix.update(data)
        items = self.matrix.item_codes(data.item_ids)
        for table in self._trending.values():
            table.update(data, users, items, fresh_pair, self.matrix.n_items)
        return Applied(set(users.tolist()), new_items, items[~negative_mask(data)])

    def add_items(self, item_ids: Iterable[str]) -> list[int]:
        """Append unseen items (known ones are skipped, so every strategy may call it)."""
        added = self.matrix.add_items(item_ids)
        for table in self._trending.values():
            table.grow(self.matrix.n_items)
        return added

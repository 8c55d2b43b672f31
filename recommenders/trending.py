"""Trending scores: decayed interaction counts plus decayed distinct people, per item.

Decay is measured back from the newest event seen, not from the wall clock, so an imported
history keeps its shape instead of decaying to zero. The half-life is never shorter than
``span_share`` of the log's own span (newest minus oldest event), so a 22-year log is not
reduced to its last months and no event ever weighs less than 2^(-1/span_share) of a new one:
one event far newer than the rest stretches the span with it instead of zeroing the
catalogue. Kept current a batch at a time: a newer event rescales every score once (one
vector multiply) and each event adds its share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.data import InteractionData
from features.interactions import InteractionMatrix, negative_mask

DAY = np.timedelta64(1, "D")


class Trending:
    def __init__(
        self,
        half_life_days: float | None = 30.0,
        event_share: float = 0.1,
        span_share: float = 0.25,
    ) -> None:
        # None: no decay (all-time popularity).
        self.half_life_days = half_life_days
        # The half-life in use is at least this share of the fitted log's span (see above).
        self.span_share = span_share
        self.effective_half_life_days = half_life_days
        # How much each further interaction adds relative to a new distinct person.
        self.event_share = event_share
        self.scores = np.zeros(0)
        self.people = np.zeros(0, dtype=np.int64)
        self.events = np.zeros(0)
        self.newest: np.datetime64 | None = None

    def fit(self, data: InteractionData, matrix: InteractionMatrix) -> None:
        n_items = matrix.n_items
        self.scores = np.zeros(n_items)
        self.people = np.zeros(n_items, dtype=np.int64)
        self.events = np.zeros(n_items)
        keep = ~negative_mask(data)
        if not keep.any():
            self.newest = None
            return
        frame = pd.DataFrame(
            {
                "user": data.user_ids[keep],
                "item": pd.Series(data.item_ids[keep]).map(matrix.item_index).to_numpy(),
                "weight": data.weights[keep],
                "time": data.timestamps[keep],
            }
        )
        self.newest = data.timestamps[keep].max()
        self.effective_half_life_days = self._half_life(
            (self.newest - data.timestamps[keep].min()) / DAY
        )
        decay = self._decay(frame["time"].to_numpy())
        items = frame["item"].to_numpy()
        weighted = np.bincount(items, weights=frame["weight"].to_numpy() * decay, minlength=n_items)
        first = frame.assign(decay=decay).sort_values("time").drop_duplicates(["user", "item"])
        people = np.bincount(first["item"], weights=first["decay"], minlength=n_items)
        self.people = np.bincount(first["item"], minlength=n_items)
        self.events = np.bincount(items, minlength=n_items).astype(np.float64)
        self.scores = people + self.event_share * weighted

    def update(
        self,
        data: InteractionData,
        users: np.ndarray,
        items: np.ndarray,
        fresh_pair: np.ndarray,
        n_items: int,
    ) -> None:
        """Take a batch at once: ``users`` and ``items`` are the events' indices and
        ``fresh_pair`` says which (user, item) pairs were absent before it (a person counts
        once per item). Rescales every score once when the batch holds a newer event."""
        self.grow(n_items)
        keep = ~negative_mask(data)
        if not keep.any():
            return
        newest = data.timestamps[keep].max()
        if self.newest is not None and self.effective_half_life_days and newest > self.newest:
            self.scores *= self._factor(newest - self.newest)
        self.newest = newest if self.newest is None else max(self.newest, newest)
        decay = self._decay(data.timestamps)
        weighted = self.event_share * data.weights * decay
        self.scores += np.bincount(items[keep], weights=weighted[keep], minlength=n_items)
        self.events += np.bincount(items[keep], minlength=n_items)
        candidates = np.flatnonzero(keep & fresh_pair)
        # A pair's first event in the batch brings its person.
        _, first_of_pair = np.unique(
            users[candidates] * n_items + items[candidates], return_index=True
        )
        first = candidates[first_of_pair]
        self.scores += np.bincount(items[first], weights=decay[first], minlength=n_items)
        self.people += np.bincount(items[first], minlength=n_items)

    def grow(self, n_items: int) -> None:
        extra = n_items - len(self.scores)
        if extra > 0:
            self.scores = np.concatenate([self.scores, np.zeros(extra)])
            self.people = np.concatenate([self.people, np.zeros(extra, dtype=np.int64)])
            self.events = np.concatenate([self.events, np.zeros(extra)])

    def reason(self, item: int) -> str:
        return f"trending: {int(self.people[item])} people, {int(self.events[item])} interactions"

    def _half_life(self, span_days: float) -> float | None:
        if not self.half_life_days:
            return None
        return max(self.half_life_days, self.span_share * float(span_days))

    def _decay(self, times: np.ndarray) -> np.ndarray:
        if not self.effective_half_life_days or self.newest is None:
            return np.ones(len(times))
        # A timedelta64 array (numpy's stubs call datetime64 minus an array datetime64 again).
        age: np.ndarray = self.newest - times
        decay: np.ndarray = np.exp2(-(age / DAY) / self.effective_half_life_days)
        return decay

    def _factor(self, age: np.timedelta64) -> float:
        if not self.effective_half_life_days:
            return 1.0
        return float(np.exp2(-(age / DAY) / self.effective_half_life_days))

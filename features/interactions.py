"""The weighted user x item matrix every strategy reads, kept current event by event.

A pair's weight is the strongest positive event between them (a purchase after a view counts
as the purchase). A negative event (``not_interested``, or any negative weight) removes the
pair and records it as rejected, until a later positive event brings it back. Rows changed
after the build are kept as small per-user overrides, so one event costs a dictionary write
rather than a copy of the whole matrix; ``compact()`` folds them back in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from recommenders.base import InteractionData

NEGATIVE_EVENT_TYPE = "not_interested"

_EMPTY_INDICES = np.array([], dtype=np.int32)
_EMPTY_VALUES = np.array([], dtype=np.float64)
SECOND = np.timedelta64(1, "s")


def negative_mask(data: InteractionData) -> np.ndarray:
    """Which events say "not for me": the negative type or a negative weight."""
    negative = data.weights < 0
    if len(data.event_types) == len(data):
        negative |= data.event_types == NEGATIVE_EVENT_TYPE
    return negative


class InteractionMatrix:
    """Users and items by index, the user x item weights, and each user's rejected items."""

    def __init__(self, item_ids: Sequence[str]) -> None:
        self.item_ids: list[str] = list(item_ids)
        self.item_index: dict[str, int] = {item: i for i, item in enumerate(self.item_ids)}
        self.user_ids: list[str] = []
        self.user_index: dict[str, int] = {}
        self._base = sp.csr_matrix((0, len(self.item_ids)), dtype=np.float64)
        # Same sparsity as _base: when each pair was last chosen (seconds since the epoch).
        self._base_times = sp.csr_matrix((0, len(self.item_ids)), dtype=np.float64)
        self._overrides: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._override_times: dict[int, np.ndarray] = {}
        self.rejected: dict[int, set[int]] = {}
        self.newest: np.datetime64 | None = None

    @classmethod
    def build(cls, data: InteractionData, item_ids: Sequence[str]) -> InteractionMatrix:
        """Vectorised build from a whole log; items absent from ``item_ids`` are appended."""
        matrix = cls(item_ids)
        if len(data) == 0:
            return matrix
        matrix._add_item_ids(pd.unique(data.item_ids))
        users, user_ids = pd.factorize(data.user_ids)
        matrix.user_ids = [str(u) for u in user_ids]
        matrix.user_index = {u: i for i, u in enumerate(matrix.user_ids)}
        items = pd.Series(data.item_ids).map(matrix.item_index).to_numpy(dtype=np.int64)
        events = pd.DataFrame(
            {
                "user": users,
                "item": items,
                "weight": data.weights,
                "negative": negative_mask(data),
                "order": np.arange(len(data)),
            }
        )
        events["time"] = data.timestamps
        events = events.sort_values(["time", "order"], kind="stable")
        # A pair's latest polarity decides: rejected, or kept with its strongest positive.
        last = events.groupby(["user", "item"], sort=False)["negative"].last()
        strongest = events[~events["negative"]].groupby(["user", "item"])["weight"].max()
        kept = strongest[~last.reindex(strongest.index).to_numpy()]
        latest = events[~events["negative"]].groupby(["user", "item"])["time"].max()
        latest = latest.reindex(kept.index).to_numpy(dtype="datetime64[ns]")
        user_codes = kept.index.get_level_values(0).to_numpy()
        item_codes = kept.index.get_level_values(1).to_numpy()
        shape = (len(matrix.user_ids), len(matrix.item_ids))
        matrix._base = sp.csr_matrix(
            (kept.to_numpy(dtype=np.float64), (user_codes, item_codes)), shape=shape
        )
        matrix._base.sort_indices()
        # +1 s keeps the epoch itself from vanishing as a sparse zero.
        seconds = (latest - np.datetime64(0, "s")) / SECOND + 1.0
        matrix._base_times = sp.csr_matrix((seconds, (user_codes, item_codes)), shape=shape)
        matrix._base_times.sort_indices()
        rejected = last[last]
        for user, item in rejected.index:
            matrix.rejected.setdefault(int(user), set()).add(int(item))
        matrix.newest = data.timestamps.max()
        return matrix

    @property
    def n_users(self) -> int:
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def user(self, user_id: str) -> int | None:
        return self.user_index.get(user_id)

    def row(self, user: int) -> tuple[np.ndarray, np.ndarray]:
        """The user's item indices (sorted) and weights."""
        if user in self._overrides:
            return self._overrides[user]
        if user >= self._base.shape[0]:
            return _EMPTY_INDICES, _EMPTY_VALUES
        start, end = self._base.indptr[user], self._base.indptr[user + 1]
        return self._base.indices[start:end], self._base.data[start:end]

    def row_times(self, user: int) -> np.ndarray:
        """When the user last chose each item of ``row(user)`` (seconds, same order)."""
        if user in self._override_times:
            return self._override_times[user]
        if user >= self._base_times.shape[0]:
            return _EMPTY_VALUES
        start, end = self._base_times.indptr[user], self._base_times.indptr[user + 1]
        return self._base_times.data[start:end]

    def user_vector(self, user: int) -> sp.csr_matrix:
        indices, values = self.row(user)
        return sp.csr_matrix(
            (values, indices, np.array([0, len(indices)])), shape=(1, self.n_items)
        )

    def dense_row(self, user: int) -> np.ndarray:
        indices, values = self.row(user)
        dense = np.zeros(self.n_items)
        dense[indices] = values
        return dense

    def to_csr(self) -> sp.csr_matrix:
        """The whole current matrix (overrides folded in), users x items."""
        self.compact()
        return self._base

    def compact(self) -> None:
        """Fold the per-user overrides and any new users/items into the base matrix."""
        shape = (self.n_users, self.n_items)
        if not self._overrides and self._base.shape == shape:
            return
        base, base_times = self._base.tocoo(), self._base_times.tocoo()
        keep = ~np.isin(base.row, np.fromiter(self._overrides, dtype=np.int64))
        rows, cols = [base.row[keep]], [base.col[keep]]
        vals, times = [base.data[keep]], [base_times.data[keep]]
        for user, (indices, values) in self._overrides.items():
            rows.append(np.full(len(indices), user))
            cols.append(indices)
            vals.append(values)
            times.append(self._override_times[user])
        coordinates = (np.concatenate(rows), np.concatenate(cols))
        self._base = sp.csr_matrix((np.concatenate(vals), coordinates), shape=shape)
        self._base_times = sp.csr_matrix((np.concatenate(times), coordinates), shape=shape)
        self._base.sort_indices()
        self._base_times.sort_indices()
        self._overrides = {}
        self._override_times = {}

    def add_items(self, item_ids: Iterable[str]) -> list[int]:
        """Append unseen item ids; returns the indices of those added."""
        return self._add_item_ids(item_ids)

    def update(self, data: InteractionData) -> tuple[set[int], list[int]]:
        """Apply events in time order. Returns the users whose rows changed and the indices
        of items seen for the first time."""
        new_items = self._add_item_ids(pd.unique(data.item_ids))
        negative = negative_mask(data)
        changed: set[int] = set()
        for position in np.argsort(data.timestamps, kind="stable"):
            user = self._add_user(str(data.user_ids[position]))
            item = self.item_index[str(data.item_ids[position])]
            indices, values = self.row(user)
            times = self.row_times(user)
            slot = int(np.searchsorted(indices, item))
            present = slot < len(indices) and indices[slot] == item
            seconds = (data.timestamps[position] - np.datetime64(0, "s")) / SECOND + 1.0
            if negative[position]:
                self.rejected.setdefault(user, set()).add(item)
                if present:
                    indices, values = np.delete(indices, slot), np.delete(values, slot)
                    times = np.delete(times, slot)
            else:
                if item in self.rejected.get(user, ()):
                    self.rejected[user].discard(item)
                    if not self.rejected[user]:
                        del self.rejected[user]
                weight = float(data.weights[position])
                if present:
                    values, times = values.copy(), times.copy()
                    values[slot] = max(values[slot], weight)
                    times[slot] = max(times[slot], seconds)
                else:
                    indices = np.insert(indices, slot, item).astype(np.int32)
                    values = np.insert(values, slot, weight)
                    times = np.insert(times, slot, seconds)
            self._overrides[user] = (indices, values)
            self._override_times[user] = times
            changed.add(user)
        if len(data):
            newest = data.timestamps.max()
            self.newest = newest if self.newest is None else max(self.newest, newest)
        return changed, new_items

    def _add_user(self, user_id: str) -> int:
        user = self.user_index.get(user_id)
        if user is None:
            user = len(self.user_ids)
            self.user_ids.append(user_id)
            self.user_index[user_id] = user
        return user

    def _add_item_ids(self, item_ids: Iterable[str]) -> list[int]:
        added = []
        for item_id in item_ids:
            item_id = str(item_id)
            if item_id not in self.item_index:
                self.item_index[item_id] = len(self.item_ids)
                self.item_ids.append(item_id)
                added.append(self.item_index[item_id])
        return added

"""The weighted user x item matrix every strategy reads, kept current event by event.

A pair's weight is the strongest positive event between them (a purchase after a view counts
as the purchase). A negative event (``not_interested``, or any negative weight) removes the
pair and records it as rejected, until a later positive event brings it back. A batch of
events is applied at once with NumPy (no Python step per event). Rows of a few
changed users are kept as small per-user overrides, so a single event costs no copy of the
whole matrix; a larger batch, or too many overrides, makes one new base matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from features.data import InteractionData

NEGATIVE_EVENT_TYPE = "not_interested"

_EMPTY_INDICES = np.array([], dtype=np.int32)
_EMPTY_VALUES = np.array([], dtype=np.float64)
SECOND = np.timedelta64(1, "s")


def recency_weights(times: np.ndarray, half_life: float) -> np.ndarray:
    """Per event, 2 ** -(distinct later timestamps / ``half_life``): the newest events weigh 1.

    Events that share a timestamp (the lines of one basket) share one rank, so their order,
    which the data does not record, cannot change a weight: no tie-break by item id.
    """
    distinct, dense_rank = np.unique(times, return_inverse=True)
    later = len(distinct) - 1 - dense_rank.reshape(-1)
    return np.exp2(-later / half_life)


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
        times: np.ndarray = self._base_times.data[start:end]
        return times

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
        overridden = np.fromiter(self._overrides, dtype=np.int64, count=len(self._overrides))
        keep = ~_flags(max(shape[0], 1), overridden)[base.row]
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

    def update(self, data: InteractionData) -> tuple[np.ndarray, list[int], np.ndarray]:
        """Apply a batch of events, vectorised, with the result of applying them one by one
        in time order. Returns per event its user's index, the indices of items seen for
        the first time, and per event whether its (user, item) pair was absent before (a
        new person for the item)."""
        new_items = self._add_item_ids(pd.unique(data.item_ids))
        if len(data) == 0:
            return np.zeros(0, dtype=np.int64), new_items, np.zeros(0, dtype=bool)
        users = self._add_users(data.user_ids)
        items = self.item_codes(data.item_ids)
        n_items = self.n_items
        keys = users * n_items + items
        changed = np.unique(users)
        old_users, old_items, old_values, old_times = self._rows_of(changed)
        old_keys = old_users * n_items + old_items
        fresh_pair = ~_member(old_keys, keys)

        # Per pair, in time order: only the positives after its last negative count. The
        # events sorted by pair, time order kept within each (a stable sort of a stable sort),
        # so every per-pair figure is one reduceat over contiguous runs.
        by_time = np.argsort(data.timestamps, kind="stable")
        by_pair = np.argsort(keys[by_time], kind="stable")
        rank = by_pair  # an event's position in time order
        event = by_time[by_pair]
        event_keys = keys[event]
        negative = negative_mask(data)[event]
        pair_keys, starts = np.unique(event_keys, return_index=True)
        pair_of_event = np.repeat(np.arange(len(pair_keys)), np.diff(np.append(starts, len(event))))
        last_negative = np.maximum.reduceat(np.where(negative, rank, -1), starts)
        cut = last_negative >= 0
        tail = ~negative & (rank > last_negative[pair_of_event])
        kept_keys, kept_starts = np.unique(event_keys[tail], return_index=True)
        weight, when = _EMPTY_VALUES.copy(), _EMPTY_VALUES.copy()
        if len(kept_keys):
            seconds = (data.timestamps[event[tail]] - np.datetime64(0, "s")) / SECOND + 1.0
            weight = np.maximum.reduceat(data.weights[event[tail]].astype(np.float64), kept_starts)
            when = np.maximum.reduceat(seconds.astype(np.float64), kept_starts)
        # A pair without a negative in the batch keeps its stronger old weight and newer time.
        where_old = np.minimum(np.searchsorted(old_keys, kept_keys), max(len(old_keys) - 1, 0))
        present = (
            old_keys[where_old] == kept_keys if len(old_keys) else np.zeros(len(kept_keys), bool)
        )
        merge = present & ~cut[np.searchsorted(pair_keys, kept_keys)]
        weight[merge] = np.maximum(weight[merge], old_values[where_old[merge]])
        when[merge] = np.maximum(when[merge], old_times[where_old[merge]])

        untouched = ~_member(pair_keys, old_keys)
        new_keys = np.concatenate([old_keys[untouched], kept_keys])
        new_values = np.concatenate([old_values[untouched], weight])
        new_times = np.concatenate([old_times[untouched], when])
        self._set_rows(changed, new_keys // n_items, new_keys % n_items, new_values, new_times)

        rejected_keys = pair_keys[~_member(kept_keys, pair_keys)]
        for user, item in zip(
            (rejected_keys // n_items).tolist(), (rejected_keys % n_items).tolist(), strict=True
        ):
            self.rejected.setdefault(user, set()).add(item)
        # A positive after a pair's rejection brings it back.
        for user in set(changed.tolist()) & self.rejected.keys():
            chosen = kept_keys[kept_keys // n_items == user] % n_items
            self.rejected[user].difference_update(chosen.tolist())
            if not self.rejected[user]:
                del self.rejected[user]
        newest = data.timestamps.max()
        self.newest = newest if self.newest is None else max(self.newest, newest)
        return users, new_items, fresh_pair

    # Overridden rows above this many are folded into the base matrix (one vectorised
    # rebuild of it) instead of being kept one by one.
    MAX_OVERRIDES = 256

    def _rows_of(self, users: np.ndarray) -> tuple[np.ndarray, ...]:
        """The current rows of ``users`` (sorted) as (user, item, weight, time) columns,
        sorted by (user, item)."""
        overridden = np.fromiter(
            (u for u in users.tolist() if u in self._overrides), dtype=np.int64
        )
        in_base = np.setdiff1d(users[users < self._base.shape[0]], overridden)
        # The rows' entries straight from the CSR arrays (both matrices share one structure):
        # a scipy row slice costs more than the whole update of a one-event batch.
        starts, ends = self._base.indptr[in_base], self._base.indptr[in_base + 1]
        lengths = ends - starts
        entries = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(
            lengths.sum()
        )
        columns = [
            (
                np.repeat(in_base, lengths),
                self._base.indices[entries].astype(np.int64),
                self._base.data[entries],
                self._base_times.data[entries],
            )
        ]
        for user in overridden.tolist():
            indices, values = self._overrides[user]
            columns.append(
                (
                    np.full(len(indices), user, dtype=np.int64),
                    indices.astype(np.int64),
                    values,
                    self._override_times[user],
                )
            )
        rows, cols, vals, times = (np.concatenate(part) for part in zip(*columns, strict=True))
        order = np.lexsort((cols, rows))
        return rows[order], cols[order], vals[order], times[order]

    def _set_rows(
        self,
        users: np.ndarray,
        rows: np.ndarray,
        cols: np.ndarray,
        values: np.ndarray,
        times: np.ndarray,
    ) -> None:
        """Replace the rows of ``users`` with these entries."""
        if len(users) + len(self._overrides) > self.MAX_OVERRIDES:
            self._rebase(users, rows, cols, values, times)
            return
        order = np.lexsort((cols, rows))
        rows, cols, values, times = rows[order], cols[order], values[order], times[order]
        bounds = np.searchsorted(rows, users, side="left"), np.searchsorted(rows, users, "right")
        for user, start, end in zip(users.tolist(), *(b.tolist() for b in bounds), strict=True):
            self._overrides[user] = (cols[start:end].astype(np.int32), values[start:end])
            self._override_times[user] = times[start:end]

    def _rebase(
        self,
        users: np.ndarray,
        rows: np.ndarray,
        cols: np.ndarray,
        values: np.ndarray,
        times: np.ndarray,
    ) -> None:
        """One new base matrix: the old one without ``users``' rows, plus their new rows (a
        new object, so a model holding the old base keeps its snapshot)."""
        self.compact()
        base, base_times = self._base.tocoo(), self._base_times.tocoo()
        shape = (self.n_users, self.n_items)
        keep = ~_flags(shape[0], users)[base.row]
        coordinates = (
            np.concatenate([base.row[keep], rows]),
            np.concatenate([base.col[keep], cols]),
        )
        self._base = sp.csr_matrix((np.concatenate([base.data[keep], values]), coordinates), shape)
        self._base_times = sp.csr_matrix(
            (np.concatenate([base_times.data[keep], times]), coordinates), shape
        )
        self._base.sort_indices()
        self._base_times.sort_indices()

    def item_codes(self, item_ids: np.ndarray) -> np.ndarray:
        """Indices of known ``item_ids``."""
        return _codes(item_ids, self.item_index)

    def _add_users(self, user_ids: np.ndarray) -> np.ndarray:
        """Indices of ``user_ids``, adding the unseen ones."""
        codes, uniques = pd.factorize(np.asarray(user_ids, dtype=object))
        unseen = [str(u) for u in uniques if u not in self.user_index]
        start = len(self.user_ids)
        self.user_ids.extend(unseen)
        self.user_index.update(zip(unseen, range(start, start + len(unseen)), strict=True))
        indices: np.ndarray = _lookup(uniques, self.user_index)[codes]
        return indices

    def _add_item_ids(self, item_ids: Iterable[str]) -> list[int]:
        added = []
        for item_id in item_ids:
            item_id = str(item_id)
            if item_id not in self.item_index:
                self.item_index[item_id] = len(self.item_ids)
                self.item_ids.append(item_id)
                added.append(self.item_index[item_id])
        return added


def _codes(values: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """``index[value]`` for each value: one dictionary lookup per distinct value (never a
    conversion of the whole index, which grows with the users)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    indices: np.ndarray = _lookup(uniques, index)[codes]
    return indices


def _lookup(uniques: Sequence[str], index: dict[str, int]) -> np.ndarray:
    return np.fromiter((index[u] for u in uniques), dtype=np.int64, count=len(uniques))


def _member(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of ``keys`` are in ``sorted_keys`` (sorted, unique): a binary search each."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    found: np.ndarray = sorted_keys[where] == keys
    return found


def _flags(length: int, indices: np.ndarray) -> np.ndarray:
    flags = np.zeros(length, dtype=bool)
    flags[indices] = True
    return flags

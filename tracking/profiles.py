"""Shoppers as the storefront and the re-rank stage see them: a profile per user (segment,
totals, average price, last purchase, top categories) and the figures learnt from the whole
log (each item's repurchase interval, the spending quartiles).

Like the live models, no request reads storage: ``Profiles`` holds the event log's columns
in memory (NumPy arrays), read once by ``load`` and kept current by ``apply_events`` (the
change sync fans every worker's events out to it and to the models) and ``reset``. A
user's figures are a masked slice of those arrays; the whole-log figures are recomputed
from them when the log moved, at most every ``refresh_seconds``.

Spending counts each purchase's revenue, or the item's catalogue price where the purchase
carried none.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from features.data import utc_naive_times
from recommenders.rerank import repurchase_intervals, segment_bounds, segment_of, spending_cutoffs
from tracking import profile_store as store

PURCHASE = "purchase"
NEGATIVE = "not_interested"
TOP_CATEGORIES = 5
DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class ItemFacts:
    """The catalogue's prices and categories (the caller's current view)."""

    item_ids: pd.Index
    prices: np.ndarray  # float, NaN = no price
    categories: list[str]

    def rows(self, item_ids: np.ndarray) -> np.ndarray:
        """Rows of ``item_ids``; -1 for an item this view does not hold."""
        rows: np.ndarray = self.item_ids.get_indexer(item_ids)
        return rows

    def prices_of(self, rows: np.ndarray) -> np.ndarray:
        padded = np.append(self.prices, np.nan)  # row -1: no price
        prices: np.ndarray = padded[rows]
        return prices


@dataclass(frozen=True)
class ShopperStats:
    """Learnt from the whole log."""

    intervals: pd.Series  # item_id -> days between repurchases; inf: nobody rebuys; NaN: unknown
    cutoffs: np.ndarray  # spending at the 25th, 50th, 75th percentile of buyers
    spending: pd.Series  # user_id -> total spent (buyers only)


@dataclass(frozen=True)
class ActivityRow:
    """One (item, event type) of a user's log."""

    item_id: str
    event_type: str
    count: int
    last_at: datetime
    spent: float  # purchases: revenue, else the price; 0 for other types
    price: float | None
    category: str


@dataclass(frozen=True)
class Activity:
    """A user's log, one entry per (item, event type), as columns: a request reads it without
    an object per entry (``rows`` makes those, for the profile)."""

    user_id: str
    item_ids: np.ndarray  # object
    event_types: np.ndarray  # object
    counts: np.ndarray  # int64
    last_at: np.ndarray  # datetime64[us], UTC without a zone
    spending: np.ndarray  # purchases: revenue, else the price; 0 for other types
    prices: np.ndarray  # float, NaN = no price
    catalog_rows: np.ndarray  # rows in the ItemFacts it was read with; -1 = not there
    categories: list[str]

    @classmethod
    def empty(cls, user_id: str) -> Activity:
        nothing = np.array([], dtype=object)
        return cls(user_id, nothing, nothing, np.zeros(0, dtype=np.int64),
                   np.array([], dtype="datetime64[us]"), np.zeros(0), np.zeros(0),
                   np.zeros(0, dtype=np.int64), [])  # fmt: skip

    @property
    def rows(self) -> list[ActivityRow]:
        return [
            ActivityRow(item_id, event_type, int(count), last_at.replace(tzinfo=UTC),
                        float(spent), None if np.isnan(price) else float(price), category)
            for item_id, event_type, count, last_at, spent, price, category in zip(
                self.item_ids.tolist(), self.event_types.tolist(), self.counts.tolist(),
                self.last_at.tolist(), self.spending.tolist(), self.prices.tolist(),
                self.categories, strict=True,
            )
        ]  # fmt: skip

    def _bought(self) -> np.ndarray:
        mask: np.ndarray = self.event_types == PURCHASE
        return mask

    def items(self) -> set[str]:
        return set(self.item_ids.tolist())

    def spent(self) -> float:
        return float(sum(self.spending[self._bought()].tolist()))

    def average_price(self) -> float | None:
        """Of what they bought (each purchase counts); of what they engaged with when they
        bought nothing; None without a priced item."""
        priced = ~np.isnan(self.prices)
        for chosen in (self._bought(), self.event_types != NEGATIVE):
            chosen = chosen & priced
            if chosen.any():
                return float(np.average(self.prices[chosen], weights=self.counts[chosen]))
        return None

    def last_bought(self) -> dict[str, datetime]:
        bought = self._bought()
        return {
            item_id: at.replace(tzinfo=UTC)
            for item_id, at in zip(
                self.item_ids[bought].tolist(), self.last_at[bought].tolist(), strict=True
            )
        }

    def bought_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The catalogue rows of the items they bought that the catalogue holds, and when
        they last bought each (datetime64[s])."""
        known = self._bought() & (self.catalog_rows >= 0)
        return self.catalog_rows[known], self.last_at[known].astype("datetime64[s]")


class Profiles:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        min_buyers: int = 5,
        refresh_seconds: float = 60.0,
    ) -> None:
        self.session_factory = session_factory
        self.min_buyers = min_buyers
        self.refresh_seconds = refresh_seconds
        self.version = 0  # moves with every change
        # Events applied since the log was last read, as columns: a DataFrame per one-event
        # batch would cost more than everything else the change feed does with it.
        self._pending: list[dict[str, np.ndarray]] = []
        self._log: pd.DataFrame = pd.DataFrame(columns=store.COLUMNS)
        self._rows: dict[str, list[np.ndarray]] = {}  # user_id -> positions in the log
        self._length = 0
        self._stats: tuple[int, float, ShopperStats] | None = None
        self._cached: tuple[pd.DataFrame, dict[str, np.ndarray]] | None = None
        self._lock = threading.RLock()

    # --- keeping current (the change sync's LiveModel methods) -------------------------

    def load(self) -> None:
        with self.session_factory() as session:
            frame = store.load_events(session)
        with self._lock:
            self._pending, self._log, self._rows, self._length = [], frame.iloc[:0], {}, 0
            if len(frame):
                self._append({name: frame[name].to_numpy() for name in store.COLUMNS})
            self._stats = None

    def apply_events(self, events: Sequence[Any]) -> None:
        if not events:
            return
        columns = {
            "user_id": np.array([e.user_id for e in events], dtype=object),
            "item_id": np.array([e.item_id for e in events], dtype=object),
            "event_type": np.array([e.event_type for e in events], dtype=object),
            "timestamp": utc_naive_times([e.timestamp for e in events]),
            "revenue": np.array(
                [np.nan if e.revenue is None else float(e.revenue) for e in events],
                dtype=np.float64,
            ),
        }
        with self._lock:
            self._append(columns)

    def _append(self, columns: dict[str, np.ndarray]) -> None:
        # Each user's positions in the log, in order (a groupby's index costs a millisecond
        # even for the one-event batches the change feed mostly brings).
        codes, user_ids = pd.factorize(np.asarray(columns["user_id"], dtype=object))
        order = np.argsort(codes, kind="stable") + self._length
        bounds = np.cumsum(np.bincount(codes, minlength=len(user_ids)))[:-1]
        runs = np.split(order, bounds) if len(user_ids) else []
        for user_id, positions in zip(user_ids.tolist(), runs, strict=True):
            self._rows.setdefault(user_id, []).append(positions)
        self._pending.append(columns)
        self._length += len(codes)
        self.version += 1

    def apply_items(self, items: Sequence[Any]) -> None:
        """Nothing to do: prices and categories are read from the caller's catalogue."""

    def reset(self) -> None:
        self.load()

    # --- reading -----------------------------------------------------------------------

    def _events(self) -> pd.DataFrame:
        with self._lock:
            if self._pending:
                fresh = pd.DataFrame(
                    {
                        name: np.concatenate([part[name] for part in self._pending])
                        for name in store.COLUMNS
                    }
                )
                self._log = (
                    pd.concat([self._log, fresh], ignore_index=True) if len(self._log) else fresh
                )
                self._pending = []
            return self._log

    def activity(self, user_id: str, facts: ItemFacts) -> Activity:
        with self._lock:
            columns = self._columns()
            positions = list(self._rows.get(user_id, ()))
        if not positions:
            return Activity.empty(user_id)
        mine = np.concatenate(positions)
        items, types = columns["item_id"][mine], columns["event_type"][mine]
        keys, first, group = np.unique(
            items + "\x00" + types, return_index=True, return_inverse=True
        )
        rows = facts.rows(items[first])
        prices = facts.prices_of(rows)
        revenue = columns["revenue"][mine]
        purchase = types == PURCHASE
        spent = np.where(purchase, np.where(np.isnan(revenue), prices[group], revenue), 0.0)
        spent = np.bincount(group, weights=np.nan_to_num(spent), minlength=len(keys))
        counts = np.bincount(group, minlength=len(keys))
        last = np.full(len(keys), np.iinfo(np.int64).min)
        np.maximum.at(last, group, columns["timestamp"][mine].astype(np.int64))
        return Activity(
            user_id,
            item_ids=items[first],
            event_types=types[first],
            counts=counts,
            last_at=last.astype("datetime64[ns]").astype("datetime64[us]"),
            spending=spent,
            prices=prices,
            catalog_rows=rows,
            categories=[facts.categories[row] if row >= 0 else "" for row in rows.tolist()],
        )

    def _columns(self) -> dict[str, np.ndarray]:
        """The consolidated log as NumPy columns (timestamps datetime64[ns])."""
        events = self._events()
        if self._cached is None or self._cached[0] is not events:
            columns = {
                "user_id": events["user_id"].to_numpy(dtype=object),
                "item_id": events["item_id"].to_numpy(dtype=object),
                "event_type": events["event_type"].to_numpy(dtype=object),
                "timestamp": events["timestamp"].to_numpy(dtype="datetime64[ns]"),
                "revenue": events["revenue"].to_numpy(dtype=np.float64),
            }
            self._cached = (events, columns)
        return self._cached[1]

    def stats(self, facts: ItemFacts) -> ShopperStats:
        """The whole-log figures, relearnt when the log moved and the last ones are at
        least ``refresh_seconds`` old."""
        with self._lock:
            if self._stats is not None:
                version, at, stats = self._stats
                fresh = time.monotonic() - at < self.refresh_seconds
                if version == self.version or fresh:
                    return stats
            version = self.version
            events = self._events()
        stats = learn_stats(events, facts, self.min_buyers)
        with self._lock:
            self._stats = (version, time.monotonic(), stats)
        return stats

    def segment_buyers(self, segment: str, stats: ShopperStats) -> pd.Series:
        """Per item id, how many buyers of the spending ``segment`` bought it."""
        if len(stats.cutoffs) == 0:
            return pd.Series(dtype=np.int64)
        low, high = segment_bounds(segment, stats.cutoffs)
        members = stats.spending.index[(stats.spending > low) & (stats.spending <= high)]
        events = self._events()
        bought = events[(events["event_type"] == PURCHASE) & events["user_id"].isin(members)]
        return bought.drop_duplicates(["user_id", "item_id"]).groupby("item_id").size()

    def profile(self, activity: Activity, stats: ShopperStats) -> dict[str, object]:
        by_type: dict[str, int] = {}
        categories: dict[str, int] = {}
        rows = activity.rows  # made on each read: once here
        for row in rows:
            by_type[row.event_type] = by_type.get(row.event_type, 0) + row.count
            if row.event_type != NEGATIVE:
                categories[row.category] = categories.get(row.category, 0) + row.count
        purchases = [row for row in rows if row.event_type == PURCHASE]
        last = max(purchases, key=lambda row: (row.last_at, row.item_id), default=None)
        top = sorted(categories.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_CATEGORIES]
        average = activity.average_price()
        return {
            "user_id": activity.user_id,
            "segment": segment_of(activity.spent(), stats.cutoffs),
            "totals": {
                "events": sum(by_type.values()),
                "by_type": dict(sorted(by_type.items())),
                "purchases": sum(row.count for row in purchases),
                "items_bought": len({row.item_id for row in purchases}),
                "revenue": round(activity.spent(), 2),
            },
            "average_price": None if average is None else round(average, 2),
            "last_purchase": None
            if last is None
            else {"item_id": last.item_id, "at": last.last_at, "category": last.category},
            "top_categories": [{"category": name, "events": count} for name, count in top],
        }


def learn_stats(events: pd.DataFrame, facts: ItemFacts, min_buyers: int) -> ShopperStats:
    bought = events[events["event_type"] == PURCHASE]
    users, user_ids = pd.factorize(bought["user_id"])
    items, item_ids = pd.factorize(bought["item_id"])
    prices = facts.prices_of(facts.rows(bought["item_id"].to_numpy(dtype=object)))
    spent = np.nan_to_num(np.where(bought["revenue"].isna(), prices, bought["revenue"]))
    spending = pd.Series(np.bincount(users, weights=spent, minlength=len(user_ids)), index=user_ids)
    pairs = np.unique(np.column_stack([users, items]), axis=0) if len(bought) else np.zeros((0, 2))
    buyers = np.bincount(pairs[:, 1].astype(np.int64), minlength=len(item_ids))
    seconds = bought["timestamp"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    intervals = repurchase_intervals(users, items, seconds / DAY_SECONDS, buyers, min_buyers)
    return ShopperStats(
        intervals=pd.Series(intervals, index=item_ids, dtype=np.float64),
        cutoffs=spending_cutoffs(spending.to_numpy()),
        spending=spending[spending > 0],
    )

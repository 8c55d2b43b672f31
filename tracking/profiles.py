"""Shoppers as the storefront and the re-rank stage see them: a profile per user (segment,
totals, average price, last purchase, top categories) and the figures learnt from the whole
log (each item's repurchase interval, the spending quartiles).

The whole-log figures are recomputed at most every ``refresh_seconds`` and only once the live
model's version moved (something was logged); a user's own figures are read per request
(one aggregated query on the user's index).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from models import utcnow
from recommenders.rerank import repurchase_intervals, segment_bounds, segment_of, spending_cutoffs
from tracking import profile_store as store
from tracking.profile_store import PURCHASE, ActivityRow

NEGATIVE = "not_interested"
TOP_CATEGORIES = 5
DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class ShopperStats:
    """Learnt from the whole log."""

    # item_id -> typical days between repurchases; inf: nobody rebuys; absent: unknown.
    intervals: dict[str, float]
    cutoffs: np.ndarray  # spending at the 25th, 50th, 75th percentile of buyers
    buyers: int
    computed_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Activity:
    """One user's log, aggregated per (item, event type)."""

    user_id: str
    rows: list[ActivityRow]

    @property
    def purchases(self) -> list[ActivityRow]:
        return [row for row in self.rows if row.event_type == PURCHASE]

    def items(self) -> set[str]:
        return {row.item_id for row in self.rows}

    def spent(self) -> float:
        return float(sum(row.spent for row in self.purchases))

    def average_price(self) -> float | None:
        """Of what they bought (each purchase counts); of what they engaged with when they
        bought nothing; None without a priced item."""
        for rows in (self.purchases, [r for r in self.rows if r.event_type != NEGATIVE]):
            priced = [(row.price, row.count) for row in rows if row.price is not None]
            if priced:
                prices, counts = np.array(priced, dtype=np.float64).T
                return float(np.average(prices, weights=counts))
        return None

    def last_bought(self) -> dict[str, datetime]:
        return {row.item_id: row.last_at for row in self.purchases}


class Profiles:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        min_buyers: int = 5,
        refresh_seconds: float = 60.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.min_buyers = min_buyers
        self.refresh_seconds = refresh_seconds
        self.clock = clock
        self._stats: ShopperStats | None = None
        self._stats_version: int | None = None
        self._stats_at = 0.0
        self._lock = threading.Lock()

    def stats(self, version: int) -> ShopperStats:
        """The whole-log figures, relearnt when ``version`` (the live model's) moved and the
        last ones are at least ``refresh_seconds`` old."""
        with self._lock:
            stale = self._stats is None or (
                version != self._stats_version
                and time.monotonic() - self._stats_at >= self.refresh_seconds
            )
            if stale:
                with self.session_factory() as session:
                    self._stats = learn_stats(session, self.min_buyers)
                self._stats_version = version
                self._stats_at = time.monotonic()
            assert self._stats is not None
            return self._stats

    def activity(self, user_id: str) -> Activity:
        with self.session_factory() as session:
            return Activity(user_id, store.user_activity(session, user_id))

    def segment_buyers(self, segment: str, stats: ShopperStats) -> dict[str, int]:
        """Per item, how many buyers of the spending ``segment`` bought it."""
        if len(stats.cutoffs) == 0:
            return {}
        low, high = segment_bounds(segment, stats.cutoffs)
        with self.session_factory() as session:
            return store.buyers_in_spending_range(session, low, high)

    def profile(self, activity: Activity, stats: ShopperStats) -> dict[str, object]:
        by_type: dict[str, int] = {}
        categories: dict[str, int] = {}
        for row in activity.rows:
            by_type[row.event_type] = by_type.get(row.event_type, 0) + row.count
            if row.event_type != NEGATIVE:
                categories[row.category] = categories.get(row.category, 0) + row.count
        purchases = activity.purchases
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


def learn_stats(session: Session, min_buyers: int) -> ShopperStats:
    buyers = pd.Series(store.buyers_per_item(session), dtype=np.int64).sort_index()
    repeats = store.repeat_purchases(session)
    item_ids = buyers.index.to_numpy(dtype=object)
    users, _ = pd.factorize(repeats["user_id"])
    rows = buyers.index.get_indexer(repeats["item_id"])
    seconds = repeats["timestamp"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    days = seconds / DAY_SECONDS
    counts = buyers.to_numpy()
    intervals = repurchase_intervals(users, rows, days, counts, min_buyers)
    spending = store.spending_per_buyer(session)
    known = ~np.isnan(intervals)
    return ShopperStats(
        intervals=dict(zip(item_ids[known].tolist(), intervals[known].tolist(), strict=True)),
        cutoffs=spending_cutoffs(spending),
        buyers=int((spending > 0).sum()),
    )

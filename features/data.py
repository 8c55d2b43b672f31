"""The data every feature and strategy reads: the event log in columns and the catalogue.

Here, below the features and the strategies, so the readers (datasets), storage, the
features and the recommenders share one shape.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

import numpy as np
import pandas as pd

# EVALUATION.md section 1: these event types are positives; views and not_interested are not.
# Here beside the event log type, so the file readers (datasets) and storage share one list.
POSITIVE_EVENT_TYPES = frozenset({"click", "add_to_cart", "purchase"})


@dataclass
class Catalog:
    """Items in a fixed order; row ``i`` of every item-indexed matrix is ``item_ids[i]``."""

    item_ids: list[str]
    titles: list[str]
    categories: list[str]
    descriptions: list[str]
    prices: np.ndarray  # float64, NaN where the item has no price

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Catalog:
        """Columns: item_id, title, category, description (optional), price (optional)."""
        n = len(frame)
        description = frame["description"] if "description" in frame else pd.Series([""] * n)
        price = frame["price"] if "price" in frame else pd.Series([np.nan] * n)
        return cls(
            item_ids=frame["item_id"].astype(str).tolist(),
            titles=frame["title"].fillna("").astype(str).tolist(),
            categories=frame["category"].fillna("").astype(str).tolist(),
            descriptions=description.fillna("").astype(str).tolist(),
            prices=pd.to_numeric(price, errors="coerce").to_numpy(dtype=np.float64),
        )

    def __len__(self) -> int:
        return len(self.item_ids)

    def mask(
        self,
        categories: Collection[str] | None = None,
        min_price: float | None = None,
        max_price: float | None = None,
    ) -> np.ndarray:
        """The ``allowed`` filter for ``Recommender.recommend``: items in any of
        ``categories`` and priced within [min_price, max_price] (an item without a price
        fails any price bound)."""
        allowed = np.ones(len(self), dtype=bool)
        if categories:
            allowed &= np.isin(np.asarray(self.categories, dtype=object), list(categories))
        with np.errstate(invalid="ignore"):
            if min_price is not None:
                allowed &= self.prices >= min_price
            if max_price is not None:
                allowed &= self.prices <= max_price
        return allowed

    def extend(self, other: Catalog) -> None:
        """Append ``other``'s items (indices continue where this catalogue ends)."""
        self.item_ids += other.item_ids
        self.titles += other.titles
        self.categories += other.categories
        self.descriptions += other.descriptions
        self.prices = np.concatenate([self.prices, other.prices])


def utc_naive_times(values: Sequence[object]) -> np.ndarray:
    """Event times as naive-UTC ``datetime64[ns]``. ``datetime`` objects (what the change
    feed carries, often one at a time) convert directly: pandas' parser costs a hundred
    times more for a short list. Anything else (ISO strings) goes through that parser."""
    if all(isinstance(value, datetime) for value in values):
        naive = [
            value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
            for value in cast(Sequence[datetime], values)
        ]
        return np.array(naive, dtype="datetime64[us]").astype("datetime64[ns]")
    parsed = pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
    times: np.ndarray = parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    return times


@dataclass
class InteractionData:
    """An event log in columns: who, what, how strongly (event weight), when."""

    user_ids: np.ndarray  # str objects
    item_ids: np.ndarray  # str objects
    weights: np.ndarray  # float64: the event type's weight from config (1.0 for binary data)
    timestamps: np.ndarray  # datetime64[ns], UTC
    event_types: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> InteractionData:
        """Columns: user_id, item_id, weight, timestamp, and optionally event_type."""
        timestamps = pd.to_datetime(frame["timestamp"], utc=True).dt.tz_localize(None)
        event_types = (
            frame["event_type"].astype(str).to_numpy(dtype=object)
            if "event_type" in frame
            else np.full(len(frame), "purchase", dtype=object)
        )
        return cls(
            user_ids=frame["user_id"].astype(str).to_numpy(dtype=object),
            item_ids=frame["item_id"].astype(str).to_numpy(dtype=object),
            weights=frame["weight"].to_numpy(dtype=np.float64),
            timestamps=timestamps.to_numpy(dtype="datetime64[ns]"),
            event_types=event_types,
        )

    def __len__(self) -> int:
        return len(self.user_ids)

"""The normalised pair every reader returns, and the protocol's view of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from features.data import POSITIVE_EVENT_TYPES, Catalog, InteractionData

ITEM_COLUMNS = ["item_id", "title", "category", "description", "price"]
EVENT_COLUMNS = ["user_id", "item_id", "event_type", "timestamp", "revenue"]


@dataclass
class Dataset:
    """``items``: item_id, title, category, description, price (NaN when unknown).
    ``events``: user_id, item_id, event_type, timestamp (UTC, naive), revenue (NaN when unknown).
    Ids are strings; events are sorted by timestamp."""

    name: str
    items: pd.DataFrame
    events: pd.DataFrame

    def positives(self) -> pd.DataFrame:
        """EVALUATION.md section 1: positive events only, each (user, item) pair once at its
        earliest timestamp. Columns: user_id, item_id, timestamp."""
        positive = self.events[self.events["event_type"].isin(POSITIVE_EVENT_TYPES)]
        earliest = (
            positive.groupby(["user_id", "item_id"], sort=False, observed=True)["timestamp"]
            .min()
            .reset_index()
        )
        return earliest.sort_values(["timestamp", "user_id", "item_id"], ignore_index=True)

    def catalog(self) -> Catalog:
        return Catalog.from_frame(self.items)

    def interactions(self, event_weights: Mapping[str, float]) -> InteractionData:
        """Every event with its type's weight (unknown types are dropped)."""
        weights = self.events["event_type"].map(dict(event_weights))
        kept = self.events[weights.notna()]
        return InteractionData.from_frame(kept.assign(weight=weights[weights.notna()]))


def normalise(name: str, items: pd.DataFrame, events: pd.DataFrame) -> Dataset:
    """Put both frames in the documented column order, dtypes and sort order."""
    items = items.reindex(columns=ITEM_COLUMNS)
    items["item_id"] = items["item_id"].astype(str)
    for column in ("title", "category", "description"):
        # object first: a column the file lacks is all-NaN float, which refuses a "" fill
        items[column] = items[column].astype(object).fillna("").astype(str)
    items["price"] = pd.to_numeric(items["price"], errors="coerce").astype(np.float64)
    events = events.reindex(columns=EVENT_COLUMNS)
    events["user_id"] = events["user_id"].astype(str)
    events["item_id"] = events["item_id"].astype(str)
    events["event_type"] = events["event_type"].astype(str)
    events["revenue"] = pd.to_numeric(events["revenue"], errors="coerce").astype(np.float64)
    events = events.sort_values("timestamp", kind="stable", ignore_index=True)
    return Dataset(name=name, items=items.reset_index(drop=True), events=events)

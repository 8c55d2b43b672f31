"""The one interface every recommendation strategy implements.

The API, the A/B manager and the offline evaluator all take any ``Recommender``: they
fit it on an ``InteractionData`` + ``Catalog`` pair and ask it for ranked ``Scored`` items.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Scored:
    """One recommended item: its score, the evidence behind it, and which path produced it."""

    item_id: str
    score: float
    reason: str
    # "model" for the strategy's own ranking; otherwise names the path, e.g. "cold_item_fill",
    # "popular_fallback", so an answer can say when a fallback served it.
    source: str = "model"


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


class Recommender(ABC):
    """Fit once on a log and a catalogue, then rank items for users and items."""

    name: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def fit(self, data: InteractionData, catalog: Catalog) -> None:
        """Build the model from scratch."""

    @abstractmethod
    def recommend(self, user_id: str, n: int = 10, exclude: Collection[str] = ()) -> list[Scored]:
        """Best first, at most ``n`` (plus a strategy's documented fill), never an item the
        user interacted with nor one in ``exclude``. An unknown user gets the fallback."""

    @abstractmethod
    def similar_items(self, item_id: str, n: int = 10) -> list[Scored]:
        """Items most like ``item_id``, best first, never ``item_id`` itself."""

    def partial_update(self, events: InteractionData) -> None:
        """Take new events into the live model so the next ``recommend`` reflects them
        (seen items leave the user's list, the user's profile moves) without a rebuild.
        Strategies that cannot must leave this raising; the serving layer then refits."""
        raise NotImplementedError

    def add_items(self, items: Catalog) -> None:
        """Take new catalogue items into the live model (e.g. content vectors at once)."""
        raise NotImplementedError

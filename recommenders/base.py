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

# EVALUATION.md section 1: these event types are positives; views and not_interested are not.
# Here beside the event log type, so the file readers (datasets) and storage share one list.
POSITIVE_EVENT_TYPES = frozenset({"click", "add_to_cart", "purchase"})


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
    def recommend(
        self,
        user_id: str,
        n: int = 10,
        exclude: Collection[str] = (),
        allowed: np.ndarray | None = None,
    ) -> list[Scored]:
        """Best first, at most ``n`` (plus a strategy's documented fill), never an item the
        user interacted with, rejected (``not_interested``) or listed in ``exclude``.
        An unknown user gets the fallback, marked in ``Scored.source``.

        ``allowed`` is the serving layer's filter, applied before the top-``n`` cut: a
        boolean mask over catalogue indices (``Catalog.item_ids`` order, then items added
        with ``add_items`` in the order added); ``False`` items are never returned, so a
        category or price filter still yields ``n`` items when ``n`` qualify. A mask
        shorter than the live catalogue leaves the newer items allowed. ``Catalog.mask``
        builds one from categories and a price range.
        """

    @abstractmethod
    def similar_items(
        self, item_id: str, n: int = 10, allowed: np.ndarray | None = None
    ) -> list[Scored]:
        """Items most like ``item_id``, best first, never ``item_id`` itself; an unknown
        item gets an empty list. ``allowed`` filters as in ``recommend``."""

    def scores(self, user_id: str) -> np.ndarray | None:
        """Optional: the raw score of every catalogue item for ``user_id`` (higher is
        better, ``-inf`` where the strategy has no evidence), before seen items are
        removed; ``None`` when the user is unknown. The hybrid blends these."""
        return None

    def partial_update(self, events: InteractionData) -> None:
        """Take new events into the live model so the next ``recommend`` reflects them
        (seen items leave the user's list, the user's profile moves) without a rebuild.
        Strategies that cannot must leave this raising; the serving layer then refits."""
        raise NotImplementedError

    def add_items(self, items: Catalog) -> None:
        """Take new catalogue items into the live model (e.g. content vectors at once)."""
        raise NotImplementedError

    def explain(self, user_id: str, item_ids: Collection[str]) -> dict[str, str]:
        """Optional: the evidence behind each item for this user, as in ``Scored.reason``."""
        return {}

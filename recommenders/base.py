"""The one interface every recommendation strategy implements.

The API, the A/B manager and the offline evaluator all take any ``Recommender``: they
fit it on an ``InteractionData`` + ``Catalog`` pair and ask it for ranked ``Scored`` items.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from features.data import Catalog, InteractionData


@dataclass(frozen=True)
class Scored:
    """One recommended item: its score, the evidence behind it, and which path produced it."""

    item_id: str
    score: float
    reason: str
    # "model" for the strategy's own ranking; otherwise names the path, e.g. "cold_item_fill",
    # "popular_fallback", so an answer can say when a fallback served it.
    source: str = "model"


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
        explain: bool = True,
    ) -> list[Scored]:
        """Best first, at most ``n`` (plus a strategy's documented fill), never an item the
        user interacted with, rejected (``not_interested``) or listed in ``exclude``.
        An unknown user gets the fallback, marked in ``Scored.source``.

        ``explain=False`` leaves every ``reason`` empty: a caller that shows only some of
        the items (a page of re-ranked candidates) asks ``reasons`` for those afterwards,
        rather than paying for the evidence of every candidate.

        ``allowed`` is the serving layer's filter, applied before the top-``n`` cut: a
        boolean mask over catalogue indices (``Catalog.item_ids`` order, then items added
        with ``add_items`` in the order added); ``False`` items are never returned, so a
        category or price filter still yields ``n`` items when ``n`` qualify. A mask
        shorter than the live catalogue leaves the newer items allowed. ``Catalog.mask``
        builds one from categories and a price range.
        """

    @abstractmethod
    def similar_items(
        self, item_id: str, n: int = 10, allowed: np.ndarray | None = None, explain: bool = True
    ) -> list[Scored]:
        """Items most like ``item_id``, best first, never ``item_id`` itself; an unknown
        item gets an empty list. ``allowed`` filters as in ``recommend``; ``explain=False``
        leaves the reasons empty (``similar_reasons`` gives them)."""

    def similar_scores(
        self, item_id: str, n: int = 10, allowed: np.ndarray | None = None
    ) -> tuple[list[str], np.ndarray]:
        """``similar_items`` as (item ids, scores) without an object per item, for callers
        that merge or re-rank many answers."""
        answer = self.similar_items(item_id, n, allowed, explain=False)
        return [s.item_id for s in answer], np.array([s.score for s in answer], dtype=float)

    def similar_reasons(self, item_id: str, item_ids: Sequence[str]) -> list[str]:
        """The reasons ``similar_items(item_id)`` gives these items, in order."""
        return [""] * len(item_ids)

    def reasons(self, user_id: str, answer: Sequence[Scored]) -> list[str]:
        """The reasons ``recommend`` gives, in order, for items of one of its answers for
        ``user_id`` that was made with ``explain=False`` (any subset, any order)."""
        return [scored.reason for scored in answer]

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

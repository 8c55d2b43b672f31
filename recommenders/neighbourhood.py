"""Shared by the item-to-item strategies (item_cf, rp3beta, ease): a user's score is their
row times an item x item weight matrix, and the evidence is which of their items weigh most.
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
import scipy.sparse as sp

from recommenders.scoring import ScoringRecommender


class ItemToItemRecommender(ScoringRecommender):
    """Subclasses build ``self.weights`` (items x items, row i = what item i lends to others;
    sparse or dense) over the first ``weights.shape[0]`` items."""

    weights: sp.csr_matrix | np.ndarray

    def __init__(
        self, *, half_life_days: float | None = 30.0, recency_half_life: float | None = None
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        self.weights = sp.csr_matrix((0, 0))

    @abstractmethod
    def _build_weights(self) -> sp.csr_matrix | np.ndarray: ...

    def _fit(self) -> None:
        self.weights = self._build_weights()

    def _known(self, items: np.ndarray) -> np.ndarray:
        known: np.ndarray = items[items < self.weights.shape[0]]
        return known

    def _user_scores(self, user: int) -> np.ndarray:
        items, values = self._user_row(user)
        keep = items < self.weights.shape[0]
        items, values = items[keep], values[keep]
        if len(items) == 0:
            return np.full(self.matrix.n_items, -np.inf)
        rows = self.weights[items]
        scores = np.asarray(rows.T @ values).ravel()
        return np.where(scores != 0, scores, -np.inf)

    def _item_similarity(self, item: int) -> np.ndarray:
        if item >= self.weights.shape[0]:
            return np.zeros(0)
        weights = self.weights
        if isinstance(weights, sp.csr_matrix):  # the row without a sparse slice
            start, stop = weights.indptr[item], weights.indptr[item + 1]
            row = np.zeros(weights.shape[1])
            np.add.at(row, weights.indices[start:stop], weights.data[start:stop])
        elif sp.issparse(weights):
            row = weights[item].toarray().ravel()
        else:
            row = np.asarray(weights[item]).ravel()
        similarity: np.ndarray = np.maximum(row, 0.0)
        return similarity

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        liked, values = self._user_row(user)
        keep = liked < self.weights.shape[0]
        liked, values = liked[keep], values[keep]
        inside = np.minimum(items, self.weights.shape[0] - 1)
        block = self.weights[liked][:, inside]
        block = block.toarray() if sp.issparse(block) else np.asarray(block)
        contributions = block * values[:, None]
        contributions[:, items >= self.weights.shape[0]] = 0.0
        return self._liked_reasons(user, contributions, liked)

    def _similar_reason(self, item: int, other: int) -> str:
        return f"often chosen with '{self.catalog.titles[item] or self.catalog.item_ids[item]}'"

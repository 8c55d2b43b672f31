"""``ease``: the closed-form linear item x item model of Steck (2019), "Embarrassingly
Shallow Autoencoders": B = I - P / diag(P) with P = (X'X + lambda I)^-1, diag(B) = 0.

It is dense: memory grows with the square of the items it models, so it models at most
``max_items`` of the most chosen items (the rest are left to the fill); 20,000 items is
1.6 GB at float32, hence the default 8,000 (256 MB, twice that while fitting).
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from recommenders.neighbourhood import ItemToItemRecommender


class EASERecommender(ItemToItemRecommender):
    name = "ease"
    description = (
        "EASE linear autoencoder: a closed-form item x item regression over what people "
        "chose together; strongest on ranking quality, dense in the number of items."
    )

    def __init__(
        self,
        l2: float = 500.0,
        *,
        max_items: int = 8_000,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = None,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        self.l2 = l2
        self.max_items = max_items
        self._modelled = np.zeros(0, dtype=np.int64)
        self._position = np.zeros(0, dtype=np.int64)

    def _build_weights(self) -> np.ndarray:
        users = self.matrix.to_csr()
        popularity = np.diff(users.tocsc().indptr)
        chosen = np.flatnonzero(popularity > 0)
        if len(chosen) > self.max_items:
            chosen = np.sort(
                chosen[np.argsort(-popularity[chosen], kind="stable")][: self.max_items]
            )
        self._modelled = chosen
        self._position = np.full(self.matrix.n_items, -1, dtype=np.int64)
        self._position[chosen] = np.arange(len(chosen))
        x = users[:, chosen]
        # float32 halves memory and inversion time; the ridge keeps it well conditioned.
        gram = (x.T @ x).toarray().astype(np.float32)
        gram[np.diag_indices_from(gram)] += self.l2
        inverse = scipy.linalg.inv(gram, overwrite_a=True, check_finite=False)
        weights = inverse / (-np.diag(inverse))
        weights[np.diag_indices_from(weights)] = 0.0
        return weights

    def _user_scores(self, user: int) -> np.ndarray:
        items, values = self._user_row(user)
        inside = items < len(self._position)
        positions = self._position[items[inside]]
        keep = positions >= 0
        scores = np.full(self.matrix.n_items, -np.inf)
        if keep.any():
            scores[self._modelled] = values[inside][keep] @ self.weights[positions[keep]]
        return scores

    def _item_similarity(self, item: int) -> np.ndarray:
        similarity = np.zeros(self.matrix.n_items)
        if item < len(self._position) and self._position[item] >= 0:
            similarity[self._modelled] = np.maximum(self.weights[self._position[item]], 0)
        return similarity

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        liked, values = self._user_row(user)
        inside = liked < len(self._position)
        liked, values = liked[inside], values[inside]
        liked_pos = self._position[liked]
        keep = liked_pos >= 0
        liked, values, liked_pos = liked[keep], values[keep], liked_pos[keep]
        item_pos = np.where(
            items < len(self._position),
            self._position[np.minimum(items, len(self._position) - 1)],
            -1,
        )
        contributions = self.weights[np.ix_(liked_pos, np.maximum(item_pos, 0))] * values[:, None]
        contributions[:, item_pos < 0] = 0.0
        return self._liked_reasons(user, contributions, liked)

"""``rp3beta``: a three-step random walk user -> item -> user -> item, with each target
item's probability divided by its popularity^beta (Paudel et al. 2017; Christoffel et al.
2015). Transition probabilities are raised to alpha; each item keeps its top-K targets."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from features.similarity import top_k_neighbours, unit_rows
from recommenders.neighbourhood import ItemToItemRecommender


class RP3BetaRecommender(ItemToItemRecommender):
    name = "rp3beta"
    description = (
        "Graph random walk (RP3beta): items reached from the user's items through people who "
        "chose both, with popular items discounted; sparse top-K per item."
    )

    def __init__(
        self,
        neighbours: int = 200,
        *,
        alpha: float = 0.5,
        beta: float = 0.5,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = 3.0,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        self.neighbours = neighbours
        self.alpha = alpha
        self.beta = beta

    def _build_weights(self) -> sp.csr_matrix:
        users = self.matrix.to_csr()
        user_to_item = unit_rows(users, "l1")
        item_to_user = unit_rows(users.T.tocsr(), "l1")
        if self.alpha != 1.0:
            user_to_item.data **= self.alpha
            item_to_user.data **= self.alpha
        popularity = np.diff(users.tocsc().indptr).astype(np.float64)
        discount = np.power(np.maximum(popularity, 1.0), -self.beta)
        # item i -> users -> item j, i.e. (item_to_user @ user_to_item)[i, j]
        weights = top_k_neighbours(
            item_to_user, user_to_item.T.tocsr(), self.neighbours, column_weights=discount
        )
        return unit_rows(weights, "l1")

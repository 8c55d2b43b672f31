"""``item_cf``: item-based collaborative filtering on co-occurrence.

Two items are close when the same people chose both. Item vectors over users are weighted
(BM25 by default: people who choose everything count less, very popular items are length-
normalised; or plain cosine), their dot products give the similarity, and each item keeps
only its top-K neighbours, so the model is a sparse items x K matrix.
"""

from __future__ import annotations

import scipy.sparse as sp

from features.similarity import bm25_weight, top_k_neighbours, unit_rows
from recommenders.neighbourhood import ItemToItemRecommender


class ItemKNNRecommender(ItemToItemRecommender):
    name = "item_cf"
    description = (
        "Item-based collaborative filtering: co-occurrence similarity (BM25-weighted or "
        "cosine), top-K neighbours per item; items close to what the user chose."
    )

    def __init__(
        self,
        neighbours: int = 50,
        *,
        weighting: str = "bm25",
        k1: float = 1.2,
        b: float = 0.75,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = 3.0,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        if weighting not in ("bm25", "cosine"):
            raise ValueError(f"weighting must be 'bm25' or 'cosine', not {weighting!r}")
        self.neighbours = neighbours
        self.weighting = weighting
        self.k1 = k1
        self.b = b

    def _build_weights(self) -> sp.csr_matrix:
        items_by_users = self.matrix.to_csr().T.tocsr()
        if self.weighting == "bm25":
            vectors = bm25_weight(items_by_users, self.k1, self.b)
        else:
            vectors = unit_rows(items_by_users, "l2")
        # Row i: item i's neighbours; a user's score sums the rows of their items.
        return top_k_neighbours(vectors, vectors, self.neighbours)

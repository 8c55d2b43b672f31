"""``cf`` (v1): user-based collaborative filtering.

Users are rows of the weighted user x item matrix. For a user: cosine similarity to every
other user (one sparse product), the top-K neighbours, and for each item they have and the
user has not, the sum of similarity x the neighbour's weight. Then the cold-item fill: items
nobody has interacted with yet are scored by content similarity to the user's items,
discounted x0.05, and the best of them (at most n) are appended after the n CF results, so
the count limit never crowds them out. A user without history gets the popular fallback.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from features.item_features import DEFAULT_CATEGORY_WEIGHT, ItemFeatures
from features.similarity import unit_rows
from recommenders.base import Scored
from recommenders.content import liked_reason
from recommenders.interaction_state import Applied
from recommenders.scoring import ScoringRecommender, catalog_rows, pad, top_n

COLD_ITEM_FILL = "cold_item_fill"
COLD_ITEM_DISCOUNT = 0.05


class UserKNNRecommender(ScoringRecommender):
    name = "cf"
    description = (
        "User-based collaborative filtering: cosine between users, top-K neighbours, items "
        "scored by similarity x neighbour weight; items nobody has touched yet are appended "
        "by content similarity (x0.05)."
    )

    def __init__(
        self,
        neighbours: int = 50,
        *,
        similarity_power: float = 1.0,
        cold_item_discount: float = COLD_ITEM_DISCOUNT,
        category_weight: float = DEFAULT_CATEGORY_WEIGHT,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = 3.0,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        self.neighbours = neighbours
        # Sharpens similarities (s ** power) so the closest neighbours count for more.
        self.similarity_power = similarity_power
        self.cold_item_discount = cold_item_discount
        self.features = ItemFeatures(category_weight)
        self._users = sp.csr_matrix((0, 0))
        self._unit_users = sp.csr_matrix((0, 0))
        self._unit_items = sp.csr_matrix((0, 0))
        self._item_people = np.zeros(0, dtype=np.int64)
        self._recent: tuple[int, np.ndarray, np.ndarray] | None = None
        self._cold: tuple[np.ndarray, sp.csr_matrix] | None = None

    def _fit(self) -> None:
        # The fit-time matrix itself, not a copy: the shared state replaces its base matrix
        # rather than writing into it, so this stays the snapshot the model was fitted on.
        self._users = self.matrix.to_csr()
        self._unit_users = unit_rows(self._users, "l2")
        # Items as rows of unit length: their cosine answers similar_items.
        self._unit_items = unit_rows(self._users.T.tocsr(), "l2")
        self._item_people = np.diff(self._users.tocsc().indptr)
        self.features.fit(self.catalog)
        self._recent = None
        self._cold = None

    def _events_applied(self, applied: Applied) -> None:
        items = applied.positive_items
        self._item_people = pad(self._item_people, self.matrix.n_items, 0).astype(np.int64)
        if (self._item_people[items] == 0).any():
            self._item_people[items] = 1
            self._cold = None

    def _items_added(self, start: int) -> None:
        self.features.add(catalog_rows(self.catalog, range(start, len(self.catalog))))
        self._item_people = pad(self._item_people, self.matrix.n_items, 0).astype(np.int64)
        self._cold = None

    def _users_changed(self, users: set[int]) -> None:
        self._recent = None

    def _cold_vectors(self) -> tuple[np.ndarray, sp.csr_matrix]:
        """The items nobody has chosen and their content vectors (kept until that changes)."""
        if self._cold is None:
            candidates = np.flatnonzero(self._item_people == 0)
            self._cold = (candidates, self.features.vectors[candidates])
        return self._cold

    def neighbours_of(self, user: int) -> tuple[np.ndarray, np.ndarray]:
        """The user's top-K neighbours (indices, similarities), best first. The last answer
        is kept: scoring and explaining one request both need it."""
        recent = self._recent
        if recent is not None and recent[0] == user:
            return recent[1], recent[2]
        nearest, similarity = self._neighbours(user)
        self._recent = (user, nearest, similarity)
        return nearest, similarity

    def _neighbours(self, user: int) -> tuple[np.ndarray, np.ndarray]:
        items, weights = self._user_row(user)
        vector = np.zeros(self.matrix.n_items)
        vector[items] = weights
        vector = vector[: self._users.shape[1]]
        norm = np.linalg.norm(vector)
        if norm == 0 or self._users.shape[0] == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        similarity = self._unit_users @ (vector / norm)
        if user < len(similarity):
            similarity[user] = 0.0
        similarity[similarity <= 0] = -np.inf
        nearest = top_n(similarity, self.neighbours)
        return nearest, similarity[nearest]

    def _user_scores(self, user: int) -> np.ndarray:
        nearest, similarity = self.neighbours_of(user)
        if len(nearest) == 0:
            return np.full(self.matrix.n_items, -np.inf)
        weights = similarity**self.similarity_power
        scores = self._users[nearest].T @ weights
        return np.where(scores > 0, scores, -np.inf)

    def _item_similarity(self, item: int) -> np.ndarray:
        if item >= self._unit_items.shape[0]:
            return self.features.similarity(item)
        return np.asarray((self._unit_items @ self._unit_items[item].T).todense()).ravel()

    def _similar_reason(self, item: int, other: int) -> str:
        return f"people who liked '{self.catalog.titles[item]}' also liked this"

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        nearest, _ = self.neighbours_of(user)
        known = items < self._users.shape[1]
        reasons = []
        had = (
            self._users[nearest][:, items[known]].toarray() > 0
            if len(nearest)
            else np.zeros((0, known.sum()), dtype=bool)
        )
        column = 0
        for is_known in known:
            if not is_known:
                reasons.append("")
                continue
            who = nearest[had[:, column]]
            column += 1
            names = ", ".join(self.matrix.user_ids[u] for u in who[:3])
            reasons.append(
                f"liked by {len(who)} of your {len(nearest)} nearest neighbours ({names})"
            )
        return reasons

    def _extra(self, user: int, n: int, blocked: np.ndarray) -> list[Scored]:
        """The cold-item fill (after the n CF results)."""
        cold = (self._item_people == 0) & ~blocked
        if not cold.any() or self.cold_item_discount <= 0:
            return []
        liked, weights = self._user_row(user)
        profile = self.features.profile(liked, weights)
        candidates, vectors = self._cold_vectors()
        scores = np.full(len(cold), -np.inf)
        scores[candidates] = vectors @ profile * self.cold_item_discount
        scores[~cold | (scores <= 0)] = -np.inf
        return [
            Scored(self.catalog.item_ids[item], float(scores[item]), "", COLD_ITEM_FILL)
            for item in top_n(scores, n)
        ]

    def _path_reasons(self, user: int | None, source: str, items: np.ndarray) -> list[str]:
        if source != COLD_ITEM_FILL or user is None:
            return super()._path_reasons(user, source, items)
        # The reason names the liked item closest to each and the words those two share.
        liked, weights = self._user_row(user)
        return [
            liked_reason(self.catalog, named, words, item, lead="new item like") or "new item"
            for item, (named, words) in zip(
                items, self.features.evidence(liked, weights, items, top=1), strict=True
            )
        ]

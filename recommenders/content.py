"""``content`` (v2): items like the ones the user liked, by their words and category.

Item vectors: TF-IDF on title + description plus a ``__cat_<name>`` indicator (weight 3.0),
unit length. Score of item j = sum over the user's items i of cosine(i, j) x weight(i),
computed as one sparse product with the user's profile (the weighted sum of their item
vectors), so no item x item matrix is ever stored.
"""

from __future__ import annotations

import numpy as np

from features.data import Catalog
from features.item_features import DEFAULT_CATEGORY_WEIGHT, ItemFeatures
from recommenders.base import Scored
from recommenders.scoring import ScoringRecommender, catalog_rows, quote_titles

REPRESENTATIVE_FALLBACK = "representative_fallback"


class ContentRecommender(ScoringRecommender):
    name = "content"
    description = (
        "Content-based: TF-IDF on title and description plus category; items most similar "
        "to what the user interacted with. New users get the most representative items."
    )

    def __init__(
        self,
        category_weight: float = DEFAULT_CATEGORY_WEIGHT,
        *,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = 2.0,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        self.features = ItemFeatures(category_weight)
        self._feature_sum = np.zeros(0)

    def _fit(self) -> None:
        self.features.fit(self.catalog)
        self._feature_sum = np.asarray(self.features.vectors.sum(axis=0)).ravel()

    def _items_added(self, start: int) -> None:
        new = self.features.add(catalog_rows(self.catalog, range(start, len(self.catalog))))
        self._feature_sum = _pad_to(self._feature_sum, new.shape[1])
        self._feature_sum += np.asarray(new.sum(axis=0)).ravel()

    def _profile(self, user: int) -> np.ndarray:
        items, weights = self._user_row(user)
        return self.features.profile(items, weights)

    def _user_scores(self, user: int) -> np.ndarray:
        scores = self.features.scores(self._profile(user))
        return np.where(scores > 0, scores, -np.inf)

    def _item_similarity(self, item: int) -> np.ndarray:
        return self.features.similarity(item)

    def _similar_reason(self, item: int, other: int) -> str:
        terms = self.features.terms_in_common(item, other)
        return "shares " + (", ".join(terms) if terms else "its category")

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        liked, weights = self._user_row(user)
        return [
            liked_reason(self.catalog, named, words, item)
            for item, (named, words) in zip(
                items, self.features.evidence(liked, weights, items), strict=True
            )
        ]

    def _cold_start(self, n: int, blocked: np.ndarray) -> list[Scored]:
        """Most representative: highest mean similarity to the whole catalogue."""
        mean_similarity = self._mean_similarity()
        mean_similarity[blocked[: len(mean_similarity)]] = -np.inf
        order = np.lexsort((np.arange(len(mean_similarity)), -mean_similarity))[:n]
        return [
            Scored(self.catalog.item_ids[i], float(mean_similarity[i]), "", REPRESENTATIVE_FALLBACK)
            for i in order
            if np.isfinite(mean_similarity[i])
        ]

    def _path_reasons(self, user: int | None, source: str, items: np.ndarray) -> list[str]:
        if source != REPRESENTATIVE_FALLBACK:
            return super()._path_reasons(user, source, items)
        mean_similarity = self._mean_similarity()
        return [
            f"representative of the catalogue (mean similarity {mean_similarity[i]:.2f})"
            for i in items
        ]

    def _mean_similarity(self) -> np.ndarray:
        n_items = max(self.features.vectors.shape[0], 1)
        similarity: np.ndarray = self.features.scores(self._feature_sum) / n_items
        return similarity


def liked_reason(
    catalog: Catalog, named: list[int], words: list[str], item: int, lead: str = "because you liked"
) -> str:
    """ "because you liked 'A' (terms: x, y)": the liked items behind the score and the words
    the item shares with them; a shared category says so when no word is shared."""
    if not named:
        return ""
    reason = f"{lead} " + quote_titles([catalog.titles[i] or catalog.item_ids[i] for i in named])
    if words:
        return f"{reason} (terms: {', '.join(words)})"
    category = catalog.categories[item]
    if category and all(catalog.categories[i] == category for i in named):
        return f"{reason} (same category: {category})"
    return reason


def _pad_to(vector: np.ndarray, length: int) -> np.ndarray:
    return np.concatenate([vector, np.zeros(max(0, length - len(vector)))])

"""``popular``: what is trending now, the same list for everyone (minus what they have seen)."""

from __future__ import annotations

import numpy as np

from recommenders.base import Scored
from recommenders.scoring import ScoringRecommender


class PopularityRecommender(ScoringRecommender):
    name = "popular"
    description = (
        "Trending items: distinct people and interactions per item, decayed with a half-life "
        "measured back from the newest event (never under a quarter of the log's span). Also "
        "every strategy's cold-user fallback."
    )

    def _fit(self) -> None:
        """Nothing beyond the trending scores every strategy keeps."""

    def _user_scores(self, user: int) -> np.ndarray:
        return self.trending.scores

    def _item_similarity(self, item: int) -> np.ndarray:
        """Items of the same category, the more popular the closer."""
        categories = np.asarray(self.catalog.categories, dtype=object)
        same = categories == self.catalog.categories[item]
        peak = max(float(self.trending.scores.max(initial=0.0)), 1e-12)
        similarity: np.ndarray = same * (0.5 + 0.5 * self.trending.scores / peak)
        return similarity

    def _similar_reason(self, item: int, other: int) -> str:
        return f"popular in {self.catalog.categories[item] or 'the catalogue'}: " + (
            self.trending.reason(other)
        )

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        return [self.trending.reason(i) for i in items]

    def _cold_start(self, n: int, blocked: np.ndarray) -> list[Scored]:
        # Popularity is this strategy's own answer, not a fallback.
        return self._popular(n, blocked, "model")

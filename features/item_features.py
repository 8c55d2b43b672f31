"""Item vectors for content similarity: TF-IDF on title + description, plus a category
indicator feature ``__cat_<name>`` with a fixed weight, rows L2-normalised.

The vocabulary is learnt at ``fit``; ``transform`` vectorises new items at once with it (an
unseen category gets a new indicator column), so a new item is comparable the moment it is
added.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from recommenders.base import Catalog

CATEGORY_PREFIX = "__cat_"
DEFAULT_CATEGORY_WEIGHT = 3.0


def item_texts(catalog: Catalog) -> list[str]:
    """Title plus description (the description once, when it only repeats the title)."""
    return [
        title if description.strip() in ("", title.strip()) else f"{title} {description}"
        for title, description in zip(catalog.titles, catalog.descriptions, strict=True)
    ]


class ItemFeatures:
    """Fits the text vocabulary once; vectorises any later items with it."""

    def __init__(
        self,
        category_weight: float = DEFAULT_CATEGORY_WEIGHT,
        *,
        min_df: int = 1,
        max_features: int | None = 50_000,
        sublinear_tf: bool = True,
    ) -> None:
        self.category_weight = category_weight
        self._vectorizer = TfidfVectorizer(
            stop_words="english",
            min_df=min_df,
            max_features=max_features,
            sublinear_tf=sublinear_tf,
            dtype=np.float64,
        )
        self.categories: dict[str, int] = {}
        self._fitted = False

    def fit_transform(self, catalog: Catalog) -> sp.csr_matrix:
        texts = item_texts(catalog)
        if any(text.strip() for text in texts):
            try:
                text_matrix = self._vectorizer.fit_transform(texts)
                self._fitted = True
            except ValueError:  # every word is a stop word: categories alone remain
                self._fitted = False
        if not self._fitted:
            text_matrix = sp.csr_matrix((len(texts), 0))
        self.categories = {}
        return self._combine(text_matrix, catalog.categories)

    def transform(self, catalog: Catalog) -> sp.csr_matrix:
        if self._fitted:
            text_matrix = self._vectorizer.transform(item_texts(catalog))
        else:
            text_matrix = sp.csr_matrix((len(catalog), 0))
        return self._combine(text_matrix, catalog.categories)

    @property
    def n_text_features(self) -> int:
        return len(self._vectorizer.vocabulary_) if self._fitted else 0

    @property
    def feature_names(self) -> np.ndarray:
        text = self._vectorizer.get_feature_names_out() if self._fitted else np.array([])
        categories = [f"{CATEGORY_PREFIX}{name}" for name in self.categories]
        return np.concatenate([text.astype(object), np.array(categories, dtype=object)])

    def _combine(self, text_matrix: sp.csr_matrix, categories: list[str]) -> sp.csr_matrix:
        for name in categories:
            self.categories.setdefault(name, len(self.categories))
        columns = np.array([self.categories[name] for name in categories], dtype=np.int64)
        indicator = sp.csr_matrix(
            (np.full(len(columns), self.category_weight), (np.arange(len(columns)), columns)),
            shape=(len(columns), len(self.categories)),
        )
        # TF-IDF rows are unit length, so the category counts category_weight times a word.
        combined = sp.hstack([text_matrix, indicator], format="csr")
        return normalize(combined, norm="l2", copy=False).tocsr()

    def shared_terms(self, vector: sp.csr_matrix, profile: np.ndarray, k: int = 3) -> list[str]:
        """The words (not categories) that contribute most to ``vector`` . ``profile``."""
        indices = vector.indices[vector.indices < self.n_text_features]
        if len(indices) == 0:
            return []
        contribution = vector[0, indices].toarray().ravel() * profile[indices]
        best = indices[np.argsort(-contribution, kind="stable")[:k]]
        best = best[profile[best] > 0]
        names = self.feature_names
        return [str(names[i]) for i in best]

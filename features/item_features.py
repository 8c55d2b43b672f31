"""Item vectors for content similarity: TF-IDF on title + description, plus a category
indicator feature ``__cat_<name>`` with a fixed weight, rows L2-normalised.

The vocabulary is learnt at ``fit``; ``transform`` vectorises new items at once with it (an
unseen category gets a new indicator column), so a new item is comparable the moment it is
added.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from features.data import Catalog
from features.similarity import unit_rows

CATEGORY_PREFIX = "__cat_"
DEFAULT_CATEGORY_WEIGHT = 3.0


def item_texts(catalog: Catalog) -> list[str]:
    """Title plus description (the description once, when it only repeats the title)."""
    return [
        title if description.strip() in ("", title.strip()) else f"{title} {description}"
        for title, description in zip(catalog.titles, catalog.descriptions, strict=True)
    ]


class ItemFeatures:
    """Fits the text vocabulary once; vectorises any later items with it. ``vectors`` holds
    one unit row per item, in catalogue order, new items appended by ``add``."""

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
        self._words = np.array([], dtype=object)
        self.vectors = sp.csr_matrix((0, 0))

    def fit(self, catalog: Catalog) -> sp.csr_matrix:
        self.vectors = self.fit_transform(catalog)
        return self.vectors

    def add(self, catalog: Catalog) -> sp.csr_matrix:
        """Vectorise new items and append them; returns their rows."""
        new = self.transform(catalog)
        width = max(new.shape[1], self.vectors.shape[1])
        old = self.vectors
        old.resize((old.shape[0], width))
        new.resize((new.shape[0], width))
        self.vectors = sp.vstack([old, new], format="csr")
        return new

    def similarity(self, item: int) -> np.ndarray:
        """Cosine of every item with ``item``."""
        indices, data = self._row(item)
        vector = np.zeros(self.vectors.shape[1])
        vector[indices] = data
        return self.scores(vector)

    def terms_in_common(self, item: int, other: int, k: int = 3) -> list[str]:
        """The words ``other`` shares with ``item`` that weigh most in their match."""
        indices, data = self._row(item)
        if len(indices) == 0:
            return []
        return self._top_terms(other, _values_at(indices, data), k)

    def _row(self, item: int) -> tuple[np.ndarray, np.ndarray]:
        """An item's vector as (sorted feature columns, values), read without a sparse slice."""
        vectors = self.vectors
        start, stop = vectors.indptr[item], vectors.indptr[item + 1]
        indices, data = vectors.indices[start:stop], vectors.data[start:stop]
        if not vectors.has_sorted_indices:  # the arrays may be read-only mapped pages
            order = np.argsort(indices)
            indices, data = indices[order], data[order]
        return indices, data

    def profile(self, items: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The weighted sum of these items' vectors (dense, one entry per feature)."""
        return np.asarray(self.vectors[items].T @ weights).ravel()

    def scores(self, profile: np.ndarray) -> np.ndarray:
        """Every item's dot product with a profile: sum of similarity x weight."""
        scores: np.ndarray = self.vectors @ profile
        return scores

    def fit_transform(self, catalog: Catalog) -> sp.csr_matrix:
        texts = item_texts(catalog)
        if any(text.strip() for text in texts):
            try:
                text_matrix = self._vectorizer.fit_transform(texts)
                self._fitted = True
                self._words = self._vectorizer.get_feature_names_out()
            except ValueError:  # every word is a stop word: categories alone remain
                self._fitted = False
        if not self._fitted:
            text_matrix = sp.csr_matrix((len(texts), 0))
            self._words = np.array([], dtype=object)
        self.categories = {}
        return self._combine(text_matrix, catalog.categories)

    def transform(self, catalog: Catalog) -> sp.csr_matrix:
        if self._fitted:
            text_matrix = self._vectorizer.transform(item_texts(catalog))
        else:
            text_matrix = sp.csr_matrix((len(catalog), 0))
        return self._combine(text_matrix, catalog.categories)

    @property
    def feature_names(self) -> np.ndarray:
        categories = [f"{CATEGORY_PREFIX}{name}" for name in self.categories]
        return np.concatenate([self._words.astype(object), np.array(categories, dtype=object)])

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
        return unit_rows(combined, "l2").tocsr()

    def evidence(
        self, liked: np.ndarray, weights: np.ndarray, items: np.ndarray, top: int = 2
    ) -> list[tuple[list[int], list[str]]]:
        """Per item of ``items``: the (at most ``top``) liked items that add most to its
        score (similarity x weight), and the words it shares with those very items, so a
        reason never names one liked item and another one's words."""
        if len(liked) == 0 or len(items) == 0:
            return [([], []) for _ in items]
        liked_vectors = self.vectors[liked]
        contributions = (liked_vectors @ self.vectors[items].T).toarray() * weights[:, None]
        order = np.argsort(-contributions, axis=0, kind="stable")[:top]  # top x items
        named = np.take_along_axis(contributions, order, axis=0) > 0
        # Row j: the weighted sum of the vectors of item j's named liked items.
        column = np.broadcast_to(np.arange(len(items)), order.shape)[named]
        choice = sp.csr_matrix(
            (weights[order[named]], (column, order[named])), shape=(len(items), len(liked))
        )
        profiles = (choice @ liked_vectors).tocsr()
        profiles.sort_indices()
        answer = []
        for j, item in enumerate(items.tolist()):
            start, stop = profiles.indptr[j], profiles.indptr[j + 1]
            at = _values_at(profiles.indices[start:stop], profiles.data[start:stop])
            words = self._top_terms(item, at) if start < stop else []
            answer.append(([int(liked[k]) for k in order[named[:, j], j]], words))
        return answer

    def _top_terms(
        self, item: int, profile_at: Callable[[np.ndarray], np.ndarray], k: int = 3
    ) -> list[str]:
        """The item's ``k`` words with the largest value x profile value (``profile_at``:
        the profile's values at given feature columns), among words the profile has."""
        words, vectors = self._words, self.vectors
        start, stop = vectors.indptr[item], vectors.indptr[item + 1]
        columns, values = vectors.indices[start:stop], vectors.data[start:stop]
        text = columns < len(words)
        columns = columns[text]
        weight = profile_at(columns)
        best = np.argsort(-(values[text] * weight), kind="stable")[:k]
        return [str(words[columns[b]]) for b in best if weight[b] > 0]


def _values_at(indices: np.ndarray, data: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A sparse row (sorted ``indices``, ``data``) read at given columns, 0 where absent."""

    def at(columns: np.ndarray) -> np.ndarray:
        where = np.minimum(np.searchsorted(indices, columns), len(indices) - 1)
        return np.where(indices[where] == columns, data[where], 0.0)

    return at

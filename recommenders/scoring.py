"""What every strategy shares: the live interaction state, masking, the top-n cut, the
popular fallback and fill, ``not_interested`` handling, and incremental updates.

A strategy subclasses ``ScoringRecommender`` and supplies a score vector per user, an item
similarity vector per item, and the evidence behind a score; this class turns those into
``Scored`` answers the same way for all of them.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import replace

import numpy as np

from features.data import Catalog, InteractionData
from features.interactions import recency_weights
from recommenders.base import Recommender, Scored
from recommenders.interaction_state import Applied, InteractionState

POPULAR_FALLBACK = "popular_fallback"
POPULAR_FILL = "popular_fill"
# How far a rejected item's nearest neighbours drop: this share of the user's score range,
# scaled by their similarity to the rejected item.
REJECTION_PENALTY = 1.0


def top_n(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` highest finite scores, best first (ties: lower index first)."""
    candidates = np.flatnonzero(scores > -np.inf)
    if n <= 0 or len(candidates) == 0:
        return candidates[:0]
    if len(candidates) > n:
        candidates = candidates[np.argpartition(-scores[candidates], n - 1)[:n]]
    return candidates[np.lexsort((candidates, -scores[candidates]))]


def pad(vector: np.ndarray, length: int, value: float = -np.inf) -> np.ndarray:
    """Scores computed before items were added get ``value`` for the newer items."""
    if len(vector) >= length:
        return vector
    return np.concatenate([vector, np.full(length - len(vector), value)])


def quote_titles(titles: Sequence[str]) -> str:
    return ", ".join(f"'{title}'" for title in titles)


class ScoringRecommender(Recommender):
    """Template for strategies that score every item for a user."""

    def __init__(
        self, *, half_life_days: float | None = 30.0, recency_half_life: float | None = None
    ) -> None:
        # Weight of a user's item halves for every ``recency_half_life`` distinct times they
        # chose something after it (None: all count fully); tastes drift, so recent choices
        # say more.
        self.recency_half_life = recency_half_life
        self.half_life_days = half_life_days
        self.catalog = Catalog([], [], [], [], np.zeros(0))
        empty = InteractionData(
            np.array([], dtype=object),
            np.array([], dtype=object),
            np.zeros(0),
            np.array([], dtype="datetime64[ns]"),
        )
        # The matrix and trending counts live in the state, which the serving layer shares
        # between all its strategies; ``matrix`` and ``trending`` are views into it.
        self.state = InteractionState.build(empty, [])
        self.matrix = self.state.matrix
        self.trending = self.state.trending(half_life_days, empty)

    # --- what a strategy supplies -------------------------------------------------------

    @abstractmethod
    def _fit(self) -> None:
        """Build the strategy's structures from ``self.matrix`` and ``self.catalog``."""

    @abstractmethod
    def _user_scores(self, user: int) -> np.ndarray:
        """Score per item (may be shorter than the catalogue); ``-inf`` = no evidence."""

    @abstractmethod
    def _item_similarity(self, item: int) -> np.ndarray:
        """Similarity of every item to ``item`` (may be shorter; >= 0; higher is closer)."""

    @abstractmethod
    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        """The evidence behind each of ``items`` for ``user``."""

    def _similar_reason(self, item: int, other: int) -> str:
        return f"similar to '{self.catalog.titles[item]}'"

    def _users_changed(self, users: set[int]) -> None:
        """Hook: these users' rows changed (their next answer is computed from the row)."""

    def _items_added(self, start: int) -> None:
        """Hook: catalogue items from index ``start`` on are new."""

    def _events_applied(self, applied: Applied) -> None:
        """Hook: a batch of events went into the shared state."""

    def _extra(self, user: int, n: int, blocked: np.ndarray) -> list[Scored]:
        """Hook: items appended after the ``n`` ranked ones (the CF cold-item fill), their
        reasons left to ``_path_reasons``."""
        return []

    def _path_reasons(self, user: int | None, source: str, items: np.ndarray) -> list[str]:
        """Hook: the reasons for ``items`` that the strategy's own path ``source`` (a
        fallback or fill of its own) put in an answer for ``user``."""
        raise ValueError(f"{self.name} has no path {source!r}")

    # --- the interface --------------------------------------------------------------------

    def fit(
        self, data: InteractionData, catalog: Catalog, state: InteractionState | None = None
    ) -> None:
        """``state``: an interaction state already built from ``data`` and ``catalog`` that
        other strategies share (the serving layer's); without one, this strategy builds its
        own."""
        self.catalog = Catalog(
            list(catalog.item_ids),
            list(catalog.titles),
            list(catalog.categories),
            list(catalog.descriptions),
            catalog.prices.copy(),
        )
        self.state = state or InteractionState.build(data, self.catalog.item_ids)
        self.matrix = self.state.matrix
        self._register_unknown_items()
        self.trending = self.state.trending(self.half_life_days, data)
        self._fit()

    def recommend(
        self,
        user_id: str,
        n: int = 10,
        exclude: Collection[str] = (),
        allowed: np.ndarray | None = None,
        explain: bool = True,
    ) -> list[Scored]:
        answer = self._ranked(user_id, n, exclude, allowed)
        if not explain:
            return answer
        return [
            replace(scored, reason=reason)
            for scored, reason in zip(answer, self.reasons(user_id, answer), strict=True)
        ]

    def _ranked(
        self, user_id: str, n: int, exclude: Collection[str], allowed: np.ndarray | None
    ) -> list[Scored]:
        """``recommend``'s items, scores and paths, reasons left empty."""
        user = self.matrix.user(user_id)
        blocked = self._blocked(user, exclude, allowed)
        if user is None or len(self.matrix.row(user)[0]) == 0:
            return self._cold_start(n, blocked)
        scores = pad(self._user_scores(user), self.matrix.n_items).copy()
        scores[np.isnan(scores)] = -np.inf
        scores = self._penalise_rejected(user, scores)
        scores[blocked] = -np.inf
        top = top_n(scores, n)
        answer = [Scored(self.catalog.item_ids[i], float(scores[i]), "") for i in top]
        blocked[top] = True
        if len(answer) < n:
            fill = self._popular(n - len(answer), blocked, POPULAR_FILL)
            blocked[[self.matrix.item_index[s.item_id] for s in fill]] = True
            answer += fill
        return answer + self._extra(user, n, blocked)

    def reasons(self, user_id: str, answer: Sequence[Scored]) -> list[str]:
        """Per path: the strategy's evidence for its own items (``_explain``; "weak
        evidence only" where it has none), the trending figures for popular items, and
        the path's own words for the rest (``_path_reasons``)."""
        user = self.matrix.user(user_id)
        rows = np.array([self.matrix.item_index[s.item_id] for s in answer], dtype=np.int64)
        sources = np.array([s.source for s in answer], dtype=object)
        reasons = [""] * len(answer)
        for source in dict.fromkeys(sources.tolist()):
            where = np.flatnonzero(sources == source)
            if source in (POPULAR_FILL, POPULAR_FALLBACK) or (source == "model" and user is None):
                found = [self.trending.reason(i) for i in rows[where]]
            elif source == "model" and user is not None:
                found = [
                    reason or f"weak evidence only; {self.trending.reason(i)}"
                    for i, reason in zip(rows[where], self._explain(user, rows[where]), strict=True)
                ]  # fmt: skip
            else:
                found = self._path_reasons(user, source, rows[where])
            for position, reason in zip(where.tolist(), found, strict=True):
                reasons[position] = reason
        return reasons

    def similar_items(
        self, item_id: str, n: int = 10, allowed: np.ndarray | None = None, explain: bool = True
    ) -> list[Scored]:
        item_ids, scores = self.similar_scores(item_id, n, allowed)
        if not item_ids:
            return []
        reasons = self.similar_reasons(item_id, item_ids) if explain else [""] * len(item_ids)
        return [
            Scored(i, float(score), reason)
            for i, score, reason in zip(item_ids, scores, reasons, strict=True)
        ]

    def similar_scores(
        self, item_id: str, n: int = 10, allowed: np.ndarray | None = None
    ) -> tuple[list[str], np.ndarray]:
        item = self.matrix.item_index.get(item_id)
        if item is None:
            return [], np.zeros(0)
        similarity = pad(self._item_similarity(item), self.matrix.n_items, 0.0).astype(float)
        similarity[similarity <= 0] = -np.inf
        similarity[item] = -np.inf
        if allowed is not None:
            similarity[: len(allowed)][~allowed] = -np.inf
        top = top_n(similarity, n)
        return [self.catalog.item_ids[i] for i in top], similarity[top]

    def similar_reasons(self, item_id: str, item_ids: Sequence[str]) -> list[str]:
        item = self.matrix.item_index[item_id]
        return [self._similar_reason(item, self.matrix.item_index[i]) for i in item_ids]

    def scores(self, user_id: str) -> np.ndarray | None:
        user = self.matrix.user(user_id)
        if user is None or len(self.matrix.row(user)[0]) == 0:
            return None
        return pad(self._user_scores(user), self.matrix.n_items)

    def explain(self, user_id: str, item_ids: Collection[str]) -> dict[str, str]:
        user = self.matrix.user(user_id)
        items = np.array([self.matrix.item_index[i] for i in item_ids], dtype=np.int64)
        if user is None or len(items) == 0:
            return {i: self.trending.reason(self.matrix.item_index[i]) for i in item_ids}
        return dict(zip(item_ids, self._explain(user, items), strict=True))

    def partial_update(self, events: InteractionData) -> None:
        self.updated(self.state.update(events))

    def updated(self, applied: Applied) -> None:
        """The shared state took a batch (``InteractionState.update``): refresh what this
        strategy derives from it. The serving layer updates the state once and calls this
        on every strategy that shares it."""
        self._sync_catalog(None)
        self._users_changed(applied.users)
        self._events_applied(applied)

    def add_items(self, items: Catalog) -> None:
        self.state.add_items(items.item_ids)
        self._sync_catalog(items)

    def _sync_catalog(self, items: Catalog | None) -> None:
        """Catalogue rows for the items the state knows and this strategy does not yet,
        with the details from ``items`` where it has them (items named only by events get
        blank ones)."""
        start = len(self.catalog)
        if start >= self.matrix.n_items:
            return
        missing = self.matrix.item_ids[start:]
        blank = _blank_catalog(missing)
        if items is not None:
            rows = {item_id: i for i, item_id in enumerate(items.item_ids)}
            for position, item_id in enumerate(missing):
                if item_id in rows:
                    row = rows[item_id]
                    blank.titles[position] = items.titles[row]
                    blank.categories[position] = items.categories[row]
                    blank.descriptions[position] = items.descriptions[row]
                    blank.prices[position] = items.prices[row]
        self.catalog.extend(blank)
        self._items_added(start)

    # --- shared steps ---------------------------------------------------------------------

    def _user_row(self, user: int) -> tuple[np.ndarray, np.ndarray]:
        """The user's items and weights, recent ones counting more (``recency_half_life``,
        counted in distinct timestamps, so one basket's items weigh the same)."""
        items, weights = self.matrix.row(user)
        if self.recency_half_life is None or len(items) < 2:
            return items, weights
        return items, weights * recency_weights(self.matrix.row_times(user), self.recency_half_life)

    def _blocked(
        self, user: int | None, exclude: Collection[str], allowed: np.ndarray | None
    ) -> np.ndarray:
        blocked = np.zeros(self.matrix.n_items, dtype=bool)
        if user is not None:
            blocked[self.matrix.row(user)[0]] = True
            blocked[list(self.matrix.rejected.get(user, ()))] = True
        excluded = [self.matrix.item_index[i] for i in exclude if i in self.matrix.item_index]
        blocked[excluded] = True
        if allowed is not None:
            blocked[: len(allowed)] |= ~np.asarray(allowed, dtype=bool)[: self.matrix.n_items]
        return blocked

    def _cold_start(self, n: int, blocked: np.ndarray) -> list[Scored]:
        return self._popular(n, blocked, POPULAR_FALLBACK)

    def _popular(self, n: int, blocked: np.ndarray, source: str) -> list[Scored]:
        scores = pad(self.trending.scores, self.matrix.n_items, 0.0).copy()
        scores[blocked] = -np.inf
        return [
            Scored(self.catalog.item_ids[i], float(scores[i]), "", source) for i in top_n(scores, n)
        ]

    def _penalise_rejected(self, user: int, scores: np.ndarray) -> np.ndarray:
        """Lower the items closest to what the user rejected, by similarity x score range."""
        rejected = self.matrix.rejected.get(user)
        finite = scores[np.isfinite(scores)]
        if not rejected or len(finite) == 0:
            return scores
        closeness = np.zeros(self.matrix.n_items)
        for item in rejected:
            similarity = pad(self._item_similarity(item), self.matrix.n_items, 0.0).copy()
            similarity[item] = 0.0
            # Relative to the typical item, so similarity every item shares (one category
            # for the whole shop) lowers nothing.
            typical = float(np.median(similarity))
            peak = similarity.max()
            if peak > typical:
                relative = np.clip((similarity - typical) / (peak - typical), 0.0, 1.0)
                np.maximum(closeness, relative, out=closeness)
        spread = max(float(finite.max() - finite.min()), float(np.abs(finite).max()), 1e-12)
        return scores - REJECTION_PENALTY * spread * closeness

    def _register_unknown_items(self) -> None:
        """Items that appear only in events get blank catalogue entries."""
        missing = self.matrix.item_ids[len(self.catalog) :]
        if missing:
            self.catalog.extend(_blank_catalog(missing))

    def _liked_reasons(self, user: int, contributions: np.ndarray, liked: np.ndarray) -> list[str]:
        """``contributions[k, j]``: how much liked item ``liked[k]`` adds to the j-th answer."""
        reasons = []
        for column in contributions.T:
            best = [liked[k] for k in np.argsort(-column, kind="stable")[:2] if column[k] > 0]
            titles = [self.catalog.titles[i] or self.catalog.item_ids[i] for i in best]
            reasons.append(f"because you liked {quote_titles(titles)}" if titles else "")
        return reasons


def _blank_catalog(item_ids: Sequence[str]) -> Catalog:
    n = len(item_ids)
    return Catalog(list(item_ids), [""] * n, [""] * n, [""] * n, np.full(n, np.nan))


def catalog_rows(catalog: Catalog, rows: Sequence[int]) -> Catalog:
    return Catalog(
        [catalog.item_ids[i] for i in rows],
        [catalog.titles[i] for i in rows],
        [catalog.categories[i] for i in rows],
        [catalog.descriptions[i] for i in rows],
        catalog.prices[list(rows)],
    )

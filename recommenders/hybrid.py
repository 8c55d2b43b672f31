"""``hybrid``: a weighted blend of other strategies' scores.

Each component scores every item for the user; over the items the user has not seen, its
scores are divided by their largest magnitude (no evidence = 0), so components on different
scales blend by the weights alone. The item's reason comes from the component that
contributed most to it.
Weights come from the constructor (the service passes ``config.Settings.hybrid_weights``,
which defaults to ``DEFAULT_HYBRID_WEIGHTS``) and can be overridden per request with
``with_weights``. ``shared_components`` lets the hybrid blend strategy instances the service
already holds instead of fitting copies.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np

from features.data import Catalog, InteractionData
from recommenders.defaults import DEFAULT_HYBRID_WEIGHTS
from recommenders.interaction_state import Applied, InteractionState
from recommenders.scoring import ScoringRecommender, pad

DEFAULT_WEIGHTS = DEFAULT_HYBRID_WEIGHTS


def normalise(scores: np.ndarray) -> np.ndarray:
    """Divide by the largest absolute finite score, so each component's strongest evidence
    is 1 whatever its scale (a negative score stays evidence against); no evidence
    (-inf) becomes 0."""
    finite = np.isfinite(scores)
    out = np.zeros(len(scores))
    if finite.any():
        peak = np.abs(scores[finite]).max()
        out[finite] = scores[finite] / peak if peak > 0 else 1.0
    return out


class HybridRecommender(ScoringRecommender):
    name = "hybrid"
    description = (
        "Weighted blend of other strategies' normalised scores (weights from config or the "
        "request); each item explained by the component that contributed most."
    )

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        *,
        component_params: Mapping[str, Mapping[str, Any]] | None = None,
        shared_components: Mapping[str, ScoringRecommender] | None = None,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = None,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        from recommenders.registry import create  # the registry lists this class too

        self.weights = _checked(dict(weights or DEFAULT_WEIGHTS))
        params = component_params or {}
        # Components someone else fits and updates (the serving layer's own instances of
        # those strategies), so one model is held once; the rest are this hybrid's own.
        self.shared = dict(shared_components or {})
        self._recent: tuple[tuple[Any, ...], dict[str, np.ndarray]] | None = None
        self.components: dict[str, ScoringRecommender] = {}
        for name in self.weights:
            if name in self.shared:
                self.components[name] = self.shared[name]
                continue
            component = create(name, **params.get(name, {}))
            if not isinstance(component, ScoringRecommender):
                raise ValueError(f"strategy {name!r} cannot be blended (no score vector)")
            self.components[name] = component

    def with_weights(self, weights: Mapping[str, float]) -> HybridRecommender:
        """The same fitted components under other weights (a cheap shallow copy, so a
        request's weights never leak into another request)."""
        unknown = set(weights) - set(self.components)
        if unknown:
            raise ValueError(f"no fitted component for {sorted(unknown)}")
        view = copy.copy(self)
        view.weights = _checked(dict(weights))
        return view

    def _own(self) -> list[ScoringRecommender]:
        return [c for name, c in self.components.items() if name not in self.shared]

    def fit(
        self, data: InteractionData, catalog: Catalog, state: InteractionState | None = None
    ) -> None:
        super().fit(data, catalog, state)
        # Its own components read the same state as the hybrid: one matrix, one update.
        for component in self._own():
            component.fit(data, catalog, self.state)

    def updated(self, applied: Applied) -> None:
        super().updated(applied)
        for component in self._own():
            component.updated(applied)

    def add_items(self, items: Catalog) -> None:
        super().add_items(items)
        for component in self._own():
            component.add_items(items)

    def _fit(self) -> None:
        """The components are fitted in ``fit``."""
        self._recent = None

    def _parts(self, user: int) -> dict[str, np.ndarray]:
        """Per component: weight x normalised scores; -inf where it has no evidence. The
        last answer is kept: scoring and explaining one request both need it."""
        key = (user, tuple(self.weights.items()))
        recent = self._recent
        if recent is not None and recent[0] == key:
            return recent[1]
        parts = self._blend_parts(user)
        self._recent = (key, parts)
        return parts

    def _users_changed(self, users: set[int]) -> None:
        self._recent = None

    def _items_added(self, start: int) -> None:
        self._recent = None

    def _blend_parts(self, user: int) -> dict[str, np.ndarray]:
        user_id = self.matrix.user_ids[user]
        seen = self.matrix.row(user)[0]
        parts = {}
        for name, component in self.components.items():
            if self.weights.get(name, 0.0) == 0.0:
                continue
            scores = component.scores(user_id)
            if scores is None:
                continue
            scores = pad(scores, self.matrix.n_items).copy()
            scores[seen] = -np.inf
            blended = self.weights[name] * normalise(scores)
            parts[name] = np.where(np.isfinite(scores), blended, -np.inf)
        return parts

    def _user_scores(self, user: int) -> np.ndarray:
        parts = self._parts(user)
        if not parts:
            return np.full(self.matrix.n_items, -np.inf)
        stacked = np.stack(list(parts.values()))
        evidence = np.isfinite(stacked).any(axis=0)
        blend = np.where(np.isfinite(stacked), stacked, 0.0).sum(axis=0)
        return np.where(evidence, blend, -np.inf)

    def _item_similarity(self, item: int) -> np.ndarray:
        item_id = self.matrix.item_ids[item]
        blend = np.zeros(self.matrix.n_items)
        for name, component in self.components.items():
            index = component.matrix.item_index.get(item_id)
            if index is not None and self.weights.get(name, 0.0) > 0:
                similarity = pad(component._item_similarity(index), self.matrix.n_items, 0.0)
                blend += self.weights[name] * normalise(
                    np.where(similarity > 0, similarity, -np.inf)
                )
        return blend

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        parts = self._parts(user)
        if not parts:
            return [""] * len(items)
        names = list(parts)
        leader = np.argmax(np.stack([parts[name][items] for name in names]), axis=0)
        reasons = [""] * len(items)
        user_id = self.matrix.user_ids[user]
        for position, name in enumerate(names):
            chosen = np.flatnonzero(leader == position)
            if len(chosen) == 0:
                continue
            ids = [self.matrix.item_ids[items[i]] for i in chosen]
            explained = self.components[name].explain(user_id, ids)
            for i, item_id in zip(chosen, ids, strict=True):
                reasons[i] = f"{name}: {explained.get(item_id, '')}"
        return reasons


def _checked(weights: dict[str, float]) -> dict[str, float]:
    if not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("hybrid weights must be non-negative with a positive sum")
    if "hybrid" in weights:
        raise ValueError("a hybrid cannot blend itself")
    return weights

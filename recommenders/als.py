"""``als``: implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008) through the
maintained ``implicit`` library (CPU build).

Each user and item gets ``factors`` latent numbers; a user's score for an item is the dot
product. Fitting alternates least-squares solves over users and items on the confidence
matrix ``alpha x event weight``. A user whose row changes after the fit (live events) gets
a fresh factor from the same closed-form user step (``recalculate_user``), so the next
answer reflects the event without a rebuild; the item factors move only at the next fit.

Threads: implicit runs its own ``num_threads`` workers (0 = every core); BLAS inside them is
held to one thread (threadpoolctl), as implicit recommends, so the two never oversubscribe.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from recommenders.scoring import ScoringRecommender


class ALSRecommender(ScoringRecommender):
    name = "als"
    description = (
        "Matrix factorisation (implicit ALS): latent tastes learnt from who chose what; "
        "finds items people like you chose that share no words or direct neighbours."
    )

    def __init__(
        self,
        factors: int = 64,
        regularization: float = 0.05,
        alpha: float = 2.0,
        iterations: int = 15,
        *,
        random_state: int = 42,
        num_threads: int = 0,
        half_life_days: float | None = 30.0,
        recency_half_life: float | None = None,
    ) -> None:
        super().__init__(half_life_days=half_life_days, recency_half_life=recency_half_life)
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.random_state = random_state
        self.num_threads = num_threads
        # implicit's AlternatingLeastSquares once fitted; the library has no type information.
        self._model: Any = None
        self._user_factors = np.zeros((0, factors), dtype=np.float32)
        self._item_factors = np.zeros((0, factors), dtype=np.float32)
        self._item_norms = np.zeros(0, dtype=np.float32)
        # Users whose row changed since the fit, and the factors re-solved for them.
        self._stale: set[int] = set()
        self._fresh: dict[int, np.ndarray] = {}

    def _confidences(self) -> sp.csr_matrix:
        users = self.matrix.to_csr().astype(np.float32)
        users.data = np.maximum(users.data, 0.0)  # a rejection is no evidence of taste
        users.eliminate_zeros()
        return users

    def _factoriser(self) -> Any:
        """The implicit model that learns the factors (``fit(user_items)``)."""
        from implicit.cpu.als import AlternatingLeastSquares

        return AlternatingLeastSquares(
            factors=self.factors,
            regularization=self.regularization,
            alpha=self.alpha,
            iterations=self.iterations,
            random_state=self.random_state,
            num_threads=self.num_threads,
        )

    def _fit(self) -> None:
        self._stale, self._fresh = set(), {}
        users = self._confidences()
        with threadpool_limits(limits=1, user_api="blas"):
            model = self._factoriser()
            model.fit(users, show_progress=False)
        self._model = model
        self._user_factors = np.asarray(model.user_factors)
        self._item_factors = np.asarray(model.item_factors)
        norms = np.linalg.norm(self._item_factors, axis=1)
        self._item_norms = np.where(norms > 0, norms, 1.0)

    def _users_changed(self, users: set[int]) -> None:
        self._stale |= users
        for user in users:
            self._fresh.pop(user, None)

    def _user_factor(self, user: int) -> np.ndarray:
        if user < len(self._user_factors) and user not in self._stale:
            factor: np.ndarray = self._user_factors[user]
            return factor
        if user not in self._fresh:
            items, weights = self.matrix.row(user)
            known = (items < len(self._item_factors)) & (weights > 0)
            row = sp.csr_matrix(
                (weights[known].astype(np.float32), (np.zeros(known.sum()), items[known])),
                shape=(1, len(self._item_factors)),
            )
            with threadpool_limits(limits=1, user_api="blas"):
                self._fresh[user] = self._model.recalculate_user(0, row)
        return self._fresh[user]

    def _user_scores(self, user: int) -> np.ndarray:
        if self._model is None or len(self._item_factors) == 0:
            return np.full(self.matrix.n_items, -np.inf)
        scores: np.ndarray = (self._item_factors @ self._user_factor(user)).astype(np.float64)
        return scores

    def _item_similarity(self, item: int) -> np.ndarray:
        if item >= len(self._item_factors):
            return np.zeros(self.matrix.n_items)
        cosine = (self._item_factors @ self._item_factors[item]) / (
            self._item_norms * self._item_norms[item]
        )
        similarity: np.ndarray = np.clip(cosine, 0.0, None).astype(np.float64)
        return similarity

    def _explain(self, user: int, items: np.ndarray) -> list[str]:
        """The liked items closest to each answer in the latent space, weighted."""
        liked, weights = self._user_row(user)
        known_liked = liked < len(self._item_factors)
        liked, weights = liked[known_liked], weights[known_liked]
        factors = np.zeros((len(items), self.factors), dtype=np.float32)
        known = items < len(self._item_factors)
        factors[known] = self._item_factors[items[known]]
        contributions = (self._item_factors[liked] @ factors.T) * weights[:, None]
        return self._liked_reasons(user, contributions, liked)

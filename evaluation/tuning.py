"""Self-tuning: each strategy's parameters and the hybrid's weights chosen on the
VALIDATION split (EVALUATION.md section 2: carved from train, never test) of the log the
service holds, within a time budget.

``tune(data, catalog, budget_seconds)`` fits every candidate the way the service fits it
(the service's event weights, one instance per strategy) and ranks a fixed sample of the
validation users with ``recommend``, as served. Steps, each while the budget lasts:

1. every strategy at its registry defaults (always, so every strategy has a figure);
2. the points of ``GRIDS``, one per strategy in turn, a point started only if its last
   measured cost still fits before three quarters of the budget;
3. hybrid blends of the best components: the components' normalised scores are computed
   once per sampled user, so each blend costs one matrix sum; the winning blend is then
   ranked again through the real hybrid, whose figures are the ones reported.

The answer is a plain JSON-serialisable dict (``params`` per strategy, the validation
figures, the best strategy), what the model builder serves and ``/model`` shows.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from evaluation.metrics import DEPTH, hit_matrix, ranking_metrics
from evaluation.protocol import MIN_ITEMS, positives_of, temporal_split
from features.data import Catalog, InteractionData
from recommenders.base import Recommender
from recommenders.hybrid import HybridRecommender, normalise
from recommenders.registry import STRATEGIES, get_strategy
from recommenders.scoring import ScoringRecommender, top_n

HYBRID = "hybrid"
DEFAULT_BUDGET_SECONDS = 60.0
# Validation users ranked per candidate: the same sample for all, so they compare paired.
DEFAULT_SAMPLE_USERS = 1500
# Share of the budget the per-strategy grids may use; the rest is the hybrid's.
GRID_SHARE = 0.75


def _grid(**axes: list[Any]) -> list[dict[str, Any]]:
    names = list(axes)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*axes.values())]


# Tried after the defaults, in this order (the budget may end a list early, so the points
# that won on either real data set come first); each point is a full set of the parameters
# it names. The service's event weights (a purchase is 5) scale X'X by their square, so
# EASE's l2 is 25 times the binary-data value (300 there).
GRIDS: dict[str, list[dict[str, Any]]] = {
    "popular": _grid(half_life_days=[None, 365.0]),
    "cf": [
        {"neighbours": 200, "similarity_power": 2.0, "recency_half_life": 3.0},
        {"neighbours": 50, "similarity_power": 1.0, "recency_half_life": None},
        {"neighbours": 200, "similarity_power": 1.0, "recency_half_life": 3.0},
        {"neighbours": 50, "similarity_power": 2.0, "recency_half_life": 3.0},
    ],
    "content": _grid(recency_half_life=[3.0, None, 5.0]),
    "item_cf": [
        {"weighting": "bm25", "neighbours": 50, "recency_half_life": 3.0},
        {"weighting": "cosine", "neighbours": 20, "recency_half_life": None},
        {"weighting": "cosine", "neighbours": 50, "recency_half_life": 3.0},
        {"weighting": "bm25", "neighbours": 20, "recency_half_life": None},
    ],
    "ease": [
        {"l2": 7500.0, "recency_half_life": 3.0},
        {"l2": 3000.0, "recency_half_life": 3.0},
        {"l2": 20000.0, "recency_half_life": 3.0},
        {"l2": 7500.0, "recency_half_life": None},
    ],
    "rp3beta": [
        {"alpha": 0.5, "beta": 0.3, "recency_half_life": 3.0},
        {"alpha": 0.5, "beta": 0.6, "recency_half_life": 3.0},
        {"alpha": 1.0, "beta": 0.3, "recency_half_life": None},
    ],
    "als": [
        {"factors": 64, "alpha": 0.4},
        {"factors": 128, "alpha": 0.4},
        {"factors": 64, "alpha": 1.0, "regularization": 0.2},
    ],
}
# BM25 here uses the classic text-retrieval constants.
for point in GRIDS["item_cf"]:
    if point["weighting"] == "bm25":
        point.update(k1=1.2, b=0.75)

# Blend shapes over the components ranked best first on validation (a, b, c, d) and content
# (text: the one component that reaches items nobody has chosen yet).
BLEND_SHAPES: list[dict[str, float]] = [
    {"a": 1.0},
    {"a": 0.5, "b": 0.5},
    {"a": 0.7, "b": 0.3},
    {"a": 0.6, "b": 0.3, "c": 0.1},
    {"a": 0.5, "b": 0.3, "c": 0.2},
    {"a": 0.4, "b": 0.4, "c": 0.2},
    {"a": 0.6, "b": 0.3, "content": 0.1},
    {"a": 0.5, "b": 0.3, "content": 0.2},
    {"a": 0.45, "b": 0.3, "c": 0.15, "content": 0.1},
    {"a": 0.4, "b": 0.3, "c": 0.2, "content": 0.1},
    {"a": 0.6, "c": 0.3, "content": 0.1},
    {"a": 0.6, "d": 0.3, "content": 0.1},
    {"a": 0.5, "d": 0.5},
]

TUNED_DIR = Path(__file__).parent / "tuned"


class NothingToTune(ValueError):
    """The log holds no user with enough positives to hold some out for validation."""


def tune(
    data: InteractionData,
    catalog: Catalog,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
    *,
    strategies: Sequence[str] | None = None,
    sample_users: int = DEFAULT_SAMPLE_USERS,
    seed: int = 0,
) -> dict[str, Any]:
    """The winners on validation: ``{"params": {strategy: params}, "validation": {strategy:
    figures}, "best": name, "split": sizes, "seconds": spent, "budget_seconds": ...,
    "tried": points evaluated, "complete": every grid point and blend tried}``.
    ``data`` is the log as the service holds it (event weights and types); it plays the
    protocol's train split, so the last ceil(20%) of each user's items are validation."""
    started = time.perf_counter()
    names = [s for s in (strategies or STRATEGIES) if s != HYBRID]
    # The log held plays the protocol's "train": validation is carved from it the same way.
    split = temporal_split(positives_of(data))
    relevant = split.relevant()
    if not relevant:
        raise NothingToTune(
            f"no user has the {MIN_ITEMS} positives (clicks, carts, purchases) on distinct "
            "items that a validation hold-out needs"
        )
    users = _sample(sorted(relevant), sample_users, seed)
    trial = _Trial(split.train_events(data), catalog, users, relevant)

    params: dict[str, dict[str, Any]] = {}
    figures: dict[str, dict[str, float]] = {}
    models: dict[str, Recommender] = {}
    cost: dict[str, float] = {}
    tried = 0
    for name in names:  # 1. the defaults
        clock = time.perf_counter()
        models[name], figures[name] = trial.run(name, {})
        params[name], cost[name] = dict(get_strategy(name).defaults), time.perf_counter() - clock
        tried += 1

    grid_deadline = started + GRID_SHARE * budget_seconds
    pending = {name: [p for p in GRIDS.get(name, []) if p] for name in names}
    skipped = 0
    while any(pending.values()):  # 2. the grids, one point per strategy in turn
        progressed = False
        for name in names:
            if not pending[name]:
                continue
            if time.perf_counter() + cost[name] > grid_deadline:
                skipped += len(pending[name])  # the next point would overrun the budget
                pending[name] = []
                continue
            point = pending[name].pop(0)
            clock = time.perf_counter()
            model, result = trial.run(name, point)
            cost[name] = time.perf_counter() - clock
            tried += 1
            progressed = True
            if result["ndcg@10"] > figures[name]["ndcg@10"]:
                models[name], figures[name] = model, result
                params[name] = {**get_strategy(name).defaults, **point}
        if not progressed:
            break
    complete = skipped == 0

    blendable = [name for name in names if name != "popular"]
    if HYBRID in (strategies or STRATEGIES) and blendable:  # 3. the blend
        deadline = started + budget_seconds
        weights, blends_done = trial.best_blend(models, figures, deadline)
        tried += blends_done
        hybrid_params = {
            "weights": weights,
            "component_params": {part: params[part] for part in weights},
        }
        _, figures[HYBRID] = trial.run_hybrid(models, weights)
        params[HYBRID] = hybrid_params
        complete = complete and blends_done == len(_blends(figures))

    best = max(figures, key=lambda name: figures[name]["ndcg@10"])
    return {
        "params": _plain(params),
        "validation": figures,
        "best": best,
        "split": {
            "users": len(relevant),
            "sampled_users": len(users),
            "train_pairs": len(split.train),
            "validation_pairs": len(split.test),
        },
        "seconds": round(time.perf_counter() - started, 3),
        "budget_seconds": budget_seconds,
        "tried": tried,
        "complete": complete,
    }


class _Trial:
    """Fit a candidate on the validation train events and rank the sampled users."""

    def __init__(
        self,
        train: InteractionData,
        catalog: Catalog,
        users: list[str],
        relevant: dict[str, set[str]],
    ) -> None:
        self.train, self.catalog, self.users = train, catalog, users
        self.wanted = [relevant[u] for u in users]
        self.n_relevant = np.array([len(w) for w in self.wanted])

    def run(self, name: str, point: Mapping[str, Any]) -> tuple[Recommender, dict[str, float]]:
        model = get_strategy(name).create(**point)
        model.fit(self.train, _copy(self.catalog))
        ranked = [
            [s.item_id for s in model.recommend(u, n=DEPTH, explain=False)[:DEPTH]]
            for u in self.users
        ]
        return model, self._figures(ranked)

    def run_hybrid(
        self, models: Mapping[str, Recommender], weights: Mapping[str, float]
    ) -> tuple[Recommender, dict[str, float]]:
        """The served hybrid over the fitted winners (shared, as the service holds them)."""
        components: dict[str, ScoringRecommender] = {}
        for name in weights:
            model = models[name]
            if not isinstance(model, ScoringRecommender):
                raise TypeError(f"the hybrid blends scores, and {name} gives none")
            components[name] = model
        hybrid = HybridRecommender(weights, shared_components=components)
        hybrid.fit(self.train, _copy(self.catalog))
        ranked = [
            [s.item_id for s in hybrid.recommend(u, n=DEPTH, explain=False)[:DEPTH]]
            for u in self.users
        ]
        return hybrid, self._figures(ranked)

    def best_blend(
        self,
        models: Mapping[str, Recommender],
        figures: Mapping[str, Mapping[str, float]],
        deadline: float,
    ) -> tuple[dict[str, float], int]:
        """The blend of ``_blends`` with the best NDCG@10 on the sample, and how many were
        tried before the deadline (the first, the best single component, always is)."""
        blends = _blends(figures)
        parts = sorted({name for blend in blends for name in blend})
        first = next(iter(models.values()))
        assert isinstance(first, ScoringRecommender)
        n_items = first.matrix.n_items
        # Per component: each sampled user's normalised scores over their unseen items.
        stacked = {name: np.full((len(self.users), n_items), -np.inf, np.float32) for name in parts}
        seen = []
        for row, user in enumerate(self.users):
            index = first.matrix.user(user)
            mask = np.zeros(n_items, dtype=bool)
            if index is not None:
                mask[first.matrix.row(index)[0]] = True
            seen.append(mask)
            for name in parts:
                scores = models[name].scores(user)
                if scores is None:
                    continue
                scores = np.asarray(scores[:n_items], dtype=np.float64).copy()
                scores[mask[: len(scores)]] = -np.inf
                stacked[name][row, : len(scores)] = np.where(
                    np.isfinite(scores), normalise(scores), -np.inf
                )
        best, best_score, done = blends[0], -1.0, 0
        for blend in blends:
            if done and time.perf_counter() > deadline:
                break
            done += 1
            total = np.zeros((len(self.users), n_items), np.float32)
            evidence = np.zeros((len(self.users), n_items), dtype=bool)
            for name, weight in blend.items():
                finite = np.isfinite(stacked[name])
                evidence |= finite
                total += weight * np.where(finite, stacked[name], 0.0)
            total[~evidence] = -np.inf
            ranked = []
            for row in range(len(self.users)):
                scores = total[row].astype(np.float64)
                scores[seen[row]] = -np.inf
                ranked.append([first.matrix.item_ids[i] for i in top_n(scores, DEPTH)])
            score = self._figures(ranked)["ndcg@10"]
            if score > best_score:
                best, best_score = blend, score
        return dict(best), done

    def _figures(self, ranked: list[list[str]]) -> dict[str, float]:
        figures = ranking_metrics(hit_matrix(ranked, self.wanted), self.n_relevant)
        return {**{k: round(v, 6) for k, v in figures.items()}, "users": len(self.users)}


def _blends(figures: Mapping[str, Mapping[str, float]]) -> list[dict[str, float]]:
    """``BLEND_SHAPES`` filled with the components ranked best first (popularity is every
    strategy's fallback already, so it is not blended); duplicates dropped."""
    ranked = sorted(
        (n for n in figures if n not in (HYBRID, "popular")),
        key=lambda n: -figures[n]["ndcg@10"],
    )
    roles = dict(zip(["a", "b", "c", "d"], [n for n in ranked if n != "content"], strict=False))
    if "content" in figures:
        roles["content"] = "content"
    blends: list[dict[str, float]] = []
    for shape in BLEND_SHAPES:
        if not all(role in roles for role in shape):
            continue
        blend: dict[str, float] = {}
        for role, weight in shape.items():
            blend[roles[role]] = blend.get(roles[role], 0.0) + weight
        if blend not in blends:
            blends.append(blend)
    return blends or [{ranked[0]: 1.0}]


def _sample(users: list[str], size: int, seed: int) -> list[str]:
    if len(users) <= size:
        return users
    picked = np.random.default_rng(seed).choice(len(users), size=size, replace=False)
    return [users[i] for i in np.sort(picked)]


def _copy(catalog: Catalog) -> Catalog:
    return Catalog(
        list(catalog.item_ids),
        list(catalog.titles),
        list(catalog.categories),
        list(catalog.descriptions),
        catalog.prices.copy(),
    )


def _plain(value: Any) -> Any:
    """JSON-safe copies (NumPy scalars become Python numbers)."""
    return json.loads(json.dumps(value, default=lambda v: v.item()))


def load_tuned(dataset: str) -> dict[str, dict[str, Any]]:
    """The winners saved by ``python -m evaluation --tune`` (``{}`` when none)."""
    path = TUNED_DIR / f"{dataset}.json"
    return json.loads(path.read_text()).get("params", {}) if path.exists() else {}


def save_tuned(dataset: str, result: Mapping[str, Any]) -> Path:
    TUNED_DIR.mkdir(exist_ok=True)
    path = TUNED_DIR / f"{dataset}.json"
    path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    return path

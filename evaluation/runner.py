"""Run the protocol for several strategies on one interaction set. Pure: no printing, no
files; the command line and the API both call ``evaluate``."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from evaluation.metrics import (
    DEPTH,
    coverage,
    hit_matrix,
    mean_intra_list_diversity,
    mean_novelty,
    personalisation,
    ranking_metrics,
)
from evaluation.protocol import Split, temporal_split, validation_split
from features.data import Catalog, InteractionData
from recommenders.base import Recommender
from recommenders.fitting import fit_strategies
from recommenders.interaction_state import InteractionState
from recommenders.registry import get_strategy
from recommenders.rerank import ItemTable, RerankRules, Shopper
from recommenders.two_stage import served_top
from tracking.profiles import DAY_SECONDS, ItemFacts, learn_stats

# (stage, done, total): stage is "<strategy>: fit" or "<strategy>: rank".
ProgressCallback = Callable[[str, int, int], None]
# A strategy to evaluate: a registered name, or (label, factory) for a configured one.
StrategySpec = str | tuple[str, Callable[[], Recommender]]


@dataclass(frozen=True)
class StrategyResult:
    strategy: str
    users: int
    metrics: dict[str, float]
    fit_seconds: float
    latency_ms_median: float
    latency_ms_p95: float
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvaluationReport:
    dataset: str
    split: str  # "test" or "validation"
    train_pairs: int
    test_pairs: int
    users: int
    train_items: int
    results: list[StrategyResult]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def best(self, metric: str = "ndcg@10") -> StrategyResult | None:
        return max(self.results, key=lambda r: r.metrics[metric], default=None)


def make_split(positives: pd.DataFrame, split: str = "test") -> Split:
    """The protocol's split; ``"validation"`` carves the tuning split out of train."""
    outer = temporal_split(positives)
    if split == "validation":
        return validation_split(outer)
    if split != "test":
        raise ValueError(f"split must be 'test' or 'validation', not {split!r}")
    return outer


def evaluate(
    positives: pd.DataFrame,
    catalog: Catalog,
    strategies: Sequence[StrategySpec],
    progress_callback: ProgressCallback | None = None,
    *,
    split: str = "test",
    dataset: str = "",
    params: Mapping[str, Mapping[str, Any]] | None = None,
    max_users: int | None = None,
    beyond_accuracy: bool = True,
    served: ServedPipeline | None = None,
) -> EvaluationReport:
    """``positives``: user_id, item_id, timestamp, each pair once (``Dataset.positives()``).
    ``params``: per registered name, the parameters to create it with (e.g. tuned ones).
    ``max_users``: rank only the first users (in id order), for quick looks.
    ``beyond_accuracy``: also diversity, novelty and personalisation (tuning skips them).
    ``served``: fit the named strategies the way the service does (``fit_strategies``: one
    instance each, the hybrid blending them) on the service's own log, minus held-out
    pairs, instead of one binary copy of the train pairs per strategy, and rank each user's
    top 10 as the storefront serves it: candidates, then the re-rank stage's rules."""
    chosen = make_split(positives, split)
    relevant = chosen.relevant()
    users = sorted(relevant)[:max_users] if max_users else sorted(relevant)
    lists_scorer = _ListFigures(chosen.train) if beyond_accuracy else None
    ranker = _top_of if served is None else _ServedRanking(served, chosen, catalog)
    train_items = set(chosen.train["item_id"])
    results = []
    for label, fitted, used_params in _fitted(
        strategies, params or {}, chosen, catalog, served, progress_callback
    ):
        model, fit_seconds = fitted()
        results.append(
            _score(
                label,
                model,
                fit_seconds,
                used_params,
                users,
                relevant,
                train_items,
                lists_scorer,
                progress_callback,
                ranker,
            )
        )
    return EvaluationReport(
        dataset=dataset,
        split=split,
        train_pairs=len(chosen.train),
        test_pairs=len(chosen.test),
        users=len(users),
        train_items=len(train_items),
        results=results,
    )


@dataclass(frozen=True)
class ServedPipeline:
    """The service's way to fit: its settings and the log as it holds it (event weights)."""

    settings: Any  # config.Settings
    events: InteractionData

    @classmethod
    def from_positives(cls, settings: Any, positives: pd.DataFrame) -> ServedPipeline:
        """A real data set as the service holds it after ``/interactions/batch`` of its
        positives (EVALUATION.md: models see the positives only), each a purchase."""
        weight = settings.event_weights["purchase"]
        events = positives.assign(event_type="purchase", weight=weight)
        return cls(settings, InteractionData.from_frame(events))


def _fitted(
    strategies: Sequence[StrategySpec],
    params: Mapping[str, Mapping[str, Any]],
    chosen: Split,
    catalog: Catalog,
    served: ServedPipeline | None,
    progress: ProgressCallback | None,
) -> list[tuple[str, Callable[[], tuple[Recommender, float]], dict[str, Any]]]:
    """Per strategy: its label, how to get it fitted (model, fit seconds), its params."""
    if served is not None:
        names = [s for s in strategies if isinstance(s, str)]
        registered = {name: get_strategy(name) for name in names}
        if progress:
            progress("served pipeline: fit", 0, 1)
        train = chosen.train_events(served.events)
        # As the service fits: one interaction state that every scoring strategy reads.
        shared = InteractionState.build(train, catalog.item_ids)
        models, seconds = fit_strategies(
            registered, served.settings, train, catalog, shared, params=params
        )
        if progress:
            progress("served pipeline: fit", 1, 1)

        def already_fitted(name: str) -> Callable[[], tuple[Recommender, float]]:
            return lambda: (models[name], seconds[name])

        return [
            (name, already_fitted(name), _served_params(name, params, served)) for name in names
        ]
    train_data = chosen.train_interactions()
    out: list[tuple[str, Callable[[], tuple[Recommender, float]], dict[str, Any]]] = []
    for spec in strategies:
        label, factory, used = _resolve(spec, params)

        def fit(
            label: str = label, factory: Callable[[], Recommender] = factory
        ) -> tuple[Recommender, float]:
            if progress:
                progress(f"{label}: fit", 0, 1)
            model = factory()
            started = time.perf_counter()
            model.fit(train_data, catalog)
            if progress:
                progress(f"{label}: fit", 1, 1)
            return model, time.perf_counter() - started

        out.append((label, fit, used))
    return out


def _top_of(model: Recommender, user_id: str) -> list[str]:
    return [scored.item_id for scored in model.recommend(user_id, n=DEPTH, explain=False)[:DEPTH]]


class _ServedRanking:
    """A user's top 10 as the storefront serves it (``two_stage.served_top``) under the
    settings' re-rank rules. Each shopper as the service sees them after the train pairs
    were posted as purchases: average price of what they bought, their purchases' ages at
    the end of train, and repurchase intervals learnt from those purchases."""

    def __init__(self, served: ServedPipeline, chosen: Split, catalog: Catalog) -> None:
        self.rules = RerankRules().updated(served.settings.rerank_defaults)
        self.table = ItemTable.build(
            catalog.item_ids, catalog.titles, catalog.categories, catalog.prices
        )
        self.index = {item_id: row for row, item_id in enumerate(catalog.item_ids)}
        train = chosen.train
        rows = pd.Index(catalog.item_ids).get_indexer(train["item_id"])
        known = rows >= 0
        bought = pd.DataFrame(
            {
                "user_id": train["user_id"].to_numpy()[known],
                "row": rows[known],
                "price": catalog.prices[rows[known]],
                "timestamp": train["timestamp"].to_numpy()[known],
            }
        )
        end = train["timestamp"].max()
        bought["days"] = (end - bought["timestamp"]).dt.total_seconds() / DAY_SECONDS
        self.average_price = bought.groupby("user_id")["price"].mean()  # NaN: none priced
        self.purchases = bought.groupby("user_id").indices
        self.bought_rows = bought["row"].to_numpy()
        self.bought_days = bought["days"].to_numpy()
        facts = ItemFacts(pd.Index(catalog.item_ids), catalog.prices, catalog.categories)
        log = train.assign(event_type="purchase", revenue=np.nan)
        stats = learn_stats(log, facts, served.settings.repurchase_min_buyers)
        self.intervals = stats.intervals.reindex(catalog.item_ids).to_numpy()

    def shopper(self, user_id: str) -> Shopper:
        positions = self.purchases.get(user_id)
        if positions is None:
            return Shopper.anonymous()
        return Shopper(
            average_price=float(self.average_price.get(user_id, np.nan)),
            bought_rows=self.bought_rows[positions],
            days_since_bought=self.bought_days[positions],
        )

    def __call__(self, model: Recommender, user_id: str) -> list[str]:
        return served_top(
            model,
            user_id,
            DEPTH,
            self.table,
            self.index,
            self.rules,
            self.shopper(user_id),
            self.intervals,
        )


def _served_params(
    name: str, params: Mapping[str, Mapping[str, Any]], served: ServedPipeline
) -> dict[str, Any]:
    used = {**get_strategy(name).defaults, **params.get(name, {})}
    if name == "hybrid" and "weights" not in used:
        used["weights"] = dict(served.settings.hybrid_weights)
    return used


class _ListFigures:
    """The beyond-accuracy figures of the top-10 lists, against the train pairs: diversity
    by cosine distance between items' train columns (who had them), novelty by how many
    train users had each item, personalisation by overlap between users' lists."""

    def __init__(self, train: pd.DataFrame) -> None:
        items = pd.Categorical(train["item_id"])
        users = pd.Categorical(train["user_id"])
        self.item_index = {item: i for i, item in enumerate(items.categories)}
        self.vectors = sparse.csr_array(
            (np.ones(len(train)), (items.codes, users.codes)),
            shape=(len(items.categories), len(users.categories)),
        )
        self.users_per_item = train["item_id"].value_counts().to_dict()

    def __call__(self, ranked: list[list[str]]) -> dict[str, float]:
        return {
            "ild@10": mean_intra_list_diversity(ranked, self.vectors, self.item_index),
            "novelty@10": mean_novelty(ranked, self.users_per_item),
            "personalisation@10": personalisation(ranked),
        }


def _resolve(
    spec: StrategySpec, params: Mapping[str, Mapping[str, Any]]
) -> tuple[str, Callable[[], Recommender], dict[str, Any]]:
    if isinstance(spec, tuple):
        return spec[0], spec[1], {}
    strategy = get_strategy(spec)
    used = {**strategy.defaults, **params.get(spec, {})}
    return spec, lambda: strategy.factory(**used), used


def _score(
    label: str,
    model: Recommender,
    fit_seconds: float,
    used_params: dict[str, Any],
    users: list[str],
    relevant: dict[str, set[str]],
    train_items: set[str],
    lists_scorer: _ListFigures | None,
    progress: ProgressCallback | None,
    ranker: Callable[[Recommender, str], list[str]] = _top_of,
) -> StrategyResult:
    ranked: list[list[str]] = []
    latencies = np.zeros(len(users))
    step = max(1, len(users) // 100)
    for position, user in enumerate(users):
        started = time.perf_counter()
        ranked.append(ranker(model, user))
        latencies[position] = time.perf_counter() - started
        if progress and (position % step == step - 1 or position == len(users) - 1):
            progress(f"{label}: rank", position + 1, len(users))
    hits = hit_matrix(ranked, [relevant[u] for u in users])
    n_relevant = np.array([len(relevant[u]) for u in users])
    metrics = ranking_metrics(hits, n_relevant)
    metrics["coverage@10"] = coverage(ranked, train_items)
    if lists_scorer is not None:
        metrics.update(lists_scorer(ranked))
    return StrategyResult(
        strategy=label,
        users=len(users),
        metrics=metrics,
        fit_seconds=fit_seconds,
        latency_ms_median=float(np.median(latencies) * 1000) if len(users) else 0.0,
        latency_ms_p95=float(np.percentile(latencies, 95) * 1000) if len(users) else 0.0,
        params=used_params,
    )

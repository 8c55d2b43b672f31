"""Fitting every registered strategy on one log the way the live service serves them: the
parameters each is created with, the hybrid blending the instances fitted beside it."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from typing import Any

from config import Settings
from features.data import Catalog, InteractionData
from recommenders import registry
from recommenders.base import Recommender
from recommenders.interaction_state import InteractionState
from recommenders.scoring import ScoringRecommender

HYBRID = "hybrid"


def served_parameters(
    registered: Mapping[str, registry.Strategy],
    settings: Settings,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """What ``fit_strategies`` creates each strategy with: its registry defaults under the
    chosen ``params``; the hybrid's weights are the setting's unless chosen."""
    chosen = params or {}
    served = {name: registered[name].parameters(**chosen.get(name, {})) for name in registered}
    if HYBRID in served and served[HYBRID].get("weights") is None:
        served[HYBRID]["weights"] = dict(settings.hybrid_weights)
    return served


def served_default(default_strategy: str, follow_best: bool, tuning: Mapping[str, Any]) -> str:
    """The strategy to serve when a request names none: the best validated one when the
    setting says to follow it (``Settings.default_strategy_follows_tuning``)."""
    return str(tuning.get("best") or default_strategy) if follow_best else default_strategy


def fit_strategies(
    registered: Mapping[str, registry.Strategy],
    settings: Settings,
    data: InteractionData,
    catalog: Catalog,
    interactions: InteractionState | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[dict[str, Recommender], dict[str, float]]:
    """Every strategy fitted on the same data, each held once: the hybrid comes last and
    blends the instances fitted here (with ``settings.hybrid_weights``) instead of copies.
    With ``interactions`` (built from ``data`` and ``catalog``), every strategy that scores
    reads that one state. ``params``: per strategy, the parameters to create it with (e.g.
    the tuned winners, ``evaluation.tuning.tune``); a hybrid entry's ``weights`` replace the
    setting's. Returns the models and each one's fit seconds."""
    chosen = params or {}
    models: dict[str, Recommender] = {}
    fit_seconds = {}
    for name in sorted(registered, key=lambda name: name == HYBRID):
        own: dict[str, Any] = dict(chosen.get(name, {}))
        if name == HYBRID:
            weights = own.pop("weights", settings.hybrid_weights)
            shared = {part: models[part] for part in weights if part in models}
            own = {**own, "weights": weights, "shared_components": shared}
        started = time.perf_counter()
        model = registered[name].create(**own)
        if isinstance(model, ScoringRecommender) and interactions is not None:
            model.fit(data, copy_catalog(catalog), interactions)
        else:
            model.fit(data, copy_catalog(catalog))
        models[name] = model
        fit_seconds[name] = time.perf_counter() - started
    return {name: models[name] for name in registered}, fit_seconds


def catalog_rows(catalog: Catalog, rows: Collection[int]) -> Catalog:
    """The catalogue's ``rows``, in that order, as a catalogue of their own."""
    picked = list(rows)
    return Catalog(
        item_ids=[catalog.item_ids[i] for i in picked],
        titles=[catalog.titles[i] for i in picked],
        categories=[catalog.categories[i] for i in picked],
        descriptions=[catalog.descriptions[i] for i in picked],
        prices=catalog.prices[picked],
    )


def copy_catalog(catalog: Catalog) -> Catalog:
    """A copy a strategy may extend without touching the original."""
    return catalog_rows(catalog, range(len(catalog)))

"""The live model service: every registered strategy, fitted once from storage and then kept
current change by change, answering through the cache.

Life of the models
    ``build()`` reads the catalogue and the aggregated event log (one query per table, see
    storage.py), fits every strategy of ``registry.STRATEGIES`` on them and swaps the set in.
    After that, each committed change arrives through ``apply_events`` / ``apply_items``
    (the app subscribes them to the ``ChangeFeed``; a cross-worker sync calls the same
    methods for changes made on other workers) and goes into every strategy at once with
    ``partial_update`` / ``add_items``. The next request sees it; no request reads the
    interactions table.

    What an incremental update cannot move (the neighbour lists of other users, the TF-IDF
    vocabulary) is refreshed by a full refit in a background thread: once as many events as
    ``model_refit_fraction`` of the log (at least ``model_refit_min_events``) arrived, or
    ``model_refit_interval_seconds`` after the first change since the last build. A
    ``data_reset`` rebuilds at once. Changes that arrive while a refit runs are applied to
    the serving models and replayed onto the new ones before the swap, so none is lost.
    ``rebuilds`` counts full builds (the first one included).

Versions and the cache
    ``version`` goes up with every applied change and is reported as ``model_version``.
    Cache keys (``cache.cache_key``) hold the strategy, the model token (this process's
    instance id and its ``epoch``, which moves on a build or a catalogue change), ``n``, a
    digest of the filters / weights / scope, the user's own version (which moves with each
    of their events) and the user id. So a user's event or a new item makes the old entries
    unreachable at once, without scanning the cache. Models are updated before versions
    move, so an entry stored under the newest key was computed from a model at least that
    new.

Thread safety
    One lock guards the models: updates and the swap take it, and so does each model call
    (a recommend is a few milliseconds of NumPy). Fitting for a rebuild happens outside it.

Public methods (the routes and the A/B manager use these)
    ``recommend(user_id, strategy, n, filters=None, cache_scope="", weights=None)`` returns
    the API answer as a dict::

        {"user_id", "strategy", "n",
         "items": [{"item_id", "score", "title", "category", "reason", "via"}],
         "source": "cache" | "model",
         "fallback": None | "popular_fallback" | ...,   # set when a fallback served the user
         "filters": {...}, "weights": {...} | None,
         "model_version": int}

    ``via`` says which path produced an item (``model``, ``cold_item_fill``,
    ``popular_fill``, ``popular_fallback`` ...). ``cache_scope`` separates cache entries of
    callers that decorate the answer differently (e.g. an A/B test and variant). It raises
    ``UnknownStrategyError`` (a ``KeyError``) for an unknown name and ``InvalidRequest``
    (a ``ValueError``) for bad parameters.
    ``strategies()`` lists ``{"name", "description"}`` of every registered strategy;
    ``similar_items(item_id, n, filters=None, strategy=None)``; ``status()``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from cache import Cache, cache_key
from changes import ChangeFeed
from config import Settings
from recommenders import registry
from recommenders.base import Catalog, InteractionData, Recommender, Scored
from recommenders.rerank import MAX_CANDIDATES
from recommenders.storage import (
    EventLike,
    ItemLike,
    events_to_data,
    items_to_catalog,
    load_catalog,
    load_interactions,
    load_items,
)

log = logging.getLogger(__name__)

MAX_N = 100
HYBRID = "hybrid"
FALLBACK_SUFFIX = "_fallback"
# Similar items blend these when the caller names no strategy: text and co-occurrence.
SIMILAR_ITEMS_BLEND = ("content", "item_cf")


class InvalidRequest(ValueError):
    """A parameter the service cannot honour; the API answers 422 with the message."""


class UnknownItem(KeyError):
    """An item that is not in the live catalogue; the API answers 404."""


@dataclass(frozen=True)
class Filters:
    """Applied before the top-n cut, so n qualifying items still come back."""

    categories: tuple[str, ...] = ()
    min_price: float | None = None
    max_price: float | None = None
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, bound in (("min_price", self.min_price), ("max_price", self.max_price)):
            if bound is not None and not (np.isfinite(bound) and bound >= 0):
                raise InvalidRequest(f"{name} must be a finite number >= 0, not {bound}")
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price > self.max_price
        ):
            raise InvalidRequest(
                f"min_price ({self.min_price}) is above max_price ({self.max_price})"
            )

    def as_dict(self) -> dict[str, Any]:
        """Canonical (sorted, deduplicated): equal filters give equal cache keys."""
        return {
            "category": sorted(set(self.categories)),
            "min_price": self.min_price,
            "max_price": self.max_price,
            "exclude": sorted(set(self.exclude)),
        }

    def mask(self, catalog: Catalog) -> np.ndarray | None:
        if not self.categories and self.min_price is None and self.max_price is None:
            return None
        return catalog.mask(self.categories, self.min_price, self.max_price)


@dataclass
class _ModelSet:
    """Everything one build produced; replaced as a whole by the next build."""

    catalog: Catalog
    item_index: dict[str, int]
    models: dict[str, Recommender]
    events_at_build: int
    built_at: float = field(default_factory=time.time)
    load_seconds: float = 0.0
    fit_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def build_seconds(self) -> float:
        return self.load_seconds + sum(self.fit_seconds.values())

    def add_items(self, items: Catalog) -> None:
        fresh = [i for i, item_id in enumerate(items.item_ids) if item_id not in self.item_index]
        if not fresh:
            return
        rows = _catalog_rows(items, fresh)
        for model in self.models.values():
            model.add_items(rows)
        for item_id in rows.item_ids:
            self.item_index[item_id] = len(self.item_index)
        self.catalog.extend(rows)

    def apply_events(self, data: InteractionData) -> list[str]:
        """Returns the strategies that could not take the events incrementally."""
        stale = []
        for name, model in self.models.items():
            try:
                model.partial_update(data)
            except NotImplementedError:
                stale.append(name)
        return stale


class RecommendationService:
    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        cache: Cache,
        strategies: Mapping[str, registry.Strategy] | None = None,
    ) -> None:
        self.settings = settings
        self.session_factory = session_factory
        self.cache = cache
        self.registered = dict(strategies if strategies is not None else registry.STRATEGIES)
        if settings.default_strategy not in self.registered:
            raise ValueError(
                f"DEFAULT_STRATEGY={settings.default_strategy!r} is not a registered strategy "
                f"({', '.join(self.registered)})"
            )
        self.rebuilds = 0
        self.version = 0
        # Keys carry this, so processes that share a Redis never read each other's entries
        # unless a cross-worker sync makes their models (and versions) the same.
        self.instance = uuid.uuid4().hex[:8]
        self.epoch = 0
        self._user_versions: dict[str, int] = {}
        self._events_since_build = 0
        self._first_change_at: float | None = None
        self._state: _ModelSet | None = None
        self._lock = threading.RLock()
        self._build_lock = threading.Lock()
        # While a rebuild runs: the changes to replay onto the new models before the swap.
        self._replay: list[tuple[str, Any]] | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._refitter: threading.Thread | None = None
        self.listeners: list[Callable[[], None]] = []

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Build the models and start the background refitter."""
        self.build(reason="startup")
        self._stop.clear()
        self._refitter = threading.Thread(
            target=self._refit_loop, name="model-refitter", daemon=True
        )
        self._refitter.start()

    def subscribe(self, feed: ChangeFeed) -> None:
        """Take this process's committed changes as they happen."""
        feed.interaction_listeners.append(self.apply_events)
        feed.item_listeners.append(self.apply_items)
        feed.reset_listeners.append(self.reset)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._refitter is not None:
            self._refitter.join(timeout=30)
            self._refitter = None

    def build(self, reason: str = "manual") -> None:
        """A full build from storage; serving goes on from the old models meanwhile."""
        with self._build_lock:
            with self._lock:
                self._replay = []
                self._events_since_build = 0
                self._first_change_at = None
            try:
                state = self._fit_from_storage()
            except BaseException:
                with self._lock:
                    self._replay = None
                raise
            with self._lock:
                replay, self._replay = self._replay or [], None
                for kind, payload in replay:
                    if kind == "items":
                        state.add_items(payload)
                    else:
                        self._apply_data(state, payload)
                self._state = state
                self.rebuilds += 1
                self.epoch += 1
                self.version += 1
            log.info(
                "models built (%s): %d items, %d events, %.2f s, version %d",
                reason,
                len(state.catalog),
                state.events_at_build,
                state.build_seconds,
                self.version,
            )
            self._notify()

    def _fit_from_storage(self) -> _ModelSet:
        started = time.perf_counter()
        with self.session_factory() as session:
            # Events first: the catalogue read after them holds every item they name
            # (items are only ever added), whatever commits in between.
            data = load_interactions(session, self.settings.event_weights)
            catalog = load_catalog(session)
        load_seconds = time.perf_counter() - started
        models, fit_seconds = fit_strategies(self.registered, self.settings, data, catalog)
        return _ModelSet(
            catalog=catalog,
            item_index={item_id: i for i, item_id in enumerate(catalog.item_ids)},
            models=models,
            events_at_build=len(data),
            load_seconds=load_seconds,
            fit_seconds=fit_seconds,
        )

    # --- changes (from the ChangeFeed, or from other workers) ------------------------------

    def apply_events(self, events: Sequence[EventLike]) -> None:
        if not events:
            return
        with self._lock:
            unheard = {e.item_id for e in events} - self._require_state().item_index.keys()
        if unheard:
            # Items another worker added whose announcement has not arrived here yet.
            with self.session_factory() as session:
                self.apply_items(load_items(session, unheard))
        data = events_to_data(events, self.settings.event_weights)
        users = {event.user_id for event in events}
        with self._lock:
            state = self._require_state()
            stale = self._apply_data(state, data)
            if self._replay is not None:
                self._replay.append(("events", data))
            # Models first, then versions: a key that names the new version is only ever
            # filled from a model that has the event.
            for user_id in users:
                self._user_versions[user_id] = self._user_versions.get(user_id, 0) + 1
            self.version += 1
            self._events_since_build += len(events)
            self._first_change_at = self._first_change_at or time.monotonic()
            due = stale or self._events_since_build >= self._refit_threshold(state)
        if due:
            self._wake.set()
        self._notify()

    def apply_items(self, items: Sequence[ItemLike]) -> None:
        if not items:
            return
        catalog = items_to_catalog(items)
        with self._lock:
            state = self._require_state()
            state.add_items(catalog)
            if self._replay is not None:
                self._replay.append(("items", catalog))
            # Every user's candidates changed (a new item can enter any list).
            self.epoch += 1
            self.version += 1
        self._notify()

    def invalidate_answers(self) -> None:
        """Move every cache key on: other users' events change everyone's lists, so the
        cross-worker sync calls this (at most once per sync interval) after applying events,
        and every worker answers from the same model state."""
        with self._lock:
            self.epoch += 1

    def reset(self) -> None:
        """Storage was reset (seeded or cleared): rebuild now."""
        self.build(reason="data reset")

    def _apply_data(self, state: _ModelSet, data: InteractionData) -> list[str]:
        stale = state.apply_events(data)
        if stale:
            log.warning("strategies %s cannot update incrementally: refit scheduled", stale)
        return stale

    def _refit_threshold(self, state: _ModelSet) -> int:
        return max(
            self.settings.model_refit_min_events,
            int(self.settings.model_refit_fraction * state.events_at_build),
        )

    def _refit_loop(self) -> None:
        interval = self.settings.model_refit_interval_seconds
        while not self._stop.is_set():
            woken = self._wake.wait(timeout=min(interval, 60.0))
            self._wake.clear()
            if self._stop.is_set():
                return
            with self._lock:
                changed_at = self._first_change_at
            overdue = changed_at is not None and time.monotonic() - changed_at >= interval
            if woken or overdue:
                try:
                    self.build(reason="threshold" if woken else "scheduled")
                except Exception:
                    log.exception("background refit failed; serving the current models")

    def _notify(self) -> None:
        for listener in self.listeners:
            try:
                listener()
            except Exception:
                log.exception("model listener %r failed", listener)

    # --- answers ---------------------------------------------------------------------------

    def strategies(self) -> list[dict[str, str]]:
        return [
            {"name": name, "description": strategy.description}
            for name, strategy in self.registered.items()
        ]

    def recommend(
        self,
        user_id: str,
        strategy: str,
        n: int = 10,
        filters: Filters | None = None,
        cache_scope: str = "",
        weights: Mapping[str, float] | None = None,
    ) -> dict[str, Any]:
        filters = filters or Filters()
        self._check(strategy, n)
        weights = self._check_weights(strategy, weights)
        with self._lock:
            model_token = f"{self.instance}.{self.epoch}"
            user_version = self._user_versions.get(user_id, 0)
        key = cache_key(
            self.settings.cache_namespace,
            "rec",
            strategy,
            model_token,
            n,
            _digest(cache_scope, filters.as_dict(), weights),
            user_version,
            user_id,
        )
        cached = self.cache.get(key)
        if cached is not None:
            return {**json.loads(cached), "source": "cache"}
        answer = self._compute(user_id, strategy, n, filters, weights)
        self.cache.set(key, json.dumps(answer).encode(), self.settings.cache_ttl_seconds)
        return {**answer, "source": "model"}

    def _compute(
        self,
        user_id: str,
        strategy: str,
        n: int,
        filters: Filters,
        weights: dict[str, float] | None,
    ) -> dict[str, Any]:
        with self._lock:
            state = self._require_state()
            model = state.models[strategy]
            if weights is not None:
                model = model.with_weights(weights)  # type: ignore[attr-defined]
            scored = model.recommend(
                user_id, n, exclude=filters.exclude, allowed=filters.mask(state.catalog)
            )
            items = [self._item(state, s) for s in scored]
            version = self.version
        fallback = next((s.source for s in scored if s.source.endswith(FALLBACK_SUFFIX)), None)
        return {
            "user_id": user_id,
            "strategy": strategy,
            "n": n,
            "items": items,
            "fallback": fallback,
            "filters": filters.as_dict(),
            "weights": weights,
            "model_version": version,
        }

    def similar_items(
        self,
        item_id: str,
        n: int = 10,
        filters: Filters | None = None,
        strategy: str | None = None,
    ) -> dict[str, Any]:
        """Items like ``item_id``: by one strategy, or (by default) the best of content
        similarity and co-occurrence, each item once with its stronger evidence."""
        filters = filters or Filters()
        names = [strategy] if strategy else [s for s in SIMILAR_ITEMS_BLEND if s in self.registered]
        for name in names:
            self._check(name, n)
        with self._lock:
            state = self._require_state()
            if item_id not in state.item_index:
                raise UnknownItem(item_id)
            allowed = filters.mask(state.catalog)
            excluded = set(filters.exclude)
            best: dict[str, tuple[Scored, str]] = {}
            for name in names:
                # Ask for more, so the exclusions and the merge still leave n.
                for scored in state.models[name].similar_items(item_id, n + len(excluded), allowed):
                    if scored.item_id in excluded:
                        continue
                    kept = best.get(scored.item_id)
                    if kept is None or scored.score > kept[0].score:
                        best[scored.item_id] = (scored, name)
            ranked = sorted(best.values(), key=lambda pair: (-pair[0].score, pair[0].item_id))[:n]
            items = [{**self._item(state, s), "via": name} for s, name in ranked]
            version = self.version
        return {
            "item_id": item_id,
            "strategies": names,
            "n": n,
            "items": items,
            "filters": filters.as_dict(),
            "model_version": version,
        }

    def status(self) -> dict[str, Any]:
        with self._lock:
            state = self._require_state()
            return {
                "version": self.version,
                "epoch": self.epoch,
                "rebuilds": self.rebuilds,
                "strategies": list(state.models),
                "items": len(state.catalog),
                "events_at_build": state.events_at_build,
                "events_since_build": self._events_since_build,
                "built_at": state.built_at,
                "build_seconds": round(state.build_seconds, 3),
                "load_seconds": round(state.load_seconds, 3),
                "fit_seconds": {name: round(t, 3) for name, t in state.fit_seconds.items()},
                "refit_after_events": self._refit_threshold(state),
            }

    def catalog_snapshot(self) -> Catalog:
        with self._lock:
            return _copy(self._require_state().catalog)

    # --- helpers ---------------------------------------------------------------------------

    def _check(self, strategy: str, n: int) -> None:
        if strategy not in self.registered:
            raise registry.UnknownStrategyError(
                f"unknown strategy {strategy!r}; known: {', '.join(self.registered)}"
            )
        # The API serves at most MAX_N; the re-rank stage asks for up to MAX_CANDIDATES.
        if not 1 <= n <= MAX_CANDIDATES:
            raise InvalidRequest(f"n must be between 1 and {MAX_CANDIDATES}, not {n}")

    def _check_weights(
        self, strategy: str, weights: Mapping[str, float] | None
    ) -> dict[str, float] | None:
        """Per-request weights, for a strategy that blends others (the hybrid)."""
        if weights is None:
            return None
        with self._lock:
            model = self._require_state().models[strategy]
        if not hasattr(model, "with_weights"):
            raise InvalidRequest(f"strategy {strategy!r} takes no weights; the hybrid does")
        try:
            model.with_weights(weights)
        except ValueError as error:
            raise InvalidRequest(f"weights {dict(weights)}: {error}") from error
        return dict(sorted(weights.items()))

    def _require_state(self) -> _ModelSet:
        if self._state is None:
            raise RuntimeError("the models are not built yet: call start() first")
        return self._state

    @staticmethod
    def _item(state: _ModelSet, scored: Scored) -> dict[str, Any]:
        row = state.item_index[scored.item_id]
        return {
            "item_id": scored.item_id,
            "score": round(float(scored.score), 6),
            "title": state.catalog.titles[row],
            "category": state.catalog.categories[row],
            "reason": scored.reason,
            "via": scored.source,
        }


def fit_strategies(
    registered: Mapping[str, registry.Strategy],
    settings: Settings,
    data: InteractionData,
    catalog: Catalog,
) -> tuple[dict[str, Recommender], dict[str, float]]:
    """Every strategy fitted on the same data, each held once: the hybrid comes last and
    blends the instances fitted here (with ``settings.hybrid_weights``) instead of copies.
    Returns the models and each one's fit seconds."""
    models: dict[str, Recommender] = {}
    fit_seconds = {}
    for name in sorted(registered, key=lambda name: name == HYBRID):
        params: dict[str, Any] = {}
        if name == HYBRID:
            weights = settings.hybrid_weights
            shared = {part: models[part] for part in weights if part in models}
            params = {"weights": weights, "shared_components": shared}
        started = time.perf_counter()
        model = registered[name].create(**params)
        model.fit(data, _copy(catalog))
        models[name] = model
        fit_seconds[name] = time.perf_counter() - started
    return {name: models[name] for name in registered}, fit_seconds


def _digest(*parts: object) -> str:
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


def _catalog_rows(catalog: Catalog, rows: Collection[int]) -> Catalog:
    picked = list(rows)
    return Catalog(
        item_ids=[catalog.item_ids[i] for i in picked],
        titles=[catalog.titles[i] for i in picked],
        categories=[catalog.categories[i] for i in picked],
        descriptions=[catalog.descriptions[i] for i in picked],
        prices=catalog.prices[picked],
    )


def _copy(catalog: Catalog) -> Catalog:
    return _catalog_rows(catalog, range(len(catalog)))

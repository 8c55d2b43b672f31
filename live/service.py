"""The live model service: every registered strategy, built from storage and then kept
current batch by batch, answering through the cache shared by all workers.

Life of the models
    ``build()`` is the one seam where models come from: today ``_fit_from_storage`` reads
    the event log up to its position (the highest stored id, in one snapshot), the event_ids
    of its newest stretch, and the catalogue, builds one ``InteractionState`` (the user x
    item matrix and trending counts) and fits every strategy of ``registry.STRATEGIES`` on
    it, then swaps the set in. (An artefact loader can replace ``_fit_from_storage``.)

    Committed changes arrive through ``apply_events`` / ``apply_items`` (the sync hands over
    this worker's own changes and those of other workers). ``apply_events`` only queues and
    returns, so a write never waits for the models; the applier thread drains the queue,
    coalesces what gathered into one ``InteractionData`` and applies it in one vectorised
    update of the shared state, after which each strategy refreshes what it derives from it.
    A request for a user whose events are still queued waits for them (at most 1 s), so the
    acting user always sees their own purchase or ``not_interested``.

    What an incremental update cannot move (other users' neighbour lists, the TF-IDF
    vocabulary) is refreshed by a full build in a background thread. It falls due once as
    many events as ``model_refit_fraction`` of the log (at least ``model_refit_min_events``)
    arrived, or ``model_refit_interval_seconds`` after the first change, and then starts at
    the first quiet moment (``model_rebuild_quiet_seconds`` without an event, at most
    ``model_rebuild_max_delay_seconds`` later): a bulk load causes one build after it. When
    a build missed at least ``model_refit_min_events`` of a burst (events that arrived while
    it ran), one more follows at the next quiet moment, so a bulk load ends on models that
    cover it. A ``data_reset`` rebuilds at once. Changes applied while a build runs are
    replayed onto the new models before the swap, and a change the build already read from
    storage (its event_id is in the build's newest stretch) is skipped, before and after the
    swap: no event is lost or counted twice. ``status()`` says whether the served models cover every
    stored event (``current``).

Versions and the cache
    ``version`` goes up with every applied batch and is reported as ``model_version`` in
    answers. Cache keys (``answer_key``) hold the kind of answer (``rec``: a strategy's
    candidates, here; ``answer``: a whole response, in the routes), the build's token (a
    digest of the data the build read: the same on every worker built from the same data)
    and the catalogue size, a digest of the question (strategy, ``n``, filters, weights,
    scope, ...), the count of the user's own events applied since the build, and the user
    id. Every worker makes the same key for the same question, so with Redis an answer
    computed on one is a hit on the others; a user's event moves that user's keys only.
    With the in-process cache, the key also holds ``epoch``, which moves when changes from
    other workers are applied (no other worker reads this cache, so entries must not
    outlive the state they came from). Models (and the shopper profiles, which hear of an
    event first) are updated before versions move, so an entry stored under the newest key
    was computed from state at least that new.

Thread safety
    One lock guards the models: the applier and the swap take it, and so does each model
    call (a recommend is a few milliseconds of NumPy). Fitting for a rebuild happens outside
    it, and a write's request thread never takes it.

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
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pydantic_core
from sqlalchemy.orm import Session, sessionmaker

from cache import Cache, cache_key
from changes import ChangeFeed
from config import Settings
from features.data import Catalog
from live.loader import ModelSource
from live.model_set import ModelSet, fit_from_storage, tuning_of
from live.requests import Filters, InvalidRequest, UnknownItem
from recommenders import registry
from recommenders.base import Recommender, Scored
from recommenders.fitting import copy_catalog, served_default
from recommenders.rerank import MAX_CANDIDATES
from recommenders.storage import (
    EventLike,
    ItemLike,
    events_to_data,
    items_to_catalog,
    load_items,
    log_position,
)

log = logging.getLogger(__name__)

FALLBACK_SUFFIX = "_fallback"
# Similar items blend these when the caller names no strategy: text and co-occurrence.
SIMILAR_ITEMS_BLEND = ("content", "item_cf")
# How long a request waits for its own user's queued events before it answers anyway.
OWN_EVENTS_WAIT_SECONDS = 1.0
AFTER_A_BURST = "after a burst"
# Builds that must cover every stored event; the others (start-up, a new artefact) may
# replay the events stored after the newest artefact onto it. A build after a burst must
# not: the same artefact with the same replay would be due again, and taken again, without
# /model ever saying current.
FRESH_REASONS = ("threshold", "scheduled", "data reset", AFTER_A_BURST)


@dataclass(frozen=True)
class SimilarRanking:
    """A similar-items answer as arrays, best first: ``via`` names each item's strategy."""

    item_id: str
    item_ids: list[str]
    scores: np.ndarray
    via: list[str]
    strategies: list[str]
    model_version: int


@dataclass(frozen=True)
class _KeyParts:
    """What answer keys are made of, published whole (one attribute write) so that a reader
    without the model lock (the event loop) never mixes one build's token with another
    build's user versions. ``user_versions`` is the live dict, counted up in place."""

    model_token: str
    user_versions: dict[str, int]


class RecommendationService:
    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        cache: Cache,
        strategies: Mapping[str, registry.Strategy] | None = None,
        source: ModelSource | None = None,
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
        # Moves when this worker applies changes made elsewhere, and is part of the keys
        # only when the cache is this process's own: another worker's cache never answers
        # here, so local entries must not outlive the state they were computed from.
        self.epoch = 0
        self._user_versions: dict[str, int] = {}
        self._key_parts: _KeyParts | None = None
        self._events_since_build = 0
        self._first_change_at: float | None = None
        self._last_change_at = 0.0
        self._due_since: float | None = None
        self._burst_tail = False  # the newest build missed a burst's last events
        self._stale = False
        self._state: ModelSet | None = None
        self._lock = threading.RLock()
        self._build_lock = threading.Lock()
        # While a rebuild runs: the changes to replay onto the new models before the swap.
        self._replay: list[tuple[str, Any]] | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._refitter: threading.Thread | None = None
        # The applier: committed events wait here, and one thread applies what gathered.
        self._queued = threading.Condition()
        self._queue: list[tuple[int, Sequence[EventLike], bool]] = []
        self._tickets = 0
        self._applied_ticket = 0
        self._pending_users: dict[str, int] = {}
        self._applier: threading.Thread | None = None
        self.listeners: list[Callable[[], None]] = []
        # The builder's artefacts (live/loader.py); None: this process fits its models.
        self.source = source

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Build the models, then start the applier and the background refitter."""
        self.build(reason="startup")
        self._stop.clear()
        self._applier = threading.Thread(target=self._apply_loop, name="event-applier", daemon=True)
        self._applier.start()
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
        with self._queued:
            self._queued.notify_all()
        for thread in (self._applier, self._refitter):
            if thread is not None:
                thread.join(timeout=30)
        self._applier = self._refitter = None

    def build(self, reason: str = "manual") -> None:
        """A full build from storage; serving goes on from the old models meanwhile.

        The single seam where the models come from: ``_fit_from_storage`` (an artefact
        loader can take its place). Changes applied while it runs are replayed onto the
        new models, except those the build already read from storage."""
        with self._build_lock:
            with self._lock:
                self._replay = []
            try:
                state = self._fit_from_storage(reason)
            except BaseException:
                with self._lock:
                    self._replay = None
                raise
            with self._lock:
                replay, self._replay = self._replay or [], None
                self._user_versions = dict(state.replayed)
                self._events_since_build = state.replayed.total()
                self._first_change_at = self._due_since = None
                self._stale = False
                for kind, payload in replay:
                    if kind == "items":
                        state.add_items(payload)
                    else:
                        self._apply_to(state, state.uncovered(payload))
                # Below the refit threshold, but a burst's worth: a build follows once quiet.
                self._burst_tail = self._events_since_build >= self.settings.model_refit_min_events
                self._state = state
                self._publish_key_parts()
                self.rebuilds += 1
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

    def _fit_from_storage(self, reason: str = "manual") -> ModelSet:
        if self.source is not None:
            return self._load_artefact(fresh=reason in FRESH_REASONS)
        return fit_from_storage(self.session_factory, self.settings, self.registered)

    def _load_artefact(self, fresh: bool) -> ModelSet:
        """The builder's newest artefact, mapped, with the changes stored after it."""
        assert self.source is not None
        acquired = self.source.acquire(self.session_factory, fresh=fresh)
        artefact = acquired.artefact
        state = ModelSet(
            catalog=artefact.catalog,
            item_index={item_id: i for i, item_id in enumerate(artefact.catalog.item_ids)},
            models=artefact.models,
            events_at_build=artefact.manifest.events,
            interactions=artefact.shared.get("interactions"),
            covers_event_id=artefact.manifest.position,
            covered_recent=artefact.shared.get("covered_recent", np.array([], dtype=object)),
            stamp=artefact.shared.get("stamp", f"artefact-{artefact.manifest.version}"),
            built_at=artefact.manifest.created_at,
            load_seconds=acquired.load_seconds,
            fit_seconds=artefact.manifest.fit_seconds,
            artefact=artefact.manifest,
            parameters=artefact.manifest.parameters.get("served", {}),
        )
        if acquired.items:
            state.add_items(items_to_catalog(acquired.items))
        replayed = state.uncovered(acquired.events)
        if replayed:
            stale = state.apply_events(events_to_data(replayed, self.settings.event_weights))
            if stale:
                log.warning("strategies %s cannot take the replayed events", stale)
            state.replayed.update(event.user_id for event in replayed)
            # A replayed event may still be on its way through this worker's queue.
            state.cover([e.event_id for e in replayed])
        return state

    @property
    def artefact_version(self) -> int | None:
        """The model version every worker reports: the builder's artefact it serves."""
        with self._lock:
            state = self._state
            return None if state is None or state.artefact is None else state.artefact.version

    # --- changes (from the ChangeFeed, or from other workers) ------------------------------

    def apply_events(self, events: Sequence[EventLike], foreign: bool = False) -> None:
        """Queue committed events for the applier and return at once. ``foreign``: they
        were made by another process. The acting user's next answer waits for them."""
        if not events:
            return
        users = {event.user_id for event in events}
        with self._queued:
            self._tickets += 1
            self._queue.append((self._tickets, events, foreign))
            for user_id in users:
                self._pending_users[user_id] = self._tickets
            self._queued.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every event queued so far is applied; False on timeout."""
        with self._queued:
            ticket = self._tickets
            return self._queued.wait_for(
                lambda: self._applied_ticket >= ticket or self._applier is None, timeout
            )

    def _wait_for_user(self, user_id: str) -> None:
        with self._queued:
            ticket = self._pending_users.get(user_id)
            if ticket is not None and self._applier is not None:
                self._queued.wait_for(
                    lambda: self._applied_ticket >= ticket, OWN_EVENTS_WAIT_SECONDS
                )

    def _apply_loop(self) -> None:
        while True:
            with self._queued:
                self._queued.wait_for(lambda: self._queue or self._stop.is_set())
                if self._stop.is_set():
                    return
                batch, self._queue = self._queue, []
            try:
                self._apply_batch(batch)
            except Exception:
                log.exception("applying %d queued batches failed", len(batch))
            finally:
                with self._queued:
                    self._applied_ticket = batch[-1][0]
                    self._pending_users = {
                        user_id: ticket
                        for user_id, ticket in self._pending_users.items()
                        if ticket > self._applied_ticket
                    }
                    self._queued.notify_all()

    def _apply_batch(self, batch: Sequence[tuple[int, Sequence[EventLike], bool]]) -> None:
        """Everything that gathered in the queue, coalesced into one vectorised update."""
        events = [event for _, part, _ in batch for event in part]
        self.apply_events_now(events, foreign=any(flag for _, _, flag in batch))

    def apply_events_now(self, events: Sequence[EventLike], foreign: bool = False) -> None:
        """Apply events on this thread (what the applier does with each coalesced batch)."""
        if not events:
            return
        with self._lock:
            known = self._require_state().item_index
            unheard = {e.item_id for e in events if e.item_id not in known}
        if unheard:
            # Items another worker added whose announcement has not arrived here yet.
            with self.session_factory() as session:
                self.apply_items(load_items(session, unheard))
        with self._lock:
            state = self._require_state()
            fresh = state.uncovered(events)
            if not fresh:
                return
            stale = self._apply_to(state, fresh)
            if self._replay is not None:
                self._replay.append(("events", fresh))
            self.version += 1
            if foreign:
                self.epoch += 1
                self._publish_key_parts()
            now = time.monotonic()
            self._last_change_at = now
            self._first_change_at = self._first_change_at or now
            self._stale = self._stale or bool(stale)
        self._wake.set()
        self._notify()

    def _apply_to(self, state: ModelSet, events: Sequence[EventLike]) -> list[str]:
        """Apply under the lock. Models first, then the user versions: a key that names the
        new version is only ever filled from a model that has the event."""
        if not events:
            return []
        stale = state.apply_events(events_to_data(events, self.settings.event_weights))
        if stale:
            log.warning("strategies %s cannot update incrementally: refit scheduled", stale)
        for user_id, count in Counter(event.user_id for event in events).items():
            self._user_versions[user_id] = self._user_versions.get(user_id, 0) + count
        self._events_since_build += len(events)
        return stale

    def apply_items(self, items: Sequence[ItemLike]) -> None:
        if not items:
            return
        catalog = items_to_catalog(items)
        with self._lock:
            state = self._require_state()
            state.add_items(catalog)
            self._publish_key_parts()
            if self._replay is not None:
                self._replay.append(("items", catalog))
            self.version += 1
        self._notify()

    def view_key(self) -> tuple[int, int]:
        """(builds so far, catalogue size): moves when a reader's copy of the catalogue is
        stale. Reads no storage, unlike ``status``."""
        with self._lock:
            return self.rebuilds, len(self._require_state().catalog)

    def build_position(self) -> int:
        """The event log position the serving models were built from."""
        with self._lock:
            return self._require_state().covers_event_id

    def reset(self) -> None:
        """Storage was reset (seeded or cleared): rebuild now. What was queued before is
        applied to the old models first, so none of it lands on the new ones."""
        self.flush()
        self.build(reason="data reset")

    def _refit_threshold(self, state: ModelSet) -> int:
        return self.settings.refit_threshold(state.events_at_build)

    def _rebuild_due(self) -> str | None:
        """Why a rebuild should start now, if it should. Once one is due (enough events, a
        strategy that cannot update, or the interval), it waits for a quiet moment, so a
        bulk load makes one build after it rather than one per threshold's worth."""
        with self._lock:
            state = self._state
            if state is None or (self._events_since_build == 0 and not self._stale):
                return None
            now = time.monotonic()
            if self._stale or self._events_since_build >= self._refit_threshold(state):
                reason = "threshold"
            elif (
                self._first_change_at is not None
                and now - self._first_change_at >= self.settings.model_refit_interval_seconds
            ):
                reason = "scheduled"
            elif self._burst_tail:
                # A burst outlasted the last build (a bulk load's last batches arrived
                # while it ran): one build once the burst is over.
                quiet = now - self._last_change_at >= self.settings.model_rebuild_quiet_seconds
                return AFTER_A_BURST if quiet else None
            else:
                return None
            self._due_since = self._due_since or now
            quiet = now - self._last_change_at >= self.settings.model_rebuild_quiet_seconds
            waited = now - self._due_since >= self.settings.model_rebuild_max_delay_seconds
            return reason if quiet or waited else None

    def _refit_loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=0.1)
            self._wake.clear()
            if self._stop.is_set():
                return
            reason = self._rebuild_due()
            if reason is not None:
                try:
                    self.build(reason=reason)
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
        explain: bool = True,
    ) -> dict[str, Any]:
        """``explain=False``: every item's ``reason`` is "" (``reasons`` gives them for the
        items a caller shows)."""
        filters = filters or Filters()
        self._check(strategy, n)
        weights = self._check_weights(strategy, weights)
        question = (strategy, n, cache_scope, filters.as_dict(), weights, explain)
        key = self.answer_key("rec", user_id, question, wait=True)
        assert key is not None  # after waiting there is always a key
        cached = self.cache.get(key)
        if cached is not None:
            answer: dict[str, Any] = pydantic_core.from_json(cached)
            return answer
        answer = self._compute(user_id, strategy, n, filters, weights, explain)
        stored = pydantic_core.to_json({**answer, "source": "cache"})
        self.cache.set(key, stored, self.settings.cache_ttl_seconds)
        return {**answer, "source": "model"}

    def answer_key(
        self, kind: str, user_id: str, question: object, wait: bool = False
    ) -> str | None:
        """The cache key of ``kind`` of answer to ``question`` (canonical JSON) for
        ``user_id`` ("" for none). Every worker makes the same key for the same question on
        the same data: the build's version and catalogue size, and the count of the user's
        own events taken in since the build, so another user's event moves no key but
        theirs. While the user's own events are still queued here the key would name a
        state that is about to pass: None, unless ``wait``, which waits for them first."""
        if wait:
            self._wait_for_user(user_id)
        elif user_id in self._pending_users:
            return None
        # Not the model lock: a recommend or an update holds it for milliseconds, and the
        # event loop asks for keys.
        parts = self._key_parts
        if parts is None:
            raise RuntimeError("the models are not built yet: call start() first")
        return cache_key(
            self.settings.cache_namespace,
            kind,
            parts.model_token,
            _digest(question),
            parts.user_versions.get(user_id, 0),
            user_id,
        )

    def _publish_key_parts(self) -> None:
        """Under the lock, after the served models, catalogue or epoch moved."""
        state = self._require_state()
        model_token = f"{state.token}.{len(state.catalog)}"
        if not self._cache_shared:
            model_token += f".{self.epoch}"
        self._key_parts = _KeyParts(model_token, self._user_versions)

    @property
    def _cache_shared(self) -> bool:
        return getattr(self.cache, "name", "") == "redis"

    def _compute(
        self,
        user_id: str,
        strategy: str,
        n: int,
        filters: Filters,
        weights: dict[str, float] | None,
        explain: bool,
    ) -> dict[str, Any]:
        with self._lock:
            model = self._model(strategy, weights)
            state = self._require_state()
            scored = model.recommend(
                user_id,
                n,
                exclude=filters.exclude,
                allowed=filters.mask(state.catalog),
                explain=explain,
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

    def reasons(
        self,
        user_id: str,
        strategy: str,
        items: Sequence[Mapping[str, Any]],
        weights: Mapping[str, float] | None = None,
    ) -> list[str]:
        """The reasons for ``items`` of an unexplained ``recommend`` answer (their
        ``item_id``, ``score`` and ``via``), from the models served now."""
        weights = self._check_weights(strategy, weights)
        answer = [Scored(i["item_id"], float(i["score"]), "", i["via"]) for i in items]
        with self._lock:
            return self._model(strategy, weights).reasons(user_id, answer)

    def similar_reasons(self, asked: Sequence[tuple[str, str, str]]) -> list[str]:
        """Per (item_id, via, similar item id) of unexplained ``similar_items`` answers: the
        reason strategy ``via`` gives the similar item, from the models served now."""
        with self._lock:
            models = self._require_state().models
            return [
                models[via].similar_reasons(item_id, [other])[0] for item_id, via, other in asked
            ]

    def _model(self, strategy: str, weights: dict[str, float] | None) -> Recommender:
        """Under the lock: the served ``strategy``, blended by ``weights`` where given."""
        model = self._require_state().models[strategy]
        if weights is not None:
            model = model.with_weights(weights)  # type: ignore[attr-defined]
        return model

    def similar_ranking(
        self,
        item_id: str,
        n: int = 10,
        filters: Filters | None = None,
        strategy: str | None = None,
    ) -> SimilarRanking:
        """Items like ``item_id``, as arrays: by one strategy, or (by default) the best of
        content similarity and co-occurrence, each item once with its stronger evidence.
        Scores are relative to each strategy's best match (1.0)."""
        filters = filters or Filters()
        names = [strategy] if strategy else [s for s in SIMILAR_ITEMS_BLEND if s in self.registered]
        for name in names:
            self._check(name, n)
        with self._lock:
            state = self._require_state()
            if item_id not in state.item_index:
                raise UnknownItem(item_id)
            allowed = filters.mask(state.catalog)
            excluded = list(filters.exclude)
            ids, scores, via = np.zeros(0, dtype=str), np.zeros(0), np.zeros(0, dtype=np.int64)
            for position, name in enumerate(names):
                # Ask for more, so the exclusions and the merge still leave n; each
                # strategy's best match is 1, so the merge compares like with like.
                found, similarity = state.models[name].similar_scores(
                    item_id, n + len(excluded), allowed
                )
                peak = similarity.max(initial=0.0)
                ids = np.concatenate([ids, np.array(found, dtype=str)])
                scores = np.concatenate([scores, similarity / peak if peak > 0 else similarity])
                via = np.concatenate([via, np.full(len(found), position)])
            version = self.version
        if excluded:
            keep = ~np.isin(ids, excluded)
            ids, scores, via = ids[keep], scores[keep], via[keep]
        # Each item once, with its stronger evidence (the earlier strategy on a tie), then
        # best first, ties by item id.
        order = np.argsort(-scores, kind="stable")
        _, first = np.unique(ids[order], return_index=True)
        chosen = order[first]
        chosen = chosen[np.lexsort((ids[chosen], -scores[chosen]))][:n]
        return SimilarRanking(
            item_id=item_id,
            item_ids=ids[chosen].tolist(),
            scores=scores[chosen],
            via=[names[i] for i in via[chosen].tolist()],
            strategies=names,
            model_version=version,
        )

    def similar_items(
        self,
        item_id: str,
        n: int = 10,
        filters: Filters | None = None,
        strategy: str | None = None,
    ) -> dict[str, Any]:
        """``similar_ranking`` with each item's title, category and reason (``via`` names
        the strategy whose evidence it is)."""
        filters = filters or Filters()
        with self._lock:  # one model set for the ranking and its words
            ranking = self.similar_ranking(item_id, n, filters, strategy)
            pairs = zip(ranking.via, ranking.item_ids, strict=True)
            reasons = self.similar_reasons([(item_id, via, other) for via, other in pairs])
            state = self._require_state()
            items = [
                {
                    "item_id": other,
                    "score": round(score, 6),
                    "title": state.catalog.titles[state.item_index[other]],
                    "category": state.catalog.categories[state.item_index[other]],
                    "reason": reason,
                    "via": via,
                }
                for other, score, via, reason in zip(
                    ranking.item_ids, ranking.scores.tolist(), ranking.via, reasons, strict=True
                )
            ]
        return {
            "item_id": item_id,
            "strategies": ranking.strategies,
            "n": n,
            "items": items,
            "filters": filters.as_dict(),
            "model_version": ranking.model_version,
        }

    def status(self) -> dict[str, Any]:
        """The models and whether they cover every stored event: ``current`` once the last
        build read every event in storage (nothing only applied incrementally on top), so
        a bulk loader can wait for it. Waits for the queued events first."""
        self.flush(timeout=OWN_EVENTS_WAIT_SECONDS)
        with self.session_factory() as session:
            stored = log_position(session)
        with self._lock:
            state = self._require_state()
            pending = self._events_since_build
            current = stored == state.covers_event_id and pending == 0
            return {
                "version": self.version,
                "epoch": self.epoch,
                "model_version": state.token,
                "rebuilds": self.rebuilds,
                "strategies": list(state.models),
                "items": len(state.catalog),
                "events_at_build": state.events_at_build,
                "events_since_build": pending,
                "current": current,
                "covers_event_id": state.covers_event_id,
                "stored_event_id": stored,
                "pending_events": pending,
                "current_since": state.built_at if current else None,
                "built_at": state.built_at,
                "build_seconds": round(state.build_seconds, 3),
                "load_seconds": round(state.load_seconds, 3),
                "fit_seconds": {name: round(t, 3) for name, t in state.fit_seconds.items()},
                "refit_after_events": self._refit_threshold(state),
                "parameters": state.parameters,
                "tuning": tuning_of(state),
                "artefact": None
                if state.artefact is None
                else {
                    "version": state.artefact.version,
                    "position": state.artefact.position,
                    "created_at": state.artefact.created_at,
                },
            }

    def default_strategy(self) -> str:
        """What a request that names no strategy gets: ``default_strategy``, or the best
        validated strategy of the served models' tuning when configured to follow it."""
        if not self.settings.default_strategy_follows_tuning:
            return self.settings.default_strategy
        # One reference read, no lock: the event loop's cache hit asks this too.
        tuning = tuning_of(self._require_state())
        chosen = served_default(
            self.settings.default_strategy, self.settings.default_strategy_follows_tuning, tuning
        )
        return chosen if chosen in self.registered else self.settings.default_strategy

    def catalog_snapshot(self) -> Catalog:
        with self._lock:
            return copy_catalog(self._require_state().catalog)

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

    def _require_state(self) -> ModelSet:
        if self._state is None:
            raise RuntimeError("the models are not built yet: call start() first")
        return self._state

    @staticmethod
    def _item(state: ModelSet, scored: Scored) -> dict[str, Any]:
        row = state.item_index[scored.item_id]
        return {
            "item_id": scored.item_id,
            "score": round(float(scored.score), 6),
            "title": state.catalog.titles[row],
            "category": state.catalog.categories[row],
            "reason": scored.reason,
            "via": scored.source,
        }


def _digest(*parts: object) -> str:
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()

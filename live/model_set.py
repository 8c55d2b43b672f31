"""The models one build produced, and building them from storage: one snapshot of the event
log and the catalogue, every registered strategy fitted on it."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from features.data import Catalog, InteractionData
from live.artefacts import Manifest
from recommenders import registry
from recommenders.base import Recommender
from recommenders.fitting import catalog_rows, fit_strategies, served_parameters
from recommenders.interaction_state import InteractionState
from recommenders.scoring import ScoringRecommender
from recommenders.storage import (
    EventLike,
    data_stamp,
    event_ids_after,
    load_catalog,
    load_interactions,
    log_position,
)


@dataclass
class ModelSet:
    """Everything one build produced; replaced as a whole by the next build."""

    catalog: Catalog
    item_index: dict[str, int]
    models: dict[str, Recommender]
    events_at_build: int
    # The one interaction state every ScoringRecommender in ``models`` reads.
    interactions: InteractionState | None = None
    # The event log position the build covers (every stored id at or below it, as the
    # build's snapshot saw them), the event_ids of its last stretch (so a change that
    # arrives after the build but is already in it is not counted twice), and what tells
    # this data apart from other data at the same position.
    covers_event_id: int = 0
    covered_recent: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    stamp: str = ""
    built_at: float = field(default_factory=time.time)
    load_seconds: float = 0.0
    fit_seconds: dict[str, float] = field(default_factory=dict)
    artefact: Manifest | None = None  # the builder's artefact these models were mapped from
    # Per strategy, what it was created with (``served_parameters``).
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Events stored after the artefact that loading replayed, per user: they count in the
    # user versions as if they had arrived live, so every worker's keys agree.
    replayed: Counter[str] = field(default_factory=Counter)
    # ``covered_recent`` as a set, made on first use: up to model_covered_window_events ids,
    # too many to turn into a set for every applied batch.
    _covered: set[str] | None = field(default=None, repr=False)

    @property
    def build_seconds(self) -> float:
        return self.load_seconds + sum(self.fit_seconds.values())

    @property
    def token(self) -> str:
        """The build's version, the same on every worker that built from the same data."""
        return hashlib.blake2b(self.stamp.encode(), digest_size=6).hexdigest()

    def add_items(self, items: Catalog) -> None:
        fresh = [i for i, item_id in enumerate(items.item_ids) if item_id not in self.item_index]
        if not fresh:
            return
        rows = catalog_rows(items, fresh)
        for model in self.models.values():
            model.add_items(rows)
        for item_id in rows.item_ids:
            self.item_index[item_id] = len(self.item_index)
        self.catalog.extend(rows)

    def apply_events(self, data: InteractionData) -> list[str]:
        """The shared state takes the batch once; each strategy then refreshes what it
        derives from it. Returns the strategies that could not take the events."""
        shared = [m for m in self.models.values() if shares_state(m, self.interactions)]
        if shared and self.interactions is not None:
            applied = self.interactions.update(data)
            for model in shared:
                model.updated(applied)  # type: ignore[attr-defined]
        stale = []
        for name, model in self.models.items():
            if model in shared:
                continue
            try:
                model.partial_update(data)
            except NotImplementedError:
                stale.append(name)
        return stale

    def uncovered(self, events: Sequence[EventLike]) -> list[EventLike]:
        """The events this build has not already taken from storage."""
        if not len(self.covered_recent) or not events:
            return list(events)
        # A set, not np.isin: on object arrays isin compares element by element (n x m).
        if self._covered is None:
            self._covered = set(self.covered_recent.tolist())
        covered = self._covered
        return [event for event in events if getattr(event, "event_id", "") not in covered]

    def cover(self, event_ids: Sequence[str]) -> None:
        """Count these events as already in the models (``uncovered`` leaves them out)."""
        self.covered_recent = np.concatenate(
            [self.covered_recent, np.array(list(event_ids), dtype=object)]
        )
        if self._covered is not None:
            self._covered.update(event_ids)


def tuning_of(state: ModelSet) -> dict[str, Any]:
    """The builder's self-tuning behind the served models (live/tuning.py); a process that
    fits its own models (inline) never tunes."""
    if state.artefact is None:
        return {"state": "off"}
    return dict(state.artefact.parameters.get("tuning", {"state": "off"}))


def shares_state(model: Recommender, state: InteractionState | None) -> bool:
    """Whether ``model`` scores from ``state`` (it then takes events through the state)."""
    return isinstance(model, ScoringRecommender) and state is not None and model.state is state


@dataclass(frozen=True)
class StorageSnapshot:
    """The event log up to ``position`` and the catalogue, as one snapshot saw them."""

    data: InteractionData
    catalog: Catalog
    position: int
    recent: list[str]  # event_ids of the newest stretch (``model_covered_window_events``)
    stamp: str
    load_seconds: float


def read_storage(session_factory: sessionmaker[Session], settings: Settings) -> StorageSnapshot:
    started = time.perf_counter()
    with session_factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            # One snapshot for every read below: the position, the events at or below
            # it and their ids agree. (SQLite has one writer at a time, so ids are
            # committed in order and the position alone bounds the same set.)
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        position = log_position(session)
        # Events first: the catalogue read after them holds every item they name
        # (items are only ever added), whatever commits in between.
        data = load_interactions(session, settings.event_weights, up_to_id=position)
        window = settings.model_covered_window_events
        recent = event_ids_after(session, max(0, position - window), position)
        stamp = data_stamp(session, position)
        catalog = load_catalog(session)
    return StorageSnapshot(
        data, catalog, position, list(recent), stamp, time.perf_counter() - started
    )


def fit_snapshot(
    snapshot: StorageSnapshot,
    settings: Settings,
    registered: Mapping[str, registry.Strategy],
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> ModelSet:
    """Every strategy fitted on the snapshot (``params``: see ``fit_strategies``)."""
    interactions = InteractionState.build(snapshot.data, snapshot.catalog.item_ids)
    models, fit_seconds = fit_strategies(
        registered, settings, snapshot.data, snapshot.catalog, interactions, params
    )
    return ModelSet(
        catalog=snapshot.catalog,
        item_index={item_id: i for i, item_id in enumerate(snapshot.catalog.item_ids)},
        models=models,
        events_at_build=len(snapshot.data),
        interactions=interactions,
        covers_event_id=snapshot.position,
        covered_recent=np.array(snapshot.recent, dtype=object),
        stamp=snapshot.stamp,
        load_seconds=snapshot.load_seconds,
        fit_seconds=fit_seconds,
        parameters=served_parameters(registered, settings, params),
    )


def fit_from_storage(
    session_factory: sessionmaker[Session],
    settings: Settings,
    registered: Mapping[str, registry.Strategy],
) -> ModelSet:
    """Fit every strategy, at its registry defaults, on storage as one snapshot sees it:
    what a worker serving inline does (the builder also tunes, live/tuning.py)."""
    return fit_snapshot(read_storage(session_factory, settings), settings, registered)

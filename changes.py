"""A small in-process change feed: storage announces what changed, the live parts
(recommender model, caches) subscribe. Listeners run after the commit, and a failing one
is logged, never an error for the writer.

Writers (A/B attribution) are the exception: they run inside the writer's transaction,
before its commit, and their failure fails the write, so whatever an acknowledged event
implies is committed with it or not at all."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class ChangeFeed:
    interaction_listeners: list[Callable[[Sequence[Any]], None]] = field(default_factory=list)
    item_listeners: list[Callable[[Sequence[Any]], None]] = field(default_factory=list)
    reset_listeners: list[Callable[[], None]] = field(default_factory=list)
    # (session, records): called in the transaction that stores the records.
    interaction_writers: list[Callable[[Any, Sequence[Any]], None]] = field(default_factory=list)

    def interactions_writing(self, session: Any, records: Sequence[Any]) -> None:
        """Before the commit of ``records``: errors propagate (the caller rolls back)."""
        if records:
            for writer in self.interaction_writers:
                writer(session, records)

    def interactions_added(self, records: Sequence[Any]) -> None:
        if records:
            for listener in self.interaction_listeners:
                _call(listener, records)

    def items_added(self, items: Sequence[Any]) -> None:
        if items:
            for listener in self.item_listeners:
                _call(listener, items)

    def data_reset(self) -> None:
        for listener in self.reset_listeners:
            _call(listener)


def _call(listener: Callable[..., None], *args: Any) -> None:
    # The data is already committed: a failing listener must not turn the write into an error.
    try:
        listener(*args)
    except Exception:
        log.exception("change listener %r failed", listener)


class LiveParts:
    """What the change sync drives: the live models and the other in-memory views of the
    log (shopper profiles). The models are ``sync.LiveModel``; the views take
    ``apply_events``, ``apply_items`` and ``reset``."""

    def __init__(self, models: Any, *views: Any) -> None:
        self.models = models
        self.views = views

    def apply_events(self, events: Sequence[Any], foreign: bool = False) -> None:
        # The views first: the models' applying the events moves the user's cache keys, and
        # an answer stored under the new key must have read views that hold them too.
        for view in self.views:
            view.apply_events(events)
        self.models.apply_events(events, foreign=foreign)

    def apply_items(self, items: Sequence[Any]) -> None:
        self.models.apply_items(items)
        for view in self.views:
            view.apply_items(items)

    def reset(self) -> None:
        self.models.reset()
        for view in self.views:
            view.reset()

    def build_position(self) -> int:
        position: int = self.models.build_position()
        return position

"""Cross-worker sync: every worker's live model hears of every committed change, whichever
worker made it.

The channel is the best engine configured (change_stream.py): with Redis, a Redis Stream
carries each committed change to every worker; on PostgreSQL without Redis, ``NOTIFY``
wakes every worker to read the new rows from the table at once. Without either (the
embedded SQLite default) each worker reads the table every ``interval`` seconds. Reading the
table means: what was committed since it last looked (events by their ascending
``interactions.id``, items by the catalogue's count), handed to the live model as the local
change feed does for the worker's own writes. Each change is applied exactly once per
worker, whichever path (the local feed, the stream or the table) brings it first, because
all go through one lock and one set of applied ``event_id``s; one the model's last build
already read from storage is skipped by the model itself.

Events committed out of id order (two writers' transactions finishing in the other order)
are caught by re-checking the ids of the last ``settle_seconds``. A change the model
cannot take incrementally (the data was cleared or re-seeded: ids went backwards, the
catalogue shrank or was replaced) makes the worker rebuild from storage, as the worker
that made the change does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from change_stream import ChangeStream, ItemRow
from changes import ChangeFeed
from models import Interaction, Item
from tracking.interaction_tracker import StoredEvent

log = logging.getLogger(__name__)

PAGE = 10_000
# More new events than this in one look are cheaper to take with a rebuild than one by one.
REBUILD_ABOVE = 100_000
# How often a worker that follows a stream also looks at the table without being told.
SAFETY_POLL_SECONDS = 5.0


class LiveModel(Protocol):
    """What the sync drives: live.service.RecommendationService."""

    def apply_events(self, events: Sequence[Any], foreign: bool = False) -> None: ...

    def apply_items(self, items: Sequence[Any]) -> None: ...

    def reset(self) -> None: ...

    def build_position(self) -> int: ...


@dataclass(frozen=True)
class _Marks:
    highest_id: int
    item_count: int


class ChangeSync:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        model: LiveModel,
        interval: float = 0.25,
        settle_seconds: float = 5.0,
        on_relayed: Any = None,
        stream: ChangeStream | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.model = model
        self.stream = stream
        # With a stream the table is read when woken (NOTIFY) and otherwise only slowly, as
        # a safety net: for a missed notification or a process that writes to storage
        # without publishing (a command-line import).
        if stream is not None and interval > 0:
            interval = max(interval, SAFETY_POLL_SECONDS)
        self.interval = interval
        # A large backlog in the table is cheaper to take with a rebuild, unless a stream
        # carries the changes: then the table mostly holds what was applied already.
        self._rebuild_above = REBUILD_ABOVE if stream is None else 10**12
        self.settle_seconds = settle_seconds
        self.on_relayed = on_relayed or (lambda kind, count: None)
        # The poll's own state; and, held only briefly, the set of applied changes that
        # every path (a request's local feed, the stream, the poll) checks and hands on.
        self._lock = threading.RLock()
        self._take_lock = threading.RLock()
        # event_id -> when, oldest first (pruned from the front after a while).
        self._applied_events: OrderedDict[str, float] = OrderedDict()
        self._seen_ids: set[int] = set()  # ids above the settled floor already looked at
        self._floor = 0  # every id at or below it has been looked at
        self._highest = 0
        self._high_marks: deque[tuple[float, int]] = deque()
        self._known_items: set[str] = set()
        # The oldest event and item, with when they were stored: a reset deletes them, and
        # a re-seed writes rows with the same keys but a new created_at.
        self._event_sentinel: tuple[int, datetime] | None = None
        self._item_sentinel: tuple[str, datetime] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the local feed -----------------------------------------------------------------

    def subscribe(self, feed: ChangeFeed) -> None:
        """Take this worker's own changes through the sync, so none is applied twice."""
        feed.interaction_listeners.append(self.local_events)
        feed.item_listeners.append(self.local_items)
        feed.reset_listeners.append(self.local_reset)

    def local_events(self, events: Sequence[StoredEvent]) -> None:
        fresh = self._take_events(events, foreign=False)
        if fresh and self.stream is not None:
            self.stream.publish("events", fresh)

    def local_items(self, items: Sequence[Any]) -> None:
        # Plain rows: the ORM objects expire with their session, the publisher sends later.
        rows = [ItemRow(i.item_id, i.title, i.category, i.description, i.price) for i in items]
        fresh = self._take_items(rows)
        if fresh and self.stream is not None:
            self.stream.publish("items", fresh)

    def local_reset(self) -> None:
        if self.stream is not None:
            self.stream.publish("reset", [])
        self._rebuild()

    def _take_events(self, events: Sequence[StoredEvent], foreign: bool) -> list[StoredEvent]:
        with self._take_lock:
            now = time.monotonic()
            fresh = [event for event in events if event.event_id not in self._applied_events]
            for event in fresh:
                self._applied_events[event.event_id] = now
            self.model.apply_events(fresh, foreign=foreign)
        return fresh

    def _take_items(self, items: Sequence[Any]) -> list[Any]:
        with self._take_lock:
            fresh = [item for item in items if item.item_id not in self._known_items]
            self._known_items.update(item.item_id for item in fresh)
            self.model.apply_items(fresh)
        return fresh

    def received(self, kind: str, records: list[Any]) -> None:
        """A change from another worker, from the stream."""
        if not self.stream or not self.stream.carries_records:
            self.poll()  # a wake-up: the rows are in the table
        elif kind == "events":
            self.on_relayed("events", len(self._take_events(records, foreign=True)))
        elif kind == "items":
            self.on_relayed("items", len(self._take_items(records)))
        elif kind == "reset":
            self.on_relayed("reset", 1)
            self._rebuild()

    def _rebuild(self) -> None:
        """Rebuild from storage, outside the lock: a build takes seconds, and requests go on
        (their events reach the old models, and the service replays them onto the new).
        The baseline comes first, so an event committed meanwhile is never missed. The
        applied event_ids are forgotten: reloaded data may use the same ids again (what the
        new build reads, the model itself skips)."""
        with self._lock:
            self._baseline()
        with self._take_lock:
            self._applied_events.clear()
        self.model.reset()

    # --- the poll -----------------------------------------------------------------------

    def prepare(self) -> None:
        """Before the model's first build: take the stream's position, so every change
        after the build arrives."""
        if self.stream is not None:
            self.stream.mark()

    def start(self) -> None:
        """Baseline on what the model was just built from, then follow the stream and/or
        poll in the background."""
        with self._lock:
            self._baseline(self.model.build_position())
        if self.stream is not None:
            self.stream.start(self.received)
        if self.interval <= 0:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="change-sync", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self.stream is not None:
            self.stream.close()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        failing = False
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception as error:
                # Storage down: the requests say so with a 503; the poll retries quietly.
                if not failing:
                    log.warning("change sync cannot read storage (%s); retrying", error)
                failing = True
                continue
            if failing:
                log.info("change sync reading storage again")
                failing = False

    def poll(self) -> None:
        with self._lock, self.session_factory() as session:
            marks = self._read_marks(session)
            rebuild = self._was_reset(session, marks)
            if rebuild:
                log.info("storage was reset by another process: rebuilding the models")
            elif (backlog := marks.highest_id - self._highest) > self._rebuild_above:
                log.info("%d new events from elsewhere: rebuilding the models", backlog)
                rebuild = True
            if not rebuild:
                self._relay_items(session, marks)
                self._relay_events(session, marks)
            self._settle(marks.highest_id)
        if rebuild:
            self.on_relayed("reset", 1)
            self._rebuild()

    def _read_marks(self, session: Session) -> _Marks:
        highest = session.scalar(select(func.max(Interaction.id)))
        count = session.scalar(select(func.count()).select_from(Item))
        return _Marks(highest or 0, count or 0)

    def _was_reset(self, session: Session, marks: _Marks) -> bool:
        if marks.highest_id < self._highest or marks.item_count < len(self._known_items):
            return True  # deleted (and perhaps written again)
        if self._event_sentinel is None:
            self._event_sentinel = _oldest_event(session)
        elif _stored_at(session, Interaction, self._event_sentinel[0]) != self._event_sentinel[1]:
            return True
        if self._item_sentinel is None:
            self._item_sentinel = _oldest_item(session)
        elif _stored_at(session, Item, self._item_sentinel[0]) != self._item_sentinel[1]:
            return True
        return False

    def _relay_items(self, session: Session, marks: _Marks) -> None:
        if marks.item_count == len(self._known_items):
            return
        ids = set(session.scalars(select(Item.item_id)))
        with self._take_lock:
            new_ids = ids - self._known_items
        if not new_ids:
            return
        items = [item for item in session.scalars(select(Item)) if item.item_id in new_ids]
        items.sort(key=lambda item: (item.created_at, item.item_id))
        fresh = self._take_items(items)
        if fresh:
            self.on_relayed("items", len(fresh))

    def _relay_events(self, session: Session, marks: _Marks) -> None:
        """New rows by id (and late commits below the newest id seen): their ids and
        event_ids first, the whole rows only for those this worker has not applied (its own
        writes, which are most rows in a bulk load, cost no more than that)."""
        keys: list[tuple[int, str]] = []
        # Late commits below what was seen: the ids of the last few seconds, re-checked.
        if self._highest > self._floor:
            settled = session.scalar(
                select(func.count()).where(
                    Interaction.id > self._floor, Interaction.id <= self._highest
                )
            )
            if settled != len(self._seen_ids):
                keys += [
                    (id_, event_id)
                    for id_, event_id in session.execute(
                        select(Interaction.id, Interaction.event_id).where(
                            Interaction.id > self._floor, Interaction.id <= self._highest
                        )
                    )
                    if id_ not in self._seen_ids
                ]
        if marks.highest_id - self._highest > self._rebuild_above:
            log.info(
                "%d new events from other processes: rebuilding", marks.highest_id - self._highest
            )
            self.on_relayed("reset", 1)
            self.model.reset()
            self._baseline()
            return
        while True:
            after = max(self._highest, keys[-1][0] if keys else 0)
            page = [
                (id_, event_id)
                for id_, event_id in session.execute(
                    select(Interaction.id, Interaction.event_id)
                    .where(Interaction.id > after)
                    .order_by(Interaction.id)
                    .limit(PAGE)
                )
            ]
            keys += page
            if len(page) < PAGE:
                break
        if not keys:
            return
        self._seen_ids.update(id_ for id_, _ in keys)
        self._highest = max(self._highest, max(id_ for id_, _ in keys))
        with self._take_lock:
            unapplied = [id_ for id_, event_id in keys if event_id not in self._applied_events]
        rows: list[Interaction] = []
        for start in range(0, len(unapplied), PAGE):
            chunk = unapplied[start : start + PAGE]
            query = select(Interaction).where(Interaction.id.in_(chunk)).order_by(Interaction.id)
            rows += session.scalars(query)
        fresh = self._take_events([_stored(row) for row in rows], foreign=True)
        if fresh:
            self.on_relayed("events", len(fresh))

    def _settle(self, highest_id: int) -> None:
        """Ids seen more than settle_seconds ago are final: forget them."""
        now = time.monotonic()
        self._high_marks.append((now, self._highest))
        while self._high_marks and self._high_marks[0][0] < now - self.settle_seconds:
            _, self._floor = self._high_marks.popleft()
        self._seen_ids = {id_ for id_ in self._seen_ids if id_ > self._floor}
        # Kept until the table read has passed them, late commits included.
        horizon = now - max(20.0, 2 * (self.interval + self.settle_seconds))
        with self._take_lock:
            # From the front, one entry at a time: a bulk load leaves 100,000s of them, too
            # many to copy on every tick while they expire.
            while self._applied_events and next(iter(self._applied_events.values())) < horizon:
                self._applied_events.popitem(last=False)

    def _baseline(self, position: int | None = None) -> None:
        """Everything in storage up to ``position`` (default: now) is what the model was
        built from; the table is read from there on."""
        with self.session_factory() as session:
            marks = self._read_marks(session)
            self._known_items = set(session.scalars(select(Item.item_id)))
            self._event_sentinel = _oldest_event(session)
            self._item_sentinel = _oldest_item(session)
        self._highest = self._floor = marks.highest_id if position is None else position
        self._high_marks.clear()
        self._seen_ids.clear()


def _stored(row: Interaction) -> StoredEvent:
    return StoredEvent(
        event_id=row.event_id,
        user_id=row.user_id,
        item_id=row.item_id,
        event_type=row.event_type,
        timestamp=row.timestamp,
        engagement_seconds=row.engagement_seconds,
        revenue=row.revenue,
        impression_id=row.impression_id,
    )


def _oldest_event(session: Session) -> tuple[int, datetime] | None:
    row = session.execute(
        select(Interaction.id, Interaction.created_at).order_by(Interaction.id).limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def _oldest_item(session: Session) -> tuple[str, datetime] | None:
    row = session.execute(
        select(Item.item_id, Item.created_at).order_by(Item.created_at, Item.item_id).limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


Stored = TypeVar("Stored", Interaction, Item)


def _stored_at(session: Session, model: type[Stored], key: object) -> object:
    row = session.get(model, key)
    return None if row is None else row.created_at

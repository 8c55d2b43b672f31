"""How committed changes travel between processes, through an engine that already does it:

- ``RedisChangeStream`` (with ``REDIS_URL``): one Redis Stream of changes. A worker appends
  what it committed (events, items, a data reset) with ``XADD``; every worker reads the
  stream with ``XREAD`` from where it stood before its models were built, so it sees every
  change made after its build, once, in order. Entries carry the writer's id, so a worker
  skips its own (it applied them locally already).
- ``PostgresNotifier`` (PostgreSQL without Redis): ``NOTIFY`` after a commit wakes every
  worker's ``LISTEN`` connection, which reads the new rows from the table (a notification
  carries at most 8,000 bytes, so it says "look", not what).
- Neither (the embedded SQLite default): ``sync.ChangeSync`` polls the table as before.

Publishing happens on a background thread, off the request: a request enqueues and returns.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

import psycopg
import redis

from tracking.interaction_tracker import StoredEvent

log = logging.getLogger(__name__)

EVENT_FIELDS = tuple(StoredEvent.__dataclass_fields__)
ITEM_FIELDS = ("item_id", "title", "category", "description", "price")
# Entries kept in the stream: a worker that falls further behind rebuilds from storage.
STREAM_LENGTH = 10_000
RETRY_SECONDS = 1.0

Receiver = Callable[[str, list[Any]], None]
# What this module's client gets back (no decode_responses, RESP2): redis-py annotates its
# stream commands for every client setting at once, str and RESP3 shapes included.
StreamEntry = tuple[bytes, dict[bytes, bytes]]


@dataclass(frozen=True)
class ItemRow:
    """A catalogue row as it travels (what ``RecommendationService.apply_items`` reads)."""

    item_id: str
    title: str
    category: str
    description: str
    price: float | None


class ChangeStream(Protocol):
    name: str
    # True: entries carry the changes themselves; False: a wake-up to read the table.
    carries_records: bool

    def mark(self) -> None:
        """Remember the stream's position now: reading starts there."""

    def publish(self, kind: str, records: Sequence[Any]) -> None:
        """Send committed ``events``, ``items`` or a ``reset`` to the other workers."""

    def start(self, receive: Receiver) -> None: ...

    def close(self) -> None: ...


class _Publisher:
    """A queue and a thread that sends what gathered in it, in order."""

    def __init__(self, send: Callable[[str, list[Any]], None], name: str) -> None:
        self._send = send
        self._queue: queue.SimpleQueue[tuple[str, Sequence[Any]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, kind: str, records: Sequence[Any]) -> None:
        self._queue.put((kind, records))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            gathered = [self._queue.get()]
            while not self._queue.empty():
                gathered.append(self._queue.get())
            # Consecutive entries of one kind go as one message.
            runs: list[tuple[str, list[Any]]] = []
            for entry in gathered:
                if entry is None:
                    self._flush(runs)
                    return
                kind, records = entry
                if runs and runs[-1][0] == kind and kind != "reset":
                    runs[-1][1].extend(records)
                else:
                    runs.append((kind, list(records)))
            self._flush(runs)

    def _flush(self, runs: list[tuple[str, list[Any]]]) -> None:
        for kind, records in runs:
            try:
                self._send(kind, records)
            except Exception as error:
                # The change is stored; other workers take it in with their next build.
                log.warning(
                    "could not announce %d %s to other workers: %s", len(records), kind, error
                )


class RedisChangeStream:
    name = "redis-streams"
    carries_records = True

    def __init__(self, url: str, namespace: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        self.key = f"{namespace}:changes"
        self.origin = uuid.uuid4().hex
        self._position = "0-0"
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None
        self._publisher = _Publisher(self._send, "change-publisher")

    def mark(self) -> None:
        try:
            newest = cast(list[StreamEntry], self.client.xrevrange(self.key, count=1))
            self._position = newest[0][0].decode() if newest else "0-0"
        except redis.RedisError as error:
            log.warning("change stream down (%s); reading it from its start", error)

    def publish(self, kind: str, records: Sequence[Any]) -> None:
        self._publisher.put(kind, records)

    def start(self, receive: Receiver) -> None:
        self._stop.clear()
        self._reader = threading.Thread(
            target=self._read, args=(receive,), name="change-stream", daemon=True
        )
        self._reader.start()

    def close(self) -> None:
        self._publisher.close()
        self._stop.set()
        if self._reader is not None:
            self._reader.join(timeout=10)
            self._reader = None
        # A reader still applying a change after the wait finds the client closed and stops.
        self.client.close()

    def _send(self, kind: str, records: list[Any]) -> None:
        fields = {"origin": self.origin, "kind": kind, "data": encode(kind, records)}
        self.client.xadd(self.key, fields, maxlen=STREAM_LENGTH, approximate=True)  # type: ignore[arg-type]

    def _read(self, receive: Receiver) -> None:
        failing = False
        while not self._stop.is_set():
            try:
                answer = cast(
                    list[tuple[bytes, list[StreamEntry]]] | None,
                    self.client.xread({self.key: self._position}, count=100, block=500),
                )
            # OSError, ValueError: close() shut the socket while a read was in flight.
            except (redis.RedisError, OSError, ValueError) as error:
                if self._stop.is_set():
                    return
                if not failing:
                    log.warning("change stream down (%s); retrying", error)
                failing = True
                self._stop.wait(RETRY_SECONDS)
                continue
            failing = False
            for _key, entries in answer or []:
                for entry_id, fields in entries:
                    self._position = entry_id.decode()
                    if fields[b"origin"].decode() == self.origin:
                        continue
                    kind = fields[b"kind"].decode()
                    try:
                        receive(kind, decode(kind, fields[b"data"]))
                    except Exception:
                        log.exception("applying a %s change from the stream failed", kind)


class PostgresNotifier:
    name = "postgresql-notify"
    carries_records = False
    CHANNEL = "smart_suggest_changes"

    def __init__(self, url: str) -> None:
        self.url = url
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()
        self._sender: psycopg.Connection[Any] | None = None
        self._publisher = _Publisher(self._send, "change-notifier")

    def mark(self) -> None:
        """Listen before the models are built, so no notification after it is missed."""
        self._listener = threading.Thread(target=self._listen, name="change-listen", daemon=True)
        self._listener.start()
        self._listening.wait(timeout=5)

    def publish(self, kind: str, records: Sequence[Any]) -> None:
        self._publisher.put(kind, records)

    def start(self, receive: Receiver) -> None:
        self._receive = receive

    def close(self) -> None:
        self._publisher.close()
        self._stop.set()
        if self._listener is not None:
            self._listener.join(timeout=10)
            self._listener = None
        if self._sender is not None:
            self._sender.close()

    _receive: Receiver | None = None

    def _send(self, kind: str, _records: list[Any]) -> None:
        if self._sender is None or self._sender.closed:
            self._sender = psycopg.connect(self.url, autocommit=True)
        try:
            self._sender.execute("SELECT pg_notify(%s, %s)", (self.CHANNEL, kind))
        except psycopg.Error:
            self._sender.close()
            raise

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as connection:
                    connection.execute(f"LISTEN {self.CHANNEL}")
                    self._listening.set()
                    while not self._stop.is_set():
                        for notice in connection.notifies(timeout=0.5):
                            receive = self._receive
                            if receive is not None:
                                receive(notice.payload, [])
            except psycopg.Error as error:
                log.warning("change notifications unavailable (%s); retrying", error)
                self._listening.set()
                self._stop.wait(RETRY_SECONDS)
            except Exception:
                log.exception("change notification handler failed")
                time.sleep(RETRY_SECONDS)


def encode(kind: str, records: Sequence[Any]) -> bytes:
    """Columns, not rows: one list per field (about half the bytes of row objects)."""
    fields = EVENT_FIELDS if kind == "events" else ITEM_FIELDS if kind == "items" else ()
    columns = {name: [getattr(r, name) for r in records] for name in fields}
    return json.dumps(columns, default=_json_default, separators=(",", ":")).encode()


def decode(kind: str, data: bytes) -> list[Any]:
    columns = json.loads(data)
    if kind == "events":
        stamps = [datetime.fromisoformat(t) for t in columns["timestamp"]]
        columns["timestamp"] = stamps
        rows = zip(*(columns[name] for name in EVENT_FIELDS), strict=True)
        return [StoredEvent(*row) for row in rows]
    if kind == "items":
        return [ItemRow(*row) for row in zip(*(columns[n] for n in ITEM_FIELDS), strict=True)]
    return []


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def make_change_stream(redis_url: str, database_url: str, namespace: str) -> ChangeStream | None:
    """Redis Streams when Redis is configured, LISTEN/NOTIFY on PostgreSQL, else None (the
    table poll)."""
    if redis_url:
        return RedisChangeStream(redis_url, namespace)
    if database_url.startswith("postgresql"):
        return PostgresNotifier(database_url.replace("postgresql+psycopg://", "postgresql://", 1))
    return None

"""The workers' side of the artefact store: take the newest artefact that fits storage (asking
the builder for one when there is none, or when it is too far behind), and learn of new ones.

A worker never fits: it maps the builder's artefact and replays the few events stored after
the artefact's position on top (``ModelSource.acquire`` hands them over).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from live.artefacts import Artefact, ArtefactStore, Manifest, store_for
from live.coverage import behind, events_after, read_marks, still_fits
from models import Interaction, Item
from recommenders.storage import load_items

log = logging.getLogger(__name__)

# An artefact further behind storage than this is not worth replaying onto: wait for a build.
REPLAY_AT_MOST = 50_000
POLL_SECONDS = 0.1


@dataclass
class Acquired:
    artefact: Artefact
    events: list[Interaction]  # stored after the artefact's position, in log order
    items: list[Item]  # catalogue items the artefact lacks
    load_seconds: float


class ModelSource:
    def __init__(
        self,
        store: ArtefactStore,
        timeout: float = 900.0,
        replay_at_most: int = REPLAY_AT_MOST,
        rebuild_lag: Callable[[int], int] = lambda events_at_build: 1,
    ) -> None:
        """``rebuild_lag``: from how many events behind (given the artefact's events) an
        artefact that will do still asks for a newer build. Below it the lag is replayed
        and the worker's refit policy asks later: asking at any lag would make every new
        artefact under a steady event stream ask for the next one, a build without end."""
        self.store = store
        self.timeout = timeout
        self.replay_at_most = replay_at_most
        self.rebuild_lag = rebuild_lag

    def request_build(self, reason: str) -> None:
        self.store.request_build(reason)

    def latest(self) -> Manifest | None:
        return self.store.latest()

    def acquire(self, session_factory: sessionmaker[Session], fresh: bool = False) -> Acquired:
        """The newest artefact that fits storage, with what it lacks. ``fresh``: only one
        covering every event stored now (a refit); otherwise any that fits and is at most
        ``replay_at_most`` events behind (start-up serves at once from the last build).

        Each artefact that will not do gets one request for a build: one built while a bulk
        load was still arriving can be too far behind, and then only a newer one will do."""
        started = time.perf_counter()
        deadline = time.monotonic() + self.timeout
        with session_factory() as session:
            target = read_marks(session).position if fresh else 0
        requested_after: int | None = -1  # the newest version when we last asked; -1: never
        while True:
            manifest = self.store.latest()
            newest = None if manifest is None else manifest.version
            if manifest is not None and manifest.position >= target:
                with session_factory() as session:
                    if still_fits(session, manifest):
                        lag = behind(session, manifest)
                        if lag <= self.replay_at_most:
                            asks = lag and lag >= self.rebuild_lag(manifest.events)
                            if asks and requested_after != newest:
                                self.request_build(f"artefact {manifest.version} is {lag} behind")
                            try:
                                artefact = self.store.load(manifest)
                            except FileNotFoundError:
                                continue  # pruned under us by newer builds: take the newest
                            known = set(artefact.catalog.item_ids)
                            events = events_after(session, manifest.position)
                            missing = {e.item_id for e in events} - known
                            items = [] if not (lag or missing) else _items_not_in(session, known)
                            return Acquired(artefact, events, items, time.perf_counter() - started)
            if requested_after != newest:
                what = "no artefact" if manifest is None else f"artefact {newest} will not do"
                self.request_build(f"fresh models ({what})" if fresh else what)
                requested_after = newest
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"no model artefact in {self.timeout:.0f} s: is the builder running "
                    "(MODEL_BUILDER, `python -m live.builder`)?"
                )
            time.sleep(POLL_SECONDS)


def _items_not_in(session: Session, known: set[str]) -> list[Item]:
    ids = [item_id for item_id in session.scalars(select(Item.item_id)) if item_id not in known]
    items = load_items(session, ids) if ids else []
    return sorted(items, key=lambda item: (item.created_at, item.item_id))


def model_source(settings: Settings) -> ModelSource | None:
    """Where this process's models come from: None means it fits them itself (inline)."""
    if settings.model_builder == "inline":
        return None
    return ModelSource(
        store_for(settings),
        timeout=settings.model_build_timeout_seconds,
        rebuild_lag=settings.refit_threshold,
    )


class ArtefactWatcher:
    """Calls ``on_new`` when the store's newest version differs from ``current()``: the
    fallback notice; a change stream can carry the same notice sooner."""

    def __init__(
        self,
        source: ModelSource,
        current: Callable[[], int | None],
        on_new: Callable[[], None],
        interval: float = 0.5,
    ) -> None:
        self.source = source
        self.current = current
        self.on_new = on_new
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="artefact-watcher", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def check(self) -> bool:
        """One look; True when a new version was taken."""
        latest = self.source.latest()
        if latest is None or latest.version == self.current():
            return False
        self.on_new()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:
                log.exception("taking the new model artefact failed; serving the current one")

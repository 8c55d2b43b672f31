"""The builder: fits every strategy from storage in its own process and publishes the result
as a model artefact (live/artefacts.py) that every worker maps. It also runs the queued
evaluation runs (evaluation/jobs.py), so no CPU-heavy job runs in a serving interpreter.

    python -m live.builder          # a long-running process (e.g. its own container)
    python -m live.builder --once   # build if the newest artefact is behind, then exit

On start it builds when there is no artefact or the newest one is behind storage; then it
builds when asked (``request_build``, from any worker), once the requests have been quiet
for ``MODEL_BUILD_DEBOUNCE_SECONDS`` (a bulk load asks many times and gets one build), at
the latest ``MODEL_BUILD_MAX_DELAY_SECONDS`` after the first. One builder per store (a file
lock): with ``MODEL_BUILDER=embedded`` every worker starts one as its child and all but one
step aside at once. A child builder exits when its parent does.

It also self-tunes (live/tuning.py) when that is due, on a build's snapshot, and the builds
after it serve the winners; ``--once`` too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from db import make_engine, make_session_factory
from live.artefacts import ArtefactStore, DirectoryStore, Manifest, store_for
from live.coverage import behind, read_marks, still_fits
from live.model_set import StorageSnapshot, fit_snapshot, read_storage
from live.tuning import SelfTuner
from recommenders import registry

log = logging.getLogger("smart_suggest.builder")

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_ENV = "SMART_SUGGEST_BUILDER_SETTINGS"
TICK_SECONDS = 0.2


def request_build(settings: Settings, reason: str) -> None:
    """Ask the builder of this database's store for a build (from any process)."""
    store_for(settings).request_build(reason)


def parameters(settings: Settings) -> dict[str, object]:
    """What a build depends on besides the data: recorded in the manifest (with what each
    strategy was served with, ``served``, and the self-tuning behind it, ``tuning``)."""
    return {
        "strategies": list(registry.STRATEGIES),
        "event_weights": dict(settings.event_weights),
        "hybrid_weights": dict(settings.hybrid_weights),
    }


def build(
    settings: Settings,
    store: ArtefactStore,
    session_factory: sessionmaker[Session],
    tuner: SelfTuner | None = None,
    snapshot: StorageSnapshot | None = None,
) -> Manifest:
    """Fit every registered strategy on storage as it is now (or on ``snapshot``), with
    the self-tuning's winners when there are any, and publish the artefact."""
    tuner = tuner or SelfTuner(settings, store)
    snapshot = snapshot or read_storage(session_factory, settings)
    with session_factory() as session:
        marks = read_marks(session, snapshot.position)
    plan = tuner.plan(marks.events)
    state = fit_snapshot(snapshot, settings, registry.STRATEGIES, plan.params)
    return store.publish(
        state.models,
        state.catalog,
        shared={
            "interactions": state.interactions,
            "covered_recent": state.covered_recent,
            "stamp": state.stamp,
        },
        position=state.covers_event_id,
        events=marks.events,
        items=len(state.catalog),
        parameters={**parameters(settings), "served": state.parameters, "tuning": plan.tuning},
        fit_seconds={name: round(seconds, 4) for name, seconds in state.fit_seconds.items()},
        load_seconds=round(state.load_seconds, 4),
        storage=marks.storage,
    )


def is_current(store: ArtefactStore, session_factory: sessionmaker[Session]) -> bool:
    manifest = store.latest()
    if manifest is None:
        return False
    with session_factory() as session:
        return still_fits(session, manifest) and behind(session, manifest) == 0


class Builder:
    def __init__(self, settings: Settings, store: DirectoryStore) -> None:
        self.settings = settings
        self.store = store
        self.engine = make_engine(settings.database_url)
        self.session_factory = make_session_factory(self.engine)
        self.stop = threading.Event()
        self.builds = 0
        self.tuner = SelfTuner(settings, store)
        self.covered_events = 0  # by the newest artefact: what a scheduled tuning would see

    def ensure_current(self, reason: str) -> Manifest | None:
        """Build unless the newest artefact already covers storage and no self-tuning is
        due; None when nothing was built. A due tuning runs on the build's snapshot, and
        the build serves its winners."""
        latest = self.store.latest()
        current = latest is not None and is_current(self.store, self.session_factory)
        if current and latest is not None and not self.tuner.due(latest.events):
            self.covered_events = latest.events
            return None
        snapshot = read_storage(self.session_factory, self.settings)
        with self.session_factory() as session:
            events = read_marks(session, snapshot.position).events
        tuning = self.tuner.due(events)
        if tuning:
            if latest is None:
                # Workers wait for a first artefact: they get the defaults while it tunes.
                self._publish(snapshot, reason)
            tuned = self.tuner.tune(snapshot.data, snapshot.catalog, tuning, events)
            if not tuned and current:
                return None
            reason = f"{reason}, tuned: {tuning}" if tuned else reason
        return self._publish(snapshot, reason)

    def _publish(self, snapshot: StorageSnapshot, reason: str) -> Manifest:
        started = time.perf_counter()
        manifest = build(self.settings, self.store, self.session_factory, self.tuner, snapshot)
        self.builds += 1
        self.covered_events = manifest.events
        log.info(
            "artefact %d published (%s): %d events through id %d, %d items, %.2f s",
            manifest.version,
            reason,
            manifest.events,
            manifest.position,
            manifest.items,
            time.perf_counter() - started,
        )
        return manifest

    def close(self) -> None:
        self.engine.dispose()

    def due(self) -> bool:
        request = self.store.pending_request()
        if request is None:
            return False
        now = time.time()
        quiet = now - request.last_at >= self.settings.model_build_debounce_seconds
        return quiet or now - request.first_at >= self.settings.model_build_max_delay_seconds

    def run(self, parent: int | None = None) -> None:
        from evaluation.jobs import JobRunner

        jobs = JobRunner(self.session_factory)
        jobs.start()
        reason = "start"
        try:
            while not self.stop.is_set():
                if parent is not None and os.getppid() != parent:
                    log.info("the process that started the builder is gone: stopping")
                    return
                if not reason and self.tuner.due(self.covered_events):
                    reason = "self-tuning due"
                if reason or self.due():
                    taken = self.store.take_request()
                    reason = reason or (taken.reason if taken else "request")
                    try:
                        self.ensure_current(reason)
                    except Exception as error:
                        # Storage down or not migrated yet (or a fault in a fit, which gets
                        # its traceback): try again on the next request.
                        if isinstance(error, OperationalError | InterfaceError):
                            log.warning("model build failed (%s); retrying shortly", error)
                        else:
                            log.exception("model build failed; retrying shortly")
                        self.stop.wait(2.0)
                        self.store.request_build(f"retry after a failed build ({reason})")
                    reason = ""
                self.stop.wait(TICK_SECONDS)
        finally:
            jobs.close()
            self.close()


def spawn_child(settings: Settings) -> subprocess.Popen[bytes] | None:
    """A builder as this process's child (MODEL_BUILDER=embedded), with this process's
    settings (paths made absolute: the child's directory is the same, but be safe); None
    when a builder already serves the store (entrypoint.sh starts one next to the workers)."""
    if store_for(settings).builder_running():
        return None
    settings = settings.model_copy(update={"model_dir": str(Path(settings.model_dir).resolve())})
    env = {
        **os.environ,
        SETTINGS_ENV: settings.model_dump_json(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "live.builder", "--parent", str(os.getpid())], env=env
    )


def stop_child(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m live.builder", description=__doc__)
    parser.add_argument("--parent", type=int, help="exit when this process is gone")
    parser.add_argument("--once", action="store_true", help="build if behind, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    passed = os.environ.get(SETTINGS_ENV)
    settings = Settings(_env_file=None, **json.loads(passed)) if passed else Settings()
    store = store_for(settings)
    lock = store.try_builder_lock()
    if lock is None:
        log.info("another builder serves %s: this one steps aside", store.root)
        return 0
    builder = Builder(settings, store)
    if args.once:
        manifest = builder.ensure_current("once") or store.latest()
        sys.stdout.write(json.dumps(asdict(manifest) if manifest else None) + "\n")
        return 0
    signal.signal(signal.SIGTERM, lambda *_: builder.stop.set())
    signal.signal(signal.SIGINT, lambda *_: builder.stop.set())
    builder.run(parent=args.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())

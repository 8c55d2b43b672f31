"""The artefact store: a published build answers like an in-memory fit, appears whole or not
at all, and is memory-mapped."""

from __future__ import annotations

import mmap
import threading
import time
from pathlib import Path

import joblib
import numpy as np
import pytest
from sqlalchemy.orm import Session, sessionmaker

from cache import MemoryCache
from config import Settings
from live import builder
from live.artefacts import PAYLOAD, DirectoryStore
from live.loader import ModelSource
from live.model_set import read_storage
from live.service import RecommendationService
from tests.live.conftest import add_events, synthetic_shop


def top10(service: RecommendationService, users: list[str]) -> dict[tuple[str, str], list]:
    return {
        (strategy, user): [
            (item["item_id"], round(item["score"], 4))
            for item in service.recommend(user, strategy, 10)["items"]
        ]
        for strategy in service.registered
        for user in [*users, "nobody-knows-me"]
    }


def test_a_service_on_the_artefact_answers_like_an_in_memory_fit(
    live_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
) -> None:
    users = synthetic_shop(session_factory)
    manifest = builder.build(live_settings, store, session_factory)
    assert manifest.version == 1 and manifest.events > 0 and manifest.items == 40
    late = [("u001", "i003", "purchase"), ("u002", "i005", "not_interested")]

    fitted = RecommendationService(live_settings, session_factory, MemoryCache())
    fitted.build()
    mapped = RecommendationService(
        live_settings, session_factory, MemoryCache(), source=ModelSource(store, timeout=5)
    )
    mapped.build()
    assert mapped.artefact_version == 1 and fitted.artefact_version is None
    assert top10(mapped, users) == top10(fitted, users)

    # The inline service takes them through its change path; a worker starting now maps
    # the same artefact and replays them from storage: the same answers.
    fitted.apply_events_now(add_events(session_factory, late))
    mapped.build(reason="startup")
    # Everyone's lists moved (trending), but only the actors' keys do (others' entries age
    # out with the TTL): compare fresh computations.
    fitted.cache.clear()
    mapped.cache.clear()
    assert mapped.artefact_version == 1
    assert mapped.status()["artefact"]["position"] == manifest.position
    answers = top10(mapped, users)
    assert answers == top10(fitted, users)
    assert "i003" not in [item for item, _ in answers[("hybrid", "u001")]]
    assert "i005" not in [item for item, _ in answers[("hybrid", "u002")]]


def test_the_arrays_are_memory_mapped_from_the_artefact_file(
    live_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    synthetic_shop(session_factory)
    manifest = builder.build(live_settings, store, session_factory)
    artefact = store.load(manifest)
    payload = (store.root / manifest.name / PAYLOAD).resolve()
    maps = Path("/proc/self/maps").read_text()
    assert str(payload) in maps
    arrays = _arrays(artefact.models)
    mapped = [array for array in arrays if _maps_the_file(array)]
    assert mapped, "no array of the models is a memory map"
    # Plain arrays over the mapped pages: a memmap's Python hooks would run on every slice.
    assert not [array for array in arrays if isinstance(array, np.memmap)]
    # Copy-on-write: a live update writes this process's own page, never the file.
    before = payload.read_bytes()
    mapped[0][...] = 0
    assert payload.read_bytes() == before


def test_a_reader_never_sees_a_half_written_version(
    live_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    synthetic_shop(session_factory, users=20, items=12)
    first = builder.build(live_settings, store, session_factory)
    seen: list[int] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                manifest = store.latest()
                assert manifest is not None
                artefact = store.load(manifest)
                assert artefact.manifest.version == manifest.version
                assert len(artefact.catalog) == manifest.items
                seen.append(manifest.version)
            except BaseException as error:
                failures.append(error)
                return

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(5):
            builder.build(live_settings, store, session_factory)
    finally:
        done.set()
        reader.join()
    assert not failures, failures[0]
    assert seen == sorted(seen) and seen[0] >= first.version
    # The last few versions are kept, the older ones pruned.
    assert store.versions() == [4, 5, 6]


def test_a_build_that_dies_while_writing_leaves_the_last_version_in_place(
    live_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synthetic_shop(session_factory, users=20, items=12)
    builder.build(live_settings, store, session_factory)
    real_dump = joblib.dump

    def dump_then_die(value: object, filename: Path, **kwargs: object) -> None:
        real_dump(value, filename)
        Path(filename).write_bytes(Path(filename).read_bytes()[:100])  # torn
        raise OSError("disk full")

    monkeypatch.setattr(joblib, "dump", dump_then_die)
    with pytest.raises(OSError, match="disk full"):
        builder.build(live_settings, store, session_factory)
    manifest = store.latest()
    assert manifest is not None and manifest.version == 1
    assert len(store.load(manifest).catalog) == 12
    assert not list(store.root.glob(".staging-*"))


def test_a_worker_with_a_store_of_another_storage_waits_for_a_build(
    live_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    """A reset (seed, clear) makes the artefact describe data that is gone: not served."""
    synthetic_shop(session_factory, users=20, items=12)
    builder.build(live_settings, store, session_factory)
    with session_factory() as session:
        from seed import clear_all

        clear_all(session)
        session.commit()
    synthetic_shop(session_factory, users=10, items=8, seed=3)
    source = ModelSource(store, timeout=0.5)
    with pytest.raises(TimeoutError, match="builder"):
        source.acquire(session_factory)
    assert store.pending_request() is not None  # it asked for one


def _maps_the_file(array: np.ndarray) -> bool:
    base: object = array
    while isinstance(base, np.ndarray):
        if isinstance(base, np.memmap):
            return True
        base = base.base
    return isinstance(base, mmap.mmap)


def _arrays(value: object, seen: set[int] | None = None) -> list[np.ndarray]:
    """Every NumPy array reachable from ``value`` (attributes, dicts, lists)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, dict):
        children: list[object] = list(value.values())
    elif isinstance(value, list | tuple):
        children = list(value)
    elif hasattr(value, "__dict__"):
        children = list(vars(value).values())
    else:
        return []
    return [array for child in children for array in _arrays(child, seen)]


def test_a_worker_asks_again_when_the_build_it_asked_for_is_already_too_far_behind(
    live_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    """A bulk load goes on while the build it set off runs: that build comes out too far
    behind to replay onto, and the worker must ask for the next one rather than wait for
    a build nobody asked for (it waited for its timeout, serving the empty models)."""
    synthetic_shop(session_factory, users=20, items=12)
    builder.build(live_settings, store, session_factory)
    more = [(f"u{n:03d}", "i001", "click") for n in range(30)]
    add_events(session_factory, more)
    source = ModelSource(store, timeout=30, replay_at_most=10)
    acquired: list = []
    worker = threading.Thread(target=lambda: acquired.append(source.acquire(session_factory)))
    worker.start()

    def take_request() -> None:
        for _ in range(200):
            if store.take_request() is not None:
                return
            time.sleep(0.05)
        raise AssertionError("the worker did not ask for a build")

    take_request()  # artefact 1 is 30 behind: it asked
    # The build reads storage, the load goes on, and the build comes out 30 behind too.
    snapshot = read_storage(session_factory, live_settings)
    add_events(session_factory, more)
    assert builder.build(live_settings, store, session_factory, snapshot=snapshot).version == 2
    take_request()  # it asked again
    third = builder.build(live_settings, store, session_factory)
    worker.join(timeout=30)
    assert acquired and acquired[0].artefact.manifest.version == third.version == 3
    assert acquired[0].events == []


def test_an_artefact_a_few_events_behind_is_replayed_onto_without_asking_for_a_build(
    live_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    """Under a steady event stream every new artefact is a few events behind: asking for
    the next build on each load would keep the builder building without end."""
    synthetic_shop(session_factory, users=20, items=12)
    builder.build(live_settings, store, session_factory)
    add_events(session_factory, [(f"u{n:03d}", "i001", "click") for n in range(5)])
    source = ModelSource(store, timeout=5, rebuild_lag=lambda events_at_build: 10)
    assert len(source.acquire(session_factory).events) == 5
    assert store.pending_request() is None
    add_events(session_factory, [(f"u{n:03d}", "i002", "click") for n in range(5)])
    assert len(source.acquire(session_factory).events) == 10
    assert store.pending_request() is not None  # 10 behind: worth a build

"""The builder as a child process of the app (the embedded default): it builds, the worker
maps what it publishes and takes each new version; evaluation runs go to it too."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app import create_app
from config import Settings
from db import make_engine, make_session_factory
from evaluation.jobs import INTERRUPTED, EvaluationJobs, JobRunner, claim
from live.artefacts import DirectoryStore
from live.builder import Builder, request_build
from models import EvaluationRun, Interaction
from tests.live.conftest import add_events, synthetic_shop
from tests.serving.helpers import hold_builds, post_batch


@pytest.fixture
def embedded(live_settings: Settings) -> Settings:
    return live_settings.model_copy(update={"model_builder": "embedded"})


def eventually(check: Callable[[], object], seconds: float = 60, what: str = "it") -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def highest_event_id(settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            return session.scalar(select(func.max(Interaction.id))) or 0
    finally:
        engine.dispose()


@pytest.fixture
def app_client(embedded: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(embedded)) as client:
        yield client


def test_the_child_builder_builds_and_the_worker_takes_each_new_version(
    embedded: Settings, app_client: TestClient
) -> None:
    builder = app_client.app.state.builder  # type: ignore[attr-defined]
    assert builder.poll() is None, "the builder child is not running"
    first = app_client.get("/model").json()["artefact"]
    assert first["version"] >= 1
    assert app_client.get("/health").json()["model_version"] == first["version"]

    # A re-seed makes the artefact describe data that is gone: the worker waits for the
    # build it asks for, then serves the sample's models.
    assert app_client.post("/seed").status_code == 200
    seeded = app_client.get("/model").json()
    assert seeded["artefact"]["version"] > first["version"]
    assert seeded["artefact"]["position"] == highest_event_id(embedded)
    answer = app_client.get("/recommendations", params={"user_id": "u001"}).json()
    assert answer["items"]

    # An event, then a build asked for from anywhere: the new version is taken without a
    # restart, and it covers the event.
    event = {"user_id": "u001", "item_id": answer["items"][0]["item_id"], "event_type": "view"}
    assert app_client.post("/interactions", json=event).status_code == 201
    request_build(embedded, "test")
    newer = eventually(
        lambda: (
            (status := app_client.get("/model").json())["artefact"]["version"]
            > seeded["artefact"]["version"]
            and status
        ),
        what="the worker taking the new artefact",
    )
    assert newer["artefact"]["position"] == highest_event_id(embedded)  # type: ignore[index]
    assert app_client.get("/health").json()["model_version"] == newer["artefact"]["version"]  # type: ignore[index]


def test_the_child_builder_stops_with_the_app(embedded: Settings) -> None:
    with TestClient(create_app(embedded)) as client:
        builder = client.app.state.builder  # type: ignore[attr-defined]
        assert builder.poll() is None
    assert builder.poll() is not None


def test_an_evaluation_run_runs_in_the_builder_and_outlives_a_restart(
    embedded: Settings,
) -> None:
    with TestClient(create_app(embedded)) as client:
        assert client.post("/seed").status_code == 200
        body = {"strategies": ["popular", "cf"], "max_users": 5}
        started = client.post("/evaluation/runs", json=body)
        assert started.status_code == 202
        run_id = started.json()["id"]
        done = eventually(
            lambda: (
                (run := client.get(f"/evaluation/runs/{run_id}").json())["status"] != "running"
                and run
            ),
            seconds=120,
            what="the run finishing",
        )
        assert done["status"] == "done", done["error"]  # type: ignore[index]
    # It ran in the builder's process, not in this one (the serving process).
    engine = make_engine(embedded.database_url)
    with make_session_factory(engine)() as session:
        runner = session.scalar(select(EvaluationRun.runner).where(EvaluationRun.id == run_id))
    engine.dispose()
    assert runner is not None and runner.startswith("jobs-")
    assert not runner.startswith(f"jobs-{__import__('os').getpid()}-")

    with TestClient(create_app(embedded)) as restarted:
        listed = restarted.get("/evaluation/runs").json()["runs"]
        assert [run["id"] for run in listed] == [run_id]
        assert [r["strategy"] for r in listed[0]["results"]] == ["popular", "cf"]
        assert restarted.get(f"/evaluation/runs/{run_id}").json() == listed[0]


def test_a_run_whose_job_process_died_is_reported_failed(embedded: Settings) -> None:
    engine = make_engine(embedded.database_url)
    session_factory = make_session_factory(engine)
    with TestClient(create_app(embedded.model_copy(update={"model_builder": "inline"}))) as c:
        assert c.post("/seed").status_code == 200
    run = EvaluationJobs(session_factory).start(["popular"])
    assert claim(session_factory, run["id"], "jobs-of-a-process-that-died")
    runner = JobRunner(session_factory)
    runner.start()
    try:
        failed = eventually(
            lambda: (
                (got := EvaluationJobs(session_factory).get(run["id"]))
                and got["status"] == "failed"
                and got
            ),
            seconds=10,
            what="the interrupted run being marked",
        )
    finally:
        runner.close()
        engine.dispose()
    assert failed["error"] == INTERRUPTED  # type: ignore[index]


def run_builder(settings: Settings, store: DirectoryStore) -> tuple[Builder, threading.Thread]:
    builder = Builder(settings, store)
    thread = threading.Thread(target=builder.run, daemon=True)
    thread.start()
    return builder, thread


def test_the_builder_builds_on_start_only_when_behind_and_debounces_requests(
    live_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    synthetic_shop(session_factory, users=20, items=12)
    settings = live_settings.model_copy(update={"model_build_debounce_seconds": 2.0})
    builder, thread = run_builder(settings, store)
    eventually(lambda: store.latest(), what="the first build")
    builder.stop.set()
    thread.join()
    assert builder.builds == 1

    # Nothing new: a builder starting again leaves the artefact alone.
    builder, thread = run_builder(settings, store)
    time.sleep(1.0)
    assert builder.builds == 0
    # A burst of requests with events in between makes one build, after the burst.
    for n in range(10):
        add_events(session_factory, [(f"u{n:03d}", "i001", "click")])
        store.request_build(f"burst {n}")
        time.sleep(0.05)
    eventually(lambda: builder.builds == 1, what="the build after the burst")
    time.sleep(1.0)
    builder.stop.set()
    thread.join()
    assert builder.builds == 1
    manifest = store.latest()
    assert manifest is not None and manifest.version == 2
    assert manifest.position == highest_event_id(settings)


def test_a_burst_tail_after_a_build_is_covered_by_a_new_artefact(
    embedded: Settings, session_factory: sessionmaker[Session]
) -> None:
    """Events that reached the worker while it took an artefact (a bulk load's last
    batches), fewer than the refit threshold: the build that follows once quiet asks the
    builder for one covering them, and /model says current (not the same artefact again)."""
    synthetic_shop(session_factory, users=20, items=12)
    eager = embedded.model_copy(
        update={
            "model_refit_min_events": 20,
            "model_refit_fraction": 1.0,  # the threshold: as many events as the build read
            "model_rebuild_quiet_seconds": 0.3,
        }
    )
    with TestClient(create_app(eager)) as client:
        eventually(lambda: client.get("/model").json()["current"], what="a first build")
        before = client.get("/model").json()
        items = [item["item_id"] for item in client.get("/items?limit=100").json()["items"]]
        read, release = hold_builds(client)  # holds the artefact and what storage has past it
        size = int(before["events_at_build"]) + 5
        post_batch(client, items, size, "first", 7, "click")  # over the threshold: a build
        assert read.wait(60), "no build started"
        # Applied while the new artefact is taken: replayed on top of it.
        post_batch(client, items, 30, "tail", 7, "click")
        release.set()
        state = eventually(
            lambda: (m := client.get("/model").json())["current"] and m, seconds=90,
            what="models covering the tail",
        )  # fmt: skip
        assert state["covers_event_id"] == state["stored_event_id"]
        assert state["artefact"]["version"] > before["artefact"]["version"] + 1

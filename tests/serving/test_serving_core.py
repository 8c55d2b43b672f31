"""The serving core: events applied off the request thread, in bulk, with one rebuild after
a burst; /model saying whether the models are the models of the data; one cache shared by
the workers, whose keys only a user's own events move."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from app import create_app
from config import Settings
from tests.serving.helpers import (
    hold_builds,
    item_ids,
    log_event,
    post_batch,
    rebuilds,
    recommend,
)


def wait_for(condition: Callable[[], bool], limit: float = 20.0) -> bool:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def model(client: TestClient) -> dict[str, object]:
    return client.get("/model").json()


def catalogue(client: TestClient) -> list[str]:
    return [item["item_id"] for item in client.get("/items", params={"limit": 100}).json()["items"]]


def test_the_write_answers_while_the_models_are_busy_and_the_user_sees_it_next(
    seeded: TestClient,
) -> None:
    """The request thread never touches the models: with the model lock held elsewhere (a
    long recommend or update), the event is still stored and acknowledged at once."""
    service = seeded.app.state.recommendations  # type: ignore[attr-defined]
    top = recommend(seeded, "user-021", "item_cf", n=3)["items"][0]["item_id"]
    acknowledged = threading.Event()

    def write() -> None:
        log_event(seeded, "user-021", top, "purchase")
        acknowledged.set()

    with service._lock:
        writer = threading.Thread(target=write)
        writer.start()
        assert acknowledged.wait(5), "the write waited for the models"
    writer.join()
    assert top not in item_ids(recommend(seeded, "user-021", "item_cf", n=3))


def test_a_cached_answer_comes_back_while_the_models_are_busy(seeded: TestClient) -> None:
    """A hit touches no model: with the model lock held elsewhere (a long recommend, update
    or swap), the cached answer still comes back at once."""
    service = seeded.app.state.recommendations  # type: ignore[attr-defined]
    params = {"user_id": "user-027", "strategy": "item_cf", "n": 3}
    computed = seeded.get("/recommendations", params=params).json()
    answers: list[dict[str, object]] = []
    answered = threading.Event()

    def read() -> None:
        answers.append(seeded.get("/recommendations", params=params).json())
        answered.set()

    with service._lock:
        reader = threading.Thread(target=read)
        reader.start()
        assert answered.wait(5), "the cache hit waited for the models"
    reader.join()
    assert answers == [{**computed, "source": "cache"}]


def test_a_cache_hit_is_the_computed_answer_but_for_its_source(seeded: TestClient) -> None:
    """Every recommendation path caches its whole answer: a hit is the answer as computed,
    generated_at and processing_time_ms included, and only ``source`` says it is a hit."""
    asks = [
        (
            "/recommendations",
            {"user_id": "user-023", "strategy": "cf", "n": 4, "category": "books"},
        ),
        ("/recommendations", {"user_id": "user-024", "offset": 3, "diversity": 0.5}),
        ("/recommendations", {"item_id": "elec-001", "user_id": "user-023"}),
        ("/recommendations", {"recent_items": "elec-002,elec-003", "n": 3}),
        ("/recommendations/v1", {"user_id": "user-025", "n": 5}),
        ("/recommendations/v2", {"user_id": "user-026", "category": "electronics"}),
    ]
    for path, params in asks:
        computed = seeded.get(path, params=params)
        hit = seeded.get(path, params=params)
        assert computed.status_code == hit.status_code == 200, (path, params)
        assert computed.json()["source"] == "model", (path, params)
        assert hit.json() == {**computed.json(), "source": "cache"}, (path, params)
    # A bad question is refused alike however often it is asked (nothing of it is stored).
    for _ in range(2):
        refused = seeded.get("/recommendations", params={"user_id": "user-023", "strategy": "x"})
        assert refused.status_code == 422


def test_not_interested_is_excluded_from_the_next_answer_of_every_strategy(
    seeded: TestClient,
) -> None:
    for strategy in ("cf", "item_cf", "hybrid", "popular", "ease"):
        top = recommend(seeded, "user-022", strategy, n=5)["items"][0]["item_id"]
        log_event(seeded, "user-022", top, "not_interested")
        assert top not in item_ids(recommend(seeded, "user-022", strategy, n=5)), strategy


def test_a_bulk_load_makes_one_rebuild_after_it_and_model_says_when_it_is_current(
    settings: Settings,
) -> None:
    eager = settings.model_copy(
        update={
            "model_refit_min_events": 100,
            "model_refit_fraction": 0.0,
            "model_rebuild_quiet_seconds": 3.0,  # longer than any one batch takes here
            "change_sync_seconds": 0,
        }
    )
    with TestClient(create_app(eager)) as client:
        client.post("/seed")
        assert wait_for(lambda: model(client)["current"])
        before = model(client)
        assert before["pending_events"] == 0 and before["current_since"] is not None
        items = catalogue(client)
        # Ten batches, each over the rebuild threshold, back to back.
        for batch in range(10):
            events = [
                {
                    "user_id": f"bulk-{batch}-{n % 40}",
                    "item_id": items[(batch * 7 + n) % len(items)],
                    "event_type": "click",
                }
                for n in range(200)
            ]
            response = client.post("/interactions/batch", json={"interactions": events})
            assert response.status_code == 201
        loading = model(client)
        assert loading["rebuilds"] == before["rebuilds"]
        assert not loading["current"] and loading["current_since"] is None
        assert loading["stored_event_id"] > loading["covers_event_id"]
        assert loading["pending_events"] == 2_000

        assert wait_for(lambda: model(client)["current"])
        after = model(client)
        assert after["rebuilds"] == before["rebuilds"] + 1
        assert after["covers_event_id"] == after["stored_event_id"]
        assert after["pending_events"] == 0
        assert after["events_at_build"] > before["events_at_build"]
        time.sleep(1.0)
        assert rebuilds(client) == before["rebuilds"] + 1, "and no further build"


def test_a_burst_that_outlasts_its_build_gets_one_more_build_once_quiet(
    settings: Settings,
) -> None:
    """A bulk load's last batches that arrive while its build runs are fewer than the refit
    threshold, yet the load is not over until the models cover them: one more build
    follows at the next quiet moment, and /model says current."""
    eager = settings.model_copy(
        update={
            "model_refit_min_events": 100,
            "model_refit_fraction": 1.0,  # the threshold: as many events as the build read
            "model_rebuild_quiet_seconds": 0.5,
            "change_sync_seconds": 0,
        }
    )
    with TestClient(create_app(eager)) as client:
        client.post("/seed")
        assert wait_for(lambda: model(client)["current"])
        before = model(client)
        items = catalogue(client)
        read, release = hold_builds(client)
        size = int(before["events_at_build"]) + 10
        post_batch(client, items, size, "first", 30, "view")  # over the threshold: a build
        assert read.wait(20), "no build started"
        post_batch(client, items, 150, "tail", 30, "view")  # below the next threshold
        release.set()
        assert wait_for(lambda: model(client)["current"], limit=30)
        after = model(client)
        assert after["rebuilds"] == before["rebuilds"] + 2
        assert after["covers_event_id"] == after["stored_event_id"]
        assert after["refit_after_events"] > 150


def test_events_that_arrive_while_a_build_runs_are_counted_once(settings: Settings) -> None:
    """An event the build already read from storage and that reaches the models after the
    swap is not applied again: the popular counts equal those of a fresh build."""
    with TestClient(create_app(settings.model_copy(update={"change_sync_seconds": 0}))) as client:
        client.post("/seed")
        service = client.app.state.recommendations  # type: ignore[attr-defined]
        items = catalogue(client)
        blocker = threading.Event()
        applier = threading.Event()
        original = service._apply_batch

        def slow(batch: object) -> None:
            applier.set()
            blocker.wait(10)
            original(batch)

        service._apply_batch = slow
        log_event(client, "late-1", items[0], "purchase")  # stored, queued, not applied
        assert applier.wait(5)
        builder = threading.Thread(target=service.build, kwargs={"reason": "test"})
        builder.start()
        builder.join()  # the build read the event from storage
        service._apply_batch = original
        blocker.set()  # now the applier hands it over: it must be skipped
        assert service.flush()
        counted = service._state.models["popular"].trending.events.copy()
        service.build(reason="fresh")
        fresh = service._state.models["popular"].trending.events
        assert counted.tolist() == fresh.tolist()
        assert model(client)["current"]


@pytest.fixture
def shared_redis_settings(settings: Settings) -> Settings:
    url = os.environ.get("TEST_REDIS_URL") or pytest.skip(
        "TEST_REDIS_URL is not set: the shared-cache runs need a real Redis"
    )
    return settings.model_copy(update={"redis_url": url, "change_sync_seconds": 0.05})


@pytest.fixture
def two_workers(shared_redis_settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(shared_redis_settings)) as first:
        assert first.post("/seed").status_code == 200
        with TestClient(create_app(shared_redis_settings)) as second:
            yield first, second


def answer_lookups(worker: TestClient) -> dict[str, float]:
    """The worker's own count of whole-answer cache lookups, by result (from /metrics)."""
    counts = {"hit": 0.0, "miss": 0.0}
    for line in worker.get("/metrics").text.splitlines():
        if line.startswith('cache_lookups_total{kind="answer"'):
            counts[line.split('result="')[1].split('"')[0]] = float(line.split()[-1])
    return counts


def test_two_workers_on_one_redis_compute_an_answer_once(
    two_workers: tuple[TestClient, TestClient],
) -> None:
    """20 identical requests over both workers: one computation (one miss, one generated_at,
    source "model" once); every other answer is its bytes, marked as a hit."""
    first, second = two_workers
    assert model(first)["model_version"] == model(second)["model_version"]
    before = [answer_lookups(worker) for worker in (first, second)]
    query = {"user_id": "user-003", "strategy": "hybrid", "n": 7}
    answers = [
        worker.get("/recommendations", params=query)
        for _ in range(10)
        for worker in (first, second)
    ]
    assert [a.json()["source"] for a in answers].count("model") == 1
    assert len({a.json()["generated_at"] for a in answers}) == 1
    assert len({a.content for a in answers[1:]}) == 1  # the second worker's hits are the first's
    after = [answer_lookups(worker) for worker in (first, second)]
    misses = sum(a["miss"] - b["miss"] for a, b in zip(after, before, strict=True))
    hits = sum(a["hit"] - b["hit"] for a, b in zip(after, before, strict=True))
    assert (misses, hits) == (1, 19)


def test_a_users_event_moves_only_their_entries_on_every_worker(
    two_workers: tuple[TestClient, TestClient],
) -> None:
    first, second = two_workers
    cached = {}
    for user_id in ("user-004", "user-005"):
        cached[user_id] = recommend(first, user_id, "item_cf", n=5)
        assert recommend(second, user_id, "item_cf", n=5) == {**cached[user_id], "source": "cache"}
    top = cached["user-004"]["items"][0]["item_id"]

    log_event(first, "user-004", top, "purchase")
    assert wait_for(lambda: model(second)["events_since_build"] == 1, 5)

    fresh = recommend(second, "user-004", "item_cf", n=5)
    assert fresh["source"] == "model" and top not in item_ids(fresh)
    assert fresh["generated_at"] != cached["user-004"]["generated_at"]
    assert recommend(first, "user-004", "item_cf", n=5) == {**fresh, "source": "cache"}  # second's
    for worker in (first, second):
        # The other user's entry, computed before the event, is still the answer.
        assert recommend(worker, "user-005", "item_cf", n=5) == {
            **cached["user-005"],
            "source": "cache",
        }


def test_changes_from_another_worker_count_once_across_a_rebuild(
    two_workers: tuple[TestClient, TestClient],
) -> None:
    """Batches written through the first worker reach the second through the change channel
    while the second rebuilds in the middle: its counts equal those of a fresh build, and
    the first worker's."""
    first, second = two_workers
    other = second.app.state.recommendations  # type: ignore[attr-defined]
    items = catalogue(first)

    def batch(number: int) -> None:
        events = [
            {"user_id": f"x{number}-{n % 7}", "item_id": items[(number + n) % len(items)],
             "event_type": "view"}
            for n in range(50)
        ]  # fmt: skip
        assert first.post("/interactions/batch", json={"interactions": events}).status_code == 201

    def counts(client: TestClient) -> list[float]:
        service = client.app.state.recommendations  # type: ignore[attr-defined]
        service.flush()
        return service._state.models["popular"].trending.events.tolist()

    batch(0)
    builder = threading.Thread(target=other.build, kwargs={"reason": "test"})
    builder.start()
    batch(1)
    builder.join()
    batch(2)
    stored = model(first)["stored_event_id"]
    assert wait_for(lambda: sum(counts(second)) == sum(counts(first)), 10)
    live = counts(second)
    assert live == counts(first)
    other.build(reason="fresh")
    assert counts(second) == live
    assert model(second)["covers_event_id"] == stored

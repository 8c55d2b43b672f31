"""Several workers, one deployment: an event or a catalogue change that reaches any worker
is reflected by every worker within a second, and every worker gives the same A/B
assignment. Real uvicorn processes on free ports sharing one database (and Redis)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.production.services import RedisServer, ServiceProcess

pytestmark = pytest.mark.slow
WITHIN_SECONDS = 1.0


def ranked(answer: httpx.Response) -> list[tuple[str, float]]:
    assert answer.status_code == 200, answer.text
    return [(item["item_id"], item["score"]) for item in answer.json()["items"]]


def seconds_until(condition: Callable[[], bool], limit: float = 10.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > limit:
            return float("inf")
        time.sleep(0.02)
    return time.monotonic() - started


@pytest.fixture(params=["postgresql+redis", "postgresql", "sqlite"])
def workers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    if request.param == "sqlite":
        env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}", "REDIS_URL": ""}
    else:
        env = {"DATABASE_URL": request.getfixturevalue("cluster_database_url"), "REDIS_URL": ""}
        if request.param.endswith("redis"):
            redis_server: RedisServer = request.getfixturevalue("redis_server")
            env["REDIS_URL"] = redis_server.url
    services = [ServiceProcess({**env, "WEB_CONCURRENCY": "1"}) for _ in range(2)]
    for service in services:
        service.start()
    yield services[0], services[1]
    for service in services:
        service.close()


def sample_data(prefix: str = "") -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """30 items in 3 categories; 20 users with a taste for one category each."""
    categories = ("kitchen", "garden", "toys")
    items = [
        {"item_id": f"SKU-{i:02d}", "title": f"Thing {i}", "category": categories[i % 3]}
        for i in range(30)
    ]
    kinds = ("view", "click", "purchase")
    events = [
        {
            "user_id": f"u{user:03d}",
            "item_id": f"SKU-{(user % 3 + 3 * step) % 30:02d}",
            "event_type": kinds[(user + step) % 3],
            "event_id": f"{prefix}e-{user}-{step}",
        }
        for user in range(20)
        for step in range(user % 7 + 2)
    ]
    return items, events


def test_every_worker_serves_the_same_after_changes_on_any(
    workers: tuple[ServiceProcess, ServiceProcess],
) -> None:
    with (
        httpx.Client(base_url=workers[0].base_url, timeout=10) as first,
        httpx.Client(base_url=workers[1].base_url, timeout=10) as second,
    ):
        check_workers_agree(first, second)


def check_workers_agree(first: httpx.Client, second: httpx.Client) -> None:
    names = [s["name"] for s in first.get("/strategies").json()["strategies"]]
    strategy = "cf" if "cf" in names else names[0]
    query = {"user_id": "u001", "n": 10, "strategy": strategy}

    def agree() -> bool:
        mine = ranked(first.get("/recommendations", params=query))
        theirs = ranked(second.get("/recommendations", params=query))
        agree.last = (mine, theirs)  # type: ignore[attr-defined]
        return mine == theirs

    # Data loaded through one worker reaches the other's models.
    items, events = sample_data()
    assert first.post("/items/batch", json={"items": items}).status_code == 201
    loaded = first.post("/interactions/batch", json={"interactions": events})
    assert loaded.status_code == 201
    assert seconds_until(agree) < WITHIN_SECONDS
    before = ranked(second.get("/recommendations", params=query))
    assert before, "the user has recommendations"

    # The user buys the second worker's top pick through the first worker: within a second
    # the second stops recommending it, and both give the same list.
    top_pick = before[0][0]
    event = {"user_id": "u001", "item_id": top_pick, "event_type": "purchase"}
    assert first.post("/interactions", json=event).status_code == 201

    def reflected() -> bool:
        theirs = ranked(second.get("/recommendations", params=query))
        return top_pick not in [item for item, _ in theirs] and agree()

    assert seconds_until(reflected) < WITHIN_SECONDS

    # Not interested in the first worker's new top pick, said through the second: within a
    # second the first leaves it out too.
    rejected = ranked(first.get("/recommendations", params=query))[0][0]
    event = {"user_id": "u001", "item_id": rejected, "event_type": "not_interested"}
    assert second.post("/interactions", json=event).status_code == 201

    def left_out() -> bool:
        mine = ranked(first.get("/recommendations", params=query))
        return rejected not in [item for item, _ in mine] and agree()

    assert seconds_until(left_out) < WITHIN_SECONDS

    # A new item added through the second worker is in the first one's live catalogue.
    item = {"item_id": "NEW-1", "title": "Linen apron", "category": "kitchen"}
    assert second.post("/items", json=item).status_code == 201
    assert (
        seconds_until(lambda: first.get("/items/NEW-1/similar").status_code == 200) < WITHIN_SECONDS
    )
    batch = [
        {"user_id": f"u1{n:02d}", "item_id": "NEW-1", "event_type": "purchase"} for n in range(9)
    ]
    assert second.post("/interactions/batch", json={"interactions": batch}).status_code == 201
    assert seconds_until(agree) < WITHIN_SECONDS, agree.last  # type: ignore[attr-defined]

    # Everything cleared through one worker, reloaded through the other: they agree again.
    assert second.post("/seed/clear").status_code == 200
    assert seconds_until(lambda: first.get("/items/NEW-1/similar").status_code == 404) < 10
    items, events = sample_data(prefix="again-")
    assert first.post("/items/batch", json={"items": items[:20]}).status_code == 201
    assert (
        first.post(
            "/interactions/batch",
            json={"interactions": [e for e in events if int(e["item_id"][4:]) < 20]},
        ).status_code
        == 201
    )
    assert seconds_until(agree) < WITHIN_SECONDS
    assert second.get("/items/SKU-25/similar").status_code == 404  # gone, not reloaded

    # The same A/B assignment, and the same variant served, from both.
    variants = [
        {"name": "control", "strategy": strategy, "weight": 1},
        {"name": "treatment", "strategy": names[-1], "weight": 1},
    ]
    created = first.post("/ab_tests", json={"name": "cross-worker", "variants": variants})
    assert created.status_code == 201, created.text
    test_id = created.json()["id"]
    for user in ("u001", "u007", "u013", "someone-new", "u019"):
        params = {"user_id": user}
        answers = [
            client.get(f"/ab_tests/{test_id}/assignments", params=params).json()
            for client in (first, second)
        ]
        assert answers[0] == answers[1] and answers[0]["variant"] in ("control", "treatment")
        served = [
            client.get("/recommendations", params={"user_id": user, "test_id": test_id}).json()
            for client in (second, first)
        ]
        assert served[0]["variant"] == served[1]["variant"] == answers[0]["variant"]

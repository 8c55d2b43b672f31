"""After a bulk load through the API, once /model says the models are current, the service
answers every user exactly as a fresh fit on the same stored data does: the worker that took
the load (an artefact from the builder child, plus the events it replayed on top) is not a
drifted copy of the data. A synthetic shop always; both real data sets where ../shared is."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import create_app
from bench.common import wait_until_current
from config import Settings
from datasets.payloads import event_bodies, item_bodies

BATCH = 10_000


def synthetic_load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """120 users with a favourite category each, over 60 items, four event types."""
    rng = random.Random(11)
    categories = ["audio", "books", "garden", "kitchen"]
    items = [
        {"item_id": f"syn-{n:03d}", "title": f"item {n}", "category": categories[n % 4]}
        for n in range(60)
    ]
    events = []
    for user in range(120):
        favourite = categories[user % 4]
        liked = [item["item_id"] for item in items if item["category"] == favourite]
        for n in range(rng.randint(3, 25)):
            pool = liked if rng.random() < 0.8 else [item["item_id"] for item in items]
            events.append(
                {
                    "user_id": f"syn-user-{user:03d}",
                    "item_id": rng.choice(pool),
                    "event_type": rng.choice(["view", "view", "click", "add_to_cart", "purchase"]),
                    "timestamp": f"2026-0{1 + n % 9}-1{n % 10}T12:00:00Z",
                    "event_id": f"syn-{user}-{n}",
                }
            )
    return items, events


def real_load(name: str, shared: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The data set's train split (EVALUATION.md), as the positive events it consists of."""
    from datasets.movielens import read_movielens
    from datasets.online_retail import read_online_retail
    from evaluation.protocol import temporal_split

    if name == "movielens":
        dataset = read_movielens(shared / "ml-latest-small")
        event_type = "add_to_cart"
    else:
        dataset = read_online_retail(shared / "online-retail" / "online_retail.csv.gz")
        event_type = "purchase"
    train = temporal_split(dataset.positives()).train
    return item_bodies(dataset), event_bodies(train, event_type, name)


def load(client: TestClient, items: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    for offset in range(0, len(items), BATCH):
        answer = client.post("/items/batch", json={"items": items[offset : offset + BATCH]})
        assert answer.status_code in (200, 201), answer.text
    for offset in range(0, len(events), BATCH):
        chunk = events[offset : offset + BATCH]
        answer = client.post("/interactions/batch", json={"interactions": chunk})
        assert answer.status_code == 201, answer.text


def top10(client: TestClient, users: list[str], strategy: str) -> dict[str, list[str]]:
    answers = {}
    for user in users:
        answer = client.get("/recommendations", params={"user_id": user, "strategy": strategy})
        assert answer.status_code == 200, answer.text
        answers[user] = [item["item_id"] for item in answer.json()["items"]]
    return answers


def compare(settings: Settings, tmp_path: Path, items: list, events: list, strategies: list[str]):
    loaded = settings.model_copy(
        update={
            "change_sync_seconds": 0,
            "model_builder": "embedded",
            "model_dir": str(tmp_path / "loaded"),
            "model_build_debounce_seconds": 0.05,
        }
    )
    users = sorted({event["user_id"] for event in events})
    with TestClient(create_app(loaded)) as client:
        load(client, items, events)
        state = wait_until_current(client, 300)
        assert state["covers_event_id"] == state["stored_event_id"]
        served = {strategy: top10(client, users, strategy) for strategy in strategies}
    fresh = settings.model_copy(
        update={
            "change_sync_seconds": 0,
            "model_builder": "inline",
            "model_dir": str(tmp_path / "fresh"),
        }
    )
    with TestClient(create_app(fresh)) as client:
        wait_until_current(client, 300)
        for strategy in strategies:
            expected = top10(client, users, strategy)
            differing = [user for user in users if served[strategy][user] != expected[user]]
            assert not differing, (
                f"{strategy}: {len(differing)} of {len(users)} users differ from a fresh fit, "
                f"e.g. {differing[0]}: {served[strategy][differing[0]]} vs {expected[differing[0]]}"
            )


def test_a_synthetic_bulk_load_serves_what_a_fresh_fit_serves(
    settings: Settings, tmp_path: Path
) -> None:
    items, events = synthetic_load()
    strategies = ["cf", "item_cf", "content", "popular", "hybrid"]
    compare(settings, tmp_path, items, events, strategies)


@pytest.mark.parametrize("name", ["movielens", "retail"])
def test_a_real_bulk_load_serves_what_a_fresh_fit_serves(
    name: str, settings: Settings, tmp_path: Path, shared_data: Path
) -> None:
    if name == "retail" and settings.database_url.startswith("postgresql"):
        # The PostgreSQL path is covered by the other cases; this one alone took >10 min of
        # CI's time under coverage.
        pytest.skip("Online Retail's bulk load is compared on SQLite only")
    items, events = real_load(name, shared_data)
    compare(settings, tmp_path, items, events, ["hybrid"])

"""The cross-worker sync, step by step: two apps (two workers' worth of state) on one
database, each poll run by hand so every case is exact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from app import create_app
from config import Settings
from models import Interaction

ITEMS = [{"item_id": f"SKU-{i}", "title": f"Thing {i}", "category": "kitchen"} for i in range(6)]


@pytest.fixture
def pair(settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    manual = settings.model_copy(update={"change_sync_seconds": 0})  # polls run by hand
    with TestClient(create_app(manual)) as first, TestClient(create_app(manual)) as second:
        yield first, second


def status(client: TestClient) -> dict[str, int]:
    return client.get("/model").json()


def poll(client: TestClient) -> None:
    client.app.state.sync.poll()  # type: ignore[attr-defined]


def event(user: str, item: str, **extra: str) -> dict[str, str]:
    return {"user_id": user, "item_id": item, "event_type": "purchase", **extra}


def test_changes_from_the_other_worker_are_applied_once(
    pair: tuple[TestClient, TestClient],
) -> None:
    first, second = pair
    assert first.post("/items/batch", json={"items": ITEMS}).status_code == 201
    for n in range(3):
        assert first.post("/interactions", json=event(f"u{n}", "SKU-1")).status_code == 201
    poll(first)  # sees its own events in storage: already applied, not again
    assert status(first)["events_since_build"] == 3
    poll(second)
    assert status(second)["events_since_build"] == 3
    assert status(second)["items"] == len(ITEMS)
    relayed = second.get("/metrics").text
    assert 'changes_relayed_total{kind="events"} 3.0' in relayed
    assert 'changes_relayed_total{kind="items"} 6.0' in relayed
    poll(second)
    assert status(second)["events_since_build"] == 3
    # The other worker's model now knows what u0 bought: it is not recommended to them.
    answer = second.get("/recommendations", params={"user_id": "u0", "strategy": "popular"})
    assert "SKU-1" not in [item["item_id"] for item in answer.json()["items"]]


def test_an_event_committed_out_of_id_order_is_still_picked_up(
    pair: tuple[TestClient, TestClient],
) -> None:
    first, second = pair
    first.post("/items/batch", json={"items": ITEMS})
    first.post("/interactions", json=event("early", "SKU-2", event_id="gap-filler-0"))
    first.post("/interactions", json=event("u1", "SKU-2", event_id="later-1"))
    engine = first.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        # Make room below the newest id, then let a "slow transaction" commit into it.
        gone = Interaction.__table__.delete().where(Interaction.event_id == "gap-filler-0")
        connection.execute(gone)
    poll(second)
    before = status(second)["events_since_build"]
    with engine.begin() as connection:
        connection.execute(
            insert(Interaction).values(
                id=1,
                event_id="slow-writer",
                user_id="u1",
                item_id="SKU-3",
                event_type="view",
                timestamp=datetime.now(UTC),
                created_at=datetime.now(UTC),
            )
        )
        newest = select(Interaction.id).where(Interaction.event_id == "later-1")
        assert connection.scalar(newest) > 1
    poll(second)
    assert status(second)["events_since_build"] == before + 1


def test_a_reset_on_the_other_worker_makes_this_one_rebuild(
    pair: tuple[TestClient, TestClient],
) -> None:
    first, second = pair
    first.post("/items/batch", json={"items": ITEMS})
    first.post("/interactions", json=event("u1", "SKU-1", event_id="e-1"))
    poll(second)
    rebuilds = status(second)["rebuilds"]
    # Cleared and loaded again with the same ids: only the stored-at times tell.
    assert first.post("/seed/clear").status_code == 200
    first.post("/items/batch", json={"items": ITEMS})
    first.post("/interactions", json=event("u2", "SKU-4", event_id="e-1"))
    poll(second)
    assert status(second)["rebuilds"] == rebuilds + 1
    answer = second.get("/recommendations", params={"user_id": "u2", "strategy": "popular"})
    assert "SKU-4" not in [item["item_id"] for item in answer.json()["items"]]
    poll(second)
    assert status(second)["rebuilds"] == rebuilds + 1, "one rebuild per reset"

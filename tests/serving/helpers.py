"""Short ways to ask the service, shared by the serving tests."""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient


def recommend(client: TestClient, user_id: str, strategy: str, **params: Any) -> dict[str, Any]:
    response = client.get(
        "/recommendations", params={"user_id": user_id, "strategy": strategy, **params}
    )
    assert response.status_code == 200, response.text
    return response.json()


def item_ids(answer: dict[str, Any]) -> list[str]:
    return [item["item_id"] for item in answer["items"]]


def rebuilds(client: TestClient) -> int:
    return client.get("/model").json()["rebuilds"]


def log_event(client: TestClient, user_id: str, item_id: str, event_type: str) -> None:
    response = client.post(
        "/interactions", json={"user_id": user_id, "item_id": item_id, "event_type": event_type}
    )
    assert response.status_code == 201, response.text


def seen_items(client: TestClient, user_id: str) -> set[str]:
    history = client.get(f"/users/{user_id}/interactions", params={"limit": 1000}).json()
    return {event["item_id"] for event in history["interactions"]}


def hold_builds(client: TestClient) -> tuple[threading.Event, threading.Event]:
    """Make the service's builds stop after reading their models (storage or artefact):
    ``read`` is set then, and the build waits for ``release`` before it swaps them in, so
    events posted meanwhile reach the old models and are replayed on the new ones."""
    service = client.app.state.recommendations  # type: ignore[attr-defined]
    read, release = threading.Event(), threading.Event()
    original = service._fit_from_storage

    def held(reason: str) -> object:
        state = original(reason)
        read.set()
        release.wait(30)
        return state

    service._fit_from_storage = held
    return read, release


def post_batch(
    client: TestClient, items: list[str], size: int, tag: str, users: int, event_type: str
) -> None:
    """``size`` events of ``event_type`` by ``users`` users named after ``tag``, over
    ``items``, in one batch."""
    events = [
        {
            "user_id": f"{tag}-{n % users}",
            "item_id": items[n % len(items)],
            "event_type": event_type,
        }
        for n in range(size)
    ]
    response = client.post("/interactions/batch", json={"interactions": events})
    assert response.status_code == 201, response.text

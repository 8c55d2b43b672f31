"""Short ways to ask the service, shared by the serving tests."""

from __future__ import annotations

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

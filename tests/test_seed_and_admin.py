"""Sample data, clearing, the admin key, health and the service's guard rails."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app import create_app
from config import Settings
from seed import SAMPLE_ITEMS, sample_events

FUNNEL = ["view", "click", "add_to_cart", "purchase"]


def all_events(client: TestClient) -> list[dict]:
    events: list[dict] = []
    for user in client.get("/users", params={"limit": 1000}).json()["users"]:
        page = client.get(f"/users/{user['user_id']}/interactions", params={"limit": 1000})
        events += page.json()["interactions"]
    return events


def test_seed_loads_the_sample(client: TestClient) -> None:
    response = client.post("/seed")
    assert response.status_code == 200
    body = response.json()
    assert (body["users"], body["items"]) == (50, 20)
    assert client.get("/users").json()["total"] == 50
    assert client.get("/items").json()["total"] == 20
    categories = {item["category"] for item in client.get("/items").json()["items"]}
    assert len(categories) >= 4
    events = all_events(client)
    assert len(events) == body["interactions"]
    stamps = [datetime.fromisoformat(event["timestamp"]) for event in events]
    assert max(stamps) - min(stamps) > timedelta(days=5)
    assert max(stamps) <= datetime.now(UTC)
    assert set(Counter(event["event_type"] for event in events)) >= set(FUNNEL)


def test_events_follow_the_funnel_per_user_and_item(client: TestClient) -> None:
    client.post("/seed")
    steps: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for event in all_events(client):
        steps[event["user_id"], event["item_id"]][event["event_type"]] += 1
    for counts in steps.values():
        assert counts["view"] >= counts["click"] >= counts["add_to_cart"] >= counts["purchase"]
    totals = Counter(event["event_type"] for event in all_events(client))
    assert totals["view"] > totals["click"] > totals["purchase"] > 0


def test_users_have_category_tastes() -> None:
    category = {item["item_id"]: item["category"] for item in SAMPLE_ITEMS}
    per_user: dict[str, Counter[str]] = defaultdict(Counter)
    for event in sample_events(datetime(2024, 1, 8, tzinfo=UTC), random.Random(1)):
        per_user[event.user_id][category[event.item_id]] += 1
    top_share = [counts.most_common(1)[0][1] / counts.total() for counts in per_user.values()]
    # Four categories: without tastes the favourite would hold about a quarter of events.
    assert sum(top_share) / len(top_share) > 0.45


def test_the_sample_is_the_same_every_time() -> None:
    now = datetime(2024, 1, 8, tzinfo=UTC)
    first = sample_events(now, random.Random(7))
    second = sample_events(now, random.Random(7))
    assert [event.model_dump() for event in first] == [event.model_dump() for event in second]


def test_seeding_again_resets_rather_than_adds(client: TestClient) -> None:
    first = client.post("/seed").json()
    client.post("/items", json={"item_id": "extra", "title": "Extra", "category": "x"})
    second = client.post("/seed").json()
    assert first == second
    assert client.get("/items/extra").status_code == 404


def test_clear_removes_everything(client: TestClient) -> None:
    client.post("/seed")
    assert client.post("/seed/clear").status_code == 200
    assert client.get("/items").json()["total"] == 0
    assert client.get("/users").json()["total"] == 0


def test_health_reports_the_backends(client: TestClient, settings: Settings) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert health["storage"] == ("sqlite" if "sqlite" in settings.database_url else "postgresql")
    assert health["cache"] == ("redis" if settings.redis_url else "memory")


@pytest.fixture
def guarded(settings: Settings) -> TestClient:
    keyed = settings.model_copy(update={"admin_api_key": "s3cret"})
    return TestClient(create_app(keyed))


@pytest.mark.parametrize("path", ["/seed", "/seed/clear"])
def test_admin_endpoints_need_the_key_when_one_is_set(guarded: TestClient, path: str) -> None:
    assert guarded.post(path).status_code == 401
    assert guarded.post(path, headers={"X-API-Key": "wrong"}).status_code == 403
    assert guarded.get("/items").json()["total"] == 0
    assert guarded.post(path, headers={"X-API-Key": "s3cret"}).status_code == 200


def test_production_refuses_to_start_without_an_admin_key(settings: Settings) -> None:
    with pytest.raises(RuntimeError, match="ADMIN_API_KEY"):
        create_app(settings.model_copy(update={"environment": "production"}))


def test_oversized_bodies_are_refused_before_parsing(settings: Settings) -> None:
    small = settings.model_copy(update={"max_body_bytes": 2048})
    with TestClient(create_app(small)) as client:
        response = client.post("/items/batch", content=b"x" * 5000)
        assert response.status_code == 413

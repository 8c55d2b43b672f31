"""The answer cache through the API, on the in-process cache (SQLite runs) and on Redis
(PostgreSQL runs): hits say so, invalidated entries are never served, an outage is no 5xx."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app import create_app
from config import Settings
from tests.serving.helpers import item_ids, log_event, recommend

NEW_ITEM = {"item_id": "home-006", "title": "Espresso Tamper", "category": "home & kitchen"}


def test_a_repeated_request_is_a_cache_hit_and_says_so(seeded: TestClient) -> None:
    first = recommend(seeded, "user-010", "content", n=5)
    second = recommend(seeded, "user-010", "content", n=5)
    assert (first["source"], second["source"]) == ("model", "cache")
    assert second["items"] == first["items"]
    # Any part of the question is part of the key.
    assert recommend(seeded, "user-010", "content", n=6)["source"] == "model"
    assert recommend(seeded, "user-010", "cf", n=5)["source"] == "model"
    assert recommend(seeded, "user-010", "content", n=5, category="books")["source"] == "model"
    assert recommend(seeded, "user-011", "content", n=5)["source"] == "model"


def test_a_users_event_makes_their_cached_answers_unreachable(seeded: TestClient) -> None:
    cached = recommend(seeded, "user-012", "item_cf", n=5)
    assert recommend(seeded, "user-012", "item_cf", n=5)["source"] == "cache"
    recommend(seeded, "user-013", "item_cf", n=5)
    top = cached["items"][0]["item_id"]

    log_event(seeded, "user-012", top, "add_to_cart")

    fresh = recommend(seeded, "user-012", "item_cf", n=5)
    assert fresh["source"] == "model"
    assert top not in item_ids(fresh)
    # Other users' entries stay (bounded by the TTL and the next refit).
    assert recommend(seeded, "user-013", "item_cf", n=5)["source"] == "cache"


def test_a_catalogue_change_makes_every_cached_answer_unreachable(seeded: TestClient) -> None:
    recommend(seeded, "user-014", "popular", n=20)
    assert recommend(seeded, "user-014", "popular", n=20)["source"] == "cache"
    assert seeded.post("/items", json=NEW_ITEM).status_code == 201
    assert recommend(seeded, "user-014", "popular", n=20)["source"] == "model"


def test_a_reset_makes_every_cached_answer_unreachable(seeded: TestClient) -> None:
    assert recommend(seeded, "user-015", "cf")["items"]
    assert recommend(seeded, "user-015", "cf")["source"] == "cache"
    seeded.post("/seed/clear")
    cleared = recommend(seeded, "user-015", "cf")
    assert (cleared["source"], cleared["items"]) == ("model", [])


def test_redis_down_still_answers_from_the_in_process_cache(settings: Settings) -> None:
    unreachable = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1"})
    with TestClient(create_app(unreachable), raise_server_exceptions=False) as client:
        assert client.get("/health").json()["cache"] == "redis"
        client.post("/seed")
        first = client.get("/recommendations", params={"user_id": "user-001", "strategy": "cf"})
        second = client.get("/recommendations", params={"user_id": "user-001", "strategy": "cf"})
        assert (first.status_code, second.status_code) == (200, 200)
        assert (first.json()["source"], second.json()["source"]) == ("model", "cache")
        log_event(client, "user-001", first.json()["items"][0]["item_id"], "purchase")
        third = client.get("/recommendations", params={"user_id": "user-001", "strategy": "cf"})
        assert third.status_code == 200
        assert third.json()["source"] == "model"
